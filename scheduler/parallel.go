package scheduler

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lazygraph/lazy/graph"
)

// RunParallel runs g on the given number of goroutines, calling invoke for
// each task: the loop behind [Threads] (which passes a nil invoke: each
// task runs in the goroutine that took it), shared with executors that
// run tasks elsewhere (worker processes) but keep the graph's bookkeeping
// here. workers is capped at the number of tasks.
//
// Each call has a counter of unfinished call arguments. A worker that
// finishes a task decrements its dependents' counters; of those that reach
// zero it keeps the one with the lowest id to run next itself (Taskflow's
// executor does the same: a chain then never touches the shared ready set)
// and pushes the rest on a LIFO stack, lowest id on top, for idle workers,
// or, while its tasks are tiny, keeps them in its own backlog (see gauge).
// A worker finding the stack deep takes several tasks from its top at once,
// as many as make about batchTime of work (see pacer). Workers start as
// there are tasks for them; the caller's goroutine is the first. When
// tasks run in the worker's goroutine (a nil invoke) and the graph allows
// it, the caller's goroutine first runs calls in id order without any
// countdown, handing over to the counters when that stops paying (see
// walk).
// Countdowns of calls with many call arguments are tallied per worker and
// applied in batches (see tally).
//
// A task that calls runtime.Goexit ends the goroutine running it, as
// Goexit must, and stops the run with an error. When that goroutine is
// the caller's, RunParallel does not return: it waits for the other
// workers on its way out, so that nothing of the run is left running.
func RunParallel(ctx context.Context, g *graph.Graph, cfg Config, workers int, invoke InvokeFunc) ([]any, error) {
	r := newRun(ctx, g, cfg, invoke)
	if g.Tasks() == 0 || r.stopped() {
		return r.finish(ctx)
	}
	workers = max(1, min(workers, g.Tasks()))
	p := newPool(r, workers)
	// Wake idle workers when the caller cancels or a task fails.
	woken := make(chan struct{})
	unwatch := context.AfterFunc(r.ctx, func() {
		defer close(woken)
		p.end()
	})
	wound := false
	defer func() {
		if !wound {
			// The caller's goroutine is leaving: a task's
			// runtime.Goexit (the run is stopped already), or a panic
			// or Goexit outside a task, in a callback or the
			// scheduler, which must stop the run too, or the other
			// workers would run on and the wind-up wait for them.
			r.fail(errCallerLeft)
			p.windUp(unwatch, woken)
			_, _ = r.finish(ctx)
		}
	}()
	// Workers start as tasks are there for them (see spawn): a chain
	// needs one, and a worker never started is never woken to end. The
	// first is the caller's goroutine, which would otherwise wait idle:
	// starting a goroutine and waking the caller when it ends cost two
	// wake-ups of an idle processor (a tenth of a 10,000-call chain's run
	// on two workers), and the graph just built is in this core's cache.
	p.mu.Lock()
	k := len(p.ready) // the roots
	if p.walking() {
		k = 1
	}
	first := p.spawn(k)
	p.mu.Unlock()
	if first.end > first.first { // none when the run was cancelled meanwhile
		p.start(ids{first.first + 1, first.end})
		p.work(first.first)
	}
	p.windUp(unwatch, woken)
	wound = true
	return r.finish(ctx)
}

// windUp waits for every worker and the watchdog to return, and for the
// wake-up on cancellation to finish or be unregistered by unwatch.
func (p *pool) windUp(unwatch func() bool, woken <-chan struct{}) {
	p.wg.Wait()
	p.end() // already over; the watchdog, if it runs now, sees it
	p.mu.Lock()
	if p.armed && p.watch.Stop() {
		p.armed = false
		p.watching.Done() // the call that will not happen
	}
	p.mu.Unlock()
	p.watching.Wait()
	if !unwatch() {
		<-woken // the wake-up ran or is running: let it finish
	}
}

