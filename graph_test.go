package lazy_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
)

// End-to-end tests of the root package, written as a user writes them.

var addCalls, subCalls atomic.Int32

func add(a, b int) int { addCalls.Add(1); return a + b }
func sub(a, b int) int { subCalls.Add(1); return a - b }

func resetCalls() { addCalls.Store(0); subCalls.Store(0) }

// The seed example: x is computed once for both outputs.
//
//	a = x - 5     b = x + 5
//	       \       /
//	     x = add(4, 5)
func TestSeedExampleComputesSharedNodeOnce(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2), scheduler.Threads(0)} {
		t.Run(s.String(), func(t *testing.T) {
			resetCalls()
			addL, subL := lazy.Func2(add), lazy.Func2(sub)
			x := addL(lazy.Lit(4), lazy.Lit(5))
			a := subL(x, lazy.Lit(5))
			b := addL(x, lazy.Lit(5))
			vals, err := lazy.Compute(context.Background(), []lazy.AnyNode{a, b}, lazy.WithScheduler(s))
			require.NoError(t, err)
			assert.Equal(t, []any{4, 14}, vals)
			assert.EqualValues(t, 2, addCalls.Load(), "add runs for x and for b, x only once")
			assert.EqualValues(t, 1, subCalls.Load())
		})
	}
}

func TestSeparatelyBuiltIdenticalCallsComputeOnce(t *testing.T) {
	resetCalls()
	one := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2))
	two := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2)) // another constructor, same call
	viaDelayed := lazy.As[int](lazy.Delayed(add)(1, 2))
	assert.Equal(t, one.Key(), two.Key())
	assert.Equal(t, one.Key(), viaDelayed.Key())
	vals, err := lazy.GetAll(context.Background(), []lazy.Node[int]{one, two, viaDelayed})
	require.NoError(t, err)
	assert.Equal(t, []int{3, 3, 3}, vals)
	assert.EqualValues(t, 1, addCalls.Load())
}

func TestClosuresNeverMerge(t *testing.T) {
	var calls atomic.Int32
	scale := func(k int) func(int) int {
		return func(x int) int { calls.Add(1); return k * x }
	}
	double, triple := lazy.Func1(scale(2)), lazy.Func1(scale(3))
	d, tr := double(lazy.Lit(5)), triple(lazy.Lit(5))
	same := lazy.Func1(scale(2))(lazy.Lit(5)) // same literal, same capture: still not merged
	assert.NotEqual(t, d.Key(), tr.Key())
	assert.NotEqual(t, d.Key(), same.Key())
	vals, err := lazy.GetAll(context.Background(), []lazy.Node[int]{d, tr, same})
	require.NoError(t, err)
	assert.Equal(t, []int{10, 15, 10}, vals)
	assert.EqualValues(t, 3, calls.Load())
}

var impureCalls atomic.Int32

func roll() int { impureCalls.Add(1); return rand.IntN(6) + 1 }

