package scheduler_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// stopOnCaller is a callback that, when the caller's goroutine (worker 0)
// starts task first, waits until the other worker runs its task and then
// panics or calls runtime.Goexit: a panic of the scheduler's own (not a
// task's), or a test's t.FailNow in a callback.
type stopOnCaller struct {
	scheduler.NoCallbacks
	started map[int32]chan struct{} // by task: closed when its function starts
	goexit  bool
}

// TaskStart, on the caller's goroutine (worker 0), waits until the other
// task has started on the other worker, then leaves.
func (c stopOnCaller) TaskStart(id int32, worker int) {
	if worker != 0 {
		return
	}
	for other, ch := range c.started {
		if other != id {
			<-ch
		}
	}
	if c.goexit {
		runtime.Goexit()
	}
	panic("callback")
}

// When the caller's goroutine leaves RunParallel by a panic or Goexit
// outside a task, the run must still be stopped: the deferred wind-up
// waits for the other workers, and a task on one of them that waits for
// its context (as I/O does) must be told to stop. Otherwise the panic
// never reaches the caller. Both roots wait so: whichever the caller
// takes, the other runs on the second worker.
func TestThreadsCallerLeavesOutsideATask(t *testing.T) {
	for _, goexit := range []bool{false, true} {
		t.Run(fmt.Sprintf("goexit=%v", goexit), func(t *testing.T) {
			release := make(chan struct{})
			started := map[int32]chan struct{}{}
			waitF, err := node.NewFunc(waitTask, nil, func(ctx context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
				close(started[int32(args[0].(int))])
				select {
				case <-ctx.Done():
				case <-release:
				}
				return 0, nil
			}, node.Options{})
			require.NoError(t, err)
			a := node.NewCall(waitF, []*node.Node{node.NewLiteral(1, node.Options{}, 0)}, node.Options{}, 0)
			b := node.NewCall(waitF, []*node.Node{node.NewLiteral(2, node.Options{}, 0)}, node.Options{}, 0)
			g, err := graph.Build([]*node.Node{a, b})
			require.NoError(t, err)
			// The literal each task reads names the channel it closes,
			// which the callback looks up by the task's id.
			cb := stopOnCaller{started: map[int32]chan struct{}{}, goexit: goexit}
			for _, id := range g.Roots() {
				ch := make(chan struct{})
				started[int32(g.Node(g.Deps(id)[0]).Value().(int))] = ch
				cb.started[id] = ch
			}
			require.Len(t, cb.started, 2)
			done := make(chan any, 1)
			go func() {
				defer func() { done <- recover() }()
				_, _ = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{Callbacks: cb})
			}()
			select {
			case p := <-done:
				if !goexit {
					assert.Equal(t, "callback", p)
				}
			case <-time.After(10 * time.Second):
				close(release) // let the run end, for goleak
				<-done
				t.Fatal("RunParallel did not return 10s after the caller's goroutine left it outside a task: the other worker's task was never cancelled")
			}
		})
	}
}

// Goexit by a task on the caller's goroutine, with the paths that wrap a
// task (callbacks, a timeout, retries) and through an InvokeFunc: Run
// does not return, Finish hears of the error once, and nothing of the
// run is left (TestMain's goleak). A second root waits for the run's
// context on the other worker: it must be cancelled.
func TestThreadsGoexitOnTheCallerWrapped(t *testing.T) {
	type tc struct {
		name   string
		opts   node.Options
		cfg    scheduler.Config
		invoke scheduler.InvokeFunc
	}
	local := func(ctx context.Context, w int, n *node.Node, args []any) (any, error) {
		return scheduler.Local(ctx, w, n, args)
	}
	for _, c := range []tc{
		{name: "callbacks"},
		{name: "timeout", opts: node.Options{Timeout: time.Hour}},
		{name: "run timeout", cfg: scheduler.Config{TaskTimeout: time.Hour}},
		{name: "retries", opts: node.Options{Retries: 3}},
		{name: "invoke", invoke: local},
		{name: "invoke+timeout", invoke: local, opts: node.Options{Timeout: time.Hour, Retries: 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			exitF, err := node.NewFunc(exitTask, nil, func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
				return fn.(func(int) int)(args[0].(int)), nil
			}, node.Options{})
			require.NoError(t, err)
			waitF, err := node.NewFunc(waitTask, nil, func(ctx context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
				<-ctx.Done()
				return 0, nil
			}, node.Options{})
			require.NoError(t, err)
			exit := node.NewCall(exitF, []*node.Node{node.NewLiteral(1, node.Options{}, 0)}, c.opts, 0)
			wait := node.NewCall(waitF, []*node.Node{node.NewLiteral(2, node.Options{}, 0)}, node.Options{}, 0)
			g, err := graph.Build([]*node.Node{exit, wait}) // exit is the lowest root: the caller's
			require.NoError(t, err)
			// The second worker, started first, may take exit before the
			// caller does: such an attempt does not count.
			for attempt := 0; ; attempt++ {
				require.Less(t, attempt, 20, "exit never ran on the caller's goroutine")
				fin := &countFinish{err: make(chan error, 2), exitID: g.Outputs()[0]}
				cfg := c.cfg
				cfg.Callbacks = fin
				returned := make(chan bool, 1)
				go func() {
					defer close(returned)
					_, _ = scheduler.RunParallel(context.Background(), g, cfg, 2, c.invoke)
					returned <- true
				}()
				var r bool
				select {
				case r = <-returned:
				case <-time.After(3 * time.Second):
					t.Fatal("the caller's goroutine did not end")
				}
				if fin.exitWorker.Load() != 0 {
					<-fin.err
					continue
				}
				assert.False(t, r, "Run returned after the task called runtime.Goexit")
				err = <-fin.err
				assert.ErrorContains(t, err, "runtime.Goexit")
				assert.Len(t, fin.err, 0, "Finish called once")
				return
			}
		})
	}
}

type countFinish struct {
	scheduler.NoCallbacks
	err        chan error
	exitID     int32        // a task whose worker to note
	exitWorker atomic.Int32 // the worker that started it
}

func (f *countFinish) TaskStart(id int32, worker int) {
	if id == f.exitID {
		f.exitWorker.Store(int32(worker))
	}
}

func (f *countFinish) Finish(err error) { f.err <- err }

// Cancelling the caller's context while the caller's goroutine waits in
// pop for tasks (its own root done, the other worker's task running)
// wakes it, and Run returns promptly.
func TestThreadsCancelWhileCallerWaits(t *testing.T) {
	quick := intFunc(t, func(x int) int { return x })
	running := make(chan struct{})
	waitF, err := node.NewFunc(waitTask, nil, func(ctx context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		close(running)
		<-ctx.Done()
		return nil, ctx.Err()
	}, node.Options{})
	require.NoError(t, err)
	a := node.NewCall(quick, []*node.Node{node.NewLiteral(1, node.Options{}, 0)}, node.Options{}, 0)
	b := node.NewCall(waitF, []*node.Node{node.NewLiteral(2, node.Options{}, 0)}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{a, b})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-running; time.Sleep(20 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err = scheduler.Threads(2).Run(ctx, g, scheduler.Config{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Second)
}
