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

// TestReportMemory checks the memory rows: the median run's figures,
// judged against the bound, with the lowest and highest peak beside them;
// failed and empty cases are said to be so, with no verdict.
func TestReportMemory(t *testing.T) {
	run := func(heap, live uint64, held int, took time.Duration) bench.MemRun {
		return bench.MemRun{Peak: bench.Peak{Heap: heap * bench.MiB, Live: live * bench.MiB}, Held: held, Took: took}
	}
	tests := []struct {
		name string
		m    bench.MemResult
		want string
	}{
		{"odd", bench.MemResult{Runs: []bench.MemRun{
			run(70, 40, 15, 3*time.Second), run(50, 25, 16, 1*time.Second), run(60, 30, 14, 2*time.Second)}},
			"| tree | lazy | 60.0 | 50.0–70.0 | 30.0 | — | 16 | 64 MiB | ✓ | 2s | 3 |"},
		{"even takes the higher middle", bench.MemResult{Runs: []bench.MemRun{
			run(63, 40, 15, 1*time.Second), run(80, 25, 16, 2*time.Second), run(62, 30, 14, 3*time.Second), run(90, 50, 14, 4*time.Second)}},
			"| tree | lazy | 80.0 | 62.0–90.0 | 25.0 | — | 16 | 64 MiB | ✗ | 2s | 4 |"},
		{"bytes per node", bench.MemResult{Nodes: 1 << 20, Runs: []bench.MemRun{run(32, 16, -1, time.Second)}},
			"| tree | lazy | 32.0 | 32.0–32.0 | 16.0 | 32.0 | — | 64 MiB | ✓ | 1s | 1 |"},
		{"failed", bench.MemResult{Runs: []bench.MemRun{run(32, 16, 3, time.Second)}, Err: "child process: exit status 2\nsee | above"},
			"| tree | lazy | failed, 1 runs done: child process: exit status 2 see / above | | | | | | | | 1 |"},
		{"not run", bench.MemResult{},
			"| tree | lazy | not run | | | | | | | | 0 |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.m.Name, tt.m.Impl, tt.m.Limit = "tree", "lazy", 64*bench.MiB
			r := &bench.Report{Mem: []bench.MemResult{tt.m}}
			var b strings.Builder
			r.Write(&b)
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("Report.Write() =\n%s\nwant a line\n%s", b.String(), tt.want)
			}
			if got, want := r.MemFailed(), tt.m.Err != ""; got != want {
				t.Errorf("MemFailed() = %v, want %v", got, want)
			}
		})
	}
}
