package scheduler

// Exported for the external tests.
var (
	BatchSize = batchSize
	BatchTime = batchTime
	MaxBatch  = maxBatch
)
