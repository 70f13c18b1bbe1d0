package scheduler_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func mixSum(id int, xs ...int) int {
	s := id * 31
	for _, x := range xs {
		s = s*7 + x
	}
	return s
}

// Random graphs mostly of chains (successors), with literals, repeated
// arguments, wide calls, outputs inside chains and given twice, and
// persisted nodes met before their origin: Threads with 1 to 4 workers
// (the caller's goroutine first), with and without callbacks, compute
// what Sync computes, starting with a walk where the graph allows and
// on the counters from the start. Small int results (kept, boxed) and
// the bare path.
func TestRandomChainsAgainstSync(t *testing.T) {
	f, err := node.NewFunc(mixSum, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, b *node.Boxes) (any, error) {
		xs := make([]int, len(args)-1)
		for i, a := range args[1:] {
			xs[i] = a.(int)
		}
		return node.Box(b, mixSum(args[0].(int), xs...)), nil
	}, node.Options{})
	require.NoError(t, err)
	f = f.CopyingArgs()
	lit := func(v int) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }
	for seed := range uint64(150) {
		rng := rand.New(rand.NewPCG(seed, 11))
		var nodes []*node.Node
		n := 5 + rng.IntN(400)
		for i := range n {
			args := []*node.Node{lit(i)}
			k := rng.IntN(3)
			if rng.IntN(40) == 0 {
				k = 64 + rng.IntN(40)
			}
			for range k {
				switch {
				case i == 0 || rng.IntN(6) == 0:
					args = append(args, lit(rng.IntN(5)))
				case rng.IntN(10) == 0:
					args = append(args, args[rng.IntN(len(args))])
				case rng.IntN(3) == 0:
					args = append(args, nodes[rng.IntN(i)])
				default:
					args = append(args, nodes[i-1])
				}
			}
			nodes = append(nodes, node.NewCall(f, args, node.Options{}, 0))
		}
		var outs []*node.Node
		if rng.IntN(3) == 0 {
			outs = append(outs, node.NewPersisted(nodes[rng.IntN(n)], 12345))
		}
		for range 1 + rng.IntN(5) {
			outs = append(outs, nodes[rng.IntN(n)])
		}
		outs = append(outs, nodes[n-1], outs[0])
		g, err := graph.Build(outs)
		require.NoError(t, err)
		want, err := scheduler.Sync().Run(context.Background(), g, scheduler.Config{})
		require.NoError(t, err)
		for workers := 1; workers <= 4; workers++ {
			for _, cb := range []scheduler.Callbacks{nil, scheduler.NoCallbacks{}} {
				for _, walks := range []bool{true, false} {
					restore := scheduler.SetWalks(walks)
					got, err := scheduler.Threads(workers).Run(context.Background(), g, scheduler.Config{Callbacks: cb})
					restore()
					require.NoError(t, err, fmt.Sprintf("seed %d workers %d walks %v", seed, workers, walks))
					require.Equal(t, want, got, "seed %d workers %d walks %v", seed, workers, walks)
				}
			}
		}
	}
}
