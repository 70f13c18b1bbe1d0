package bench

import (
	"context"
	"fmt"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// The task functions of the lazy shapes, as a user writes them: each is 1
// plus the values of its inputs. leaf takes the leaf's index only so that
// leaves are different calls (identical calls merge); right and down are
// two functions so that the first row and column of the wavefront do not
// merge either.
func leaf(int) int      { return 1 }
func step(a int) int    { return 1 + a }
func right(a int) int   { return 1 + a }
func down(a int) int    { return 1 + a }
func join(a, b int) int { return 1 + a + b }

func sum(xs []int) int {
	s := 1
	for _, x := range xs {
		s += x
	}
	return s
}

// Typed constructors, made once as a program makes them.
var (
	leafT  = lazy.Func1(leaf)
	stepT  = lazy.Func1(step)
	rightT = lazy.Func1(right)
	downT  = lazy.Func1(down)
	joinT  = lazy.Func2(join)
	sumT   = lazy.Func1(sum)
)

func syncSched() scheduler.Scheduler         { return scheduler.Sync() }
func threadsSched(n int) scheduler.Scheduler { return scheduler.Threads(n) }

// lazyTyped builds shapes with the typed constructors. Build is making
// the nodes and compiling them with graph.Build; run is the scheduler's
// Run, which is what lazy.Get does after building.
func lazyTyped(sched scheduler.Scheduler) func(Shape) (Runner, error) {
	return func(s Shape) (Runner, error) {
		return compile(typedShape(s).Node(), sched)
	}
}

func typedShape(s Shape) lazy.Node[int] {
	switch s.Kind {
	case Chain:
		x := leafT(lazy.Lit(0))
		for i := 1; i < s.N; i++ {
			x = stepT(x)
		}
		return x
	case FanIn:
		return sumT(lazy.All(typedLeaves(s.N)))
	case Tree:
		level := typedLeaves(1 << s.N)
		for len(level) > 1 {
			for i := range len(level) / 2 {
				level[i] = joinT(level[2*i], level[2*i+1])
			}
			level = level[:len(level)/2]
		}
		return level[0]
	default:
		w := s.N
		row := make([]lazy.Node[int], w) // row i-1, then row i as it fills
		for i := range w {
			for j := range w {
				switch {
				case i == 0 && j == 0:
					row[j] = leafT(lazy.Lit(0))
				case i == 0:
					row[j] = rightT(row[j-1])
				case j == 0:
					row[j] = downT(row[j])
				default:
					row[j] = joinT(row[j], row[j-1])
				}
			}
		}
		return row[w-1]
	}
}

func typedLeaves(n int) []lazy.Node[int] {
	leaves := make([]lazy.Node[int], n)
	for i := range leaves {
		leaves[i] = leafT(lazy.Lit(i))
	}
	return leaves
}

// compile builds the graph of out and returns a runner for it on sched.
func compile(out *node.Node, sched scheduler.Scheduler) (Runner, error) {
	g, err := graph.Build([]*node.Node{out})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (int, error) {
		vals, err := sched.Run(ctx, g, scheduler.Config{})
		if err != nil {
			return 0, err
		}
		v, ok := vals[0].(int)
		if !ok {
			return 0, fmt.Errorf("bench: result is %T, not int", vals[0])
		}
		return v, nil
	}, nil
}
