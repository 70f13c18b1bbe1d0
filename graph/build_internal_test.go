package graph

import (
	"testing"

	"github.com/lazygraph/lazy/node"
	"github.com/stretchr/testify/assert"
)

func TestCapacity(t *testing.T) {
	for _, c := range []struct {
		name               string
		holds, need, bound int
		want               int
	}{
		{"no bound: doubles", 1000, 1001, -1, 2000},
		{"no bound, empty", 0, 1, -1, 16},
		{"no bound, more than double needed", 10, 50, -1, 50},
		{"empty: the bound when small", 0, 1, 5, 5},
		{"empty: 1,024 at most", 0, 1, 1 << 20, 1024},
		{"eightfold toward a far bound", 1024, 1025, 1 << 20, 8192},
		{"up to jump", 8192, 8193, 1 << 20, jump},
		{"twofold past jump", jump, jump + 1, 1 << 20, 2 * jump},
		{"the bound when within four times", jump, jump + 1, 4 * jump, 4 * jump},
		{"the bound when near", 1000, 1001, 1500, 1500},
		{"the need over a bound too small", 1000, 1600, 1500, 2000},
	} {
		assert.Equal(t, c.want, capacity(c.holds, c.need, c.bound), c.name)
	}
}

// Only the lists that are full grow: growing one whose size class left
// it room would copy it early, and end it larger than it needs (the node
// list of a 1000 × 1000 grid took 30 MiB more that way).
func TestGrowNodesGrowsOnlyFullLists(t *testing.T) {
	b := builder{maxNodes: -1, maxDeps: -1}
	b.nodes = make([]*node.Node, 100, 128)
	b.kinds = make([]node.Kind, 100) // full
	b.small = make([]bool, 100, 200)
	b.depOff = make([]int32, 101, 300)
	b.growNodes(1)
	assert.Equal(t, 128, cap(b.nodes), "nodes")
	assert.GreaterOrEqual(t, cap(b.kinds), 200, "kinds")
	assert.Equal(t, 200, cap(b.small), "small")
	assert.Equal(t, 300, cap(b.depOff), "depOff")
}
