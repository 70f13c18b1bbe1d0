package node

import (
	"encoding/binary"
	"math/bits"
)

// hasher is a streaming, deterministic, non-cryptographic 128-bit hash.
//
// Two 64-bit lanes run the multiply-fold step of wyhash with different
// constants; the second lane also absorbs the first, so both must collide for
// a key to collide. Keys only need to be distinct for distinct inputs in
// practice: graph.Build still checks that two nodes meeting under one key
// are the same call, so a collision can fail a build but never merge two
// different calls silently.
//
// The zero value is not ready; start from newHasher.
type hasher struct{ a, b, n uint64 }

const (
	p0 = 0xa0761d6478bd642f
	p1 = 0xe7037ed1a0b428db
	p2 = 0x8ebc6af09c88c6e3
	p3 = 0x589965cc75374cc3
)

func newHasher(tag uint64) hasher {
	h := hasher{a: p2, b: p3}
	h.word(tag)
	return h
}

// mum multiplies to 128 bits and folds the halves (wyhash's primitive).
func mum(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

func (h *hasher) word(x uint64) {
	h.a = mum(h.a^p0, x^p1)
	h.b = mum(h.b^p2, x^p3) + h.a
	h.n++
}

func (h *hasher) sum(s Sum) {
	h.word(s[0])
	h.word(s[1])
}

func (h *hasher) bytes(p []byte) {
	h.word(uint64(len(p)))
	for len(p) >= 8 {
		h.word(binary.LittleEndian.Uint64(p))
		p = p[8:]
	}
	if len(p) > 0 {
		var tail [8]byte
		copy(tail[:], p)
		h.word(binary.LittleEndian.Uint64(tail[:]))
	}
}

func (h *hasher) string(s string) {
	h.word(uint64(len(s)))
	for len(s) >= 8 {
		h.word(binary.LittleEndian.Uint64([]byte(s[:8])))
		s = s[8:]
	}
	if len(s) > 0 {
		var tail [8]byte
		copy(tail[:], s)
		h.word(binary.LittleEndian.Uint64(tail[:]))
	}
}

// final mixes the lanes with the word count and returns the 128-bit sum.
func (h *hasher) final() Sum {
	a := mum(h.a^h.n, p1^p3)
	b := mum(h.b^p0, a^p2)
	return Sum{a ^ b, b}
}

// Sum is the 128-bit hash behind a [Key].
type Sum [2]uint64
