package scheduler_test

import (
	"context"
	"fmt"
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

func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// A tiny task readies the next link of a long chain of tiny tasks and,
// beside it, one slow task. The worker keeps the slow task in its
// backlog and walks the chain, finishing tiny tasks by the thousand and
// never popping from the backlog: the watchdog must still hand the slow
// task to the free worker after a few looks, or it waits for the whole
// chain (about chain+slow instead of max(chain, slow)). prefix tiny tasks
// run before the fork: 0 is the first task of the run (the gauge has no
// reading yet), 200 a fork in mid-run (the gauge says tiny).
func TestThreadsSlowTaskBesideLongTinyChain(t *testing.T) {
	const (
		slowTime  = 30 * time.Millisecond
		chainLen  = 60000
		chainStep = 500 * time.Nanosecond
	)
	tiny := intFunc(t, func(x int) int { spin(chainStep); return x + 1 })
	slow := intFunc(t, func(x int) int { spin(slowTime); return x })
	for _, prefix := range []int{0, 200} {
		t.Run(fmt.Sprintf("prefix=%d", prefix), func(t *testing.T) {
			x := node.NewLiteral(0, node.Options{}, 0)
			for range prefix + 1 {
				x = node.NewCall(tiny, []*node.Node{x}, node.Options{}, 0)
			}
			fork := x
			for range chainLen {
				x = node.NewCall(tiny, []*node.Node{x}, node.Options{}, 0)
			}
			s := node.NewCall(slow, []*node.Node{fork}, node.Options{}, 0)
			out := node.NewCall(tiny, []*node.Node{x, s}, node.Options{}, 0)
			g, err := graph.Build([]*node.Node{out})
			require.NoError(t, err)

			// The chain alone, on one worker.
			chainOnly, err := graph.Build([]*node.Node{x})
			require.NoError(t, err)
			start := time.Now()
			_, err = scheduler.Threads(1).Run(context.Background(), chainOnly, scheduler.Config{})
			require.NoError(t, err)
			chain := time.Since(start)

			start = time.Now()
			_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			took := time.Since(start)
			t.Logf("chain alone %v, slow task %v, both on Threads(2) %v", chain, slowTime, took)
			// Halfway between side by side and one after the other.
			both := max(chain, slowTime)
			assert.Less(t, took, both+(chain+slowTime-both)/2,
				"the slow task waited for the chain on one worker while the other was free")
		})
	}
}

// A tiny root task readies k slow tasks of 5 ms each: on Threads(2) the
// run takes about k/2 × 5 ms, not k × 5. k = 8: the fan-out is shared at once (the
// gauge has no reading yet and several are readied); k = 2: a lone extra
// task is kept, and the watchdog hands it over after firstWatch.
func TestThreadsRootFanOutOfSlowTasks(t *testing.T) {
	tiny := intFunc(t, func(x int) int { return x + 1 })
	slow := intFunc(t, func(x int) int { spin(5 * time.Millisecond); return x })
	for _, k := range []int{2, 3, 8} {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			root := node.NewCall(tiny, []*node.Node{node.NewLiteral(0, node.Options{}, 0)}, node.Options{}, 0)
			fan := make([]*node.Node, k)
			for i := range fan {
				fan[i] = node.NewCall(slow, []*node.Node{root, node.NewLiteral(i, node.Options{}, 0)}, node.Options{}, 0)
			}
			g, err := graph.Build([]*node.Node{node.NewCall(tiny, fan, node.Options{}, 0)})
			require.NoError(t, err)
			best := time.Hour
			for range 5 {
				start := time.Now()
				_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
				require.NoError(t, err)
				best = min(best, time.Since(start))
			}
			want := time.Duration((k+1)/2) * 5 * time.Millisecond
			serial := time.Duration(k) * 5 * time.Millisecond
			t.Logf("best of 5: %v, ideal %v, serial %v", best, want, serial)
			// Halfway between the ideal and one worker doing them all:
			// other test binaries share the cores.
			assert.Less(t, best, want+(serial-want)/2)
		})
	}
}
