package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func newBlob(x int) *bigBlob { b := &bigBlob{}; b.data[0] = byte(x); return b }

func inc(x int) int { return x + 1 }

func incMean(a, b int) int { return (a+b)/2 + 1 }

// chainGraph is n calls, each reading the one before (twice on odd
// steps, so that some small results are read more than once), from 0.
// Its Funcs copy their arguments out, as typed ones do.
func chainGraph(t *testing.T, n int) *graph.Graph {
	t.Helper()
	f, err := node.NewFunc(inc, reflect.TypeFor[int](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(int) int)(args[0].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	f = f.CopyingArgs()
	f2, err := node.NewFunc(incMean, reflect.TypeFor[int](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(int, int) int)(args[0].(int), args[1].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	f2 = f2.CopyingArgs()
	x := node.NewLiteral(0, node.Options{}, 0)
	for i := range n {
		if i%2 == 1 {
			x = node.NewCall(f2, []*node.Node{x, x}, node.Options{}, 0)
			continue
		}
		x = node.NewCall(f, []*node.Node{x}, node.Options{}, 0)
	}
	g, err := graph.Build([]*node.Node{x})
	require.NoError(t, err)
	return g
}

// Runs reuse the arrays of runs before them, of other sizes: what one run
// leaves must not show in the next.
func TestRunsOfOtherSizes(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			for _, n := range []int{1000, 3, 1000, 1, 2000, 10} {
				out, err := s.Run(context.Background(), chainGraph(t, n), scheduler.Config{})
				require.NoError(t, err)
				assert.Equal(t, n, out[0], "chain of %d", n)
			}
		})
	}
}

// Once the caller drops the outputs of a run, nothing of the scheduler's
// keeps them: the arrays runs reuse are given back cleared.
func TestOutputsNotKeptAfterRun(t *testing.T) {
	f, err := node.NewFunc(newBlob, reflect.TypeFor[*bigBlob](), func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		return fn.(func(int) *bigBlob)(args[0].(int)), nil
	}, node.Options{})
	require.NoError(t, err)
	g, err := graph.Build([]*node.Node{node.NewCall(f, []*node.Node{node.NewLiteral(7, node.Options{}, 0)}, node.Options{}, 0)})
	require.NoError(t, err)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			out, err := s.Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			b, ok := out[0].(*bigBlob)
			require.True(t, ok)
			assert.Equal(t, byte(7), b.data[0])
			w := weak.Make(b)
			out, b = nil, nil
			runtime.GC()
			assert.Nil(t, w.Value(), "the output is still reachable after the run")
		})
	}
}

// mixInts is what every call of the stress graphs computes: a wrong,
// stale or missing argument changes the result.
func mixInts(id int, xs ...int) int {
	s := id*31 + 1000 // boxed in the run's slots
	for _, x := range xs {
		s = s*7 + x
	}
	return s
}

var errBoom = errors.New("boom")

// boom fails, sleeps until its context ends, or computes, by mode.
func boom(ctx context.Context, mode int, xs ...int) (int, error) {
	switch mode {
	case 1:
		return 0, errBoom
	case 2:
		<-ctx.Done()
		return 0, context.Cause(ctx)
	}
	return mixInts(mode, xs...), nil
}

var (
	mixIntsFunc = mustNodeFunc(mixInts, reflect.TypeFor[int](), func(_ context.Context, _ any, a []any, b *node.Boxes) (any, error) {
		xs := make([]int, len(a)-1)
		for i := range xs {
			xs[i] = a[i+1].(int)
		}
		return node.Box(b, mixInts(a[0].(int), xs...)), nil
	})
	boomFunc = mustNodeFunc(boom, reflect.TypeFor[int](), func(ctx context.Context, _ any, a []any, b *node.Boxes) (any, error) {
		xs := make([]int, len(a)-1)
		for i := range xs {
			xs[i] = a[i+1].(int)
		}
		v, err := boom(ctx, a[0].(int), xs...)
		if err != nil {
			return nil, err
		}
		return node.Box(b, v), nil
	})
)

func mustNodeFunc(fn any, out reflect.Type, invoke node.Invoker) *node.Func {
	f, err := node.NewFunc(fn, out, invoke, node.Options{Impure: true})
	if err != nil {
		panic(err)
	}
	return f
}

