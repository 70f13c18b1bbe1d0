package lazy_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

func increment(x int) int  { return x + 1 }
func passOn(x any) any     { return x }
func keepAll(xs []any) any { return xs }

// Small results are boxed in the run's slots (see node.Boxes), which later
// runs reuse. A result that a task passes on as it is, through an
// interface parameter, may end up in an output the program keeps: it must
// neither keep the slots alive nor change when a later run reuses them.
func TestKeptResultsHoldNoSlots(t *testing.T) {
	inc, pass, keep := lazy.Func1(increment), lazy.Func1(passOn), lazy.Delayed(keepAll)
	chain := func(i int) lazy.Node[int] {
		x := lazy.Lit(1000 * i)
		for range 1100 {
			x = inc(x)
		}
		return x
	}
	for _, tc := range []struct {
		name string
		get  func(i int) (any, error)
		want func(v any) any // the int in what get returns
	}{
		{"the result", func(i int) (any, error) { return lazy.Get(context.Background(), chain(i)) }, func(v any) any { return v }},
		{"All[any]", func(i int) (any, error) {
			return lazy.Get(context.Background(), lazy.All([]lazy.Node[any]{lazy.As[any](chain(i))}))
		}, func(v any) any { return v.([]any)[0] }},
		{"passed on as any", func(i int) (any, error) { return lazy.Get(context.Background(), pass(lazy.As[any](chain(i)))) }, func(v any) any { return v }},
		{"in a Delayed []any", func(i int) (any, error) { return lazy.Get(context.Background(), keep([]any{chain(i)})) }, func(v any) any { return v.([]any)[0] }},
	} {
		for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(1)} {
			t.Run(tc.name+"/"+s.String(), func(t *testing.T) {
				defer lazy.SetDefaultScheduler(lazy.SetDefaultScheduler(s))
				const runs = 300
				kept := make([]any, runs)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for i := range kept {
					v, err := tc.get(i)
					require.NoError(t, err)
					kept[i] = v
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perResult := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / runs
				assert.Less(t, perResult, 400.0, "heap bytes kept per result (a run's slots are 17,632)")
				for i, v := range kept {
					require.Equal(t, 1000*i+1100, tc.want(v), "result of run %d", i)
				}
			})
		}
	}
}

// Funcs whose parameters are all concrete copy their arguments out of
// their interfaces and get results boxed in the run's slots as they are;
// the others get them boxed anew.
func TestFuncsCopyingArgs(t *testing.T) {
	x := lazy.Lit(1)
	for _, tc := range []struct {
		name string
		n    lazy.AnyNode
		want bool
	}{
		{"Func1 of int", lazy.Func1(increment)(x), true},
		{"Func1 of any", lazy.Func1(passOn)(lazy.As[any](x)), false},
		{"All of int", lazy.All([]lazy.Node[int]{x}), true},
		{"All of any", lazy.All([]lazy.Node[any]{lazy.As[any](x)}), false},
		{"Delayed of int", lazy.Delayed(increment)(x), true},
		// The slice is the argument; the []any holding x is built by a
		// container call, which passes x on.
		{"Delayed of []any", lazy.Delayed(keepAll)([]any{x}), true},
		{"container of any", container{lazy.Delayed(keepAll)([]any{x})}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.n.Node().Func()
			require.NotNil(t, f)
			assert.Equal(t, tc.want, f.CopiesArgs())
		})
	}
}

// container is the node of the container call a Delayed node reads.
type container struct{ lazy.AnyNode }

func (c container) Node() *node.Node { return c.AnyNode.Node().Args()[0] }

// plainCtx is a context.Context without pointers: small enough for a slot.
type plainCtx struct{ n int64 }

func (plainCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (plainCtx) Done() <-chan struct{}       { return nil }
func (plainCtx) Err() error                  { return nil }
func (plainCtx) Value(any) any               { return nil }

func makeCtx(n int) plainCtx                    { return plainCtx{int64(n)} }
func keepCtx(c context.Context) context.Context { return c }

// A leading context.Context is not an argument for the FuncNCtx
// constructors (nor Delayed), but for Func1 it is one like any other: an
// interface parameter, which may pass the value on as it is, so its
// argument must be reboxed rather than point into the run's slots.
func TestContextParamOfFunc1IsAnArgument(t *testing.T) {
	mk, keep := lazy.Func1(makeCtx), lazy.Func1(keepCtx)
	assert.False(t, keep(lazy.As[context.Context](mk(lazy.Lit(1)))).Node().Func().CopiesArgs(),
		"Func1 of a context.Context parameter passes its argument on, yet is marked CopiesArgs")
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(1)} {
		t.Run(s.String(), func(t *testing.T) {
			const runs = 50
			kept := make([]context.Context, runs)
			for i := range kept {
				v, err := lazy.Get(context.Background(), keep(lazy.As[context.Context](mk(lazy.Lit(1000+i)))), lazy.WithScheduler(s))
				require.NoError(t, err)
				kept[i] = v
			}
			for i, v := range kept {
				require.Equal(t, plainCtx{int64(1000 + i)}, v, "output of run %d changed after the run", i)
			}
		})
	}
}

