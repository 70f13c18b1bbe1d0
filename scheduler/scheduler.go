// Package scheduler runs a compiled [graph.Graph]: [Sync] in the caller's
// goroutine for debugging, [Threads] on a bounded set of goroutines (the
// default). Other executors (processes, distributed) implement [Scheduler]
// and pass the conformance suite in package schedulertest.
//
// # Semantics every scheduler keeps
//
//   - A call runs once its arguments are computed; data nodes (literals,
//     persisted values) are ready from the start.
//   - Ties between ready calls go to the lowest id, the graph's static
//     priority; Threads keeps its ready set as a LIFO stack and runs one
//     newly ready dependent inline on the worker that readied it.
//   - A result is released as soon as the last call reading it has started,
//     unless it is an output.
//   - The first error or panic of a task is wrapped in a [*TaskError]; it
//     cancels the context the tasks were given with that error as cause, no
//     new task starts, and Run returns only after every started task has
//     returned. Cancelling the caller's context does the same.
//   - A task that panics does not crash the program: the panic becomes a
//     [*PanicError] holding its value and stack, inside the [*TaskError].
//
// Schedulers are values passed in by the caller; there are no package-level
// pools. The zero [Config] is valid.
package scheduler

import (
	"context"
	"fmt"
	"strings"

	"github.com/lazygraph/lazy/graph"
)

// Scheduler runs graphs.
type Scheduler interface {
	// Run computes every call of g and returns the values of g's outputs in
	// order. It returns only after every task it started has returned.
	Run(ctx context.Context, g *graph.Graph, cfg Config) ([]any, error)
	// String returns the scheduler's name, as Parse accepts it.
	String() string
}

// Config holds per-run settings. The zero value is valid.
type Config struct {
	// Workers bounds how many tasks run at once; 0 keeps the scheduler's
	// own setting. Sync ignores it.
	Workers int
	// Callbacks, when not nil, hear of the run's progress.
	Callbacks Callbacks
}

// Parse returns the scheduler with the given name: "sync", "threads" or
// "threads:N" (N workers). Names are what flags and configuration files
// carry.
func Parse(name string) (Scheduler, error) {
	switch base, arg, hasArg := strings.Cut(name, ":"); {
	case name == "sync":
		return Sync(), nil
	case base == "threads" && !hasArg:
		return Threads(0), nil
	case base == "threads":
		var n int
		if _, err := fmt.Sscanf(arg, "%d", &n); err != nil || n < 1 || fmt.Sprint(n) != arg {
			return nil, fmt.Errorf("scheduler: %q: worker count %q is not a positive integer", name, arg)
		}
		return Threads(n), nil
	}
	return nil, fmt.Errorf("scheduler: unknown scheduler %q; use \"sync\", \"threads\" or \"threads:N\"", name)
}
