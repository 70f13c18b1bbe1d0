package scheduler_test

import (
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

// With every task counted as tiny, workers keep what they ready in their
// backlogs and only the watchdog shares it, which the suite must pass as
// well. Under the race detector, tasks are too slow to count as tiny, so
// the suite alone would hardly take that path there.
func TestThreadsConformanceAllTiny(t *testing.T) {
	defer scheduler.SetTinyTask(time.Hour)()
	schedulertest.Run(t, scheduler.Threads, schedulertest.Options{InProcess: true})
}
