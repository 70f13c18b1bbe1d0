// Package schedulertest is the conformance suite every [scheduler.Scheduler]
// passes, as dask's GetFunctionTestMixin is for dask's schedulers: random
// DAGs against a sequential oracle, shared nodes run once, errors and
// panics, cancellation, bounded workers, concurrent runs and (for
// schedulers running tasks in this process) release of intermediates.
//
// Call [Run] from a test:
//
//	func TestConformance(t *testing.T) {
//		schedulertest.Run(t, func(n int) scheduler.Scheduler { return scheduler.Threads(n) },
//			schedulertest.Options{InProcess: true})
//	}
//
// The suite's task functions are registered by name (see [node.Register])
// in this package's init, so schedulers that run tasks in worker processes
// of the test binary can run them.
package schedulertest

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/lazygraph/lazy/scheduler"
)

// Options select what the suite runs.
type Options struct {
	// Workers are the worker counts to run at; nil means 1, 2, 4 and
	// GOMAXPROCS.
	Workers []int
	// InProcess says tasks run in the test's process, which enables the
	// checks that look inside task functions: call counts and the release
	// of intermediate results.
	InProcess bool
}

type suiteCase struct {
	name      string
	inProcess bool // needs Options.InProcess
	run       func(t *testing.T, s scheduler.Scheduler, workers int)
}

var cases = []suiteCase{
	{name: "RandomDAGs", run: testRandomDAGs},
	{name: "SharedRunOnce", inProcess: true, run: testSharedRunOnce},
	{name: "DataOnly", run: testDataOnly},
	{name: "WideCalls", run: testWideCalls},
	{name: "Error", run: testError},
	{name: "Panic", run: testPanic},
	{name: "CancelMidRun", run: testCancelMidRun},
	{name: "CancelledBefore", run: testCancelledBefore},
	{name: "WorkerBound", run: testWorkerBound},
	{name: "ConcurrentRuns", run: testConcurrentRuns},
	{name: "ReleaseIntermediates", inProcess: true, run: testRelease},
	// Without callbacks, executors may take a leaner path per task.
	{name: "NoCallbacks/RandomDAGs", run: testRandomDAGsQuiet},
	{name: "NoCallbacks/Error", run: testErrorQuiet},
	{name: "NoCallbacks/Panic", run: testPanicQuiet},
}

// Run runs the suite against the scheduler newSched returns for each worker
// count, one subtest per count and case.
func Run(t *testing.T, newSched func(workers int) scheduler.Scheduler, opts Options) {
	workers := opts.Workers
	if workers == nil {
		workers = []int{1, 2, 4, runtime.GOMAXPROCS(0)}
	}
	slices.Sort(workers)
	for _, w := range slices.Compact(workers) {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			s := newSched(w)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if c.inProcess && !opts.InProcess {
						t.Skip("looks inside task functions; this scheduler runs them in other processes")
					}
					resetCounts()
					c.run(t, s, w)
				})
			}
		})
	}
}
