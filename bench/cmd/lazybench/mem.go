package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// runMem runs each memory case in a fresh process of this binary, so that
// no heap of an earlier case or of the timing is counted.
func runMem(workers int, interval time.Duration) []bench.MemResult {
	exe, err := os.Executable()
	if err != nil {
		return []bench.MemResult{{Name: "all", Err: err.Error()}}
	}
	var out []bench.MemResult
	for _, c := range bench.MemCases(workers) {
		res := bench.MemResult{Name: c.Name, Impl: c.Impl, Nodes: c.Nodes, Limit: c.Limit}
		cmd := exec.Command(exe, "-mem-child", c.Name+"/"+c.Impl,
			"-workers", fmt.Sprint(workers), "-mem-interval", interval.String())
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err == nil {
			err = json.Unmarshal(b, &res)
		}
		if err != nil {
			res.Err = err.Error()
		}
		fmt.Fprintf(os.Stderr, "lazybench: memory %s %s: %.1f MiB (%v)\n", c.Name, c.Impl, float64(res.Peak.Heap)/bench.MiB, res.Err)
		out = append(out, res)
	}
	return out
}

// runMemChild runs the case named "NAME/IMPL" and prints its MemResult.
func runMemChild(name string, workers int, interval time.Duration) int {
	caseName, impl, _ := strings.Cut(name, "/")
	for _, c := range bench.MemCases(workers) {
		if c.Name != caseName || c.Impl != impl {
			continue
		}
		res := bench.MemResult{Name: c.Name, Impl: c.Impl, Nodes: c.Nodes, Limit: c.Limit}
		start := time.Now()
		res.Held = -1
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
