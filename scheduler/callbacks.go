package scheduler

import (
	"time"

	"github.com/lazygraph/lazy/graph"
)

// Callbacks hear of a run's progress: progress bars, logs, profiles and
// pictures of a run are built on them. Schedulers call TaskStart and
// TaskDone from their worker goroutines, concurrently: implementations must
// be safe for concurrent use and quick. A run without callbacks pays
// nothing for them (not even reading the clock).
//
// Embed [NoCallbacks] to implement only some of the methods.
type Callbacks interface {
	// Start is called once before any task starts.
	Start(g *graph.Graph)
	// TaskStart is called just before the call with the given id runs, on
	// the given worker (0 to workers-1).
	TaskStart(id int32, worker int)
	// TaskDone is called when a call has returned.
	TaskDone(ev TaskEvent)
	// Finish is called once after every started task has returned, with the
	// error Run returns.
	Finish(err error)
}

// TaskEvent describes a finished task.
type TaskEvent struct {
	ID       int32
	Worker   int
	Duration time.Duration // from TaskStart to return
	Err      error         // the *TaskError, or nil on success
}

// NoCallbacks implements [Callbacks] with methods that do nothing; embed it.
type NoCallbacks struct{}

func (NoCallbacks) Start(*graph.Graph)   {}
func (NoCallbacks) TaskStart(int32, int) {}
func (NoCallbacks) TaskDone(TaskEvent)   {}
func (NoCallbacks) Finish(error)         {}