func TestImpureNeverMerges(t *testing.T) {
	impureCalls.Store(0)
	rollL := lazy.Func0(roll, lazy.Impure())
	r1, r2 := rollL(), rollL()
	assert.NotEqual(t, r1.Key(), r2.Key())
	assert.Regexp(t, `^roll-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, r1.Key().String())
	// Per call too, on a function that would otherwise merge.
	resetCalls()
	p1 := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(1), lazy.Impure())
	p2 := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(1), lazy.Impure())
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{r1, r2, p1, p2})
	require.NoError(t, err)
	assert.EqualValues(t, 2, impureCalls.Load())
	assert.EqualValues(t, 2, addCalls.Load())
}

func TestKeyForm(t *testing.T) {
	x := lazy.Func2(add)(lazy.Lit(4), lazy.Lit(5))
	assert.Regexp(t, `^add-[0-9a-f]{32}$`, x.Key().String())
	assert.Equal(t, x.Key().String(), x.String())
	named := lazy.Func2(add)(lazy.Lit(4), lazy.Lit(5), lazy.WithKey("nine"))
	assert.Equal(t, "nine", named.Key().String())
	labelled := lazy.Func2(add)(lazy.Lit(4), lazy.Lit(5), lazy.WithName("sum"))
	assert.Regexp(t, `^sum-[0-9a-f]{32}$`, labelled.Key().String())
	assert.Equal(t, x.Key().Sum(), labelled.Key().Sum(), "a name does not change identity")
}

func TestGivenKeyConflict(t *testing.T) {
	a := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2), lazy.WithKey("x"))
	b := lazy.Func2(sub)(lazy.Lit(1), lazy.Lit(2), lazy.WithKey("x"))
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{a, b})
	var ke *lazy.KeyConflictError
	require.ErrorAs(t, err, &ke)
	assert.Contains(t, err.Error(), `"x"`)
	assert.Contains(t, err.Error(), "graph_test.go:")
}

// Bad input: each mistake is reported with what went wrong and where, and
// nothing runs.
func TestBadInputRunsNothing(t *testing.T) {
	var nilFunc func(int, int) int
	var zero lazy.Node[int]
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		node  func() lazy.AnyNode
		ctx   context.Context
		wants []string
	}{
		{"Delayed wrong type", func() lazy.AnyNode { return lazy.Delayed(add)(lazy.Lit(1), "two") },
			nil, []string{"lazy.Delayed(github.com/lazygraph/lazy_test.add)", "argument 2", "got string, want int", "graph_test.go:"}},
		{"Delayed wrong node type", func() lazy.AnyNode { return lazy.Delayed(add)(lazy.Lit("one"), 2) },
			nil, []string{"argument 1", "gives string, want int", "graph_test.go:"}},
		{"Delayed too few", func() lazy.AnyNode { return lazy.Delayed(add)(1) },
			nil, []string{"takes 2 arguments, got 1", "graph_test.go:"}},
		{"Delayed too many", func() lazy.AnyNode { return lazy.Delayed(add)(1, 2, 3) },
			nil, []string{"takes 2 arguments, got 3"}},
		{"Delayed nil function", func() lazy.AnyNode { return lazy.Delayed(nil)(1) },
			nil, []string{"nil function", "graph_test.go:"}},
		{"Delayed not a function", func() lazy.AnyNode { return lazy.Delayed(42)(1) },
			nil, []string{"int is not a function"}},
		{"Delayed bad results", func() lazy.AnyNode { return lazy.Delayed(func() (int, int) { return 1, 2 })() },
			nil, []string{"returns 2 values"}},
		{"typed nil function", func() lazy.AnyNode { return lazy.Func2(nilFunc)(lazy.Lit(1), lazy.Lit(2)) },
			nil, []string{"nil function of type func(int, int) int", "graph_test.go:"}},
		{"nil node argument", func() lazy.AnyNode { return lazy.Func2(add)(zero, lazy.Lit(2)) },
			nil, []string{"argument 0 is a nil node", "graph_test.go:"}},
		{"nil node in Delayed", func() lazy.AnyNode { return lazy.Delayed(add)(zero, 2) },
			nil, []string{"argument 1", "zero lazy.Node"}},
		{"cancelled before compute", func() lazy.AnyNode { return lazy.Func2(add)(lazy.Lit(7), lazy.Lit(8)) },
			cancelled, []string{"not computing", "context canceled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resetCalls()
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			n := tt.node()
			// The bad node is read by a good call, which must not run either.
			out := lazy.Func2(add)(lazy.Lit(100), lazy.Func1(func(v any) int { addCalls.Add(1); return 0 })(lazy.As[any](n)))
			_, err := lazy.Compute(ctx, []lazy.AnyNode{out, n})
			require.Error(t, err)
			for _, w := range tt.wants {
				assert.Contains(t, err.Error(), w)
			}
			assert.Zero(t, addCalls.Load(), "nothing may run")
			if tt.ctx == nil {
				assert.ErrorContains(t, n.Node().Err(), tt.wants[0], "Err reports the mistake at once")
			}
		})
	}
}

func TestZeroNodeOutput(t *testing.T) {
	var zero lazy.Node[int]
	_, err := lazy.Get(context.Background(), zero)
	assert.ErrorContains(t, err, "zero lazy.Node")
	_, err = lazy.Compute(context.Background(), []lazy.AnyNode{zero})
	assert.ErrorContains(t, err, "output 0")
	assert.Error(t, zero.Err())
}

var errFlaky = errors.New("flaky")

func parse(s string) (int, error) {
	if s == "" {
		return 0, errFlaky
	}
	return len(s), nil
}

func TestTaskErrorNamesTheTask(t *testing.T) {
	bad := lazy.Func1E(parse)(lazy.Lit(""))
	_, err := lazy.Get(context.Background(), lazy.Func2(add)(bad, lazy.Lit(1)))
	require.ErrorIs(t, err, errFlaky)
	var te *lazy.TaskError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, bad.Key(), te.Key)
	assert.Equal(t, "github.com/lazygraph/lazy_test.parse", te.Func)
	assert.Contains(t, te.Site, "graph_test.go:")
	assert.Contains(t, err.Error(), "parse")
}

func explode(int) int { panic("explode") }

func TestPanicBecomesError(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		_, err := lazy.Get(context.Background(), lazy.Func1(explode)(lazy.Lit(1)), lazy.WithScheduler(s))
		var pe *lazy.PanicError
		require.ErrorAs(t, err, &pe, s.String())
		assert.Equal(t, "explode", pe.Value)
		assert.Contains(t, string(pe.Stack), "lazy_test.explode")
		assert.NotContains(t, strings.SplitN(string(pe.Stack), "\n", 2)[0], "goroutine", "stack header trimmed")
	}
}

func waitCtx(ctx context.Context, d time.Duration) (int, error) {
	select {
	case <-time.After(d):
		return 1, nil
	case <-ctx.Done():
		return 0, context.Cause(ctx)
	}
}

func TestFirstErrorCancelsContextTasks(t *testing.T) {
	slow := lazy.Func1Ctx(waitCtx)(lazy.Lit(time.Minute))
	bad := lazy.Func1E(parse)(lazy.Lit(""))
	start := time.Now()
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{slow, bad}, lazy.WithWorkers(2))
	require.ErrorIs(t, err, errFlaky, "the first error wins, not the cancellation it caused")
	assert.Less(t, time.Since(start), 30*time.Second, "the slow task saw its context cancelled")
}

func TestCancelMidCompute(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := lazy.Get(ctx, lazy.Func1Ctx(waitCtx)(lazy.Lit(time.Minute)))
	assert.ErrorIs(t, err, context.Canceled)
}

var flakyCalls atomic.Int32

func flaky(n int) (int, error) {
	if flakyCalls.Add(1) <= int32(n) {
		return 0, errFlaky
	}
	return n, nil
}

func TestRetries(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		flakyCalls.Store(0)
		v, err := lazy.Get(context.Background(), lazy.Func1E(flaky)(lazy.Lit(2), lazy.Retries(2)), lazy.WithScheduler(s))
		require.NoError(t, err)
		assert.Equal(t, 2, v)
		assert.EqualValues(t, 3, flakyCalls.Load())

		flakyCalls.Store(0)
		_, err = lazy.Get(context.Background(), lazy.Func1E(flaky)(lazy.Lit(3), lazy.Retries(1)), lazy.WithScheduler(s))
		assert.ErrorIs(t, err, errFlaky)
		assert.EqualValues(t, 2, flakyCalls.Load())
	}
}

func TestTimeout(t *testing.T) {
	slow := lazy.Func1Ctx(waitCtx)(lazy.Lit(time.Minute), lazy.Timeout(20*time.Millisecond))
	_, err := lazy.Get(context.Background(), slow)
	var te *lazy.TimeoutError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 20*time.Millisecond, te.Timeout)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// The compute-wide default applies to tasks without their own.
	_, err = lazy.Get(context.Background(), lazy.Func1Ctx(waitCtx)(lazy.Lit(time.Minute)), lazy.WithTaskTimeout(10*time.Millisecond))
	require.ErrorAs(t, err, &te)

	// A task that ignores its context and returns late still fails.
	late := lazy.Func0(func() int { time.Sleep(30 * time.Millisecond); return 1 }, lazy.Timeout(5*time.Millisecond))
	_, err = lazy.Get(context.Background(), late())
	require.ErrorAs(t, err, &te)
}

func TestPersistReusesValue(t *testing.T) {
	resetCalls()
	addL := lazy.Func2(add)
	x := addL(lazy.Lit(20), lazy.Lit(1))
	px, err := lazy.Persist(context.Background(), x)
	require.NoError(t, err)
	assert.EqualValues(t, 1, addCalls.Load())
	assert.Equal(t, x.Key(), px.Key(), "persisted nodes keep their key")

	y := addL(px, px)
	v, err := lazy.Get(context.Background(), y)
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	assert.EqualValues(t, 2, addCalls.Load(), "x was not computed again")

	all, err := lazy.PersistAll(context.Background(), []lazy.Node[int]{y, lazy.Lit(7)})
	require.NoError(t, err)
	vals, err := lazy.GetAll(context.Background(), all)
	require.NoError(t, err)
	assert.Equal(t, []int{42, 7}, vals)
	assert.EqualValues(t, 3, addCalls.Load())
}

func TestDelayedShapes(t *testing.T) {
	ctx := context.Background()
	sum := func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	}
	x := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2))
	tests := []struct {
		name string
		node lazy.Node[any]
		want any
	}{
		{"variadic", lazy.Delayed(sum)(x, 4, x), 10},
		{"variadic empty", lazy.Delayed(sum)(), 0},
		{"context and error", lazy.Delayed(func(ctx context.Context, a int) (int, error) { return a * 2, ctx.Err() })(x), 6},
		{"no result", lazy.Delayed(func(int) {})(x), nil},
		{"error only", lazy.Delayed(func(int) error { return nil })(x), nil},
		{"slice of nodes", lazy.Delayed(func(xs []int) int { return sum(xs...) })([]any{x, 10, x}), 16},
		{"typed slice of nodes", lazy.Delayed(func(xs []int) int { return sum(xs...) })([]lazy.Node[int]{x, x}), 6},
		{"map of nodes", lazy.Delayed(func(m map[string]int) int { return m["a"] + m["b"] })(map[string]any{"a": x, "b": 100}), 103},
		{"nested", lazy.Delayed(func(xs [][]int) int { return xs[1][0] })([]any{[]int{1}, []any{x}}), 3},
		{"interface param", lazy.Delayed(func(v any) string { return strings.Repeat("a", v.(int)) })(x), "aaa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.node.Err())
			v, err := lazy.Get(ctx, tt.node)
			require.NoError(t, err)
			assert.Equal(t, tt.want, v)
		})
	}
}

func count(xs []int) int { return len(xs) }

func TestDelayedContainersMergeByContent(t *testing.T) {
	x := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2))
	f := lazy.Delayed(count)
	assert.Equal(t, f([]any{x, 1}).Key(), f([]any{x, 1}).Key())
	assert.NotEqual(t, f([]any{x, 1}).Key(), f([]any{x, 2}).Key())
	assert.NotEqual(t, f([]any{x, 1}).Key(), f([]any{1, x}).Key())
}

func TestDelayedInterfaceNodeCheckedAtRun(t *testing.T) {
	anyString := lazy.Delayed(func() any { return "not a number" })()
	_, err := lazy.Get(context.Background(), lazy.Delayed(add)(anyString, 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "argument 1: got string, want int")
}

func TestAsChecksStaticType(t *testing.T) {
	s := lazy.Delayed(strings.ToUpper)("x")
	assert.NoError(t, lazy.As[string](s).Err())
	assert.ErrorContains(t, lazy.As[int](s).Err(), "gives string, not int")
	v, err := lazy.Get(context.Background(), lazy.As[string](s))
	require.NoError(t, err)
	assert.Equal(t, "X", v)
}

// A typed function reading a node made with As from an interface-typed
// node checks the value at run time: a value of another type fails the
// compute with the types named, and nil stands for the zero value.
func TestAsInterfaceNodeCheckedAtRun(t *testing.T) {
	double := lazy.Func2(add)
	for _, tc := range []struct {
		name string
		v    any
		want int
		err  string
	}{
		{"int", 20, 21, ""},
		{"nil", nil, 1, ""},
		{"string", "twenty", 0, "argument value is string, the function wants int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := lazy.Func0(func() any { return tc.v }, lazy.Impure())()
			got, err := lazy.Get(context.Background(), double(lazy.Lit(1), lazy.As[int](v)))
			if tc.err != "" {
				var pe *lazy.PanicError
				require.ErrorAs(t, err, &pe)
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestAll(t *testing.T) {
	xs := []lazy.Node[int]{lazy.Lit(1), lazy.Func2(add)(lazy.Lit(1), lazy.Lit(1)), lazy.Lit(3)}
	v, err := lazy.Get(context.Background(), lazy.All(xs))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, v)
	assert.Regexp(t, `^all-[0-9a-f]{32}$`, lazy.All(xs).Key().String())
	assert.Equal(t, lazy.All(xs).Key(), lazy.All(xs).Key(), "equal lists merge")
	assert.NotEqual(t, lazy.All(xs).Key(), lazy.All(xs[:2]).Key())
	asAny := []lazy.Node[any]{lazy.As[any](xs[0])}
	assert.NotEqual(t, lazy.All(asAny).Key(), lazy.All(xs[:1]).Key(), "other element type")
}

func TestDefaultSchedulerAndNames(t *testing.T) {
	assert.Equal(t, "threads", lazy.DefaultScheduler().String())
	prev := lazy.SetDefaultScheduler(scheduler.Sync())
	t.Cleanup(func() { lazy.SetDefaultScheduler(prev) })
	assert.Equal(t, "sync", lazy.DefaultScheduler().String())
	v, err := lazy.Get(context.Background(), lazy.Func2(add)(lazy.Lit(2), lazy.Lit(2)))
	require.NoError(t, err)
	assert.Equal(t, 4, v)
	lazy.SetDefaultScheduler(nil)
	assert.Equal(t, "threads", lazy.DefaultScheduler().String())

	for _, name := range []string{"sync", "threads", "threads:3"} {
		s, err := scheduler.Parse(name)
		require.NoError(t, err, name)
		assert.Equal(t, name, s.String())
	}
	for _, bad := range []string{"thread", "threads:0", "threads:x", "threads:03", ""} {
		_, err := scheduler.Parse(bad)
		assert.Error(t, err, bad)
	}
}

func TestComputeOutputsInOrderWithRepeats(t *testing.T) {
	x := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2))
	s := lazy.Lit("s")
	vals, err := lazy.Compute(context.Background(), []lazy.AnyNode{s, x, s, x})
	require.NoError(t, err)
	assert.Equal(t, []any{"s", 3, "s", 3}, vals)
}

func TestConcurrentComputesShareNodes(t *testing.T) {
	x := lazy.Func2(add)(lazy.Lit(1), lazy.Lit(2))
	y := lazy.Func2(add)(x, x)
	done := make(chan error, 8)
	for range cap(done) {
		go func() {
			v, err := lazy.Get(context.Background(), y)
			if err == nil && v != 6 {
				err = errors.New("wrong value")
			}
			done <- err
		}()
	}
	for range cap(done) {
		assert.NoError(t, <-done)
	}
}
