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

// A task calling runtime.Goexit ends its worker goroutine, as Goexit
// must; the run still ends, with an error that says what happened, with
// callbacks and without (executors may take a leaner path without).
// exitGraph is one call of exitTask.
func exitGraph(t *testing.T) *graph.Graph {
	t.Helper()
	f, err := node.NewFunc(exitTask, nil, func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		return fn.(func(int) int)(args[0].(int)), nil
	}, node.Options{})
	require.NoError(t, err)
	exit := node.NewCall(f, []*node.Node{node.NewLiteral(1, node.Options{}, 0)}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{exit})
	require.NoError(t, err)
	return g
}

func TestThreadsGoexit(t *testing.T) {
	g := exitGraph(t)
	for _, workers := range []int{1, 2} {
		for _, cb := range []scheduler.Callbacks{nil, scheduler.NoCallbacks{}} {
			t.Run(fmt.Sprintf("workers=%d/callbacks=%v", workers, cb != nil), func(t *testing.T) {
				vals, err := scheduler.Threads(workers).Run(context.Background(), g, scheduler.Config{Callbacks: cb})
				assert.Nil(t, vals)
				var te *scheduler.TaskError
				require.ErrorAs(t, err, &te)
				assert.ErrorContains(t, err, "runtime.Goexit")
			})
		}
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