// stressGraph is a random DAG of n calls of mixInts (some read twice by
// one call, most read by several calls: the small results the run keeps),
// with its expected outputs. bad >= 0 makes call bad a boom in mode.
type stressGraph struct {
	g    *graph.Graph
	want []int
	fail bool // the run cannot succeed
}

func newStressGraph(seed uint64, n, bad, mode int) stressGraph {
	rng := rand.New(rand.NewPCG(seed, 7))
	nodes := make([]*node.Node, n)
	vals := make([]int, n)
	read := make([]bool, n)
	for i := range n {
		args := []*node.Node{node.NewLiteral(i, node.Options{}, 0)}
		var xs []int
		for k := rng.IntN(4); k > 0 && i > 0; k-- {
			j := rng.IntN(i)
			args = append(args, nodes[j])
			xs = append(xs, vals[j])
			read[j] = true
			if rng.IntN(4) == 0 { // the same value in two slots
				args = append(args, nodes[j])
				xs = append(xs, vals[j])
			}
		}
		vals[i] = mixInts(i, xs...)
		if i == bad {
			args[0] = node.NewLiteral(mode, node.Options{}, 0)
			nodes[i] = node.NewCall(boomFunc, args, node.Options{Timeout: time.Millisecond}, 0)
			continue
		}
		nodes[i] = node.NewCall(mixIntsFunc, args, node.Options{}, 0)
	}
	var outs []*node.Node
	var want []int
	for i := range n {
		if !read[i] || rng.IntN(50) == 0 {
			outs = append(outs, nodes[i])
			want = append(want, vals[i])
		}
	}
	g, err := graph.Build(outs)
	if err != nil {
		panic(err)
	}
	return stressGraph{g: g, want: want, fail: bad >= 0 && mode != 0}
}

type countingCallbacks struct {
	scheduler.NoCallbacks
	done atomic.Int64
}

func (c *countingCallbacks) TaskDone(scheduler.TaskEvent) { c.done.Add(1) }

