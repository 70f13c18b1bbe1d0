package schedulertest

import (
	"sync"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/scheduler"
)

// recorder logs a run's callbacks in the order they happen.
type recorder struct {
	mu       sync.Mutex // protects everything below
	starts   int        // Start calls
	finishes int
	started  map[int32]int // TaskStart count by id
	done     map[int32]int
	order    []event
	running  int
	peak     int         // most tasks running at once
	onStart  func(n int) // called with the number of tasks started, under mu
	finalErr error
}

type event struct {
	id    int32
	start bool
	err   error
}

func newRecorder() *recorder {
	return &recorder{started: map[int32]int{}, done: map[int32]int{}}
}

func (r *recorder) Start(*graph.Graph) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.starts++
}

func (r *recorder) TaskStart(id int32, _ int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started[id]++
	r.order = append(r.order, event{id: id, start: true})
	r.running++
	r.peak = max(r.peak, r.running)
	// The hook runs before the lock is released, so no other start is
	// recorded until it returns: a test that cancels from it counts the
	// starts after the cancel exactly.
	if r.onStart != nil {
		r.onStart(len(r.started))
	}
}

func (r *recorder) TaskDone(ev scheduler.TaskEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done[ev.ID]++
	r.running--
	r.order = append(r.order, event{id: ev.ID, err: ev.Err})
}

func (r *recorder) Finish(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finishes++
	r.finalErr = err
}

// startsAfterFirstError counts tasks started after the first failed
// TaskDone: at most those already past their stop check may start.
func (r *recorder) startsAfterFirstError() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, failed := 0, false
	for _, e := range r.order {
		switch {
		case !e.start && e.err != nil:
			failed = true
		case e.start && failed:
			n++
		}
	}
	return n
}
