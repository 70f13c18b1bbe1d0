package scheduler_test

import (
	"context"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// A large result read once, beside small results and a literal (kept, so
// its reader's arguments are cleared only because of the large one), must
// be gone once the chain of small tasks that follows on the same worker
// has run: those tasks read two kept values each and leave the argument
// buffer as it is, so its third entry must not still hold the large one. With and
// without callbacks (the two paths of exec), on Sync and Threads.
func TestReleasedNotKeptInArgBuffer(t *testing.T) {
	small := func(name string, fn func(args []any) int) *node.Func {
		f, err := node.NewFunc(func(...int) int { return 0 }, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, b *node.Boxes) (any, error) {
			return node.Box(b, fn(args)), nil
		}, node.Options{})
		require.NoError(t, err)
		return f
	}
	mk, err := node.NewFunc(func(int) *bigBlob { return nil }, reflect.TypeFor[*bigBlob](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		return &bigBlob{}, nil
	}, node.Options{})
	require.NoError(t, err)
	var w atomic.Pointer[weak.Pointer[bigBlob]]
	var alive atomic.Bool
	use := small("use", func(args []any) int {
		p := weak.Make(args[2].(*bigBlob))
		w.Store(&p)
		return args[0].(int) + args[1].(int)
	})
	inc := small("inc", func(args []any) int { return args[0].(int) + args[1].(int) + 1 })
	check := small("check", func(args []any) int {
		runtime.GC()
		alive.Store(w.Load().Value() != nil)
		return args[0].(int)
	})
	lit := func(v int) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }
	one := node.NewCall(small("one", func([]any) int { return 1 }), []*node.Node{lit(0)}, node.Options{}, 0)
	blob := node.NewCall(mk, []*node.Node{lit(0)}, node.Options{}, 0)
	x := node.NewCall(use, []*node.Node{one, lit(5), blob}, node.Options{}, 0)
	for range 100 {
		x = node.NewCall(inc, []*node.Node{x, one}, node.Options{}, 0) // two arguments: the third stays in the buffer
	}
	g, err := graph.Build([]*node.Node{node.NewCall(check, []*node.Node{x}, node.Options{}, 0)})
	require.NoError(t, err)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(1), scheduler.Threads(2)} {
		for _, cb := range []scheduler.Callbacks{nil, scheduler.NoCallbacks{}} {
			t.Run(s.String(), func(t *testing.T) {
				alive.Store(true)
				out, err := s.Run(context.Background(), g, scheduler.Config{Callbacks: cb})
				require.NoError(t, err)
				require.Equal(t, []any{206}, out)
				assert.False(t, alive.Load(), "the large result, read once, is alive 100 tasks later (callbacks=%v)", cb != nil)
			})
		}
	}
}
