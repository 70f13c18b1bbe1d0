package graph

import "github.com/lazygraph/lazy/node"

// index maps key sums to node ids with open addressing and linear probing.
// A slot holds only id+1 (0 is empty) and keys are read from the nodes,
// so it costs 4 bytes a slot where a map[node.Sum]int32 costs about six
// times as much; sums are uniform hashes already, so their low bits pick
// the slot. It is at most half full. (Keeping 32 bits of each sum in the
// slot, to skip the node on a mismatch, measured no faster here and cost
// another 16 bytes a node.)
type index struct {
	slots []int32
	used  int
}

func newIndex() index { return index{slots: make([]int32, 64)} }

// get returns the id of the node with sum s.
func (x *index) get(s node.Sum, nodes []*node.Node) (int32, bool) {
	mask := uint64(len(x.slots) - 1)
	for i := s[1] & mask; ; i = (i + 1) & mask {
		v := x.slots[i]
		if v == 0 {
			return 0, false
		}
		if nodes[v-1].Sum() == s {
			return v - 1, true
		}
	}
}

// put records id, the last of nodes, whose sum is not in x yet.
func (x *index) put(id int32, nodes []*node.Node) {
	if 2*(x.used+1) > len(x.slots) {
		x.slots = make([]int32, 2*len(x.slots))
		for old := range int32(x.used) {
			x.insert(old, nodes[old].Sum())
		}
	}
	x.insert(id, nodes[id].Sum())
	x.used++
}

func (x *index) insert(id int32, s node.Sum) {
	mask := uint64(len(x.slots) - 1)
	i := s[1] & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = id + 1
}
