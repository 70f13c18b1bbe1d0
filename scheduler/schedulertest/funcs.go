package schedulertest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/lazygraph/lazy/node"
)

// The suite's task functions are top-level and registered by name in
// init, so that schedulers running tasks in other processes of the same
// binary can run them too. Their invokers are written by hand: the suite
// depends only on node, graph and scheduler.

// Mix returns id*31 + the sum of xs, wrapping on overflow: every node of a
// random DAG computes it, so that a wrong or missing input changes the
// result.
func Mix(id int64, xs ...int64) int64 {
	s := id * 31
	for _, x := range xs {
		s += x
	}
	return s
}

// Fail always fails with ErrTask.
func Fail(id int64, xs ...int64) (int64, error) {
	return 0, fmt.Errorf("task %d: %w", id, ErrTask)
}

// Panic always panics with PanicValue.
func Panic(id int64, xs ...int64) int64 { panic(PanicValue) }

// Sleep waits ms milliseconds, or until its context ends, and returns id.
func Sleep(ctx context.Context, id, ms int64, xs ...int64) (int64, error) {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return id, nil
	case <-ctx.Done():
		return 0, context.Cause(ctx)
	}
}

// Payload is a result big enough to matter, whose release the suite
// observes through weak pointers.
type Payload struct {
	ID   int64
	Data [1 << 12]byte
}

// Hold returns a fresh Payload for id. Before returning, it collects
// garbage and records which earlier payloads are still reachable.
func Hold(id int64, prev ...*Payload) *Payload {
	// The lock spans the collection too: another Hold scanning meanwhile
	// would briefly hold strong pointers and keep payloads alive.
	heldMu.Lock()
	defer heldMu.Unlock()
	runtime.GC()
	for i, w := range held {
		if w.Value() != nil {
			alive[id] = append(alive[id], i)
		}
	}
	p := &Payload{ID: id}
	held[id] = weak.Make(p)
	return p
}

var (
	// ErrTask is the error of Fail.
	ErrTask = errors.New("schedulertest: task failed on purpose")
	// PanicValue is what Panic panics with.
	PanicValue = "schedulertest: task panicked on purpose"
)

var (
	heldMu sync.Mutex                          // protects held and alive
	held   = map[int64]weak.Pointer[Payload]{} // payloads made by Hold, by id
	alive  = map[int64][]int64{}               // ids of payloads alive when Hold(id) ran
)

// calls counts calls of Mix by id, in this process.
var calls sync.Map // int64 -> *atomic.Int32

func countCall(id int64) {
	c, _ := calls.LoadOrStore(id, new(atomic.Int32))
	c.(*atomic.Int32).Add(1)
}

func callCount(id int64) int32 {
	c, ok := calls.Load(id)
	if !ok {
		return 0
	}
	return c.(*atomic.Int32).Load()
}

func resetCounts() {
	calls.Clear()
	heldMu.Lock()
	clear(held)
	clear(alive)
	heldMu.Unlock()
}

func int64s(args []any) []int64 {
	xs := make([]int64, len(args))
	for i, a := range args {
		xs[i] = a.(int64)
	}
	return xs
}

func payloads(args []any) []*Payload {
	ps := make([]*Payload, len(args))
	for i, a := range args {
		ps[i] = a.(*Payload)
	}
	return ps
}

var (
	mixFunc = mustFunc(Mix, func(_ context.Context, _ any, a []any, _ *node.Boxes) (any, error) {
		id := a[0].(int64)
		countCall(id)
		return Mix(id, int64s(a[1:])...), nil
	})
	failFunc = mustFunc(Fail, func(_ context.Context, _ any, a []any, _ *node.Boxes) (any, error) {
		return Fail(a[0].(int64), int64s(a[1:])...)
	})
	panicFunc = mustFunc(Panic, func(_ context.Context, _ any, a []any, _ *node.Boxes) (any, error) {
		return Panic(a[0].(int64), int64s(a[1:])...), nil
	})
	sleepFunc = mustFunc(Sleep, func(ctx context.Context, _ any, a []any, _ *node.Boxes) (any, error) {
		return Sleep(ctx, a[0].(int64), a[1].(int64), int64s(a[2:])...)
	})
	holdFunc = mustFunc(Hold, func(_ context.Context, _ any, a []any, _ *node.Boxes) (any, error) {
		return Hold(a[0].(int64), payloads(a[1:])...), nil
	})
)

func mustFunc(fn any, invoke node.Invoker) *node.Func {
	out := reflect.TypeOf(fn).Out(0)
	f, err := node.NewFunc(fn, out, invoke, node.Options{})
	if err != nil {
		panic(err)
	}
	return f
}

func init() {
	for name, f := range map[string]struct {
		f  *node.Func
		fn any
	}{
		"schedulertest.Mix":   {mixFunc, Mix},
		"schedulertest.Fail":  {failFunc, Fail},
		"schedulertest.Panic": {panicFunc, Panic},
		"schedulertest.Sleep": {sleepFunc, Sleep},
		"schedulertest.Hold":  {holdFunc, Hold},
	} {
		if err := node.Register(name, f.f, f.fn); err != nil {
			panic(err)
		}
	}
}
