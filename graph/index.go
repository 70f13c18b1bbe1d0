package graph

import "github.com/lazygraph/lazy/node"

// index maps key sums to node ids with open addressing and linear probing.
// A slot packs 32 bits of the sum (which also pick the slot; sums are
// uniform hashes already) above id+1 (0 is empty). Probes compare those
// bits first, so a probe passing other keys' slots never reads their
// nodes, whose memory is scattered over the heap: only a likely match is
// confirmed against the node's full sum. Growing rehashes from the slots
// alone. It is at most three quarters full: probing past a full slot
// costs one compare of bits in the same cache line.
type index struct {
	slots []uint64
	used  int
	grown int // times the slots were reallocated, which moves every slot
}

func newIndex() index { return index{slots: make([]uint64, 64)} }

// A hint is where a lookup that missed stopped: the first empty slot of
// the sum's probe sequence, valid until the index grows. Inserting the sum
// later resumes from there instead of probing again from the start.
type hint struct {
	slot  int32
	grown int32
}

func tag(s node.Sum) uint64 { return s[1] & 0xffff_ffff }

// get returns the id of the node with n's sum, or a hint for inserting it.
// A node met again is most often n itself, which is recognised without
// reading the numbered node's memory.
func (x *index) get(s node.Sum, nodes []*node.Node) (int32, hint, bool) {
	t := tag(s)
	mask := uint64(len(x.slots) - 1)
	for i := t & mask; ; i = (i + 1) & mask {
		v := x.slots[i]
		if v == 0 {
			return 0, hint{slot: int32(i), grown: int32(x.grown)}, false
		}
		if v>>32 == t {
			if id := int32(v) - 1; nodes[id].Sum() == s {
				return id, hint{}, true
			}
		}
	}
}

// reserve grows the index to hold n ids without growing again.
func (x *index) reserve(n int) {
	size := len(x.slots)
	for 4*n > 3*size {
		size *= 2
	}
	if size > len(x.slots) {
		x.rehash(size)
	}
}

func (x *index) rehash(size int) {
	old := x.slots
	x.slots = make([]uint64, size)
	x.grown++
	for _, v := range old {
		if v != 0 {
			x.insert(v>>32, v)
		}
	}
}

// full reports whether the next put would grow the index: slots stay at
// most three quarters used, so probes stay short.
func (x *index) full() bool { return 4*(x.used+1) > 3*len(x.slots) }

// put records id under its sum s, using h from the get that missed s when
// the index has not grown since. If s was recorded in between (a node
// with the key of one of its own arguments: only given keys do that), it
// returns that id instead and records nothing.
func (x *index) put(id int32, s node.Sum, h hint, nodes []*node.Node) (int32, bool) {
	if x.full() {
		x.rehash(2 * len(x.slots))
	}
	t := tag(s)
	mask := uint64(len(x.slots) - 1)
	i := t & mask
	if int(h.grown) == x.grown {
		// Slots only fill up, so every slot from the sum's start to the
		// hint is still taken by other sums: resume there.
		i = uint64(h.slot)
	}
	for ; x.slots[i] != 0; i = (i + 1) & mask {
		if v := x.slots[i]; v>>32 == t {
			if old := int32(v) - 1; nodes[old].Sum() == s {
				return old, true
			}
		}
	}
	x.slots[i] = t<<32 | uint64(id+1)
	x.used++
	return id, false
}

func (x *index) insert(t, v uint64) {
	mask := uint64(len(x.slots) - 1)
	i := t & mask
	for x.slots[i] != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = v
}

// prefetch asks the CPU to bring the slot where a lookup of s starts into
// the cache, without waiting for it.
func (x *index) prefetch(s node.Sum) {
	prefetch(&x.slots[tag(s)&uint64(len(x.slots)-1)])
}
