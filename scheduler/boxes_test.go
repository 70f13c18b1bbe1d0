package scheduler_test

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func square(x int) int { return x*x + 1000 }

// Results a program keeps after the run, its outputs, must not be boxed
// in the run's slots (see node.Boxes): kept from thousands of runs, they
// would hold the run's arrays apiece, or change when a later run reused
// them.
func TestOutputsHoldNoSlots(t *testing.T) {
	f, err := node.NewFunc(square, reflect.TypeFor[int](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(int) int)(args[0].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	const runs = 4000
	// A graph of the same size for each run, so that each reuses the
	// state of the one before, with another value.
	graphs := make([]*graph.Graph, runs)
	for i := range graphs {
		graphs[i], err = graph.Build([]*node.Node{node.NewCall(f, []*node.Node{node.NewLiteral(i, node.Options{}, 0)}, node.Options{}, 0)})
		require.NoError(t, err)
	}
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			kept := make([]any, runs)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for i, g := range graphs {
				out, err := s.Run(context.Background(), g, scheduler.Config{})
				require.NoError(t, err)
				kept[i] = out[0]
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			perResult := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / runs
			// A boxed int is 8 bytes (16 with its neighbour in the
			// allocator's block); a run's state is over 80.
			assert.Less(t, perResult, 40.0, "heap bytes kept per result")
			for i, v := range kept {
				require.Equal(t, square(i), v, "output of run %d", i)
			}
		})
	}
}
