package bench_test

import (
	"strings"
	"testing"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// TestReport checks the acceptance line: ratios are lazy-threads2's
// build+run over each peer's, seq's on run times only.
func TestReport(t *testing.T) {
	s := bench.Shape{Kind: bench.Chain, N: 1000}
	cell := func(impl, peer string, build, run time.Duration) *bench.Cell {
		return &bench.Cell{Shape: s, Impl: impl, Peer: peer, Samples: []bench.Sample{{Build: build, Run: run}}}
	}
	r := &bench.Report{Shapes: []bench.Shape{s}, Dask: "skipped", Cells: []*bench.Cell{
		cell("seq", "seq", 5*time.Microsecond, 10*time.Microsecond),
		cell("errgroup", "errgroup", 100*time.Microsecond, 300*time.Microsecond),
		cell("taskflow2", "taskflow", 1*time.Millisecond, 1*time.Millisecond),
		cell(bench.Reference, "lazy", 200*time.Microsecond, 50*time.Microsecond),
		cell("dask-threads2", "dask", 100*time.Millisecond, 50*time.Millisecond),
	}}
	var b strings.Builder
	r.Write(&b)
	// lazy: 250 µs for 1000 tasks; ÷ taskflow 0.125, ÷ errgroup 0.625,
	// run ÷ seq run 5, ÷ dask 0.00167.
	want := "| chain 1000 | 250 | 0.125 ✓ | 0.625 ✓ | 5 ✓ | 0.00167 ✓ |"
	if !strings.Contains(b.String(), want) {
		t.Errorf("Report.Write() =\n%s\nwant a line\n%s", b.String(), want)
	}
}
