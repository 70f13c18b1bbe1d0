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

// TestReportMemory checks a memory row: the median run's figures, judged
// against the bound, with the fewest and most of the runs beside them.
func TestReportMemory(t *testing.T) {
	run := func(heap, live uint64, held int) bench.MemRun {
		return bench.MemRun{Peak: bench.Peak{Heap: heap * bench.MiB, Live: live * bench.MiB}, Held: held, Took: time.Second}
	}
	tests := []struct {
		name string
		runs []bench.MemRun
		want string
	}{
		{"odd", []bench.MemRun{run(70, 40, 15), run(50, 25, 16), run(60, 30, 14)},
			"| tree | lazy | 60.0 | 50.0–70.0 | 30.0 | — | 16 | 64 MiB | ✓ | 1s | 3 |"},
		{"even takes the lower middle", []bench.MemRun{run(66, 40, 15), run(80, 25, 16), run(62, 30, 14), run(90, 50, 14)},
			"| tree | lazy | 66.0 | 62.0–90.0 | 40.0 | — | 16 | 64 MiB | ✗ | 1s | 4 |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &bench.Report{Mem: []bench.MemResult{{Name: "tree", Impl: "lazy", Limit: 64 * bench.MiB, Runs: tt.runs}}}
			var b strings.Builder
			r.Write(&b)
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("Report.Write() =\n%s\nwant a line\n%s", b.String(), tt.want)
			}
		})
	}
}
