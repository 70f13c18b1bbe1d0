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
//     unless it is an output or a small value (see
//     [node.Func.SmallResult]), which is kept until the run ends.
//   - The first error or panic of a task is wrapped in a [*TaskError]; it
//     cancels the context the tasks were given with that error as cause, no
//     new task starts, and Run returns only after every started task has
//     returned. Cancelling the caller's context does the same.
//   - A task that panics does not crash the program: the panic becomes a
//     [*PanicError] holding its value and stack, inside the [*TaskError].
//
// Schedulers are values passed in by the caller; the only state shared
// between runs is a few spare sets of the lists a run keeps by node, given
// back cleared of outputs and let go after a few collections untaken. The
// zero [Config] is valid.
package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

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
	// TaskTimeout bounds each task whose node sets no Timeout; 0 is none.
	TaskTimeout time.Duration
}

// Parse returns the scheduler with the given name: "sync", "threads",
// "threads:N" (N workers), or a name registered with [Register] (such as
// "processes" once package processes is imported), also with ":N". Names
// are what flags and configuration files carry.
func Parse(name string) (Scheduler, error) {
	base, arg, hasArg := strings.Cut(name, ":")
	registry.mu.Lock()
	newSched, ok := registry.m[base]
	registry.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("scheduler: unknown scheduler %q; known: %s", name, strings.Join(Names(), ", "))
	}
	n := 0
	if hasArg {
		if _, err := fmt.Sscanf(arg, "%d", &n); err != nil || n < 1 || fmt.Sprint(n) != arg {
			return nil, fmt.Errorf("scheduler: %q: worker count %q is not a positive integer", name, arg)
		}
	}
	return newSched(n)
}

var registry = struct {
	mu sync.Mutex // protects m
	m  map[string]func(workers int) (Scheduler, error)
}{m: map[string]func(int) (Scheduler, error){
	"sync":    func(int) (Scheduler, error) { return Sync(), nil },
	"threads": func(n int) (Scheduler, error) { return Threads(n), nil },
}}

// Register makes Parse accept name, calling newSched with the worker count
// given as "name:N" (0 when absent). Executor packages call it from init.
// It panics if name is taken or contains ':'.
func Register(name string, newSched func(workers int) (Scheduler, error)) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if _, dup := registry.m[name]; dup || strings.Contains(name, ":") || name == "" {
		panic(fmt.Sprintf("scheduler: Register of %q: name taken or malformed", name))
	}
	registry.m[name] = newSched
}

// Names returns the names Parse accepts, sorted.
func Names() []string {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	names := make([]string, 0, len(registry.m))
	for n := range registry.m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
