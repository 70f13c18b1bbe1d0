package lazy_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func increment(x int) int  { return x + 1 }
func passOn(x any) any     { return x }
func keepAll(xs []any) any { return xs }

// Small results are boxed in the run's slots (see node.Boxes), which later
// runs reuse. A result that a task passes on as it is, through an
// interface parameter, may end up in an output the program keeps: it must
// neither keep the slots alive nor change when a later run reuses them.
func TestKeptResultsHoldNoSlots(t *testing.T) {
	inc, pass, keep := lazy.Func1(increment), lazy.Func1(passOn), lazy.Delayed(keepAll)
	chain := func(i int) lazy.Node[int] {
		x := lazy.Lit(1000 * i)
		for range 1100 {
			x = inc(x)
		}
		return x
	}
	for _, tc := range []struct {
		name string
		get  func(i int) (any, error)
		want func(v any) any // the int in what get returns
	}{
		{"the result", func(i int) (any, error) { return lazy.Get(context.Background(), chain(i)) }, func(v any) any { return v }},
		{"All[any]", func(i int) (any, error) {
			return lazy.Get(context.Background(), lazy.All([]lazy.Node[any]{lazy.As[any](chain(i))}))
		}, func(v any) any { return v.([]any)[0] }},
		{"passed on as any", func(i int) (any, error) { return lazy.Get(context.Background(), pass(lazy.As[any](chain(i)))) }, func(v any) any { return v }},
		{"in a Delayed []any", func(i int) (any, error) { return lazy.Get(context.Background(), keep([]any{chain(i)})) }, func(v any) any { return v.([]any)[0] }},
	} {
		for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(1)} {
			t.Run(tc.name+"/"+s.String(), func(t *testing.T) {
				defer lazy.SetDefaultScheduler(lazy.SetDefaultScheduler(s))
				const runs = 300
				kept := make([]any, runs)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for i := range kept {
					v, err := tc.get(i)
					require.NoError(t, err)
					kept[i] = v
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perResult := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / runs
				assert.Less(t, perResult, 400.0, "heap bytes kept per result (a run's slots are 17,632)")
				for i, v := range kept {
					require.Equal(t, 1000*i+1100, tc.want(v), "result of run %d", i)
				}
			})
		}
	}
}

// Funcs whose parameters are all concrete copy their arguments out of
// their interfaces and get results boxed in the run's slots as they are;
// the others get them boxed anew.
func TestFuncsCopyingArgs(t *testing.T) {
	x := lazy.Lit(1)
	for _, tc := range []struct {
		name string
		n    lazy.AnyNode
		want bool
	}{
		{"Func1 of int", lazy.Func1(increment)(x), true},
		{"Func1 of any", lazy.Func1(passOn)(lazy.As[any](x)), false},
		{"All of int", lazy.All([]lazy.Node[int]{x}), true},
		{"All of any", lazy.All([]lazy.Node[any]{lazy.As[any](x)}), false},
		{"Delayed of int", lazy.Delayed(increment)(x), true},
		// The slice is the argument; the []any holding x is built by a
		// container call, which passes x on.
		{"Delayed of []any", lazy.Delayed(keepAll)([]any{x}), true},
		{"container of any", container{lazy.Delayed(keepAll)([]any{x})}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.n.Node().Func()
			require.NotNil(t, f)
			assert.Equal(t, tc.want, f.CopiesArgs())
		})
	}
}

// container is the node of the container call a Delayed node reads.
type container struct{ lazy.AnyNode }

func (c container) Node() *node.Node { return c.AnyNode.Node().Args()[0] }