// Runs of graphs of many sizes at once, some failing, timing out,
// cancelled mid-run or with callbacks, share the pooled arrays: no run
// may see what another left, or still writes.
func TestPooledStateStress(t *testing.T) {
	var graphs []stressGraph
	for i, n := range []int{1, 2, 5, 40, 300, 1500, 3000} {
		graphs = append(graphs, newStressGraph(uint64(i), n, -1, 0))
		if n > 2 {
			graphs = append(graphs, newStressGraph(uint64(i), n, n/2, 1)) // fails
			graphs = append(graphs, newStressGraph(uint64(i), n, n/3, 2)) // times out
		}
	}
	scheds := []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(1), scheduler.Threads(2), scheduler.Threads(3)}
	iters := 150
	if testing.Short() {
		iters = 30
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for gi := range errs {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(gi), 1))
			for it := range iters {
				sg := graphs[rng.IntN(len(graphs))]
				s := scheds[rng.IntN(len(scheds))]
				var cfg scheduler.Config
				if rng.IntN(2) == 0 {
					cfg.TaskTimeout = time.Minute // not bare: every task through call
				}
				if rng.IntN(2) == 0 {
					cfg.Callbacks = &countingCallbacks{}
				}
				ctx, cancel := context.WithCancel(context.Background())
				cancelled := false
				if rng.IntN(5) == 0 {
					cancelled = true
					time.AfterFunc(time.Duration(rng.IntN(200))*time.Microsecond, cancel)
				}
				vals, err := s.Run(ctx, sg.g, cfg)
				cancel()
				switch {
				case err != nil && !sg.fail && !cancelled:
					errs[gi] = fmt.Errorf("iteration %d, %s, %d nodes: %v", it, s, sg.g.Len(), err)
					return
				case err == nil && sg.fail:
					errs[gi] = fmt.Errorf("iteration %d, %s: a failing graph succeeded", it, s)
					return
				case err == nil:
					for k := range sg.want {
						if vals[k] != sg.want[k] {
							errs[gi] = fmt.Errorf("iteration %d, %s, %d nodes: output %d = %v; want %d", it, s, sg.g.Len(), k, vals[k], sg.want[k])
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
}

// RunParallel with an InvokeFunc of its own (as package processes passes)
// reuses the arrays too.
func TestPooledStateRunParallelInvoke(t *testing.T) {
	sg := newStressGraph(11, 800, -1, 0)
	small := newStressGraph(12, 30, -1, 0)
	invoke := func(ctx context.Context, w int, n *node.Node, args []any) (any, error) {
		return scheduler.Local(ctx, w, n, args)
	}
	for i := range 40 {
		g := sg
		if i%2 == 1 {
			g = small
		}
		vals, err := scheduler.RunParallel(context.Background(), g.g, scheduler.Config{}, 1+i%3, invoke)
		require.NoError(t, err)
		for k := range g.want {
			require.Equal(t, g.want[k], vals[k], "run %d output %d", i, k)
		}
	}
}

type bigBlob struct{ data [1 << 20]byte }

// A Func made with a nil result type whose invoker still returns a value
// (as intFunc and exitGraph in this package's tests do) is not
// SmallResult: read by two calls, its result is released during the run,
// and not left in the arrays that go back to the pool.
func TestNilOutResultNotKeptAfterRun(t *testing.T) {
	mk, err := node.NewFunc(func(int) *bigBlob { return nil }, nil, func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		b := &bigBlob{}
		b.data[0] = byte(args[0].(int))
		return b, nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	var w atomic.Pointer[weak.Pointer[bigBlob]]
	use, err := node.NewFunc(func(*bigBlob) int { return 0 }, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		b := args[0].(*bigBlob)
		p := weak.Make(b)
		w.Store(&p)
		return int(b.data[0]), nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	blob := node.NewCall(mk, []*node.Node{node.NewLiteral(9, node.Options{}, 0)}, node.Options{}, 0)
	a := node.NewCall(use, []*node.Node{blob}, node.Options{}, 0)
	b := node.NewCall(use, []*node.Node{blob}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{a, b})
	require.NoError(t, err)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			out, err := s.Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			require.Equal(t, []any{9, 9}, out)
			runtime.GC()
			assert.True(t, w.Load().Value() == nil, "a result read by two calls, not an output, is still reachable after the run")
		})
	}
}

// A large graph run once, then small graphs run again and again (a
// service): the spare arrays sized for the large graph, and the small
// results of its run beyond the small graphs' length, must not stay in
// memory for good.
func TestLargeRunNotKeptBySmallRuns(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const big = 200_000
	small := chainGraph(t, 3)
	var base, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&base)
	func() {
		g := chainGraph(t, big)
		out, err := scheduler.Sync().Run(context.Background(), g, scheduler.Config{})
		require.NoError(t, err)
		require.Equal(t, big, out[0])
	}()
	for range 20 {
		_, err := scheduler.Sync().Run(context.Background(), small, scheduler.Config{})
		require.NoError(t, err)
		runtime.GC()
	}
	runtime.ReadMemStats(&after)
	kept := int64(after.HeapAlloc) - int64(base.HeapAlloc)
	t.Logf("heap kept after the large run and 20 small ones, each followed by a GC: %d bytes (%.1f per node of the large graph)", kept, float64(kept)/big)
	assert.Less(t, kept, int64(2<<20), "heap bytes kept")
}

// A program that stops running graphs keeps no run's arrays for long:
// spares are let go after a few collections.
func TestSparesLetGoWhenIdle(t *testing.T) {
	const big = 200_000
	var base, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&base)
	func() {
		out, err := scheduler.Threads(2).Run(context.Background(), chainGraph(t, big), scheduler.Config{})
		require.NoError(t, err)
		require.Equal(t, big, out[0])
	}()
	var kept int64
	// Spares age in cleanups, which run after each collection, on a
	// goroutine of their own.
	for range 20 {
		runtime.GC()
		time.Sleep(time.Millisecond)
		runtime.ReadMemStats(&after)
		if kept = int64(after.HeapAlloc) - int64(base.HeapAlloc); kept < 2<<20 {
			break
		}
	}
	t.Logf("heap kept after the large run and 20 collections: %d bytes (%.1f per node of the large graph)", kept, float64(kept)/big)
	assert.Less(t, kept, int64(2<<20), "heap bytes kept")
}

