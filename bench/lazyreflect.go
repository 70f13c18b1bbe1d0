package bench

import (
	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
)

// Reflective constructors (dask's delayed), made once as a program makes
// them. The fan-in passes its leaves as a slice of nodes, as dask users
// pass a list of delayed values.
var (
	leafR  = lazy.Delayed(leaf)
	stepR  = lazy.Delayed(step)
	rightR = lazy.Delayed(right)
	downR  = lazy.Delayed(down)
	joinR  = lazy.Delayed(join)
	sumR   = lazy.Delayed(sum)
)

// lazyReflect builds shapes with lazy.Delayed; see lazyTyped.
func lazyReflect(sched scheduler.Scheduler) func(Shape) (Runner, error) {
	return func(s Shape) (Runner, error) {
		return compile(reflectShape(s).Node(), sched)
	}
}

func reflectShape(s Shape) lazy.Node[any] {
	switch s.Kind {
	case Chain:
		x := leafR(0)
		for i := 1; i < s.N; i++ {
			x = stepR(x)
		}
		return x
	case FanIn:
		return sumR(reflectLeaves(s.N))
	case Tree:
		level := reflectLeaves(1 << s.N)
		for len(level) > 1 {
			for i := range len(level) / 2 {
				level[i] = joinR(level[2*i], level[2*i+1])
			}
			level = level[:len(level)/2]
		}
		return level[0]
	default:
		w := s.N
		row := make([]lazy.Node[any], w)
		for i := range w {
			for j := range w {
				switch {
				case i == 0 && j == 0:
					row[j] = leafR(0)
				case i == 0:
					row[j] = rightR(row[j-1])
				case j == 0:
					row[j] = downR(row[j])
				default:
					row[j] = joinR(row[j], row[j-1])
				}
			}
		}
		return row[w-1]
	}
}

func reflectLeaves(n int) []lazy.Node[any] {
	leaves := make([]lazy.Node[any], n)
	for i := range leaves {
		leaves[i] = leafR(i)
	}
	return leaves
}
