package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// timer runs the timed rounds.
type timer struct {
	impls    []bench.Impl
	shapes   []bench.Shape
	budget   time.Duration // per implementation and shape
	rounds   int
	dask     *bench.Dask // nil when there is none
	daskReps int
	workers  int
}

// run counts allocations once per cell (which also warms up), then times
// the rounds, and returns every cell, dask's included.
func (t *timer) run(ctx context.Context) []*bench.Cell {
	type row struct {
		shape bench.Shape
		want  int
		cells []*bench.Cell // by impl
		dask  []*bench.Cell
	}
	rows := make([]row, len(t.shapes))
	var all []*bench.Cell
	for i, s := range t.shapes {
		rows[i] = row{shape: s, want: bench.Want(s)}
		for _, impl := range t.impls {
			c := &bench.Cell{Shape: s, Impl: impl.Name, Peer: impl.Peer}
			rows[i].cells = append(rows[i].cells, c)
			all = append(all, c)
			runtime.GC()
			c.CountAllocs(ctx, impl.Build, 2)
		}
		if t.dask != nil {
			rows[i].dask = bench.DaskCells(s, t.workers)
			all = append(all, rows[i].dask...)
		}
	}
	// Dask samples are spread over the rounds: job k follows round
	// k*rounds/jobs.
	jobs := 0
	if t.dask != nil {
		jobs = len(rows) * t.daskReps
	}
	slot := t.budget / time.Duration(t.rounds)
	k := 0
	for round := range t.rounds {
		for _, rw := range rows {
			for j := range t.impls {
				i := (j + round) % len(t.impls)
				c := rw.cells[i]
				if c.Err != nil {
					continue
				}
				runtime.GC()
				for end := time.Now().Add(slot); time.Now().Before(end); {
					if c.Sample(ctx, t.impls[i].Build, rw.want) != nil {
						break
					}
				}
			}
		}
		fmt.Fprintf(os.Stderr, "lazybench: round %d/%d done\n", round+1, t.rounds)
		for ; k < jobs && k*t.rounds/jobs <= round; k++ {
			rw := rows[k%len(rows)]
			if rw.dask[0].Err != nil {
				continue
			}
			took := time.Now()
			err := t.dask.Sample(rw.dask, rw.want, k%2 == 1)
			fmt.Fprintf(os.Stderr, "lazybench: dask %s sample took %s (err %v)\n", rw.shape, time.Since(took).Round(time.Millisecond), err)
		}
	}
	return all
}
