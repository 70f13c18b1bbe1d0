package visualize_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/visualize"
)

// The functions the test graphs call. They are top-level functions, so
// their labels and tooltips are stable names.

func add(a, b int) int        { return a + b }
func sub(a, b int) int        { return a - b }
func inc(a int) int           { return a + 1 }
func double(a int) int        { return 2 * a }
func square(a int) int        { return a * a }
func mul(a, b int) int        { return a * b }
func sum(xs []int) int        { return len(xs) }
func sum4(a, b, c, d int) int { return a + b + c + d }
func show(v any) string       { return fmt.Sprint(v) }
func concat(s string, n int) string {
	return strings.Repeat(s, n)
}

// build compiles the graph of outputs, as lazy.Compute does.
func build(t testing.TB, outs ...lazy.AnyNode) *graph.Graph {
	t.Helper()
	ns := make([]*node.Node, len(outs))
	for i, o := range outs {
		ns[i] = o.Node()
	}
	g, err := graph.Build(ns)
	if err != nil {
		t.Fatalf("graph.Build: %v", err)
	}
	return g
}

// seed is the example:
//
//	sub     add
//	 | \   / |
//	 |  add  |
//	 |  / \  |
//	  5    4     (5 is read by all three calls)
func seed() []lazy.AnyNode {
	addL, subL := lazy.Func2(add), lazy.Func2(sub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	return []lazy.AnyNode{subL(x, lazy.Lit(5)), addL(x, lazy.Lit(5))}
}

// diamond:
//
//	     add
//	    /   \
//	double  square
//	    \   /
//	     inc
//	      |
//	      1
func diamond() []lazy.AnyNode {
	a := lazy.Func1(inc)(lazy.Lit(1))
	return []lazy.AnyNode{lazy.Func2(add)(lazy.Func1(double)(a), lazy.Func1(square)(a))}
}

// fanIn: four incs read by one call. (Fan-ins of any width go through
// lazy.All; see fanInN. This one avoids All so that the golden files do
// not depend on how the root package implements it.)
//
//	         sum4
//	  /    /    \    \
//	inc  inc   inc  inc
//	 |    |     |    |
//	 0    1     2    3
func fanIn() []lazy.AnyNode {
	incL := lazy.Func1(inc)
	return []lazy.AnyNode{lazy.Func4(sum4)(incL(lazy.Lit(0)), incL(lazy.Lit(1)), incL(lazy.Lit(2)), incL(lazy.Lit(3)))}
}

type point struct{ X, Y int }

type wide struct{ A, B, C, D, E, F, G, H, I int }

// literals: literal previews of many kinds, and an argument passed twice
// (mul(x, x) draws one edge).
//
//	concat("say \"hi\"", 3)   mul(x, x)  with x = inc(41)
//	and one call of a function reading each other literal kind
func literals() []lazy.AnyNode {
	showL := lazy.Func1(show)
	show := func(v any) lazy.AnyNode { return showL(lazy.Lit(v)) }
	x := lazy.Func1(inc)(lazy.Lit(41))
	return []lazy.AnyNode{
		lazy.Func2(concat)(lazy.Lit(`say "hi"`), lazy.Lit(3)),
		lazy.Func2(mul)(x, x),
		show("a string far longer than twenty characters"),
		show(2.5),
		show(true),
		show([]int{1, 2, 3}),
		show(make([]int, 1000)),
		show(map[string]int{"a": 1}),
		show(point{1, 2}),
		show(wide{}),
		show(time.Second),
		show([]byte("raw\nbytes")),
		show("tab\there"),
	}
}

// named: names given with WithName and WithKey show as given.
//
//	weekly-report (key)
//	      |
//	load users (name) <- "users.csv" (named literal "source")
func named() []lazy.AnyNode {
	load := lazy.Func1(inc, lazy.WithName("load users"))
	src := lazy.Lit(7, lazy.WithName("source"))
	return []lazy.AnyNode{lazy.Func1(double)(load(src), lazy.WithKey("weekly-report"))}
}

// persisted: double reads a value persisted by an earlier run.
//
//	double
//	  |
//	inc = 2 (persisted)
func persisted(t testing.TB) []lazy.AnyNode {
	p, err := lazy.Persist(context.Background(), lazy.Func1(inc)(lazy.Lit(1)))
	if err != nil {
		t.Fatal(err)
	}
	return []lazy.AnyNode{lazy.Func1(double)(p)}
}

// The failed run: explode fails once hang has started, so hang is
// cancelled while it runs, report never starts, and inc is done. The
// ending is the same on any scheduler with two or more workers.
//
//	      report        not run
//	     /      \
//	explode     hang    failed, cancelled
//	   |         |
//	  inc       "x"     done
//	   |
//	   1
var hangStarted chan struct{}

func explode(_ context.Context, x int) (int, error) {
	select {
	case <-hangStarted:
	case <-time.After(10 * time.Second):
	}
	return 0, errors.New("boom: disk full")
}

func hang(ctx context.Context, _ string) (int, error) {
	close(hangStarted)
	<-ctx.Done()
	return 0, ctx.Err()
}

// failedNodes are the nodes of the failed run.
type failedNodes struct{ inc, explode, hang, add lazy.Node[int] }

func newFailedNodes() failedNodes {
	var f failedNodes
	f.inc = lazy.Func1(inc)(lazy.Lit(1))
	f.explode = lazy.Func1Ctx(explode)(f.inc)
	f.hang = lazy.Func1Ctx(hang)(lazy.Lit("x"))
	f.add = lazy.Func2(add)(f.explode, f.hang)
	return f
}

func failedRun(t testing.TB) ([]lazy.AnyNode, *visualize.Recorder) {
	hangStarted = make(chan struct{})
	outs := []lazy.AnyNode{newFailedNodes().add}
	rec := visualize.NewRecorder()
	_, err := lazy.Compute(context.Background(), outs, lazy.WithCallbacks(rec),
		lazy.WithScheduler(scheduler.Threads(2)))
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Compute = %v; want the boom error", err)
	}
	return outs, rec
}

// chain is n incs in a row.
func chain(n int) []lazy.AnyNode {
	incL := lazy.Func1(inc)
	x := lazy.Lit(0)
	for range n {
		x = incL(x)
	}
	return []lazy.AnyNode{x}
}

// fanInN is n leaves summed by one call: 2n+2 nodes.
func fanInN(n int) []lazy.AnyNode {
	sq := lazy.Func1(square)
	parts := make([]lazy.Node[int], n)
	for i := range parts {
		parts[i] = sq(lazy.Lit(i))
	}
	return []lazy.AnyNode{lazy.Func1(sum)(lazy.All(parts))}
}

// tree is a binary reduction of n leaves (a power of two): 3n-1 nodes.
func tree(n int) []lazy.AnyNode {
	addL, incL := lazy.Func2(add), lazy.Func1(inc)
	level := make([]lazy.Node[int], n)
	for i := range level {
		level[i] = incL(lazy.Lit(i))
	}
	for len(level) > 1 {
		next := make([]lazy.Node[int], len(level)/2)
		for i := range next {
			next[i] = addL(level[2*i], level[2*i+1])
		}
		level = next
	}
	return []lazy.AnyNode{level[0]}
}
