package scheduler

import (
	"context"
	"fmt"
	"runtime"

	"github.com/lazygraph/lazy/graph"
)

// Threads returns the scheduler that runs up to n tasks at once on
// goroutines of the calling process, the default. n <= 0 means
// runtime.GOMAXPROCS(0) at the time of each run; [Config].Workers
// overrides n for one run. CPU-bound graphs want GOMAXPROCS; graphs of
// I/O-bound tasks (network calls, disk) want more.
//
// The caller's goroutine is the first worker; others are started during
// each run as there are tasks for them, up to n, and all have returned
// when Run returns. A task calling runtime.Goexit on the caller's
// goroutine ends it, as under [Sync] (see [RunParallel]). The overhead is
// tens of nanoseconds per task; see the benchmarks in the root package
// and in bench/.
func Threads(n int) Scheduler { return threads{n: n} }

type threads struct{ n int }

func (t threads) String() string {
	if t.n <= 0 {
		return "threads"
	}
	return fmt.Sprintf("threads:%d", t.n)
}

func (t threads) Run(ctx context.Context, g *graph.Graph, cfg Config) ([]any, error) {
	n := cfg.Workers
	if n <= 0 {
		n = t.n
	}
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return RunParallel(ctx, g, cfg, n, nil)
}