type pool struct {
	r       *run
	pending []int32 // by id: unfinished call arguments; atomic once shared (see handOver)
	// outputsLeft counts output calls not yet finished. Every call in the
	// graph is an output or runs before one, so when it reaches zero the
	// run is complete: no counter shared by every task is needed.
	outputsLeft atomic.Int64
	wg          sync.WaitGroup

	mu    sync.Mutex  // protects the fields below
	cond  sync.Cond   // signalled when ready grows or the run ends
	ready []int32     // LIFO; of the ids pushed together, the lowest is on top
	idle  int         // workers waiting in cond and not yet signalled
	over  bool        // no more tasks will be handed out
	watch *time.Timer // the watchdog, nil until first armed
	armed bool        // the watchdog will fire
	// watching counts the watchdog's pending and running calls, so that
	// RunParallel returns only after the last.
	watching sync.WaitGroup

	backlogs []backlog // by worker
	walk     walk      // the run's start in id order, if any

	workers int // goroutines that may take tasks
	started int // goroutines started; protected by mu
}

func newPool(r *run, workers int) *pool {
	g := r.g
	p := &pool{r: r, pending: r.pending, workers: workers, backlogs: make([]backlog, workers)}
	p.cond.L = &p.mu
	if r.invoke == nil && walks {
		// Tasks that run in the worker's goroutine may be tiny: walk
		// what the graph allows, the counters are set at its end.
		p.walk.end = int32(g.InOrder())
	}
	if p.walking() {
		p.walk.at.Store(-1)
		p.walk.seen, p.walk.since = -1, time.Now()
		return p
	}
	copy(p.pending, g.PendingCounts())
	seen := map[int32]bool{}
	for _, id := range g.Outputs() {
		if g.IsTask(id) && !seen[id] {
			seen[id] = true
			p.outputsLeft.Add(1)
		}
	}
	roots := g.Roots()
	p.ready = make([]int32, len(roots), max(len(roots), 64))
	for i, id := range roots {
		p.ready[len(roots)-1-i] = id
	}
	return p
}

// spawn counts up to k more workers as started, within p.workers, and
// returns the ids to start (see start). p.mu must be held. No worker
// returns before the run is over (see work), so while it is not, the wait
// group is above zero and may grow.
func (p *pool) spawn(k int) ids {
	if p.over {
		return ids{}
	}
	k = max(0, min(k, p.workers-p.started))
	p.started += k
	p.wg.Add(k)
	return ids{p.started - k, p.started}
}

// ids are the worker ids from first up to, not including, end.
type ids struct{ first, end int }

// start starts the workers spawn counted; p.mu must not be held.
func (p *pool) start(w ids) {
	for id := w.first; id < w.end; id++ {
		go p.work(id)
	}
}

func (p *pool) work(id int) {
	defer p.wg.Done()
	// The run is over before any worker returns, also when a task's panic
	// ends this one: only then may the wait group reach zero.
	defer p.end()
	w := newWorker(id, p.r.g)
	defer func() { p.r.done.Add(int64(w.done)) }()
	returned := false
	defer p.r.guard(w, &returned)
	p.loop(w)
	returned = true
}

