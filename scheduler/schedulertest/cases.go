package schedulertest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func build(t *testing.T, outputs ...*node.Node) *graph.Graph {
	t.Helper()
	g, err := graph.Build(outputs)
	require.NoError(t, err)
	return g
}

func run(t *testing.T, s scheduler.Scheduler, ctx context.Context, g *graph.Graph, workers int) ([]any, error, *recorder) {
	t.Helper()
	rec := newRecorder()
	vals, err := s.Run(ctx, g, scheduler.Config{Workers: workers, Callbacks: rec})
	checkBalanced(t, rec, err)
	return vals, err, rec
}

// checkBalanced asserts what holds for every run: one Start and Finish, and
// every started task done before Run returned.
func checkBalanced(t *testing.T, rec *recorder, err error) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, 1, rec.starts, "Start calls")
	assert.Equal(t, 1, rec.finishes, "Finish calls")
	assert.Equal(t, rec.started, rec.done, "every started task must be done when Run returns")
	assert.Zero(t, rec.running, "tasks still running when Run returned")
	if err != nil {
		assert.Same(t, err, rec.finalErr, "Finish must get the error Run returns")
	}
}

// testRandomDAGs compares random DAGs with the sequential oracle.
func testRandomDAGs(t *testing.T, s scheduler.Scheduler, workers int) {
	for seed := range uint64(24) {
		n := 1 + int(seed*seed)%300
		d := randomDAG(seed, n, 4)
		g := build(t, d.outputNodes()...)
		vals, err, rec := run(t, s, context.Background(), g, workers)
		require.NoError(t, err, "seed %d", seed)
		require.Len(t, vals, len(d.outputs))
		for k, i := range d.outputs {
			assert.Equal(t, d.want[i], vals[k], "seed %d: output %d (node %d)", seed, k, i)
		}
		assert.Len(t, rec.started, g.Tasks(), "seed %d: tasks started", seed)
		for id, c := range rec.started {
			assert.Equal(t, 1, c, "seed %d: task %d started %d times", seed, id, c)
		}
	}
}

// The NoCallbacks cases run as most programs do, without callbacks, so
// they check results and errors only.

func testRandomDAGsQuiet(t *testing.T, s scheduler.Scheduler, workers int) {
	for seed := range uint64(24) {
		n := 1 + int(seed*seed)%300
		d := randomDAG(seed, n, 4)
		vals, err := s.Run(context.Background(), build(t, d.outputNodes()...), scheduler.Config{Workers: workers})
		require.NoError(t, err, "seed %d", seed)
		require.Len(t, vals, len(d.outputs))
		for k, i := range d.outputs {
			assert.Equal(t, d.want[i], vals[k], "seed %d: output %d (node %d)", seed, k, i)
		}
	}
}

func testErrorQuiet(t *testing.T, s scheduler.Scheduler, workers int) {
	bad := call(failFunc, Fail, lit(42))
	out, _ := failingGraph(bad)
	vals, err := s.Run(context.Background(), build(t, out), scheduler.Config{Workers: workers})
	assert.Nil(t, vals)
	assert.ErrorIs(t, err, ErrTask)
	var te *scheduler.TaskError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, bad.Key(), te.Key)
}

func testPanicQuiet(t *testing.T, s scheduler.Scheduler, workers int) {
	bad := call(panicFunc, Panic, lit(43))
	out, _ := failingGraph(bad)
	g := build(t, out)
	// Twice: a worker that recovered a panic must leave the next run whole.
	for range 2 {
		vals, err := s.Run(context.Background(), g, scheduler.Config{Workers: workers})
		assert.Nil(t, vals)
		var pe *scheduler.PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, PanicValue, fmt.Sprint(pe.Value))
		var te *scheduler.TaskError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, bad.Key(), te.Key)
		assert.Contains(t, string(pe.Stack), "schedulertest.Panic(", "the stack shows where the task panicked")
	}
}

// testSharedRunOnce checks inside the functions that merged and shared
// nodes run once.
//
//	 out1      out2
//	  |   \   /   |
//	twin(x)  x    |     (twin: built separately, same call as x)
//	    \   /     |
//	      a ------+
func testSharedRunOnce(t *testing.T, s scheduler.Scheduler, workers int) {
	a := call(mixFunc, Mix, lit(1))
	x := call(mixFunc, Mix, lit(2), a)
	twin := call(mixFunc, Mix, lit(2), a)
	out1 := call(mixFunc, Mix, lit(3), twin, x)
	out2 := call(mixFunc, Mix, lit(4), x, a)
	vals, err, _ := run(t, s, context.Background(), build(t, out1, out2), workers)
	require.NoError(t, err)
	ax := Mix(2, Mix(1))
	assert.Equal(t, []any{Mix(3, ax, ax), Mix(4, ax, Mix(1))}, vals)
	for id := int64(1); id <= 4; id++ {
		assert.EqualValues(t, 1, callCount(id), "calls of node %d", id)
	}
}

