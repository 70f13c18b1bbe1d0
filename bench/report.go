package bench

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Report is everything one run of the driver measured.
type Report struct {
	When       time.Time
	Machine    string // CPU model and count, Go version, GOMAXPROCS
	Command    string
	Workers    int
	Dask       string // dask's version, or why it did not run
	Shapes     []Shape
	Cells      []*Cell // every implementation on every shape, dask's too
	Mem        []MemResult
	TotalTaken time.Duration
}

// MemResult is the outcome of a memory case: its runs, each in a fresh
// process. Its figures are the median run's, as the timings are medians:
// a single peak is the most a noisy collector let pile up in one run.
type MemResult struct {
	Name, Impl string
	Nodes      int // nodes of the graph; 0 when bytes per node mean nothing
	Limit      uint64
	Runs       []MemRun
	Err        string // why a run failed; the case ran no more after it
}

// MemRun is one run of a memory case.
type MemRun struct {
	Peak Peak
	Held int // the most results the scheduler held, or -1
	Took time.Duration
}

// Median returns the run with the median peak heap: for an even count
// the higher of the two middle ones, since bounds are upper bounds. It
// returns a MemRun with Held -1 when there is no run.
func (m *MemResult) Median() MemRun {
	if len(m.Runs) == 0 {
		return MemRun{Held: -1}
	}
	runs := slices.Clone(m.Runs)
	slices.SortStableFunc(runs, func(a, b MemRun) int { return cmp.Compare(a.Peak.Heap, b.Peak.Heap) })
	return runs[len(runs)/2]
}

// cell returns the cell of impl on s, or nil.
func (r *Report) cell(s Shape, impl string) *Cell {
	for _, c := range r.Cells {
		if c.Shape == s && c.Impl == impl {
			return c
		}
	}
	return nil
}

// peer returns the first cell of the given family on s, or nil.
func (r *Report) peer(s Shape, peer, prefix string) *Cell {
	for _, c := range r.Cells {
		if c.Shape == s && c.Peer == peer && strings.HasPrefix(c.Impl, prefix) && c.Err == nil && len(c.Samples) > 0 {
			return c
		}
	}
	return nil
}

// Write prints the report as markdown: the acceptance summary, a table
// per shape, and the memory cases.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "Measured %s on %s, %d workers for the parallel implementations.\n\n",
		r.When.Format("2006-01-02 15:04 MST"), r.Machine, r.Workers)
	fmt.Fprintf(w, "Command: `%s` (took %s). Dask: %s.\n\n", r.Command, r.TotalTaken.Round(time.Second), r.Dask)
	r.writeAcceptance(w)
	for _, s := range r.Shapes {
		r.writeShape(w, s)
	}
	r.writeMem(w)
}