// loop runs tasks on w until none are left or the run stops.
func (p *pool) loop(w *worker) {
	var fresh, mine []int32 // mine: tasks taken from the shared stack, top last
	next := int32(-1)
	held := tally{id: -1}
	var pace pacer
	gauge := gauge{since: time.Now()}
	own := &p.backlogs[w.id]
	if w.id == 0 && p.walking() {
		if p.workers > 1 && !p.r.g.InOrderSerial() {
			// A call may wait beside the walk: watch it. (A chain
			// has nothing to hand over, and a timer per run costs
			// a small graph a fifth of its run.)
			p.arm()
		}
		last, ok := p.walkInOrder(w)
		if !ok {
			p.end()
			return
		}
		own.progress.Store(int64(w.done))
		if last >= 0 {
			if next, fresh = p.finished(last, &held, fresh[:0]); len(fresh) > 0 {
				p.keepOrShare(own, &gauge, w.done, fresh)
			}
		}
	}
	for {
		if next < 0 && len(mine) == 0 {
			// Nothing of its own left: hand over what it holds back
			// before it waits for others' tasks.
			next, fresh = p.settle(&held, next, fresh[:0])
			if len(fresh) > 0 {
				p.push(fresh)
			}
		}
		if next < 0 && len(mine) == 0 {
			if next = own.pop(); next >= 0 && !gauge.tiny(w.done, 1) {
				// Its tasks are no longer tiny: share the rest.
				if fresh = own.takeAll(fresh[:0]); len(fresh) > 0 {
					p.push(fresh)
				}
			}
		}
		if next < 0 {
			if len(mine) == 0 {
				if mine = p.pop(mine, &pace); len(mine) == 0 {
					return
				}
			}
			next, mine = mine[len(mine)-1], mine[:len(mine)-1]
		}
		if p.r.stopped() || !p.r.exec(next, w) {
			p.end()
			return
		}
		if w.done++; w.done%progressTasks == 0 {
			own.progress.Store(int64(w.done))
		}
		next, fresh = p.finished(next, &held, fresh[:0])
		if held.id >= 0 {
			if held.age++; held.age >= tallyMax {
				next, fresh = p.settle(&held, next, fresh)
			}
		}
		if len(fresh) > 0 {
			p.keepOrShare(own, &gauge, w.done, fresh)
		}
	}
}

// keepOrShare puts the tasks a worker readied beside the one it runs next
// in its backlog own while its tasks are tiny (see gauge), or on the
// shared stack with its backlog; done is how many tasks it finished.
func (p *pool) keepOrShare(own *backlog, gauge *gauge, done int, fresh []int32) {
	if p.workers > 1 && gauge.tiny(done, len(fresh)) {
		if own.put(fresh) {
			p.arm()
		}
		return
	}
	// Its backlog, if any, may hold slow tasks now: share it too.
	p.push(own.takeAll(fresh))
}

// A gauge tells whether a worker's tasks are tiny: below tinyTask each on
// average, the time it spent waiting included. A worker running tiny
// tasks keeps the tasks it readies beyond the one it runs next in its
// backlog, instead of the shared stack: it takes them back itself moments
// later, whereas handing a 50 ns task to another core costs a wake-up and
// the cache lines of its arguments and counters. (On a wavefront of tiny
// tasks, two workers sharing every cell ran at half the speed of one.)
// Should a task in a backlog wait, because its worker is busy with a slow
// task or has many, the watchdog hands it to idle workers.
//
// The gauge reads the clock only when a task readies more than one, and
// then only once gaugeTasks tasks have finished since the last reading.
// Before its first reading it tells by the number of tasks readied beside
// the one run next: one is kept, several are shared. Had the first tasks
// of a wavefront shared their one extra task, a second worker would start
// on it and share the cells of the first to the end (its run on two
// workers took 48 ns a task instead of 40); had they kept a fan-out of
// slow tasks, those would wait for the watchdog, a millisecond or two.
type gauge struct {
	since time.Time // of the last reading
	at    int       // tasks the worker had finished then
	was   bool      // the last verdict
}

const (
	gaugeTasks  = 16
	watchPeriod = time.Millisecond
	// firstWatch is how soon the watchdog first looks at a backlog that
	// was empty: slow tasks readied by a tiny one wait no longer for
	// another worker.
	firstWatch = 100 * time.Microsecond
	// quietLooks is how many of the watchdog's looks in a row may find a
	// worker of tiny tasks not popping from its backlog before it shares
	// the backlog: about 5 ms.
	quietLooks = 5
)

