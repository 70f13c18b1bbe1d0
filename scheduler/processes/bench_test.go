//go:build unix

package processes_test

import (
	"context"
	"testing"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/scheduler/processes"
)

// BenchmarkRoundTrip measures one task on one worker: a chain of inc
// calls, so each task's argument is the previous result, sent to the
// worker and back. Reported per task; graph building is not timed.
func BenchmarkRoundTrip(b *testing.B) {
	p := newPool(b, processes.WithWorkers(1))
	const chain = 1000
	incL := lazy.Func1(inc)
	x := lazy.Lit(0)
	for range chain {
		x = incL(x)
	}
	g, err := graph.Build([]*nodeT{x.Node()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Run(context.Background(), g, scheduler.Config{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*chain)/1e3, "us/task")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkPoolStart measures New for two workers: both started, each
// answering. Close is not timed.
func BenchmarkPoolStart(b *testing.B) {
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		p, err := processes.New(context.Background(), processes.WithWorkers(2))
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		p.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1e3, "ms/start")
}

// BenchmarkCPUBound runs a graph of 64 independent tasks of about 10ms of
// CPU each on a pool of one worker and on a pool of two, alternately in
// each iteration so that both see the same load from the rest of the
// machine, and reports both times and their ratio.
func BenchmarkCPUBound(b *testing.B) {
	n := calibrate(10 * time.Millisecond)
	spinL := lazy.Func1(spin)
	var outs []*nodeT
	for i := range 64 {
		outs = append(outs, spinL(lazy.Lit(n+i)).Node()) // distinct keys: no merging
	}
	g, err := graph.Build(outs)
	if err != nil {
		b.Fatal(err)
	}
	pools := []*processes.Pool{newPool(b, processes.WithWorkers(1)), newPool(b, processes.WithWorkers(2))}
	var took [2]time.Duration
	for b.Loop() {
		for i, p := range pools {
			start := time.Now()
			if _, err := p.Run(context.Background(), g, scheduler.Config{}); err != nil {
				b.Fatal(err)
			}
			took[i] += time.Since(start)
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) / 1e3 }
	b.ReportMetric(ms(took[0]), "ms/graph-1w")
	b.ReportMetric(ms(took[1]), "ms/graph-2w")
	b.ReportMetric(float64(took[0])/float64(took[1]), "speedup")
	b.ReportMetric(0, "ns/op")
}

var sink uint64

// calibrate returns the spin count that takes about d here.
func calibrate(d time.Duration) int {
	n := 1 << 16
	for {
		start := time.Now()
		sink += spin(n)
		if el := time.Since(start); el > 20*time.Millisecond {
			return int(float64(n) * float64(d) / float64(el))
		}
		n *= 2
	}
}

type nodeT = node.Node
