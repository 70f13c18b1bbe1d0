package bench_test

import (
	"context"
	"testing"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// BenchmarkShapes times build and run of every shape and implementation,
// for profiling one of them:
//
//	go test -run '^$' -bench 'Shapes/chain/lazy-threads2$' -cpuprofile cpu.out
//
// ns/op is build + run of the whole shape; the per-task figures are also
// reported. The table with medians and ratios comes from ./run.
func BenchmarkShapes(b *testing.B) {
	ctx := context.Background()
	for _, s := range bench.Shapes() {
		want := bench.Want(s)
		b.Run(s.Name(), func(b *testing.B) {
			for _, impl := range bench.Impls(2) {
				b.Run(impl.Name, func(b *testing.B) {
					b.ReportAllocs()
					var build, run time.Duration
					for b.Loop() {
						t0 := time.Now()
						r, err := impl.Build(s)
						t1 := time.Now()
						if err != nil {
							b.Fatal(err)
						}
						got, err := r(ctx)
						run += time.Since(t1)
						build += t1.Sub(t0)
						if err != nil || got != want {
							b.Fatalf("got %d, %v; want %d", got, err, want)
						}
					}
					per := float64(b.N) * float64(s.Tasks())
					b.ReportMetric(float64(build+run)/per, "ns/task")
					b.ReportMetric(float64(build)/per, "build-ns/task")
					b.ReportMetric(float64(run)/per, "run-ns/task")
				})
			}
		})
	}
}

// BenchmarkRun times only the run of a graph built once: the scheduler's
// share, for profiling it without the build.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	for _, s := range bench.Shapes() {
		b.Run(s.Name(), func(b *testing.B) {
			for _, impl := range bench.Impls(2) {
				b.Run(impl.Name, func(b *testing.B) {
					r, err := impl.Build(s)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if _, err := r(ctx); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(s.Tasks()), "ns/task")
				})
			}
		})
	}
}
