package lazy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
)

func inc(x int) int      { return x + 1 }
func double(x int) int   { return 2 * x }
func plus(a, b int) int  { return a + b }
func minus(a, b int) int { return a - b }

// The seed example: x is shared by a and b and computed once.
func ExampleCompute() {
	x := lazy.Func2(plus)(lazy.Lit(4), lazy.Lit(5))
	a := lazy.Func2(minus)(x, lazy.Lit(5))
	b := lazy.Func2(plus)(x, lazy.Lit(5))
	vals, err := lazy.Compute(context.Background(), []lazy.AnyNode{a, b})
	fmt.Println(vals, err)
	// Output: [4 14] <nil>
}

func ExampleFunc1() {
	incL := lazy.Func1(inc)
	x := lazy.Lit(1)
	for range 3 {
		x = incL(x)
	}
	v, err := lazy.Get(context.Background(), x)
	fmt.Println(v, err)
	// Output: 4 <nil>
}

func ExampleFunc1E() {
	parse := lazy.Func1E(func(s string) (int, error) {
		if s == "" {
			return 0, errors.New("empty input")
		}
		return len(s), nil
	})
	_, err := lazy.Get(context.Background(), parse(lazy.Lit("")))
	var te *lazy.TaskError
	fmt.Println(errors.As(err, &te), te.Err)
	// Output: true empty input
}

// Delayed accepts any signature and literal arguments, as dask.delayed
// does; nodes inside slices are replaced by their values.
func ExampleDelayed() {
	join := lazy.Delayed(strings.Join)
	upper := lazy.Delayed(strings.ToUpper)
	words := []any{upper("lazy"), "graphs", upper("go")}
	v, err := lazy.Get(context.Background(), join(words, " "))
	fmt.Println(v, err)
	// Output: LAZY graphs GO <nil>
}

// Mistakes are reported when the call is recorded, with the caller's line.
func ExampleDelayed_badArgument() {
	n := lazy.Delayed(strings.Repeat)("ab", "three")
	err := n.Err()
	fmt.Println(strings.SplitN(err.Error(), ": ", 2)[1])
	// Output: lazy.Delayed(strings.Repeat): argument 2: got string, want int
}

func ExampleAll() {
	var parts []lazy.Node[int]
	for i := range 4 {
		parts = append(parts, lazy.Func1(double)(lazy.Lit(i)))
	}
	total := lazy.Func1(func(xs []int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})(lazy.All(parts))
	v, _ := lazy.Get(context.Background(), total)
	fmt.Println(v)
	// Output: 12
}

func ExampleGetAll() {
	var xs []lazy.Node[int]
	for i := range 3 {
		xs = append(xs, lazy.Func1(double)(lazy.Lit(i)))
	}
	vals, err := lazy.GetAll(context.Background(), xs, lazy.WithScheduler(scheduler.Sync()))
	fmt.Println(vals, err)
	// Output: [0 2 4] <nil>
}

func ExamplePersist() {
	x := lazy.Func2(plus)(lazy.Lit(20), lazy.Lit(1))
	px, _ := lazy.Persist(context.Background(), x) // computed now, once
	y := lazy.Func2(plus)(px, px)                  // reuses the value
	v, _ := lazy.Get(context.Background(), y)
	fmt.Println(v, px.Key() == x.Key())
	// Output: 42 true
}

func ExampleImpure() {
	calls := 0
	tick := lazy.Func0(func() int { calls++; return calls }, lazy.Impure())
	vals, _ := lazy.GetAll(context.Background(), []lazy.Node[int]{tick(), tick()}, lazy.WithScheduler(scheduler.Sync()))
	fmt.Println(vals)
	// Output: [1 2]
}