// testWideCalls runs calls that read hundreds of results: executors may
// count such calls down in batches, which must neither lose a countdown
// nor hold one back for good. Every leaf feeds two wide calls (so a
// worker moves between them), one leaf starts a long chain (so a worker
// may run on with countdowns in hand), and a third wide call reads some
// leaves twice and one wide call.
func testWideCalls(t *testing.T, s scheduler.Scheduler, workers int) {
	const width, length = 300, 200
	leaves := make([]*node.Node, width)
	var leafSum int64
	for i := range leaves {
		leaves[i] = call(mixFunc, Mix, lit(int64(i)))
		leafSum += Mix(int64(i))
	}
	chain, chainWant := leaves[0], Mix(0)
	for i := range int64(length) {
		chain = call(mixFunc, Mix, lit(1000+i), chain)
		chainWant = Mix(1000+i, chainWant)
	}
	wideA := call(mixFunc, Mix, append([]*node.Node{lit(2000)}, leaves...)...)
	reversed := slices.Clone(leaves)
	slices.Reverse(reversed)
	wideB := call(mixFunc, Mix, append([]*node.Node{lit(2001)}, reversed...)...)
	again := append([]*node.Node{lit(2002), wideA}, leaves[:width/2]...)
	again = append(again, leaves[:width/2]...)
	wideC := call(mixFunc, Mix, again...)
	out := call(mixFunc, Mix, lit(2003), wideA, wideB, wideC, chain)

	var halfSum int64
	for i := range width / 2 {
		halfSum += Mix(int64(i))
	}
	a, b := Mix(2000, leafSum), Mix(2001, leafSum)
	c := Mix(2002, a, halfSum, halfSum)
	// A lost countdown would leave the run waiting for good: bound it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	vals, err, rec := run(t, s, ctx, build(t, out), workers)
	require.NoError(t, err, "a wide call was never counted down to ready")
	assert.Equal(t, []any{Mix(2003, a, b, c, chainWant)}, vals)
	assert.Len(t, rec.started, width+length+4, "tasks started")
}

func testDataOnly(t *testing.T, s scheduler.Scheduler, workers int) {
	vals, err, rec := run(t, s, context.Background(), build(t, lit(7), lit(8), lit(7)), workers)
	require.NoError(t, err)
	assert.Equal(t, []any{int64(7), int64(8), int64(7)}, vals)
	assert.Empty(t, rec.started)
}

// failingGraph is a fan of slow tasks beside one that fails, all feeding a
// sink, and a task that reads the failing one.
//
//	       sink
//	  /  / | \    \
//	s0 s1 ... s11  after
//	                |
//	               bad
func failingGraph(bad *node.Node) (out, after *node.Node) {
	args := []*node.Node{lit(100)}
	for i := range int64(12) {
		args = append(args, call(sleepFunc, Sleep, lit(i), lit(5)))
	}
	after = call(mixFunc, Mix, lit(99), bad)
	return call(mixFunc, Mix, append(args, after)...), after
}

func testError(t *testing.T, s scheduler.Scheduler, workers int) {
	bad := call(failFunc, Fail, lit(42))
	out, after := failingGraph(bad)
	g := build(t, out)
	_, err, rec := run(t, s, context.Background(), g, workers)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTask)
	var te *scheduler.TaskError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, bad.Key(), te.Key)
	assert.Contains(t, te.Func, "Fail")
	assert.NotEmpty(t, te.Site, "call site")
	checkStopped(t, g, rec, after, workers)
}

func testPanic(t *testing.T, s scheduler.Scheduler, workers int) {
	bad := call(panicFunc, Panic, lit(43))
	out, after := failingGraph(bad)
	g := build(t, out)
	_, err, rec := run(t, s, context.Background(), g, workers)
	var pe *scheduler.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, PanicValue, fmt.Sprint(pe.Value))
	assert.NotEmpty(t, pe.Stack)
	var te *scheduler.TaskError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, bad.Key(), te.Key)
	checkStopped(t, g, rec, after, workers)
}

// checkStopped asserts that nothing waiting on the failure ran, and that
// no more tasks started after it than workers already past their check.
func checkStopped(t *testing.T, g *graph.Graph, rec *recorder, after *node.Node, workers int) {
	t.Helper()
	for id := range int32(g.Len()) {
		if g.Node(id).Key() == after.Key() {
			assert.Zero(t, rec.started[id], "the reader of the failed task ran")
		}
	}
	assert.LessOrEqual(t, rec.startsAfterFirstError(), max(workers-1, 0), "tasks started after the first error")
}

