package main

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"

	"github.com/lazygraph/lazy"
)

var calls atomic.Int32

func add(a, b int) int { calls.Add(1); return a + b }
func sub(a, b int) int { return a - b }

func main() {
	ctx := context.Background()
	addL, subL := lazy.Func2(add), lazy.Func2(sub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	a := subL(x, lazy.Lit(5))
	b := addL(x, lazy.Lit(5))
	vals, err := lazy.Compute(ctx, []lazy.AnyNode{a, b})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vals, calls.Load(), x, a, b)
	d := lazy.Delayed(add)
	y := d(4, 5)
	fmt.Println(y, y.Err())
	v, err := lazy.Get(ctx, lazy.As[int](d(y, a)))
	fmt.Println(v, err)
	bad := d("x", 5)
	fmt.Println(bad.Err())
	fmt.Println(d(1).Err())
	_, err = lazy.Get(ctx, bad)
	fmt.Println(err)
	sum := lazy.Delayed(func(xs []int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
	fmt.Println(lazy.Get(ctx, sum([]any{x, a, 7})))
	fmt.Println(lazy.Get(ctx, lazy.Func1(func(xs []int) int { return len(xs) })(lazy.All([]lazy.Node[int]{x, a, b}))))
	boom := lazy.Func0(func() int { panic("boom") })
	_, err = lazy.Get(ctx, boom())
	fmt.Println(err != nil, len(err.Error()))
}
