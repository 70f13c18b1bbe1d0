//go:build unix

package processes_test

import (
	"context"
	"testing"

	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/scheduler/processes"
	"github.com/lazygraph/lazy/scheduler/schedulertest"
)

// TestConformance runs the suite every scheduler passes, with its task
// functions running in worker processes of this test binary.
func TestConformance(t *testing.T) {
	t.Cleanup(func() { // runs after the pools' cleanups
		if kids := children(); len(kids) > 0 {
			t.Errorf("worker processes left after Close: %v", kids)
		}
	})
	schedulertest.Run(t, func(n int) scheduler.Scheduler {
		p, err := processes.New(context.Background(), processes.WithWorkers(n))
		if err != nil {
			t.Fatalf("processes.New: %v", err)
		}
		t.Cleanup(func() { p.Close() })
		return p
	}, schedulertest.Options{Workers: []int{1, 2, 4}})
}
