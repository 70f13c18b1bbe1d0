package scheduler_test

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

type blob struct{ data [1 << 16]byte }

func newBlob(x int) *blob { b := &blob{}; b.data[0] = byte(x); return b }

func inc(x int) int { return x + 1 }

func incMean(a, b int) int { return (a+b)/2 + 1 }

// chainGraph is n calls, each reading the one before (twice on odd
// steps, so that some small results are read more than once), from 0.
func chainGraph(t *testing.T, n int) *graph.Graph {
	t.Helper()
	f, err := node.NewFunc(inc, reflect.TypeFor[int](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(int) int)(args[0].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	f2, err := node.NewFunc(incMean, reflect.TypeFor[int](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(int, int) int)(args[0].(int), args[1].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	x := node.NewLiteral(0, node.Options{}, 0)
	for i := range n {
		if i%2 == 1 {
			x = node.NewCall(f2, []*node.Node{x, x}, node.Options{}, 0)
			continue
		}
		x = node.NewCall(f, []*node.Node{x}, node.Options{}, 0)
	}
	g, err := graph.Build([]*node.Node{x})
	require.NoError(t, err)
	return g
}

// Runs reuse the arrays of runs before them, of other sizes: what one run
// leaves must not show in the next.
func TestRunsOfOtherSizes(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			for _, n := range []int{1000, 3, 1000, 1, 2000, 10} {
				out, err := s.Run(context.Background(), chainGraph(t, n), scheduler.Config{})
				require.NoError(t, err)
				assert.Equal(t, n, out[0], "chain of %d", n)
			}
		})
	}
}

// Once the caller drops the outputs of a run, nothing of the scheduler's
// keeps them: the arrays runs reuse are given back cleared.
func TestOutputsNotKeptAfterRun(t *testing.T) {
	f, err := node.NewFunc(newBlob, reflect.TypeFor[*blob](), func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		return fn.(func(int) *blob)(args[0].(int)), nil
	}, node.Options{})
	require.NoError(t, err)
	g, err := graph.Build([]*node.Node{node.NewCall(f, []*node.Node{node.NewLiteral(7, node.Options{}, 0)}, node.Options{}, 0)})
	require.NoError(t, err)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			out, err := s.Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			b, ok := out[0].(*blob)
			require.True(t, ok)
			assert.Equal(t, byte(7), b.data[0])
			w := weak.Make(b)
			out, b = nil, nil
			runtime.GC()
			assert.Nil(t, w.Value(), "the output is still reachable after the run")
		})
	}
}