// tinyTask is the average time below which a worker's tasks are tiny. It
// is a variable only so that tests can make every task count as tiny.
var tinyTask = 2 * time.Microsecond

// tiny reports whether the tasks finished since the last reading took
// under tinyTask each, or the last verdict when they are too few to tell;
// done is how many tasks the worker has finished, k how many it would
// keep, which tells before the first reading.
func (g *gauge) tiny(done, k int) bool {
	n := done - g.at
	if n < gaugeTasks {
		if g.at == 0 { // no reading yet
			return k == 1
		}
		return g.was
	}
	now := time.Now()
	g.was = now.Sub(g.since) < time.Duration(n)*tinyTask
	g.since, g.at = now, done
	return g.was
}

// A backlog holds the tasks a worker of tiny tasks readied and keeps for
// itself (see gauge), a LIFO stack like the shared one. Its worker pushes
// and pops; the watchdog takes the bottom half when the worker has
// finished too few tasks in a whole watchPeriod for them to be tiny (see
// stale).
type backlog struct {
	mu  sync.Mutex // protects the fields up to progress
	ids []int32
	// seen is the progress when the watchdog last looked, or when the
	// backlog was last filled from empty if that is later: since.
	seen  int64
	since time.Time
	pops  int // by its worker
	// quiet counts the watchdog's looks in a row that found no pop
	// since the one before, and seenPops the pops at the last look.
	quiet, seenPops int
	// progress is how many tasks its worker has finished, published every
	// progressTasks tasks, for the watchdog.
	progress atomic.Int64
	_        [64]byte
}

// progressTasks is how often a worker publishes its progress.
const progressTasks = 64

// put adds fresh (lowest id on top) and reports whether the backlog was
// empty, so the watchdog must be armed.
func (b *backlog) put(fresh []int32) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	was := len(b.ids)
	for i := len(fresh) - 1; i >= 0; i-- {
		b.ids = append(b.ids, fresh[i])
	}
	if was == 0 {
		b.seen, b.since = b.progress.Load(), time.Now()
		b.quiet, b.seenPops = 0, b.pops
	}
	return was == 0
}

// pop returns the top task, or -1.
func (b *backlog) pop() int32 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.ids) == 0 {
		return -1
	}
	b.pops++
	id := b.ids[len(b.ids)-1]
	b.ids = b.ids[:len(b.ids)-1]
	return id
}

// takeAll moves every task into into, top first, as push wants them.
func (b *backlog) takeAll(into []int32) []int32 {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := len(b.ids) - 1; i >= 0; i-- {
		into = append(into, b.ids[i])
	}
	b.ids = b.ids[:0]
	return into
}

// holds reports whether the backlog holds tasks.
func (b *backlog) holds() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.ids) > 0
}

// stale takes the bottom half of the backlog into into, bottom first,
// when since the last look (or the backlog was filled), its worker has
// finished fewer tasks than tiny ones would have, because a slow task
// keeps it busy, or its tasks are not tiny after all: tasks of 300 µs
// readied by tiny ones would otherwise all run on that worker, one at a
// time. A worker that finishes tiny tasks by the thousand keeps its
// backlog until it has gone quietLooks looks without popping from it:
// on a wavefront, which it pops from about once a row, sharing tiny
// tasks' cells with another worker would slow both, but a slow task kept
// beside a long chain of tiny ones must not wait for the whole chain.
// now is the time of the look.
func (b *backlog) stale(into []int32, now time.Time) []int32 {
	b.mu.Lock()
	defer b.mu.Unlock()
	progress := b.progress.Load()
	elapsed := now.Sub(b.since)
	if elapsed < firstWatch {
		return into // filled too recently to tell
	}
	if b.pops == b.seenPops {
		b.quiet++
	} else {
		b.quiet, b.seenPops = 0, b.pops
	}
	slow := progress-b.seen < int64(elapsed/tinyTask) || b.quiet >= quietLooks
	if slow && len(b.ids) > 0 {
		k := (len(b.ids) + 1) / 2
		into = append(into, b.ids[:k]...)
		b.ids = append(b.ids[:0], b.ids[k:]...)
	}
	b.seen, b.since = progress, now
	return into
}

