package scheduler_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/scheduler/schedulertest"
)

func TestSyncConformance(t *testing.T) {
	schedulertest.Run(t, func(int) scheduler.Scheduler { return scheduler.Sync() },
		schedulertest.Options{InProcess: true})
}

func TestThreadsConformance(t *testing.T) {
	schedulertest.Run(t, scheduler.Threads, schedulertest.Options{InProcess: true})
}

// Most of the suite's graphs are small enough to run in a walk (see
// graph.Graph.InOrder) from start to end: the counters, batches, tallies
// and backlogs of Threads must pass it too.
func TestThreadsConformanceCounted(t *testing.T) {
	defer scheduler.SetWalks(false)()
	schedulertest.Run(t, scheduler.Threads, schedulertest.Options{InProcess: true})
}

// With every task counted as tiny, workers keep what they ready in their
// backlogs and only the watchdog shares it, which the suite must pass as
// well, on the counters from the start and in a walk, which the watchdog
// then takes over only from a call that holds it for a whole look. Under
// the race detector, tasks are too slow to count as tiny, so the suite
// alone would hardly take that path there.
func TestThreadsConformanceAllTiny(t *testing.T) {
	defer scheduler.SetTinyTask(time.Hour)()
	for _, walks := range []bool{false, true} {
		t.Run(fmt.Sprintf("walks=%v", walks), func(t *testing.T) {
			defer scheduler.SetWalks(walks)()
			schedulertest.Run(t, scheduler.Threads, schedulertest.Options{InProcess: true})
		})
	}
}
