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
	r := newRun(ctx, g, cfg, Local)
	buf := make([]any, min(g.MaxArgs(), 8))
	done := 0
	for id := range int32(g.Len()) {
		if !g.IsTask(id) {
			continue
		}
		if r.stopped() || !r.exec(id, 0, &buf) {
			break
		}
		done++
	}
	r.done.Add(int64(done))
	return r.finish(ctx)
}
