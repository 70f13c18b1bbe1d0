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

// Small results are boxed in blocks of a worker (see node.Boxes). A
// result that a task passes on as it is, through an interface parameter,
// may end up in an output the program keeps: it must not keep a block
// alive with it. The chain first grows the blocks to their full 4 KiB.
func TestKeptResultsHoldNoBoxBlock(t *testing.T) {
	inc, pass, keep := lazy.Func1(increment), lazy.Func1(passOn), lazy.Delayed(keepAll)
	x := lazy.Lit(1000)
	for range 1100 {
		x = inc(x)
	}
	for _, tc := range []struct {
		name string
		get  func() (any, error)
	}{
		{"the result", func() (any, error) { return lazy.Get(context.Background(), x) }},
		{"All[any]", func() (any, error) {
			return lazy.Get(context.Background(), lazy.All([]lazy.Node[any]{lazy.As[any](x)}))
		}},
		{"passed on as any", func() (any, error) { return lazy.Get(context.Background(), pass(lazy.As[any](x))) }},
		{"in a Delayed []any", func() (any, error) { return lazy.Get(context.Background(), keep([]any{x})) }},
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
					v, err := tc.get()
					require.NoError(t, err)
					kept[i] = v
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perResult := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / runs
				assert.Less(t, perResult, 400.0, "heap bytes kept per result (a block is 4,096)")
				runtime.KeepAlive(kept)
			})
		}
	}
}

// Funcs whose parameters are all concrete copy their arguments out of
// their interfaces and get results boxed in blocks as they are; the others
// get them boxed anew.
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
