package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

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
