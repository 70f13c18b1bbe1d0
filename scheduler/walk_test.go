package scheduler_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// mixFunc returns a Func of mixSum(args[0], args[1:]...) that calls
// before first.
func mixFunc(t *testing.T, before func()) *node.Func {
	t.Helper()
	fn := func(id int, xs ...int) int { return mixSum(id, xs...) }
	f, err := node.NewFunc(fn, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		before()
		xs := make([]int, len(args)-1)
		for i, a := range args[1:] {
			xs[i] = a.(int)
		}
		return mixSum(args[0].(int), xs...), nil
	}, node.Options{})
	require.NoError(t, err)
	return f
}

// A run of Threads on a chain-like graph starts as a walk in id order on
// the caller's goroutine, without countdowns; the watchdog hands the rest
// over to the counters when a call holds the walker. Here the call held
// is anywhere in the graph: it waits for its sibling, which only another
// worker can start, so every run below hands over there, and must then
// compute what Sync computes.
func TestThreadsWalkHandedOverAnywhere(t *testing.T) {
	var siblingRan atomic.Bool
	var timedOut atomic.Int32
	plain := mixFunc(t, func() {})
	sibling := mixFunc(t, func() { siblingRan.Store(true) })
	waiting := mixFunc(t, func() {
		for deadline := time.Now().Add(5 * time.Second); !siblingRan.Load(); time.Sleep(20 * time.Microsecond) {
			if time.Now().After(deadline) {
				timedOut.Add(1)
				return
			}
		}
	})
	lit := func(v int) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 5))
		n := 20 + rng.IntN(400)
		at := 1 + rng.IntN(n-1)
		// build makes the graph with held as the held call's Func.
		build := func(held *node.Func) (*graph.Graph, int32) {
			rng := rand.New(rand.NewPCG(seed, 6)) // the same graph each time
			var nodes []*node.Node
			var heldCall *node.Node
			for i := range n {
				args := []*node.Node{lit(i)}
				if i > 0 { // a chain, with arguments a few calls back
					args = append(args, nodes[i-1])
					for range rng.IntN(3) {
						args = append(args, nodes[max(0, i-1-rng.IntN(4))])
					}
				}
				if i == at {
					heldCall = node.NewCall(held, []*node.Node{lit(-1), nodes[i-1]}, node.Options{}, 0)
					args = append(args, heldCall, node.NewCall(sibling, []*node.Node{lit(-2), nodes[i-1]}, node.Options{}, 0))
				}
				nodes = append(nodes, node.NewCall(plain, args, node.Options{}, 0))
			}
			g, err := graph.Build([]*node.Node{nodes[n-1], nodes[rng.IntN(n)]})
			require.NoError(t, err)
			for id := range int32(g.Len()) {
				if g.Node(id).Key() == heldCall.Key() {
					return g, id
				}
			}
			t.Fatal("no held call in the graph")
			return nil, 0
		}
		g, _ := build(plain)
		want, err := scheduler.Sync().Run(context.Background(), g, scheduler.Config{})
		require.NoError(t, err)
		g, held := build(waiting)
		require.Greater(t, int32(g.InOrder()), held, "seed %d: the held call is walked", seed)
		for workers := 2; workers <= 4; workers++ {
			siblingRan.Store(false)
			got, err := scheduler.Threads(workers).Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			assert.Equal(t, want, got, "seed %d, %d workers: held at call %d of %d", seed, workers, held, g.Len())
		}
	}
	assert.Zero(t, timedOut.Load(), "held calls whose sibling did not start meanwhile")
}

// The watchdog judges a walk by the calls it made, not its ids: here
// calls of 2.5 µs, each reading a literal, make about 800 ids a millisecond,
// more than tiny calls without literals would (500). The calls come in
// pairs, each reading both calls of the pair before, so two can run at
// once, and the run starts with a walk of the whole graph: the watchdog
// must hand it over, and then two calls run at once on two workers.
func TestThreadsWalkOfCallsWithLiteralsHandedOver(t *testing.T) {
	var calls atOnce
	work := intFunc(t, func(x int) int {
		calls.run(func() { spin(2500 * time.Nanosecond) })
		return x
	})
	tiny := intFunc(t, func(x int) int { return x })
	var a, b *node.Node
	for i := range 2300 {
		args := func(v int) []*node.Node {
			if i == 0 {
				return []*node.Node{node.NewLiteral(v, node.Options{}, 0)}
			}
			// The literal last: depth-first order numbers it next to its call.
			return []*node.Node{a, b, node.NewLiteral(v, node.Options{}, 0)}
		}
		f := work
		if i < 300 {
			f = tiny // past the watchdog's first look, which the start slows
		}
		a, b = node.NewCall(f, args(i), node.Options{}, 0), node.NewCall(f, args(-i), node.Options{}, 0)
	}
	g, err := graph.Build([]*node.Node{node.NewCall(work, []*node.Node{a, b}, node.Options{}, 0)})
	require.NoError(t, err)
	require.Equal(t, g.Len(), g.InOrder(), "the whole graph is walked at first")
	_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
	require.NoError(t, err)
	assert.Equal(t, int64(2), calls.most.Load(), "calls running at once on two workers")
}
