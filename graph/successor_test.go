package graph_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
)

// Successor, checked against its definition on random graphs with
// literals, repeated arguments, wide calls (64+ arguments), outputs given
// twice and persisted nodes met before their origin: call t is id's
// successor exactly when t is the only call reading id, reads it once,
// and has no other call argument. Also that following successors never
// skips an output's countdown (every id with a successor is read).
func TestSuccessorDefinition(t *testing.T) {
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var nodes []*node.Node
		n := 5 + rng.IntN(120)
		for i := range n {
			var args []*node.Node
			k := rng.IntN(4)
			if rng.IntN(25) == 0 {
				k = 64 + rng.IntN(70) // wide
			}
			for range k {
				switch {
				case i == 0 || rng.IntN(5) == 0:
					args = append(args, lit(rng.IntN(3)))
				case rng.IntN(8) == 0 && len(args) > 0:
					args = append(args, args[rng.IntN(len(args))]) // repeated
				default:
					j := i - 1 - rng.IntN(min(i, 6)) // mostly near: chains
					if rng.IntN(4) == 0 {
						j = rng.IntN(i)
					}
					args = append(args, nodes[j])
				}
			}
			nodes = append(nodes, node.NewCall(sumFunc, append([]*node.Node{lit(i)}, args...), node.Options{}, 0))
		}
		var outs []*node.Node
		if rng.IntN(3) == 0 { // a persisted node met first replaces its origin
			outs = append(outs, node.NewPersisted(nodes[rng.IntN(n)], 42))
		}
		for range 1 + rng.IntN(4) {
			outs = append(outs, nodes[rng.IntN(n)])
		}
		outs = append(outs, nodes[n-1], outs[0]) // given twice
		g, err := graph.Build(outs)
		require.NoError(t, err)
		for id := range int32(g.Len()) {
			want := int32(-1)
			if g.IsTask(id) {
				if ds := g.Dependents(id); len(ds) == 1 {
					callArgs := 0
					for _, d := range g.Deps(ds[0]) {
						if g.IsTask(d) {
							callArgs++
						}
					}
					if callArgs == 1 {
						want = ds[0]
					}
				}
			}
			require.Equal(t, want, g.Successor(id), "seed %d id %d", seed, id)
			if s := g.Successor(id); s >= 0 {
				assert.Equal(t, 1, g.Pending(int32(s)))
				assert.Less(t, id, s)
			}
		}
	}
}
