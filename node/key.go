package node

import (
	"encoding/hex"

	"github.com/google/uuid"
)

// Key identifies a node: two nodes with equal keys are the same call and
// a graph holds and runs them once.
//
// Computed keys print in dask's form "name-hash", where name is the
// function's short name (or "literal") and hash is 128 bits of hex; keys of
// impure nodes print "name-uuid". A key given with [Options].Key prints as
// given. Keys are comparable and may be used as map keys.
type Key struct {
	name  string // prefix, or the whole key when given
	sum   Sum
	given bool
}

// Sum returns the 128-bit hash of k. Two keys with equal sums are equal.
func (k Key) Sum() Sum { return k.sum }

// Name returns the prefix of k: the function's short name for calls, or the
// whole key when the user gave it.
func (k Key) Name() string { return k.name }

// Given reports whether the key was set explicitly with [Options].Key.
func (k Key) Given() bool { return k.given }

// IsZero reports whether k is the zero Key, which no node has.
func (k Key) IsZero() bool { return k == Key{} }

// String returns the key as users see it in errors.
func (k Key) String() string {
	if k.given {
		return k.name
	}
	if k.sum[0]&randomBit != 0 {
		var u uuid.UUID
		putSum(u[:], k.sum)
		return k.name + "-" + u.String()
	}
	var b [16]byte
	putSum(b[:], k.sum)
	return k.name + "-" + hex.EncodeToString(b[:])
}

func putSum(b []byte, s Sum) {
	for i := range 8 {
		b[i] = byte(s[0] >> (56 - 8*i))
		b[8+i] = byte(s[1] >> (56 - 8*i))
	}
}

// randomBit marks the sums of random (impure) keys, so that they print as
// UUIDs and can never equal a computed hash: computed sums clear it.
const randomBit = 1 << 63

func computedSum(s Sum) Sum {
	s[0] &^= randomBit
	return s
}

func givenSum(k string) Sum {
	h := newHasher(tagGiven)
	h.string(k)
	return computedSum(h.final())
}

// randomSum returns a fresh sum that no other node has, from a random
// (version 4) UUID.
func randomSum() Sum {
	u := uuid.Must(uuid.NewRandomFromReader(randReader))
	var s Sum
	for i := range 8 {
		s[0] = s[0]<<8 | uint64(u[i])
		s[1] = s[1]<<8 | uint64(u[8+i])
	}
	s[0] |= randomBit
	return s
}
