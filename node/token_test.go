package node_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/node"
)

type myInt int

type point struct {
	X, y int // unexported fields are part of the value
}

type withPtr struct{ P *int }

// config holds a pointer but says what it is through Tokenize.
type config struct {
	name string
	data *[]byte
}

func (c config) Tokenize() any { return c.name }

func TestTokenEqualValuesEqualTokens(t *testing.T) {
	i := 3
	tests := []struct {
		name string
		a, b any
	}{
		{"int", 42, 42},
		{"string", "hello", "hello"},
		{"float", 1.5, 1.5},
		{"bytes", []byte("abc"), []byte("abc")},
		{"empty bytes", []byte{}, []byte{}},
		{"slice", []int{1, 2, 3}, []int{1, 2, 3}},
		{"array", [2]string{"a", "b"}, [2]string{"a", "b"}},
		{"map in any order", map[string]int{"a": 1, "b": 2, "c": 3}, map[string]int{"c": 3, "a": 1, "b": 2}},
		{"struct with unexported fields", point{1, 2}, point{1, 2}},
		{"nested", []any{map[int][]string{1: {"x"}}, point{3, 4}}, []any{map[int][]string{1: {"x"}}, point{3, 4}}},
		{"time", time.Unix(100, 5).UTC(), time.Unix(100, 5).UTC()},
		{"tokenizer", config{"prod", &[]byte{1}}, config{"prod", &[]byte{2}}},
		{"nil", nil, nil},
		{"named int", myInt(i), myInt(3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta, okA := node.Token(tt.a)
			tb, okB := node.Token(tt.b)
			require.True(t, okA)
			require.True(t, okB)
			assert.Equal(t, ta, tb)
		})
	}
}

func TestTokenDifferentValuesDifferentTokens(t *testing.T) {
	values := []any{
		1, int64(1), myInt(1), uint(1), 1.0, "1", []byte("1"), true, nil,
		[]byte{}, []byte(nil), []any{[]byte{}}, []any{[]byte(nil)},
		0, 2, -1, math.MaxInt64, "", "a", "b", "ab", "ba",
		[]int{}, []int(nil), []int{1}, []int{1, 2}, []int{2, 1}, [1]int{1},
		map[string]int{}, map[string]int{"a": 1}, map[string]int{"a": 2}, map[string]int{"b": 1},
		point{1, 2}, point{2, 1}, point{1, 3},
		[]string{"a", "b"}, []string{"ab"}, []string{"a", "b", ""},
		config{"prod", nil}, config{"dev", nil}, "prod",
		math.Copysign(0, -1), math.NaN(),
	}
	seen := map[node.Sum]int{}
	for i, v := range values {
		s, ok := node.Token(v)
		require.True(t, ok, "value %d (%#v)", i, v)
		if j, dup := seen[s]; dup {
			t.Errorf("values %d (%#v) and %d (%#v) have the same token", j, values[j], i, v)
		}
		seen[s] = i
	}
}

func TestTokenRefusesWhatItCannotRead(t *testing.T) {
	x := 1
	self := []any{nil}
	self[0] = self
	for name, v := range map[string]any{
		"pointer":          &x,
		"channel":          make(chan int),
		"func":             func() {},
		"struct w/ ptr":    withPtr{&x},
		"slice of ptrs":    []*int{&x},
		"map of funcs":     map[string]func(){"f": nil},
		"self-referencing": self,
	} {
		_, ok := node.Token(v)
		assert.False(t, ok, name)
	}
}

func FuzzToken(f *testing.F) {
	f.Add("a", "b", int64(1), []byte{0})
	f.Add("", "", int64(0), []byte{})
	f.Add("12345678", "123456789", int64(-1), []byte("xyz"))
	f.Fuzz(func(t *testing.T, a, b string, n int64, p []byte) {
		// Deterministic: the same value twice gives the same token.
		m1, m2 := map[string]int64{}, map[string]int64{}
		m1[a], m1[b] = n, -n
		m2[b], m2[a] = -n, n // other insertion order, same map unless a == b
		if a == b {
			m2[a] = -n
		}
		t1, ok1 := node.Token([]any{a, n, p, m1})
		t2, ok2 := node.Token([]any{a, n, bytes.Clone(p), m2})
		if !ok1 || !ok2 || t1 != t2 {
			t.Fatalf("Token not deterministic: %v %v", t1, t2)
		}
		// Distinct: different strings and numbers give different tokens.
		ta, _ := node.Token(a)
		tb, _ := node.Token(b)
		if a != b && ta == tb {
			t.Fatalf("Token(%q) == Token(%q)", a, b)
		}
		tn, _ := node.Token(n)
		tm, _ := node.Token(n + 1)
		if tn == tm {
			t.Fatalf("Token(%d) == Token(%d)", n, n+1)
		}
		tp, _ := node.Token(p)
		tq, _ := node.Token(append(append([]byte(nil), p...), 0))
		if tp == tq {
			t.Fatalf("Token(%x) == Token(%x)", p, append(p, 0))
		}
	})
}
