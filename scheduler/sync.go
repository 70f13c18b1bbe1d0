package scheduler

import (
	"context"

	"github.com/lazygraph/lazy/graph"
)

// Sync returns the scheduler that runs every task in the caller's
// goroutine, one at a time, in the graph's priority order: the debugging
// scheduler. Panics and stack traces point straight at the task, and
// breakpoints work as in any loop.
func Sync() Scheduler { return syncScheduler{} }

type syncScheduler struct{}

func (syncScheduler) String() string { return "sync" }

func (syncScheduler) Run(ctx context.Context, g *graph.Graph, cfg Config) ([]any, error) {
	r := newRun(ctx, g, cfg, nil)
	w := newWorker(0, g)
	runInOrder(r, w)
	r.done.Add(int64(w.done))
	return r.finish(ctx)
}

// runInOrder runs the calls of r's graph in id order until one fails or
// the run is stopped.
func runInOrder(r *run, w *worker) {
	returned := false
	defer r.guard(w, &returned)
	for id := range int32(r.g.Len()) {
		if !r.g.IsTask(id) {
			continue
		}
		if r.stopped() || !r.exec(id, w) {
			break
		}
		w.done++
	}
	returned = true
}
