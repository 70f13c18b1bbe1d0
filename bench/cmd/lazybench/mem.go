package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// runMem runs each memory case runs times, each run in a fresh process of
// this binary, so that no heap of an earlier case or of the timing is
// counted. The cases alternate: every round runs each once, in an order
// that rotates from round to round, as the timing rounds do.
func runMem(workers, runs int, interval time.Duration) []bench.MemResult {
	exe, err := os.Executable()
	if err != nil {
		return []bench.MemResult{{Name: "all", Err: err.Error()}}
	}
	cases := bench.MemCases(workers)
	out := make([]bench.MemResult, len(cases))
	for i, c := range cases {
		out[i] = bench.MemResult{Name: c.Name, Impl: c.Impl, Nodes: c.Nodes, Limit: c.Limit}
	}
	for round := range runs {
		for k := range cases {
			i := (k + round) % len(cases)
			res := &out[i]
			if res.Err != "" {
				continue
			}
			run, err := runMemOnce(exe, cases[i], workers, interval)
			if err != nil {
				res.Err = err.Error()
				fmt.Fprintf(os.Stderr, "lazybench: memory %s %s: %v\n", res.Name, res.Impl, err)
				continue
			}
			res.Runs = append(res.Runs, run)
			fmt.Fprintf(os.Stderr, "lazybench: memory %s %s, run %d of %d: %.1f MiB\n",
				res.Name, res.Impl, len(res.Runs), runs, float64(run.Peak.Heap)/bench.MiB)
		}
	}
	return out
}

// childResult is what a child process prints: one run of a case, or why
// it failed.
type childResult struct {
	bench.MemRun
	Err string
}

// memRunTimeout bounds one run of a memory case: the slowest takes about
// 11 s on 2 cores.
const memRunTimeout = 5 * time.Minute

// runMemOnce runs case c in a child process.
func runMemOnce(exe string, c bench.MemCase, workers int, interval time.Duration) (bench.MemRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), memRunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-mem-child", c.Name+"/"+c.Impl,
		"-workers", fmt.Sprint(workers), "-mem-interval", interval.String())
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if ctx.Err() != nil {
		return bench.MemRun{}, fmt.Errorf("child process killed after %v", memRunTimeout)
	}
	if err != nil {
		return bench.MemRun{}, fmt.Errorf("child process: %w", err)
	}
	var res childResult
	if err := json.Unmarshal(b, &res); err != nil {
		return bench.MemRun{}, fmt.Errorf("child process printed %q: %w", b, err)
	}
	if res.Err != "" {
		return res.MemRun, errors.New(res.Err)
	}
	return res.MemRun, nil
}

// runMemChild runs the case named "NAME/IMPL" and prints its childResult.
func runMemChild(name string, workers int, interval time.Duration) int {
	caseName, impl, _ := strings.Cut(name, "/")
	for _, c := range bench.MemCases(workers) {
		if c.Name != caseName || c.Impl != impl {
			continue
		}
		res := childResult{MemRun: bench.MemRun{Held: -1}}
		start := time.Now()
		peak, err := bench.MeasurePeak(interval, func() (err error) {
			res.Held, err = c.Run(context.Background())
			return err
		})
		res.Peak, res.Took = peak, time.Since(start)
		if err != nil {
			res.Err = err.Error()
		}
		json.NewEncoder(os.Stdout).Encode(res)
		return 0
	}
	fmt.Fprintf(os.Stderr, "lazybench: no memory case %q\n", name)
	return 2
}
