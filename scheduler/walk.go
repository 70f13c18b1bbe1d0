package scheduler

import (
	"math"
	"slices"
	"sync/atomic"
	"time"
)

// A walk is how a run of [Threads] starts on a graph that allows it (see
// [graph.Graph.InOrder]): the caller's goroutine runs the calls in id
// order, as [Sync] does, without counting down their dependents, until
// the graph's in-order ids are done or running them alone stops paying.
// It then hands the rest over to the counters: it sets the count of every
// call not yet run and shares the ready ones, and the run goes on as
// [RunParallel] describes. A chain or a wavefront of tiny calls, where a
// second worker only adds the countdowns and the cache lines they share,
// runs to its end in the walk: a 200×200 wavefront's run on two workers
// took 0.63 of the time it took counting down every cell.
//
// The walk is handed over when it reaches the end of the in-order ids, or
// when the watchdog finds it slow: fewer calls walked since its last look
// than tiny tasks would have made (counted as ids, scaled by the graph's
// share of calls), or none at all, because a slow call holds the walker
// while others may be ready. The walker claims each call by moving
// walk.at from the call before to it; the watchdog takes the walk over by
// moving walk.at to walkOver, so that exactly one of them decides where
// the walk ended. The call at walk.at then is finished, or running on the
// walker, and counted as unfinished: the walker counts its dependents down
// as any worker does once it is done.
type walk struct {
	end int32        // the ids to walk: 0 to end-1
	at  atomic.Int32 // the call the walker runs or ran last, -1, or walkOver
	// seen and since are walk.at and the time when the watchdog last
	// looked, or when the pool was made; protected by pool.mu.
	seen  int32
	since time.Time
}

// walkOver is walk.at once the walk is handed over.
const walkOver = math.MinInt32

// walks tells whether runs may start with a walk. It is a variable only
// so that tests can run every graph on the counters from the start.
var walks = true

// walking reports whether the run starts with a walk, which the caller's
// goroutine, worker 0, does.
func (p *pool) walking() bool { return p.walk.end > 0 }

// walkInOrder runs the calls of the walk on w, worker 0, and hands the
// rest over. It returns the last call it ran, which it must count down,
// or -1, and false when the run is stopped or a call failed.
func (p *pool) walkInOrder(w *worker) (int32, bool) {
	g := p.r.g
	last := int32(-1)
	for id := range p.walk.end {
		if !g.IsTask(id) {
			continue
		}
		if !p.walk.at.CompareAndSwap(last, id) {
			// Taken over by the watchdog while last ran, or since:
			// it holds p.mu until it has set the counters.
			p.mu.Lock()
			p.mu.Unlock()
			return last, true
		}
		if p.r.stopped() || !p.r.exec(id, w) {
			return -1, false
		}
		w.done++
		last = id
	}
	p.mu.Lock()
	k := 0
	if p.walk.at.CompareAndSwap(last, walkOver) {
		k = p.handOver(last)
	}
	wake, more := p.workersFor(k)
	p.mu.Unlock()
	for range wake {
		p.cond.Signal()
	}
	p.start(more)
	return last, true
}

// handOver ends the walk after call last (-1 when none ran): it sets the
// countdown of every call after it, last counted as unfinished, pushes
// the ready ones on the shared stack and returns how many there are.
// p.mu must be held, and walk.at moved to walkOver by the caller.
func (p *pool) handOver(last int32) int {
	g := p.r.g
	n := len(p.ready)
	outputs := int64(0)
	for id := max(last, 0); id < int32(g.Len()); id++ {
		if !g.IsTask(id) {
			continue
		}
		if g.IsOutput(id) {
			outputs++ // an id is an output once, however often given
		}
		if id == last {
			continue
		}
		c := int32(0)
		for _, d := range g.Deps(id) {
			if d >= last && g.IsTask(d) {
				c++
			}
		}
		p.pending[id] = c
		if c == 0 {
			p.ready = append(p.ready, id)
		}
	}
	p.outputsLeft.Store(outputs)
	// The shared stack has the lowest id on top.
	slices.Reverse(p.ready[n:])
	return len(p.ready) - n
}

// lookAtWalk is the watchdog's look at the walk, with p.mu held: when the
// walker has walked fewer calls since the last look than tiny tasks would
// have made, or none, it takes the walk over, pushing the calls that are
// ready.
func (p *pool) lookAtWalk(now time.Time) {
	at := p.walk.at.Load()
	if !p.walking() || at == walkOver {
		return
	}
	elapsed := now.Sub(p.walk.since)
	if elapsed < firstWatch {
		return
	}
	// The ids walked, of which data nodes are the graph's share, against
	// the calls tiny tasks would have made.
	g := p.r.g
	ids, tiny := int64(at-p.walk.seen), int64(elapsed/tinyTask)
	slow := ids == 0 || ids*int64(g.Tasks()) < tiny*int64(g.Len())
	p.walk.seen, p.walk.since = at, now
	// The CAS fails when the walker moved on meanwhile: it is not held.
	if slow && p.walk.at.CompareAndSwap(at, walkOver) {
		p.handOver(at)
	}
}
