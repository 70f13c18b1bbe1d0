package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func intFunc(t *testing.T, fn func(int) int) *node.Func {
	t.Helper()
	f, err := node.NewFunc(fn, nil, func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		sum := 0
		for _, a := range args {
			sum += a.(int)
		}
		return fn.(func(int) int)(sum), nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	return f
}

// A worker running tiny tasks keeps the tasks it readies for itself; when
// one of them is slow, the others must still reach an idle worker. Here a
// long chain of tiny tasks ends in a task that readies two tasks which
// can only finish together: each waits for the other to start. Run one
// after the other, the first would give up.
func TestThreadsSlowTasksReadiedByTinyOnes(t *testing.T) {
	started := make(chan struct{}, 2)
	meet := func(x int) int {
		started <- struct{}{}
		deadline := time.After(10 * time.Second)
		for {
			if len(started) == 2 {
				return x
			}
			select {
			case <-deadline:
				return -1
			case <-time.After(100 * time.Microsecond):
			}
		}
	}
	tiny, slow := intFunc(t, func(x int) int { return x + 1 }), intFunc(t, meet)
	x := node.NewLiteral(0, node.Options{}, 0)
	for range 1000 {
		x = node.NewCall(tiny, []*node.Node{x}, node.Options{}, 0)
	}
	a := node.NewCall(slow, []*node.Node{x}, node.Options{}, 0)
	b := node.NewCall(slow, []*node.Node{x}, node.Options{}, 0)
	out := node.NewCall(tiny, []*node.Node{a, b}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{out})
	require.NoError(t, err)
	vals, err := scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
	require.NoError(t, err)
	assert.Equal(t, []any{2001}, vals, "both slow tasks ran at once")
}

// Tasks of a few hundred microseconds readied by a tiny task must not all
// run on the worker that readied them: it pops them one by one, but too
// slowly for tiny tasks, and the watchdog shares them.
func TestThreadsMediumTasksReadiedByTinyOnes(t *testing.T) {
	var running, peak atomic.Int32
	medium := func(x int) int {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		// Busy, as computing tasks are: a sleep on this timer can take
		// over a millisecond.
		for start := time.Now(); time.Since(start) < 300*time.Microsecond; {
		}
		running.Add(-1)
		return x
	}
	tiny, slow := intFunc(t, func(x int) int { return x + 1 }), intFunc(t, medium)
	x := node.NewLiteral(0, node.Options{}, 0)
	for range 200 {
		x = node.NewCall(tiny, []*node.Node{x}, node.Options{}, 0)
	}
	fan := make([]*node.Node, 200)
	for i := range fan {
		fan[i] = node.NewCall(slow, []*node.Node{x}, node.Options{}, 0)
	}
	g, err := graph.Build([]*node.Node{node.NewCall(tiny, fan, node.Options{}, 0)})
	require.NoError(t, err)
	vals, err := scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
	require.NoError(t, err)
	assert.Equal(t, []any{200*200 + 1}, vals)
	assert.EqualValues(t, 2, peak.Load(), "medium tasks running at once")
}

// Every task pushed for others gets a worker: one woken or one started.
// Here two pushes in a row meet one idle worker; the three tasks they
// ready can only finish together, and Threads(4) may run them at once.
// (A worker signalled but not yet awake once counted as idle for both.)
func TestThreadsTwoPushesOneIdleWorker(t *testing.T) {
	var met, timedOut atomic.Int32
	meet := func(x int) int {
		met.Add(1)
		for deadline := time.Now().Add(2 * time.Second); met.Load() < 3; {
			if time.Now().After(deadline) {
				timedOut.Add(1)
				return x
			}
			time.Sleep(50 * time.Microsecond)
		}
		return x
	}
	slow := intFunc(t, func(x int) int { time.Sleep(5 * time.Millisecond); return x })
	tiny, barrier := intFunc(t, func(x int) int { return x + 1 }), intFunc(t, meet)
	one := node.NewLiteral(1, node.Options{}, 0)
	for range 10 {
		met.Store(0)
		r0 := node.NewCall(slow, []*node.Node{one}, node.Options{}, 0)
		x := node.NewCall(tiny, []*node.Node{r0}, node.Options{}, 0)
		y := node.NewCall(barrier, []*node.Node{x}, node.Options{}, 0)
		a := node.NewCall(barrier, []*node.Node{r0}, node.Options{}, 0)
		b := node.NewCall(barrier, []*node.Node{x}, node.Options{}, 0)
		r1 := node.NewCall(tiny, []*node.Node{one}, node.Options{}, 0)
		g, err := graph.Build([]*node.Node{node.NewCall(tiny, []*node.Node{y, a, b, r1}, node.Options{}, 0)})
		require.NoError(t, err)
		_, err = scheduler.Threads(4).Run(context.Background(), g, scheduler.Config{})
		require.NoError(t, err)
	}
	assert.Zero(t, timedOut.Load(), "tasks that waited for the others in vain")
}
