package bench

import (
	"sync"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/scheduler"
)

// heldCounter follows a run through its callbacks and counts the results
// the scheduler holds: a call's result from its return until the last call
// reading it starts (the scheduler's release rule), outputs excepted. Its
// maximum is what a reduction keeps alive by the scheduler's choices,
// whatever the garbage collector makes of it.
type heldCounter struct {
	scheduler.NoCallbacks
	mu      sync.Mutex // protects the fields below
	g       *graph.Graph
	readers []int32 // by id: reads not yet started
	held    int
	max     int
}

func (h *heldCounter) Start(g *graph.Graph) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.g = g
	h.readers = make([]int32, g.Len())
	for id := range int32(g.Len()) {
		h.readers[id] = int32(g.Readers(id))
	}
}

func (h *heldCounter) TaskStart(id int32, _ int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, d := range h.g.Deps(id) {
		if h.readers[d]--; h.readers[d] == 0 && !h.g.Node(d).IsData() && !h.g.IsOutput(d) {
			h.held--
		}
	}
}

func (h *heldCounter) TaskDone(ev scheduler.TaskEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ev.Err == nil && !h.g.IsOutput(ev.ID) && h.readers[ev.ID] > 0 {
		h.held++
		h.max = max(h.max, h.held)
	}
}
