package graph_test

import (
	"math/rand/v2"
	"slices"
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
	litChain := lit(0)
	for i := range 3000 {
		litChain = call(litChain, lit(i)) // ids: literal, call, literal, call...
	}
	// The chain goes on for 1000 or 2000 calls, and beside them a call
	// reads its end (numbered after them: 2000 ids is more than MaxLag,
	// and the walk stops where that call becomes ready).
	near, far := chain, chain
	for range 1000 {
		near = call(near)
	}
	for range 2000 {
		far = call(far)
	}
	for _, tc := range []struct {
		name   string
		out    *node.Node
		want   int // -1: every id
		serial bool
	}{
		{"chain", chain, -1, true},
		{"chain with literals", litChain, -1, true},
		{"chain and a call 1000 back", call(near, call(chain, lit(1))), -1, false},
		{"chain and a call 2000 back", call(far, call(chain, lit(1))), 3001, true},
		{"grid as wide as MaxLag", grid(3, graph.MaxLag), -1, false},
		// Cell (1, 0), id MaxLag+2, becomes ready after id 1, cell (0, 0).
		{"grid wider than MaxLag", grid(3, graph.MaxLag+1), 2, true},
		// The last leaves are ready at the start, far from it.
		{"fan-in", call(leaves...), 0, true},
		{"fan-in of MaxLag/2 leaves", call(leaves[:graph.MaxLag/2]...), -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := graph.Build([]*node.Node{tc.out})
			require.NoError(t, err)
			want := tc.want
			if want < 0 {
				want = g.Len()
			}
			assert.Equal(t, want, g.InOrder())
			assert.Equal(t, tc.serial, g.InOrderSerial())
		})
	}
}

// InOrder and InOrderSerial against their definitions on random graphs
// with near and far arguments: every call that becomes ready before the
// last in-order id runs (its last call argument is an earlier one, or it
// has none) lies at most MaxLag ids after that argument, the in-order ids
// stop only where a call further on becomes ready, and they are serial
// when no call is ready while the walk runs a call before it.
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
		var walked []int32 // the calls of the walk
		for id := range walk {
			if g.IsTask(id) {
				walked = append(walked, id)
			}
		}
		waits := false // a call is ready while the walk runs another before it
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
			// The first walked call after last: before id, id waits.
			i, _ := slices.BinarySearch(walked, last+1)
			if i < len(walked) && walked[i] < id {
				waits = true
			}
		}
		assert.Equal(t, !waits, g.InOrderSerial(), "seed %d: serial", seed)
		assert.True(t, stops, "seed %d: in order up to %d of %d ids, but no call further on becomes ready there", seed, walk, g.Len())
	}
}
