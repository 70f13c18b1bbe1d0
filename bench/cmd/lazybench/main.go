// Command lazybench runs the benchmarks of package bench side by side and
// prints a markdown report: medians per task, ratios of lazy to each peer,
// and peak heap. It is what ../../run starts; see docs/performance.md.
//
// Implementations alternate: the timing is done in rounds, and in each
// round every implementation gets an equal slot on each shape, in an order
// that rotates from round to round, so that a noisy neighbour on the
// machine spreads over all of them instead of hitting one. Dask samples
// (one build, computed by the threaded and the sync scheduler) are
// interleaved between the rounds.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/lazygraph/lazy/bench"
)

func main() {
	var (
		budget     = flag.Duration("budget", 2*time.Second, "timing per implementation and shape")
		rounds     = flag.Int("rounds", 8, "rounds the budget is split into")
		workers    = flag.Int("workers", 2, "workers of the parallel implementations")
		only       = flag.String("impls", "", "regexp: time only the implementations it matches (lazy-threads2 is always kept)")
		small      = flag.Bool("small", false, "small shapes, for a quick check of the driver")
		python     = flag.String("python", "", "Python with dask (default: $PYTHON, python3, /usr/bin/python3); \"none\" skips dask")
		script     = flag.String("dask-script", "dask_shapes.py", "path of dask_shapes.py")
		daskReps   = flag.Int("dask-reps", 1, "dask samples per shape (each builds once and runs both schedulers)")
		mem        = flag.Bool("mem", true, "run the memory cases")
		memRuns    = flag.Int("mem-runs", 5, "runs of each memory case, alternating cases; the report gives the median")
		out        = flag.String("o", "", "also write the report to this file")
		child      = flag.String("mem-child", "", "internal: run the memory case NAME/IMPL and print its peak as JSON")
		sampleStep = flag.Duration("mem-interval", 100*time.Microsecond, "heap sampling interval of the memory cases")
	)
	flag.Parse()
	if *memRuns < 1 {
		fmt.Fprintln(os.Stderr, "lazybench: -mem-runs must be at least 1; use -mem=false to skip the memory cases")
		os.Exit(2)
	}
	if *child != "" {
		os.Exit(runMemChild(*child, *workers, *sampleStep))
	}
	start := time.Now()
	shapes := bench.Shapes()
	if *small {
		shapes = bench.SmallShapes()
	}
	impls := bench.Impls(*workers)
	if *only != "" {
		re := regexp.MustCompile(*only)
		kept := impls[:0]
		for _, impl := range impls {
			if re.MatchString(impl.Name) || impl.Name == bench.Reference {
				kept = append(kept, impl)
			}
		}
		impls = kept
	}
	r := &bench.Report{When: start, Machine: machine() + "; " + coreVersion(), Command: "bench/run " + strings.Join(os.Args[1:], " "),
		Workers: *workers, Shapes: shapes}
	dask, daskNote := startDask(*python, *script, *workers)
	r.Dask = daskNote
	t := &timer{impls: impls, shapes: shapes, budget: *budget, rounds: *rounds, dask: dask, daskReps: *daskReps, workers: *workers}
	r.Cells = t.run(context.Background())
	if dask != nil {
		if err := dask.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "lazybench: dask_shapes.py:", err)
		}
	}
	if *mem {
		r.Mem = runMem(*workers, *memRuns, *sampleStep)
	}
	r.TotalTaken = time.Since(start)
	r.Write(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "lazybench:", err)
			os.Exit(1)
		}
		r.Write(f)
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "lazybench:", err)
			os.Exit(1)
		}
	}
	for _, c := range r.Cells {
		if c.Err != nil {
			os.Exit(1)
		}
	}
	if r.MemFailed() {
		os.Exit(1)
	}
}

// startDask starts the dask script, or says why there is no dask column.
func startDask(python, script string, workers int) (*bench.Dask, string) {
	if python == "none" {
		return nil, "skipped (-python none)"
	}
	var cands []string
	if python != "" {
		cands = []string{python}
	}
	py, err := bench.FindPython(cands...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lazybench: no dask column:", err)
		return nil, "not run: " + err.Error()
	}
	d, err := bench.StartDask(py, script, workers)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lazybench: no dask column:", err)
		return nil, "not run: " + err.Error()
	}
	return d, fmt.Sprintf("dask %s on Python %s (%s), threaded scheduler with %d workers, each sample one build computed by both schedulers", d.Version, d.Python, py, workers)
}
