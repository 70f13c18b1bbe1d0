package bench

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// egGraph is the "write it yourself" baseline: the task list with its
// dependents and dependency counts, run by Kahn's algorithm with one
// errgroup goroutine per ready task. It keeps only values; no keys,
// deduplication, release of intermediates or per-task errors.
type egGraph struct {
	dag     *DAG
	userOff []int32 // dependents of task i are users[userOff[i]:userOff[i+1]]
	users   []int32
	pending []int32 // by task: number of inputs
	roots   []int32
}

func buildErrgroup(s Shape) (Runner, error) {
	d := s.DAG()
	n := d.Len()
	g := &egGraph{dag: d, userOff: make([]int32, n+1), pending: make([]int32, n)}
	for i := range n {
		deps := d.Deps(i)
		g.pending[i] = int32(len(deps))
		if len(deps) == 0 {
			g.roots = append(g.roots, int32(i))
		}
		for _, p := range deps {
			g.userOff[p+1]++
		}
	}
	for i := range n {
		g.userOff[i+1] += g.userOff[i]
	}
	g.users = make([]int32, g.userOff[n])
	fill := append([]int32(nil), g.userOff[:n]...)
	for i := range n {
		for _, p := range d.Deps(i) {
			g.users[fill[p]] = int32(i)
			fill[p]++
		}
	}
	return g.run, nil
}

func (g *egGraph) run(ctx context.Context) (int, error) {
	n := g.dag.Len()
	vals := make([]int, n)
	pending := append([]int32(nil), g.pending...)
	eg, ctx := errgroup.WithContext(ctx)
	var launch func(i int32)
	launch = func(i int32) {
		eg.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			vals[i] = work(vals, g.dag.Deps(int(i)))
			for _, t := range g.users[g.userOff[i]:g.userOff[i+1]] {
				if atomic.AddInt32(&pending[t], -1) == 0 {
					launch(t)
				}
			}
			return nil
		})
	}
	for _, r := range g.roots {
		launch(r)
	}
	if err := eg.Wait(); err != nil {
		return 0, err
	}
	return vals[n-1], nil
}