// smallChain is a chain of typed calls from 1000*i: results boxed in
// slots, the last one read by whatever the test puts after it.
func smallChain(i int) lazy.Node[int] {
	inc := lazy.Func1(increment)
	x := lazy.Lit(1000 * i)
	for range 20 {
		x = inc(x)
	}
	return x
}

var attemptsSeen atomic.Int64

// flakyPassOn passes x on as it is, on the second attempt of a pair: the
// first fails with an error holding x, or returns x after its timeout.
func flakyPassOn(ctx context.Context, x any) (any, error) {
	switch attemptsSeen.Add(1) % 4 {
	case 1:
		return nil, fmt.Errorf("flaky %w", valueError{x})
	case 3:
		<-ctx.Done()
		return x, nil // late: the scheduler drops it
	}
	return x, nil
}

type valueError struct{ v any }

func (e valueError) Error() string { return fmt.Sprint(e.v) }

func panicWith(x any) int { panic(x) }

func failWith(x any) (any, error) { return nil, valueError{x} }

// Values kept after runs, through retries, late attempts, callbacks,
// panics and errors holding a task's argument, and persisted nodes, stay
// as they were while later runs of graphs of the same size reuse the
// slots; also with runs from several goroutines at once.
func TestKeptValuesSurviveLaterRuns(t *testing.T) {
	flaky := lazy.Delayed(flakyPassOn, lazy.Retries(1), lazy.Timeout(5*time.Millisecond))
	pass := lazy.Func1(passOn, lazy.Retries(2))
	boom := lazy.Func1(panicWith)
	inc := lazy.Func1(increment)
	fail := lazy.Func1E(failWith)
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		t.Run(s.String(), func(t *testing.T) {
			opts := []lazy.ComputeOption{lazy.WithScheduler(s), lazy.WithCallbacks(scheduler.NoCallbacks{})}
			const runs = 40
			var kept []func() error
			for i := range runs {
				want := 1000*i + 20
				switch i % 4 {
				case 0: // retried, late or failed first attempts
					v, err := lazy.Get(context.Background(), flaky(smallChain(i)), opts...)
					require.NoError(t, err)
					kept = append(kept, func() error { return check(v, want) })
				case 1: // a panic holding the argument
					_, err := lazy.Get(context.Background(), boom(lazy.As[any](smallChain(i))), opts...)
					var pe *lazy.PanicError
					require.ErrorAs(t, err, &pe)
					kept = append(kept, func() error { return check(pe.Value, want) })
				case 2: // persisted, then read by a later run
					p, err := lazy.Persist(context.Background(), pass(lazy.As[any](smallChain(i))), opts...)
					require.NoError(t, err)
					kept = append(kept, func() error {
						v, err := lazy.Get(context.Background(), inc(lazy.As[int](p)), opts...)
						if err != nil {
							return err
						}
						return check(v, want+1)
					})
				case 3: // an error holding the argument
					_, err := lazy.Get(context.Background(), fail(lazy.As[any](smallChain(i))), opts...)
					var ve valueError
					require.ErrorAs(t, err, &ve)
					kept = append(kept, func() error { return check(ve.v, want) })
				}
			}
			// Runs from several goroutines at once, of graphs of the
			// same size, keeping their results.
			var wg sync.WaitGroup
			var mu sync.Mutex
			for gi := range 4 {
				wg.Go(func() {
					for k := range 10 {
						i := 100 + gi*10 + k
						v, err := lazy.Get(context.Background(), pass(lazy.As[any](smallChain(i))), opts...)
						mu.Lock()
						if err != nil {
							kept = append(kept, func() error { return err })
						} else {
							kept = append(kept, func() error { return check(v, 1000*i+20) })
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			for k, c := range kept {
				assert.NoError(t, c(), "kept value %d", k)
			}
		})
	}
}

func check(v any, want int) error {
	if v != want {
		return fmt.Errorf("got %v (%T), want %d", v, v, want)
	}
	return nil
}
