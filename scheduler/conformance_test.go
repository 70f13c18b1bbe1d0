package scheduler_test

import (
	"testing"

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
