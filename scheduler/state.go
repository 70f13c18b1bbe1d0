package scheduler

import (
	"runtime"
	"slices"
	"sync"

	"github.com/lazygraph/lazy/node"
)

// A state holds a run's arrays by id. Runs take them from the spares and
// give them back: a graph computed again and again (a benchmark, a
// service answering requests) would otherwise allocate them afresh each
// time, megabytes for a large graph, which the collector must then
// reclaim and the kernel map again.
type state struct {
	results []any       // for calls; written by the task's worker before its dependents are readied
	slots   []node.Slot // where small results are boxed (see node.Boxes); plain words, never cleared
	readers []int32     // atomic; 0 for values never released
	pending []int32     // for RunParallel: unfinished call arguments by call; atomic
	idle    int         // collections since it was given back
}

// spares holds the states of finished runs for the next runs. A
// sync.Pool lost them: it keeps a value for the processor that gave it
// back, which a run starting on another does not see, and a graph built
// between two runs allocates enough for a collection or two, after which
// the pool has dropped it (building a 10,000-call chain and running it,
// in turn, found the pool empty at 131 of 200 runs). Spares are instead
// let go by the first collection after maxIdle that finds them untaken, so
// the collection after that frees them: a program that stops running
// graphs keeps none for long (a pool frees them at the second collection,
// the spares at the fourth).
var spares struct {
	mu       sync.Mutex
	list     []*state // most recently given back last
	watching bool     // a collection will call ageSpares
}

const (
	// maxSpares bounds the states kept: runs at the same time beyond it
	// allocate their own.
	maxSpares = 4
	// maxIdle is how many collections a spare survives untaken: a graph
	// built between two runs may cause two.
	maxIdle = 2
)

// takeState returns a state for n ids, with results zeroed; readers and
// pending are for the caller to fill. Runs keep a copy, to spare hot loops
// a pointer.
func takeState(n int) *state {
	spares.mu.Lock()
	var s *state
	for i := len(spares.list) - 1; i >= 0; i-- {
		// One far too large is left for a run its size: taken by small
		// runs, it would stay in memory with what a large run left
		// beyond their length.
		if c := cap(spares.list[i].results); c >= n && c <= 2*n+1024 {
			s = spares.list[i]
			// Deleted, not just cut out: a copy left past the end of
			// the list would keep what a failed run leaves in it.
			spares.list = slices.Delete(spares.list, i, i+1)
			break
		}
	}
	spares.mu.Unlock()
	if s == nil {
		return &state{results: make([]any, n), slots: make([]node.Slot, n), readers: make([]int32, n), pending: make([]int32, n)}
	}
	s.results = s.results[:n]
	s.slots = s.slots[:n]
	s.readers = s.readers[:n]
	s.pending = s.pending[:n]
	// Zeroed here rather than when given back: the arrays have gone
	// cold in the meantime, and zeroing brings them into the cache as
	// allocating them does (on a chain of 10,000 calls built and run in
	// turn, zeroing them when given back ran 1.2-1.4 times slower).
	clear(s.results)
	return s
}

// putState gives a copy of s to the spares, with the given outputs
// cleared: whatever else a finished run leaves there is a small value (see
// run) boxed in s's own slots, which the next takeState clears. No task of
// its run may be running.
func putState(s *state, outputs []int32) {
	for _, id := range outputs {
		s.results[id] = nil
	}
	c := *s
	c.idle = 0
	spares.mu.Lock()
	defer spares.mu.Unlock()
	if len(spares.list) == maxSpares {
		spares.list = slices.Delete(spares.list, 0, 1)
	}
	spares.list = append(spares.list, &c)
	if !spares.watching {
		spares.watching = true
		watchCollection()
	}
}

// watchCollection makes the next collection call ageSpares: a cleanup of
// an object nothing references runs after the collection that finds it.
// spares.mu must be held.
func watchCollection() {
	sentinel := new(struct{ _ *int }) // with a pointer: never tiny-allocated, whose cleanups may not run
	runtime.AddCleanup(sentinel, func(struct{}) { ageSpares() }, struct{}{})
}

// ageSpares lets go of the spares that sat through maxIdle collections,
// and watches for the next collection while any are left.
func ageSpares() {
	spares.mu.Lock()
	defer spares.mu.Unlock()
	kept := spares.list[:0]
	for _, s := range spares.list {
		if s.idle++; s.idle <= maxIdle {
			kept = append(kept, s)
		}
	}
	clear(spares.list[len(kept):])
	spares.list = kept
	spares.watching = len(kept) > 0
	if spares.watching {
		watchCollection()
	}
}