// arm makes the watchdog fire after firstWatch, if it is not armed; a
// backlog was just filled, or a walk begins.
func (p *pool) arm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.armed || p.over {
		return
	}
	p.armed = true
	p.watching.Add(1)
	if p.watch == nil {
		p.watch = time.AfterFunc(firstWatch, p.watchdog)
	} else {
		p.watch.Reset(firstWatch)
	}
}

// watchdog takes a slow walk over (see lookAtWalk), moves the stale part
// of every backlog to the shared stack and wakes idle workers for them;
// it fires again while a walk goes on or backlogs hold tasks.
func (p *pool) watchdog() {
	defer p.watching.Done()
	p.mu.Lock()
	p.armed = false
	if p.over {
		p.mu.Unlock()
		return
	}
	n := len(p.ready)
	var stale []int32
	now := time.Now()
	p.lookAtWalk(now)
	held := p.walking() && p.walk.at.Load() != walkOver
	for i := range p.backlogs {
		stale = p.backlogs[i].stale(stale[:0], now)
		// The shared stack keeps the lowest id on top: the bottom of a
		// backlog, which is its highest, goes in first.
		p.ready = append(p.ready, stale...)
		held = held || p.backlogs[i].holds()
	}
	wake, more := p.workersFor(len(p.ready) - n)
	if held {
		p.armed = true
		p.watching.Add(1)
		p.watch.Reset(watchPeriod)
	}
	p.mu.Unlock()
	for range wake {
		p.cond.Signal()
	}
	p.start(more)
}

// A tally is a worker's countdown of one wide call's counter not yet
// applied: when the leaves of a fan-in finish on every worker, counting
// each down on the shared counter makes the workers take turns on its
// cache line, once per task. A worker applies its tally when it moves to
// another wide call, before it looks for tasks elsewhere, and after at
// most tallyMax tasks, so a call waits on a busy worker only briefly.
type tally struct {
	id  int32 // the wide call, or -1
	n   int32 // countdowns held
	age int   // tasks finished since the tally started
}

const (
	// wideCall is the number of results still awaited from which a
	// call's countdowns are tallied (its last ones are counted down
	// directly).
	wideCall = 64
	// tallyMax is the number of tasks after which a tally is applied.
	tallyMax = 64
)

// finished counts down the dependents of id and returns the one to run
// next on this worker (or -1) and the others that became ready, appended
// to fresh; both in id order, but for a tallied call readied on the way.
func (p *pool) finished(id int32, held *tally, fresh []int32) (int32, []int32) {
	next := int32(-1)
	g := p.r.g
	if t := g.Successor(id); t >= 0 {
		// The next link of a chain: ready, and nothing else is.
		next = t
	} else {
		for _, t := range g.Dependents(id) {
			// The count is of the results t still waits for, this one
			// included: at 1, no other task will count t down, so it is
			// ready without a locked update (a call of one argument, or
			// the second of two on one worker: a wavefront cell).
			switch c := atomic.LoadInt32(&p.pending[t]); {
			case c == 1:
			case c >= wideCall:
				if held.id != t {
					next, fresh = p.settle(held, next, fresh)
					held.id = t
				}
				held.n++
				continue
			case atomic.AddInt32(&p.pending[t], -1) != 0:
				continue
			}
			next, fresh = ready(t, next, fresh)
		}
	}
	if g.IsOutput(id) && p.outputsLeft.Add(-1) == 0 {
		p.end()
	}
	return next, fresh
}

