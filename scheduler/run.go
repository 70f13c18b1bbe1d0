package scheduler

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
)

// InvokeFunc runs one task: the call n with its argument values. worker is
// the index (0 to workers-1) of the goroutine asking. args is only valid
// during the call. Executors other than this package's (worker processes,
// remote workers) supply their own to [RunParallel].
type InvokeFunc func(ctx context.Context, worker int, n *node.Node, args []any) (any, error)

// Local runs the task in the calling goroutine, as Sync and Threads do
// (they also box small results in the run's slots: see [node.Boxes]).
func Local(ctx context.Context, _ int, n *node.Node, args []any) (any, error) {
	return n.Func().Invoke(ctx, n.Fn(), args, nil)
}

// A worker is what one goroutine running tasks keeps for itself.
type worker struct {
	id    int
	buf   []any      // argument scratch space
	boxes node.Boxes // tells its tasks' invokers where to box their results
	cur   int32      // the task exec invokes without a recover of its own, or -1
	done  int        // tasks it finished
}

func newWorker(id int, g *graph.Graph) *worker {
	return &worker{id: id, buf: make([]any, min(g.MaxArgs(), 8)), cur: -1}
}

// run is the state of one Run, shared by every executor. Its life is one
// call of Run; nothing in it outlives the call.
//
// The state follows dask's get_async: results holds finished values by id;
// readers counts the argument slots still to read each value, and the
// reader that takes it to zero releases the value. It starts as
// [graph.Graph.ReleaseCounts], at 0 for the values kept until the run
// ends: outputs, and small results.
// Data nodes keep their values themselves, which tasks read from the node:
// copying them into results first would touch every literal of the graph
// twice. Which calls are waiting or ready is the executor's business
// (Sync walks ids in order; RunParallel counts).
type run struct {
	ctx     context.Context // given to tasks; cancelled with the first error
	cancel  context.CancelCauseFunc
	g       *graph.Graph
	cb      Callbacks     // nil when none
	invoke  InvokeFunc    // nil: in the worker's goroutine
	timeout time.Duration // for tasks without their own
	// bare is set when tasks without options can be invoked directly,
	// without a deferred recover each: no callbacks, no timeout, and
	// tasks run in the worker's goroutine, whose loop recovers (guard).
	bare bool

	state              // the arrays, by id
	done  atomic.Int64 // tasks finished, added by each worker when it stops

	errOnce sync.Once
	err     error // the first task error; written once under errOnce
}

func newRun(ctx context.Context, g *graph.Graph, cfg Config, invoke InvokeFunc) *run {
	r := &run{g: g, cb: cfg.Callbacks, invoke: invoke, timeout: cfg.TaskTimeout}
	r.bare = r.cb == nil && r.timeout <= 0 && invoke == nil
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	n := g.Len()
	r.state = *takeState(n)
	copy(r.readers, g.ReleaseCounts())
	if r.cb != nil {
		r.cb.Start(g)
	}
	return r
}

// stopped reports whether no new task may start.
func (r *run) stopped() bool { return r.ctx.Err() != nil }

// exec runs task id on w, with w.buf as argument scratch space, grown
// when the task has more arguments than it holds (a buffer of MaxArgs for
// every worker would cost a wide graph's size again per worker). It
// reports whether the task succeeded; on failure the run is stopped.
func (r *run) exec(id int32, w *worker) bool {
	deps := r.g.Deps(id)
	if len(deps) > len(w.buf) {
		w.buf = make([]any, len(deps))
	}
	args := w.buf[:len(deps)]
	released := false // whether args must be cleared after the call
	for i, d := range deps {
		args[i] = r.value(d)
		released = r.read(d) || released
	}
	n := r.g.Node(id)
	if r.invoke == nil && !n.Func().CopiesArgs() {
		r.rebox(deps, args)
	}
	// An output outlives the run: boxed in its slot, it would keep the
	// run's slots alive, and see them reused by the next run.
	boxes := &w.boxes
	if r.g.IsOutput(id) {
		boxes = nil
	} else {
		boxes.Into(n.Func(), &r.slots[id])
	}
	if r.bare && !n.HasOptions() {
		// The common task: invoked directly, a panic recovered by the
		// worker's loop (see guard), which costs nothing per task.
		w.cur = id
		v, err := n.Func().Invoke(r.ctx, n.Fn(), args, boxes)
		w.cur = -1
		if released {
			// Others are kept by the run anyway: clearing them would
			// cost a call, and while the collector runs a walk of the
			// buffer's bitmap.
			clear(args)
		}
		if err != nil {
			r.fail(newTaskError(n, err))
			return false
		}
		r.results[id] = v
		return true
	}
	var start time.Time
	if r.cb != nil {
		r.cb.TaskStart(id, w.id)
		start = time.Now()
	}
	v, err := r.attempts(w, n, args, boxes)
	clear(args)
	if err != nil {
		err = newTaskError(n, err)
		r.fail(err) // before the callback: whoever hears of it sees the run stopped
	} else {
		r.results[id] = v
	}
	if r.cb != nil {
		r.cb.TaskDone(TaskEvent{ID: id, Worker: w.id, Duration: time.Since(start), Err: err})
	}
	return err == nil
}

