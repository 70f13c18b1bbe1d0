package bench

import "fmt"

// Kind is one of the four graph shapes of the design.
type Kind int

// The shapes.
const (
	Chain     Kind = iota // each task reads the one before
	FanIn                 // N leaves read by one sink
	Tree                  // 2^Depth leaves reduced pairwise
	Wavefront             // a W×W grid, each cell reading the cells above and to its left
)

// Shape is a shape at a size.
type Shape struct {
	Kind Kind
	N    int // chain length, fan-in leaves, tree depth, or wavefront width
}

// Shapes returns the four shapes at the sizes of the design.
func Shapes() []Shape {
	return []Shape{{Chain, 10_000}, {FanIn, 100_000}, {Tree, 16}, {Wavefront, 200}}
}

// SmallShapes returns the four shapes at sizes small enough for tests.
func SmallShapes() []Shape {
	return []Shape{{Chain, 50}, {FanIn, 100}, {Tree, 5}, {Wavefront, 8}}
}

// Name returns the shape's short name, as tables and flags show it.
func (s Shape) Name() string {
	return [...]string{"chain", "fan-in", "tree", "wavefront"}[s.Kind]
}

// String returns the shape with its size, as "tree 2^16".
func (s Shape) String() string {
	switch s.Kind {
	case Chain:
		return fmt.Sprintf("chain %d", s.N)
	case FanIn:
		return fmt.Sprintf("fan-in %d→1", s.N)
	case Tree:
		return fmt.Sprintf("tree 2^%d", s.N)
	default:
		return fmt.Sprintf("wavefront %d×%d", s.N, s.N)
	}
}

// Tasks returns the number of tasks in the shape: the divisor of every
// per-task figure.
func (s Shape) Tasks() int {
	switch s.Kind {
	case Chain:
		return s.N
	case FanIn:
		return s.N + 1
	case Tree:
		return 1<<(s.N+1) - 1
	default:
		return s.N * s.N
	}
}

// DAG is a shape as a list of tasks in topological order, each with the
// tasks it reads: what the hand-written executors and go-taskflow build
// from. The last task is the result.
type DAG struct {
	off  []int32 // deps of task i are deps[off[i]:off[i+1]]
	deps []int32
}

// Len returns the number of tasks.
func (d *DAG) Len() int { return len(d.off) - 1 }

// Deps returns the tasks task i reads, in order.
func (d *DAG) Deps(i int) []int32 { return d.deps[d.off[i]:d.off[i+1]] }

// add appends a task reading deps and returns its index.
func (d *DAG) add(deps ...int32) int32 {
	d.deps = append(d.deps, deps...)
	d.off = append(d.off, int32(len(d.deps)))
	return int32(len(d.off) - 2)
}

// DAG returns the shape as a task list. Its cost is part of the build time
// of the implementations that use it.
func (s Shape) DAG() *DAG {
	n := s.Tasks()
	d := &DAG{off: make([]int32, 1, n+1), deps: make([]int32, 0, 2*n)}
	switch s.Kind {
	case Chain:
		d.add()
		for i := 1; i < s.N; i++ {
			d.add(int32(i - 1))
		}
	case FanIn:
		for range s.N {
			d.add()
		}
		d.deps = append(d.deps, ascending(s.N)...)
		d.off = append(d.off, int32(len(d.deps)))
	case Tree:
		level := ascending(1 << s.N)
		for range level {
			d.add()
		}
		for len(level) > 1 {
			for i := range len(level) / 2 {
				level[i] = d.add(level[2*i], level[2*i+1])
			}
			level = level[:len(level)/2]
		}
	case Wavefront:
		w := int32(s.N)
		for i := range w {
			for j := range w {
				switch {
				case i == 0 && j == 0:
					d.add()
				case i == 0:
					d.add(j - 1)
				case j == 0:
					d.add((i - 1) * w)
				default:
					d.add((i-1)*w+j, i*w+j-1)
				}
			}
		}
	}
	return d
}

// ascending returns 0, 1, …, n-1.
func ascending(n int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i)
	}
	return ids
}

// work is every task's body for the DAG-based implementations: 1 plus the
// values of its inputs. It is kept out of line so that the sequential
// floor pays one real call per task, as every executor does.
//
//go:noinline
func work(vals []int, deps []int32) int {
	s := 1
	for _, d := range deps {
		s += vals[d]
	}
	return s
}
