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
	var calls atOnce
	medium := func(x int) int {
		// Busy, as computing tasks are: a sleep on this timer can take
		// over a millisecond.
		calls.run(func() { spin(300 * time.Microsecond) })
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
	assert.EqualValues(t, 2, calls.most.Load(), "medium tasks running at once")
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

// atOnce counts the calls of run running at once, and the most it saw.
type atOnce struct{ running, most atomic.Int64 }

func (a *atOnce) run(f func()) {
	n := a.running.Add(1)
	for m := a.most.Load(); n > m && !a.most.CompareAndSwap(m, n); m = a.most.Load() {
	}
	f()
	a.running.Add(-1)
}

// A tiny task readies the next link of a long chain of tiny tasks and,
// beside it, one slow task. The worker keeps the slow task in its
// backlog and walks the chain, finishing tiny tasks by the thousand and
// never popping from the backlog: the watchdog must still hand the slow
// task to the free worker after a few looks (about 5 ms; the chain takes
// 30 ms or more), or it waits for the whole chain. The test counts the
// chain's tasks run when the slow task starts, rather than timing the
// run: on two cores that other test binaries share, side by side is
// not always faster. prefix tiny tasks run before the fork: 0 is the
// first task of the run (the gauge has no reading yet), 200 a fork in
// mid-run (the gauge says tiny).
func TestThreadsSlowTaskBesideLongTinyChain(t *testing.T) {
	const (
		slowTime  = 30 * time.Millisecond
		chainLen  = 60000
		chainStep = 500 * time.Nanosecond
	)
	var ran, ranWhenSlowStarted atomic.Int64
	tiny := intFunc(t, func(x int) int { spin(chainStep); ran.Add(1); return x + 1 })
	slow := intFunc(t, func(x int) int { ranWhenSlowStarted.Store(ran.Load()); spin(slowTime); return x })
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
			ran.Store(0)
			start := time.Now()
			_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			atFork := int64(prefix + 1)
			chainRan := ranWhenSlowStarted.Load() - atFork
			t.Logf("the slow task started after %d of the chain's %d tasks; run %v", chainRan, chainLen, time.Since(start))
			assert.Less(t, chainRan, int64(chainLen)/2,
				"the slow task waited for the chain on one worker while the other was free")
		})
	}
}

// A tiny root task readies k slow tasks: on Threads(2) two of them run at
// a time. k = 8: the fan-out is shared at once (the gauge has no reading
// yet and several are readied); k = 2: a lone extra task is kept, and
// the watchdog hands it over after firstWatch. The test looks at how many
// ran at once rather than timing the run: on two cores that other test
// binaries share, side by side is not always faster.
func TestThreadsRootFanOutOfSlowTasks(t *testing.T) {
	var calls atOnce
	tiny := intFunc(t, func(x int) int { return x + 1 })
	slow := intFunc(t, func(x int) int {
		calls.run(func() { spin(20 * time.Millisecond) })
		return x
	})
	for _, k := range []int{2, 3, 8} {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			root := node.NewCall(tiny, []*node.Node{node.NewLiteral(0, node.Options{}, 0)}, node.Options{}, 0)
			fan := make([]*node.Node, k)
			for i := range fan {
				fan[i] = node.NewCall(slow, []*node.Node{root, node.NewLiteral(i, node.Options{}, 0)}, node.Options{}, 0)
			}
			g, err := graph.Build([]*node.Node{node.NewCall(tiny, fan, node.Options{}, 0)})
			require.NoError(t, err)
			calls.most.Store(0)
			start := time.Now()
			_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			t.Logf("at most %d at once; run %v", calls.most.Load(), time.Since(start))
			assert.Equal(t, int64(2), calls.most.Load(), "slow tasks running at once on two workers")
		})
	}
}
