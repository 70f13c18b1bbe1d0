package scheduler

import "time"

// SetTinyTask sets the time below which tasks count as tiny, until the
// returned func restores it.
func SetTinyTask(d time.Duration) (restore func()) {
	old := tinyTask
	tinyTask = d
	return func() { tinyTask = old }
}

// SetWalks sets whether runs may start with a walk, until the returned
// func restores it.
func SetWalks(on bool) (restore func()) {
	old := walks
	walks = on
	return func() { walks = old }
}

// Exported for the external tests.
var (
	BatchSize = batchSize
	BatchTime = batchTime
	MaxBatch  = maxBatch
)
