package scheduler_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func exitTask(int) int {
	runtime.Goexit()
	return 0
}

// A task calling runtime.Goexit ends the goroutine running it, as Goexit
// must, and the run ends with an error that says what happened, with
// callbacks and without (executors may take a leaner path without).
// exitGraph is one call of exitTask, exitCall.
func exitGraph(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := graph.Build([]*node.Node{exitCall(t)})
	require.NoError(t, err)
	return g
}

func exitCall(t *testing.T) *node.Node {
	t.Helper()
	f, err := node.NewFunc(exitTask, nil, func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		return fn.(func(int) int)(args[0].(int)), nil
	}, node.Options{})
	require.NoError(t, err)
	return node.NewCall(f, []*node.Node{node.NewLiteral(1, node.Options{}, 0)}, node.Options{}, 0)
}

// finishes records the error the run's Finish callback was given.
type finishes struct {
	scheduler.NoCallbacks
	err chan error
}

func (f finishes) Finish(err error) { f.err <- err }

// On a worker goroutine of its own, the task's Goexit ends that goroutine
// and Run returns the error. The other root, which the caller's goroutine
// takes first (the lowest id), waits until the run is stopped, so the
// exiting task can only run on the second worker.
func TestThreadsGoexitOnAWorker(t *testing.T) {
	wait, err := node.NewFunc(waitTask, nil, func(ctx context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		return fn.(func(context.Context, int) int)(ctx, args[0].(int)), nil
	}, node.Options{})
	require.NoError(t, err)
	exit := exitCall(t)
	waiting := node.NewCall(wait, []*node.Node{node.NewLiteral(2, node.Options{}, 0)}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{waiting, exit})
	require.NoError(t, err)
	for _, cb := range []scheduler.Callbacks{nil, scheduler.NoCallbacks{}} {
		t.Run(fmt.Sprintf("callbacks=%v", cb != nil), func(t *testing.T) {
			vals, err := scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{Callbacks: cb})
			assert.Nil(t, vals)
			var te *scheduler.TaskError
			require.ErrorAs(t, err, &te)
			assert.ErrorContains(t, err, "runtime.Goexit")
		})
	}
}

func waitTask(ctx context.Context, _ int) int {
	<-ctx.Done()
	return 0
}

// On the caller's goroutine, which Threads runs tasks on too, the task's
// Goexit ends the caller's goroutine, as under Sync: Run does not return,
// but the run is wound up on the way out (Finish hears of the error), and
// no goroutine of it is left (see TestMain).
func TestThreadsGoexitOnTheCaller(t *testing.T) {
	g := exitGraph(t)
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			cb := finishes{err: make(chan error, 1)}
			returned := make(chan bool, 1)
			go func() {
				defer close(returned)
				_, _ = scheduler.Threads(workers).Run(context.Background(), g, scheduler.Config{Callbacks: cb})
				returned <- true
			}()
			assert.False(t, <-returned, "Run returned after the task called runtime.Goexit")
			err := <-cb.err
			var te *scheduler.TaskError
			require.ErrorAs(t, err, &te)
			assert.ErrorContains(t, err, "runtime.Goexit")
		})
	}
}

// Under Sync the task runs in the caller's goroutine, which Goexit ends:
// Run does not return, and nothing hangs.
func TestSyncGoexit(t *testing.T) {
	g := exitGraph(t)
	returned := make(chan bool, 1)
	go func() {
		defer close(returned)
		_, _ = scheduler.Sync().Run(context.Background(), g, scheduler.Config{})
		returned <- true
	}()
	assert.False(t, <-returned, "Run returned after the task called runtime.Goexit")
}