// rebox gives the arguments that are calls' results boxed in the run's
// slots (see node.Boxes) boxes of their own, for a task that may keep them
// past the run: its Func does not declare that it copies them out.
func (r *run) rebox(deps []int32, args []any) {
	for i, d := range deps {
		if r.g.IsTask(d) {
			args[i] = r.g.Node(d).Func().Rebox(args[i])
		}
	}
}

// guard is deferred by every worker loop, with returned set when the loop
// returns normally. When a task exec invoked directly panics or calls
// runtime.Goexit, it stops the run with the task's error, as call does
// for the tasks it invokes; the loop is over either way. A panic outside
// a task is the scheduler's own and goes on.
func (r *run) guard(w *worker, returned *bool) {
	if *returned || w.cur < 0 {
		return
	}
	n := r.g.Node(w.cur)
	if p := recover(); p != nil {
		r.fail(newTaskError(n, newPanicError(p)))
		return
	}
	r.fail(newTaskError(n, errGoexit))
}

// value returns id's value: a call's result, or a data node's own.
func (r *run) value(id int32) any {
	if r.g.IsTask(id) {
		return r.results[id]
	}
	return r.g.Node(id).Value()
}

// read counts one read of d's value, releasing the result of call d after
// its last reader unless it is kept (see run), and reports whether the
// value is one that is released: the reader must then not keep it in its
// argument buffer after the call. A value with one reader is released at
// once: no other task can be reading it.
func (r *run) read(d int32) bool {
	// Only the last reader takes a count to zero, so every reader of a
	// value released early finds it above zero.
	if atomic.LoadInt32(&r.readers[d]) == 0 {
		return false
	}
	if r.g.Readers(d) == 1 || atomic.AddInt32(&r.readers[d], -1) == 0 {
		r.results[d] = nil
	}
	return true
}

// attempts runs the task once, and again up to its Retries while it fails
// and the run goes on.
func (r *run) attempts(w *worker, n *node.Node, args []any, boxes *node.Boxes) (any, error) {
	if !n.HasOptions() {
		return r.call(w, n, args, boxes, r.timeout)
	}
	opts := n.Options()
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = r.timeout
	}
	for attempt := 0; ; attempt++ {
		v, err := r.call(w, n, args, boxes, timeout)
		if err == nil || attempt >= opts.Retries || r.stopped() {
			return v, err
		}
	}
}

// call invokes the task, turning a panic into a *PanicError and
// runtime.Goexit into errGoexit (after which the goroutine still ends, as
// Goexit demands, but the run is stopped first so nothing waits for it).
func (r *run) call(w *worker, n *node.Node, args []any, boxes *node.Boxes, timeout time.Duration) (v any, err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if p := recover(); p != nil {
			err = newPanicError(p)
			return
		}
		r.fail(newTaskError(n, errGoexit))
	}()
	if timeout <= 0 {
		v, err = r.invokeOn(r.ctx, w, n, args, boxes)
		returned = true
		return v, err
	}
	ctx, cancel := context.WithTimeoutCause(r.ctx, timeout, &TimeoutError{Timeout: timeout})
	defer cancel()
	v, err = r.invokeOn(ctx, w, n, args, boxes)
	returned = true
	if cause := context.Cause(ctx); r.ctx.Err() == nil && errors.Is(cause, context.DeadlineExceeded) {
		return nil, cause // late, whether it noticed or not
	}
	return v, err
}

// invokeOn runs the task through the run's InvokeFunc, or in w's
// goroutine, with boxes, when it has none.
func (r *run) invokeOn(ctx context.Context, w *worker, n *node.Node, args []any, boxes *node.Boxes) (any, error) {
	if r.invoke == nil {
		return n.Func().Invoke(ctx, n.Fn(), args, boxes)
	}
	return r.invoke(ctx, w.id, n, args)
}

// fail records err if it is the first and stops the run.
func (r *run) fail(err error) {
	r.errOnce.Do(func() { r.err = err })
	r.cancel(err)
}

// finish returns the outputs, or why there are none, and releases the run.
// Every task must have returned.
func (r *run) finish(parent context.Context) ([]any, error) {
	r.errOnce.Do(func() {}) // r.err is final from here on
	err := r.err
	if err == nil && int(r.done.Load()) < r.g.Tasks() {
		err = &CancelledError{Done: int(r.done.Load()), Total: r.g.Tasks(), Cause: context.Cause(parent)}
	}
	r.cancel(nil)
	if r.cb != nil {
		r.cb.Finish(err)
	}
	if err != nil {
		return nil, err
	}
	out := make([]any, len(r.g.Outputs()))
	for i, id := range r.g.Outputs() {
		out[i] = r.value(id)
	}
	putState(&r.state, r.g.Outputs())
	r.state = state{}
	return out, nil
}