// settle applies the tally, if any, readying its call when the tally
// finishes the countdown.
func (p *pool) settle(held *tally, next int32, fresh []int32) (int32, []int32) {
	if held.id < 0 {
		return next, fresh
	}
	t, n := held.id, held.n
	*held = tally{id: -1}
	if atomic.AddInt32(&p.pending[t], -n) == 0 {
		return ready(t, next, fresh)
	}
	return next, fresh
}

// ready makes t the task to run next, or adds it to fresh when next is
// taken.
func ready(t, next int32, fresh []int32) (int32, []int32) {
	if next < 0 {
		return t, fresh
	}
	return next, append(fresh, t)
}

func (p *pool) push(fresh []int32) {
	p.mu.Lock()
	for i := len(fresh) - 1; i >= 0; i-- {
		p.ready = append(p.ready, fresh[i])
	}
	wake, more := p.workersFor(len(fresh))
	p.mu.Unlock()
	for range wake {
		p.cond.Signal()
	}
	p.start(more)
}

// workersFor finds workers for k tasks just pushed on the shared stack:
// idle ones to wake, taken off p.idle, and as many more to start (see
// spawn). p.mu must be held; the caller signals and starts them once it
// is released.
func (p *pool) workersFor(k int) (wake int, more ids) {
	wake = min(p.idle, k)
	p.idle -= wake
	return wake, p.spawn(k - wake)
}

// A pacer sizes the batches a worker takes from the shared stack when it
// is deep. When thousands of tasks are ready (the leaves of a wide graph)
// and each takes a fraction of a microsecond, taking one at a time makes
// the workers queue on the lock, and taking neighbouring tasks makes them
// share the cache lines of the tasks' counters and results. A batch holds
// about batchTime of work, as joblib sizes its batches, measured as the
// time the tasks the worker last took from the stack kept it busy, the
// tasks they readied and it ran inline included: the tasks a worker holds
// are not available to the others, so slow tasks, or tasks that start
// long chains, are taken one at a time. It reads the clock once per batch.
type pacer struct {
	since time.Time // when the worker last sized a batch
	taken int       // tasks it took from the stack since then
}

const (
	// batchTime is the work a batch is sized to: short enough that the
	// tasks one worker holds back cannot keep the others idle for long.
	batchTime = 100 * time.Microsecond
	// maxBatch bounds a batch of very fast tasks.
	maxBatch = 64
)

// batch returns how many tasks make about batchTime of work: 1 until the
// worker has taken some.
func (pc *pacer) batch() int {
	now := time.Now()
	since, n := pc.since, pc.taken
	pc.since, pc.taken = now, 0
	if since.IsZero() {
		return 1
	}
	return batchSize(now.Sub(since), n)
}

// batchSize returns how many tasks make about batchTime of work when n
// tasks took elapsed: from 1 for tasks of batchTime or more to maxBatch.
func batchSize(elapsed time.Duration, n int) int {
	if n <= 0 {
		return 1
	}
	per := max(elapsed/time.Duration(n), 1)
	return int(max(1, min(batchTime/per, maxBatch)))
}

// pop waits for ready tasks and moves one from the top of the shared
// stack into into, or, when the stack is deep, a batch sized by pace
// (top last), leaving at least three quarters of the stack to the other
// workers. It returns an empty slice when the run is over.
func (p *pool) pop(into []int32, pace *pacer) []int32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.ready) == 0 && !p.over {
		p.idle++ // the worker that signals it takes it off
		p.cond.Wait()
	}
	if p.over {
		return into[:0]
	}
	k := 1
	if share := len(p.ready) / (4 * p.workers); share >= 2 {
		k = min(pace.batch(), share)
	}
	pace.taken += k
	into = append(into[:0], p.ready[len(p.ready)-k:]...)
	p.ready = p.ready[:len(p.ready)-k]
	return into
}

// end hands out no more tasks and wakes every waiting worker.
func (p *pool) end() {
	p.mu.Lock()
	p.over = true
	p.mu.Unlock()
	p.cond.Broadcast()
}
