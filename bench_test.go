package lazy_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// The four shapes of the design, each task computing 1 + the sum of its
// inputs with a trivial body, so that the benchmarks measure the engine.
// Each leaf reads a distinct literal, or identical leaves would merge.
//
// build times recording the calls; compute times Get (graph.Build and the
// run); total times both and reports time, bytes and allocations per task
// and per graph node (literals included).

func inc1(a int) int    { return 1 + a }
func add2(a, b int) int { return 1 + a + b }
func leaf(i int) int    { return 1 + i*0 }
func sumAll(xs []int) int {
	s := 1
	for _, x := range xs {
		s += x
	}
	return s
}

var (
	incL  = lazy.Func1(inc1)
	addL  = lazy.Func2(add2)
	leafL = lazy.Func1(leaf)
	sumL  = lazy.Func1(sumAll)
)

// shape builds a graph and returns its output, its number of tasks and the
// value the output must have.
type shape struct {
	name  string
	build func() (lazy.Node[int], int)
	want  int
}

func chain(n int) (lazy.Node[int], int) {
	x := leafL(lazy.Lit(0))
	for range n - 1 {
		x = incL(x)
	}
	return x, n
}

func fanIn(n int) (lazy.Node[int], int) {
	leaves := make([]lazy.Node[int], n)
	for i := range leaves {
		leaves[i] = leafL(lazy.Lit(i))
	}
	return sumL(lazy.All(leaves)), n + 2
}

func tree(leaves int) (lazy.Node[int], int) {
	level := make([]lazy.Node[int], leaves)
	for i := range level {
		level[i] = leafL(lazy.Lit(i))
	}
	tasks := leaves
	for len(level) > 1 {
		next := level[:len(level)/2]
		for i := range next {
			next[i] = addL(level[2*i], level[2*i+1])
		}
		level = next
		tasks += len(next)
	}
	return level[0], tasks
}

func wavefront(n int) (lazy.Node[int], int) {
	prev := make([]lazy.Node[int], n)
	cur := make([]lazy.Node[int], n)
	for i := range n {
		for j := range n {
			switch {
			case i == 0 && j == 0:
				cur[j] = leafL(lazy.Lit(0))
			case i == 0:
				cur[j] = incL(cur[j-1])
			case j == 0:
				cur[j] = incL(prev[j])
			default:
				cur[j] = addL(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[n-1], n * n
}

var shapes = []shape{
	{"chain10k", func() (lazy.Node[int], int) { return chain(10_000) }, 10_000},
	{"fanin100k", func() (lazy.Node[int], int) { return fanIn(100_000) }, 100_001},
	{"tree64k", func() (lazy.Node[int], int) { return tree(1 << 16) }, 1<<17 - 1},
	{"wavefront200", func() (lazy.Node[int], int) { return wavefront(200) }, 0},
}

func benchShapes(b *testing.B, s scheduler.Scheduler) {
	ctx := context.Background()
	for _, sh := range shapes {
		b.Run(sh.name+"/build", func(b *testing.B) {
			b.ReportAllocs()
			var tasks int
			for b.Loop() {
				_, tasks = sh.build()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
		})
		b.Run(sh.name+"/compute", func(b *testing.B) {
			out, tasks := sh.build()
			b.ReportAllocs()
			for b.Loop() {
				v, err := lazy.Get(ctx, out, lazy.WithScheduler(s))
				if err != nil || (sh.want != 0 && v != sh.want) {
					b.Fatalf("Get = %v, %v; want %v", v, err, sh.want)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
		})
		b.Run(sh.name+"/total", func(b *testing.B) {
			b.ReportAllocs()
			var tasks int
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				out, n := sh.build()
				tasks = n
				if _, err := lazy.Get(ctx, out, lazy.WithScheduler(s)); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			per := float64(b.N * tasks)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/task")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/per, "allocs/task")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/per, "B/task")
			// Per node too, literals included: the unit of the memory budget.
			out, _ := sh.build()
			g, err := graph.Build([]*node.Node{out.Node()})
			if err != nil {
				b.Fatal(err)
			}
			perNode := float64(b.N * g.Len())
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perNode, "allocs/node")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/perNode, "B/node")
		})
	}
}

func BenchmarkThreads2(b *testing.B) { benchShapes(b, scheduler.Threads(2)) }
func BenchmarkSync(b *testing.B)     { benchShapes(b, scheduler.Sync()) }