// testCancelMidRun cancels the caller's context from the third task's
// start. The tasks ignore their context, so only the scheduler can stop
// them: besides the third, at most one task per other worker (already past
// its check) may start.
func testCancelMidRun(t *testing.T, s scheduler.Scheduler, workers int) {
	var tasks []*node.Node
	for c := range int64(4) { // four chains of ten
		prev := lit(c)
		for i := range int64(10) {
			prev = call(mixFunc, Mix, lit(10*c+i), prev)
		}
		tasks = append(tasks, prev)
	}
	g := build(t, call(mixFunc, Mix, append([]*node.Node{lit(-1)}, tasks...)...))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := newRecorder()
	rec.onStart = func(n int) {
		if n == 3 {
			cancel()
		}
	}
	_, err := s.Run(ctx, g, scheduler.Config{Workers: workers, Callbacks: rec})
	checkBalanced(t, rec, err)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, len(rec.started), 3+workers-1, "tasks started after the cancel")
}

func testCancelledBefore(t *testing.T, s scheduler.Scheduler, workers int) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := build(t, call(mixFunc, Mix, lit(1), call(mixFunc, Mix, lit(2))))
	_, err, rec := run(t, s, ctx, g, workers)
	assert.ErrorIs(t, err, context.Canceled)
	var ce *scheduler.CancelledError
	assert.ErrorAs(t, err, &ce)
	assert.Empty(t, rec.started, "no task may start on a cancelled context")
}

// testWorkerBound runs a wide graph of sleeps and checks that no more than
// workers ran at once.
func testWorkerBound(t *testing.T, s scheduler.Scheduler, workers int) {
	args := []*node.Node{lit(0)}
	for i := range int64(3 * workers) {
		args = append(args, call(sleepFunc, Sleep, lit(i), lit(2)))
	}
	vals, err, rec := run(t, s, context.Background(), build(t, call(mixFunc, Mix, args...)), workers)
	require.NoError(t, err)
	want := int64(0)
	for i := range int64(3 * workers) {
		want += i
	}
	assert.Equal(t, []any{want}, vals)
	assert.LessOrEqual(t, rec.peak, workers, "tasks running at once")
}

// testConcurrentRuns runs graphs at once on one scheduler value.
func testConcurrentRuns(t *testing.T, s scheduler.Scheduler, workers int) {
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			d := randomDAG(uint64(100+i), 80, 3)
			g, err := graph.Build(d.outputNodes())
			if err != nil {
				errs[i] = err
				return
			}
			vals, err := s.Run(context.Background(), g, scheduler.Config{Workers: workers})
			if err != nil {
				errs[i] = err
				return
			}
			for k, j := range d.outputs {
				if vals[k] != d.want[j] {
					errs[i] = fmt.Errorf("run %d: output %d = %v; want %v", i, k, vals[k], d.want[j])
					return
				}
			}
		})
	}
	wg.Wait()
	assert.NoError(t, errors.Join(errs...))
}

// testRelease checks, inside the tasks, that a result is gone once its
// last reader has started, and that outputs are kept.
//
//	h4 -> h3 -> h2 -> h1 -> h0     h6 (output) reads h5 twice, h7 once,
//	            h5 -> h0           h8 (output) reads h6 and h7;
//	                               h0 is an output too
func testRelease(t *testing.T, s scheduler.Scheduler, workers int) {
	h := func(id int64, prev ...*node.Node) *node.Node {
		return call(holdFunc, Hold, append([]*node.Node{lit(id)}, prev...)...)
	}
	h0 := h(0)
	h1 := h(1, h0)
	h2 := h(2, h1)
	h3 := h(3, h2)
	h4 := h(4, h3)
	h5 := h(5, h0)
	h6 := h(6, h5, h5)
	h7 := h(7, h5)
	h8 := h(8, h6, h7)
	vals, err, _ := run(t, s, context.Background(), build(t, h4, h6, h0, h8), workers)
	require.NoError(t, err)
	for i, v := range vals {
		require.NotNil(t, v, "output %d", i)
	}
	heldMu.Lock()
	defer heldMu.Unlock()
	// When h3 runs, h1 has been read by h2, which started: h1 is released.
	assert.False(t, slices.Contains(alive[3], 1), "h1 alive when h3 ran: %v", alive[3])
	assert.False(t, slices.Contains(alive[4], 2), "h2 alive when h4 ran: %v", alive[4])
	// h5, read by two tasks (one of them twice), is released by the
	// last of them, whichever it is, before h8 runs.
	assert.False(t, slices.Contains(alive[8], 5), "h5 alive when h8 ran: %v", alive[8])
	// h0 is an output: kept throughout.
	assert.True(t, slices.Contains(alive[4], 0) || slices.Contains(alive[6], 0), "output h0 must be kept")
	assert.True(t, slices.Contains(alive[6], 0), "output h0 must be kept: %v", alive[6])
}
