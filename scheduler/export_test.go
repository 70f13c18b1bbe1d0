package scheduler

import "time"

// SetTinyTask sets the time below which tasks count as tiny, until the
// returned func restores it.
func SetTinyTask(d time.Duration) (restore func()) {
	old := tinyTask
	tinyTask = d
	return func() { tinyTask = old }
}

// Exported for the external tests.
var (
	BatchSize = batchSize
	BatchTime = batchTime
	MaxBatch  = maxBatch
)
