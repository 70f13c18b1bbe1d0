package visualize

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// State is what happened to a node in a recorded run.
type State uint8

const (
	// Unknown: the node was not part of the recorded run (or nothing was
	// recorded yet).
	Unknown State = iota
	// NotRun: the call never started, because the run stopped first.
	NotRun
	// Running: the call had started and not returned when the picture was
	// drawn.
	Running
	// Done: the call returned a value.
	Done
	// Failed: the call returned an error, panicked or timed out.
	Failed
	// Cancelled: the call returned because the run was stopped (another
	// task failed, or the caller's context ended) while it ran.
	Cancelled
	// Persisted: the node is a value computed by an earlier run (see
	// lazy.Persist); nothing ran.
	Persisted
)

var stateNames = [...]string{Unknown: "unknown", NotRun: "not run", Running: "running",
	Done: "done", Failed: "failed", Cancelled: "cancelled", Persisted: "persisted"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", s)
}

// Task is what a [Recorder] knows of one call.
type Task struct {
	State    State
	Duration time.Duration // from start to return; zero unless it returned
	Err      error         // the task's error, when Failed or Cancelled
}

// Recorder records a run's story for drawing: pass it to a compute as
// callbacks (lazy.WithCallbacks(rec)) and then to [WithRun]. It implements
// [scheduler.Callbacks] and is safe for concurrent use; its zero value is
// ready to use. A Recorder holds the last run that started with it: record
// one run at a time.
//
// Recording costs one atomic store per task start and two per task end;
// the run's keys are indexed only when a picture needs them.
type Recorder struct {
	run atomic.Pointer[recording] // the latest run; replaced by Start
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return new(Recorder) }

// recording is one run. Slices are indexed by the run's graph ids and
// written with atomics, since tasks end on many goroutines at once.
type recording struct {
	g        *graph.Graph
	states   []atomic.Uint32
	duration []atomic.Int64
	errs     []atomic.Pointer[error]
	finished atomic.Bool

	indexOnce sync.Once
	index     map[node.Key]int32 // built by indexOnce
}

var _ scheduler.Callbacks = (*Recorder)(nil)

// Start begins recording a run of g, forgetting any earlier run.
func (r *Recorder) Start(g *graph.Graph) {
	n := g.Len()
	rec := &recording{g: g, states: make([]atomic.Uint32, n), duration: make([]atomic.Int64, n),
		errs: make([]atomic.Pointer[error], n)}
	for id := range int32(n) {
		s := NotRun
		switch g.Node(id).Kind() {
		case node.Persisted:
			s = Persisted
		case node.Literal:
			s = Unknown
		}
		rec.states[id].Store(uint32(s))
	}
	r.run.Store(rec)
}

// TaskStart records that call id started.
func (r *Recorder) TaskStart(id int32, _ int) {
	if rec := r.run.Load(); rec != nil && int(id) < len(rec.states) {
		rec.states[id].Store(uint32(Running))
	}
}

// TaskDone records how call id ended.
func (r *Recorder) TaskDone(ev scheduler.TaskEvent) {
	rec := r.run.Load()
	if rec == nil || int(ev.ID) >= len(rec.states) {
		return
	}
	rec.duration[ev.ID].Store(int64(ev.Duration))
	s := Done
	if ev.Err != nil {
		s = stateOfError(ev.Err)
		err := ev.Err
		rec.errs[ev.ID].Store(&err)
	}
	rec.states[ev.ID].Store(uint32(s))
}

// Finish records that the run is over.
func (r *Recorder) Finish(error) {
	if rec := r.run.Load(); rec != nil {
		rec.finished.Store(true)
	}
}

// stateOfError tells a task that failed from one stopped by the run: a
// task that returns the context's error was cancelled, unless its own
// timeout expired.
func stateOfError(err error) State {
	var timeout *scheduler.TimeoutError
	switch {
	case errors.As(err, &timeout):
		return Failed
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Cancelled
	}
	return Failed
}

// Lookup returns what the recorded run did with the node of the given key,
// and false when the run had no such node (or nothing was recorded).
func (r *Recorder) Lookup(k node.Key) (Task, bool) {
	rec := r.run.Load()
	if rec == nil {
		return Task{}, false
	}
	id, ok := rec.find(k, -1)
	if !ok {
		return Task{}, false
	}
	return rec.task(id), true
}

// find returns the run's id of the node with key k; hint is the id the
// node probably has (the same outputs build the same ids), or -1.
func (rec *recording) find(k node.Key, hint int32) (int32, bool) {
	if hint >= 0 && int(hint) < rec.g.Len() && rec.g.Node(hint).Key() == k {
		return hint, true
	}
	rec.indexOnce.Do(func() {
		rec.index = make(map[node.Key]int32, rec.g.Len())
		for id := range int32(rec.g.Len()) {
			rec.index[rec.g.Node(id).Key()] = id
		}
	})
	id, ok := rec.index[k]
	return id, ok
}

func (rec *recording) task(id int32) Task {
	t := Task{State: State(rec.states[id].Load()), Duration: time.Duration(rec.duration[id].Load())}
	if p := rec.errs[id].Load(); p != nil {
		t.Err = *p
	}
	return t
}
