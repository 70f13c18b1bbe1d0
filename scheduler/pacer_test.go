package scheduler_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lazygraph/lazy/scheduler"
)

// A worker takes about BatchTime of work at once from a deep ready stack:
// many tasks when they are fast, one at a time when they are slow, so the
// tasks it holds back cannot keep the other workers idle for long.
func TestBatchSize(t *testing.T) {
	for _, tc := range []struct {
		name    string
		elapsed time.Duration
		tasks   int
		want    int
	}{
		{"no tasks yet", 0, 0, 1},
		{"instant tasks", 0, 10, scheduler.MaxBatch},
		{"100ns tasks", 100 * time.Microsecond, 1000, scheduler.MaxBatch},
		{"10µs tasks", 100 * time.Microsecond, 10, 10},
		{"half batchTime", scheduler.BatchTime, 2, 2},
		{"batchTime", scheduler.BatchTime, 1, 1},
		{"1s tasks", 10 * time.Second, 10, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, scheduler.BatchSize(tc.elapsed, tc.tasks))
		})
	}
}
