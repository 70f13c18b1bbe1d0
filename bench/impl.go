package bench

import (
	"context"
	"fmt"
	"runtime"
)

// Impl is one way of building and running the shapes.
type Impl struct {
	// Name identifies the implementation in tables and flags.
	Name string
	// Peer is the implementation's family: "lazy", "taskflow", "errgroup"
	// or "seq".
	Peer string
	// Build builds s, ready to run. Its cost is the build time.
	Build func(s Shape) (Runner, error)
}

// Runner runs a built shape and returns the result task's value. It may
// be called again; each call computes everything anew.
type Runner func(ctx context.Context) (int, error)

// Reference is the name of the lazy configuration the acceptance ratios
// are about: threads at 2 workers, typed path.
const Reference = "lazy-threads2"

// Impls returns every Go implementation at the given worker count (the
// peers' "threads at 2" is workers = 2).
func Impls(workers int) []Impl {
	return []Impl{
		{"seq", "seq", buildSeq},
		{"errgroup", "errgroup", buildErrgroup},
		{fmt.Sprintf("taskflow%d", workers), "taskflow", func(s Shape) (Runner, error) { return buildTaskflow(s, workers) }},
		{"lazy-sync", "lazy", lazyTyped(syncSched())},
		{fmt.Sprintf("lazy-threads%d", workers), "lazy", lazyTyped(threadsSched(workers))},
		{fmt.Sprintf("lazy-threads%d=GOMAXPROCS", runtime.GOMAXPROCS(0)), "lazy", lazyTyped(threadsSched(0))},
		{"lazy-reflect-sync", "lazy", lazyReflect(syncSched())},
		{fmt.Sprintf("lazy-reflect-threads%d", workers), "lazy", lazyReflect(threadsSched(workers))},
	}
}

// Want returns the value of s's result task, by the sequential loop.
func Want(s Shape) int {
	run, _ := buildSeq(s)
	v, _ := run(context.Background())
	return v
}