func (r *Report) writeAcceptance(w io.Writer) {
	fmt.Fprintf(w, "### Acceptance: %s (typed, build + run) ÷ peer, medians\n\n", Reference)
	fmt.Fprintln(w, "| shape | lazy ns/task | ÷ taskflow (≤ 0.25) | ÷ errgroup (≤ 1) | run ÷ seq run (≤ 10 on chain, wavefront) | ÷ dask threads (≤ 0.01) |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|")
	for _, s := range r.Shapes {
		ref := r.cell(s, Reference)
		if ref == nil || ref.Err != nil || len(ref.Samples) == 0 {
			fmt.Fprintf(w, "| %s | failed | | | | |\n", s)
			continue
		}
		_, refRun, refTotal := ref.Median()
		ratio := func(peer, prefix string, bound float64, runOnly bool) string {
			p := r.peer(s, peer, prefix)
			if p == nil {
				return "not run"
			}
			_, run, total := p.Median()
			x := float64(refTotal) / float64(total)
			if runOnly {
				x = float64(refRun) / float64(run)
			}
			if bound == 0 {
				return fmt.Sprintf("%.3g (no target)", x)
			}
			return fmt.Sprintf("%.3g %s", x, mark(x <= bound))
		}
		seqBound := 0.0
		if s.Kind == Chain || s.Kind == Wavefront {
			seqBound = 10
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", s, num(ref.PerTask(refTotal)),
			ratio("taskflow", "", 0.25, false), ratio("errgroup", "", 1, false),
			ratio("seq", "", seqBound, true), ratio("dask", "dask-threads", 0.01, false))
	}
	fmt.Fprintln(w)
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func (r *Report) writeShape(w io.Writer, s Shape) {
	ref := r.cell(s, Reference)
	var refTotal time.Duration
	if ref != nil && len(ref.Samples) > 0 {
		_, _, refTotal = ref.Median()
	}
	fmt.Fprintf(w, "### %s (%s tasks), medians per task\n\n", s, count(s.Tasks()))
	fmt.Fprintf(w, "| implementation | build ns | run ns | build+run ns | %s ÷ this | allocs build / run | bytes build / run | samples |\n", Reference)
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, c := range r.Cells {
		if c.Shape != s {
			continue
		}
		if c.Err != nil || len(c.Samples) == 0 {
			why := "no sample"
			if c.Err != nil {
				why = c.Err.Error()
			}
			fmt.Fprintf(w, "| %s | failed: %s | | | | | | %d |\n", c.Impl, inCell(why), len(c.Samples))
			continue
		}
		b, run, total := c.Median()
		rel := "—"
		if refTotal > 0 {
			rel = fmt.Sprintf("%.3g", float64(refTotal)/float64(total))
		}
		allocs, bytes := "—", "—"
		if c.Peer != "dask" {
			t := float64(s.Tasks())
			allocs = fmt.Sprintf("%.2f / %.2f", float64(c.BuildAllocs.Objects)/t, float64(c.RunAllocs.Objects)/t)
			bytes = fmt.Sprintf("%s / %s", num(float64(c.BuildAllocs.Bytes)/t), num(float64(c.RunAllocs.Bytes)/t))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %d |\n", c.Impl,
			num(c.PerTask(b)), num(c.PerTask(run)), num(c.PerTask(total)), rel, allocs, bytes, len(c.Samples))
	}
	fmt.Fprintln(w)
}

func (r *Report) writeMem(w io.Writer) {
	if len(r.Mem) == 0 {
		return
	}
	fmt.Fprintln(w, "### Memory: peak heap while building and computing, median of the runs")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| case | implementation | peak heap MiB | lowest–highest | peak live MiB | heap bytes/node | results held | bound | holds | took | runs |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|")
	for _, m := range r.Mem {
		if m.Err != "" || len(m.Runs) == 0 {
			why := "not run"
			if m.Err != "" {
				why = fmt.Sprintf("failed, %d runs done: %s", len(m.Runs), inCell(m.Err))
			}
			fmt.Fprintf(w, "| %s | %s | %s | | | | | | | | %d |\n", m.Name, m.Impl, why, len(m.Runs))
			continue
		}
		med := m.Median()
		lo, hi, held := med.Peak.Heap, med.Peak.Heap, -1
		for _, run := range m.Runs {
			lo, hi, held = min(lo, run.Peak.Heap), max(hi, run.Peak.Heap), max(held, run.Held)
		}
		bound, holds := "—", ""
		if m.Limit > 0 {
			bound = fmt.Sprintf("%d MiB", m.Limit/MiB)
			holds = mark(med.Peak.Heap <= m.Limit)
		}
		perNode := "—"
		if m.Nodes > 0 {
			perNode = num(float64(med.Peak.Heap) / float64(m.Nodes))
		}
		heldText := "—"
		if held >= 0 {
			heldText = count(held)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f | %.1f–%.1f | %.1f | %s | %s | %s | %s | %s | %d |\n", m.Name, m.Impl,
			mib(med.Peak.Heap), mib(lo), mib(hi), mib(med.Peak.Live), perNode,
			heldText, bound, holds, med.Took.Round(time.Millisecond), len(m.Runs))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Peak heap, peak live, bytes/node and took are the median run's (by peak heap; the higher")
	fmt.Fprintln(w, "middle one for an even count), and the bound is judged on it; results held is the most of")
	fmt.Fprintln(w, "any run.")
	fmt.Fprintln(w)
}

// inCell makes s fit in one markdown table cell.
func inCell(s string) string {
	return strings.NewReplacer("|", "/", "\n", " ", "\r", " ").Replace(s)
}

// MemFailed reports whether a memory case failed.
func (r *Report) MemFailed() bool {
	for _, m := range r.Mem {
		if m.Err != "" {
			return true
		}
	}
	return false
}

func mib(b uint64) float64 { return float64(b) / MiB }

// count formats an integer with thousands separators.
func count(n int) string {
	if n < 1000 {
		return fmt.Sprint(n)
	}
	return num(float64(n))
}

// num formats a figure with about three significant digits and thousands
// separators.
func num(x float64) string {
	switch {
	case x < 10:
		return fmt.Sprintf("%.2f", x)
	case x < 100:
		return fmt.Sprintf("%.1f", x)
	case x < 1000:
		return fmt.Sprintf("%.0f", x)
	}
	s := fmt.Sprintf("%.0f", x)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
