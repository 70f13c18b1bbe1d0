package graph_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
)

// grid returns the last cell of a rows × width grid whose cell (i, j)
// reads the cells above and to its left, numbered row by row: the first
// cell of a row becomes ready with the first cell of the row before,
// width ids earlier.
func grid(rows, width int) *node.Node {
	row := make([]*node.Node, width)
	for i := range rows {
		for j := range width {
			switch {
			case i == 0 && j == 0:
				row[j] = call(lit(0))
			case i == 0:
				row[j] = call(row[j-1])
			case j == 0: // not call(row[0]): it would be cell (0, 1)
				row[j] = node.NewCall(otherFunc, []*node.Node{row[0]}, node.Options{}, 0)
			default:
				row[j] = call(row[j], row[j-1])
			}
		}
	}
	return row[width-1]
}

func TestInOrder(t *testing.T) {
	chain := lit(0)
	for range 3000 {
		chain = call(chain)
	}
	leaves := make([]*node.Node, graph.MaxLag+1)
	for i := range leaves {
		leaves[i] = call(lit(i))
	}
	for _, tc := range []struct {
		name string
		out  *node.Node
		want int // -1: every id
	}{
		{"chain", chain, -1},
		{"grid as wide as MaxLag", grid(3, graph.MaxLag), -1},
		// Cell (1, 0), id MaxLag+2, becomes ready after id 1, cell (0, 0).
		{"grid wider than MaxLag", grid(3, graph.MaxLag+1), 2},
		// The last leaves are ready at the start, far from it.
		{"fan-in", call(leaves...), 0},
		{"fan-in of MaxLag/2 leaves", call(leaves[:graph.MaxLag/2]...), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := graph.Build([]*node.Node{tc.out})
			require.NoError(t, err)
			want := tc.want
			if want < 0 {
				want = g.Len()
			}
			assert.Equal(t, want, g.InOrder())
		})
	}
}

// InOrder against its definition on random graphs with near and far
// arguments: every call that becomes ready before the last in-order id
// runs (its last call argument is an earlier one, or it has none) lies at
// most MaxLag ids after that argument, and the in-order ids stop only
// where a call further on becomes ready.
func TestInOrderDefinition(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 3))
		var nodes []*node.Node
		n := 5 + rng.IntN(3000)
		far := []int{0, 300, 3000}[rng.IntN(3)] // one call in far reads only far back
		for i := range n {
			args := []*node.Node{lit(i)}
			k := 1 + rng.IntN(2)
			if i == 0 || far > 0 && rng.IntN(10*far) == 0 {
				k = 0 // a root
			}
			for range k {
				j := i - 1 - rng.IntN(min(i, 4)) // near: a chain, mostly
				if far > 0 && rng.IntN(far) == 0 {
					j = rng.IntN(i) // anywhere before
				}
				args = append(args, nodes[j])
			}
			nodes = append(nodes, call(args...))
		}
		g, err := graph.Build([]*node.Node{nodes[n-1]})
		require.NoError(t, err)
		walk := int32(g.InOrder())
		require.LessOrEqual(t, walk, int32(g.Len()))
		stops := walk == int32(g.Len())
		for id := range int32(g.Len()) {
			if !g.IsTask(id) {
				continue
			}
			last := int32(-1)
			for _, d := range g.Deps(id) {
				if g.IsTask(d) {
					last = max(last, d)
				}
			}
			if last < walk-1 {
				assert.LessOrEqual(t, id-last, int32(graph.MaxLag), "seed %d: call %d ready after id %d", seed, id, last)
			}
			if last == walk-1 && id-last > graph.MaxLag {
				stops = true
			}
		}
		assert.True(t, stops, "seed %d: in order up to %d of %d ids, but no call further on becomes ready there", seed, walk, g.Len())
	}
}