// A run that fails (or is cancelled) does not give its state back. What it
// leaves in its results (here an output finished before the failure) must
// be freed once the caller drops the error, also when the state it took
// was a spare: the spares list must not keep a state it handed out.
func TestFailedRunNotKeptBySpares(t *testing.T) {
	var w atomic.Pointer[weak.Pointer[bigBlob]]
	mk, err := node.NewFunc(newBlob, reflect.TypeFor[*bigBlob](), func(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		b := fn.(func(int) *bigBlob)(args[0].(int))
		p := weak.Make(b)
		w.Store(&p)
		return b, nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	failOn := func(int) int { return 0 }
	use, err := node.NewFunc(failOn, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		if args[1].(int) == 1 {
			return nil, errors.New("boom")
		}
		return 0, nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	// The blob is an output, so it stays in results; the call after it
	// fails or not, by its literal.
	build := func(fail int) *graph.Graph {
		blob := node.NewCall(mk, []*node.Node{node.NewLiteral(5, node.Options{}, 0)}, node.Options{}, 0)
		u := node.NewCall(use, []*node.Node{blob, node.NewLiteral(fail, node.Options{}, 0)}, node.Options{}, 0)
		g, err := graph.Build([]*node.Node{blob, u})
		require.NoError(t, err)
		return g
	}
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			// A successful run of the same size leaves a spare...
			_, err := s.Run(context.Background(), build(0), scheduler.Config{})
			require.NoError(t, err)
			// ...which the failing run takes.
			_, err = s.Run(context.Background(), build(1), scheduler.Config{})
			require.Error(t, err)
			err = nil
			for range 10 {
				runtime.GC()
				time.Sleep(time.Millisecond)
			}
			assert.True(t, w.Load().Value() == nil, "the failed run's output (1 MiB) is still reachable after the run, with no run in progress")
		})
	}
}

// A run's arrays are reused by the next run wherever it starts, after the
// collection or two that building a graph in between may cause: runs from
// goroutines on other threads allocate next to nothing (with a sync.Pool,
// which drops what sat through two collections, each allocated afresh).
func TestSparesReusedAcrossGoroutines(t *testing.T) {
	const n, runs = 10_000, 40
	g := chainGraph(t, n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		done := make(chan error)
		go func() {
			runtime.LockOSThread() // a thread of its own, on any processor
			defer runtime.UnlockOSThread()
			_, err := scheduler.Sync().Run(context.Background(), g, scheduler.Config{})
			done <- err
		}()
		require.NoError(t, <-done)
		runtime.GC()
		runtime.GC()
	}
	runtime.ReadMemStats(&after)
	perRun := float64(after.TotalAlloc-before.TotalAlloc) / runs
	t.Logf("bytes allocated per run of %d calls: %.0f", n, perRun)
	assert.Less(t, perRun, 10.0*n, "bytes allocated per run: a run's arrays are 40 bytes per id")
}

// The same result, during the run: released once both its readers have
// started, as a result of any other Func is (see testRelease).
func TestNilOutResultReleasedDuringRun(t *testing.T) {
	mk, err := node.NewFunc(func(int) *bigBlob { return nil }, nil, func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		return &bigBlob{}, nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	var w atomic.Pointer[weak.Pointer[bigBlob]]
	use, err := node.NewFunc(func(*bigBlob) int { return 0 }, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		p := weak.Make(args[0].(*bigBlob))
		w.Store(&p)
		return 1000, nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	var alive atomic.Bool
	check, err := node.NewFunc(func(int, int) int { return 0 }, reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
		runtime.GC()
		alive.Store(w.Load().Value() != nil)
		return args[0].(int) + args[1].(int), nil
	}, node.Options{Impure: true})
	require.NoError(t, err)
	blob := node.NewCall(mk, []*node.Node{node.NewLiteral(0, node.Options{}, 0)}, node.Options{}, 0)
	a := node.NewCall(use, []*node.Node{blob}, node.Options{}, 0)
	b := node.NewCall(use, []*node.Node{blob}, node.Options{}, 0)
	g, err := graph.Build([]*node.Node{node.NewCall(check, []*node.Node{a, b}, node.Options{}, 0)})
	require.NoError(t, err)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			out, err := s.Run(context.Background(), g, scheduler.Config{})
			require.NoError(t, err)
			require.Equal(t, []any{2000}, out)
			assert.False(t, alive.Load(), "a result read by two calls is alive after both have run")
		})
	}
}
