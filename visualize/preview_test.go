package visualize_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lazygraph/lazy/visualize"
)

type level int

func (l level) String() string { return [...]string{"low", "high"}[l] }

type hidden struct {
	n int
	s string
}

func TestPreview(t *testing.T) {
	n := 7
	for _, tc := range []struct {
		v    any
		want string
	}{
		{nil, "nil"},
		{42, "42"},
		{-1.5, "-1.5"},
		{float32(0.1), "0.1"},
		{true, "true"},
		{uint8(200), "200"},
		{complex(1, 2), "(1+2i)"},
		{"five", `"five"`},
		{`say "hi"`, `"say \"hi\""`},
		{"line\nbreak", `"line\nbreak"`},
		{strings.Repeat("x", 100), `"xxxxxxxxxxxxxxxxxxxxxx…`},
		{"ünïcödé", `"ünïcödé"`},
		{[]int{1, 2, 3}, "[1 2 3]"},
		{[]int(nil), "[]int(nil)"},
		{make([]float64, 1<<20), "[]float64 len=1048576"},
		{[2]string{"a", "b"}, `["a" "b"]`},
		{[]byte("abc"), `"abc"`},
		{map[string]int{"a": 1}, "map[string]int len=1"},
		{point{1, 2}, "{1 2}"},
		{hidden{3, "x"}, `{3 "x"}`},
		{wide{}, "wide{…}"},
		{struct{ P *int }{&n}, "{*int}"},
		{&n, "*int"},
		{(*int)(nil), "nil"},
		{make(chan int), "chan int"},
		{strings.ToUpper, "func(string) string"},
		{time.Second, "1s"},
		{level(1), "high"},
		{level(5), "5"}, // a String method that panics falls back to the number
		{errors.New("x"), "*errors.errorString"},
		{[][]int{{1}, {2}}, "[[1] [2]]"},
		{[][]int{{1}, {2, 3, 4, 5, 6, 7, 8, 9, 10}}, "[[1] []int len=9]"},
		{[1][1][1]int{}, "[[[1]int len=1]]"},
	} {
		if got := visualize.Preview(tc.v); got != tc.want {
			t.Errorf("Preview(%T) = %q; want %q", tc.v, got, tc.want)
		}
	}
}
