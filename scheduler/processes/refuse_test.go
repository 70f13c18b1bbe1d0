//go:build unix

package processes_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/scheduler/processes"
)

func notRegistered(x int) int { return x }

type Opaque struct{ n int } // no exported field: gob cannot send it

// startCounter counts the tasks that started.
type startCounter struct {
	scheduler.NoCallbacks
	n int
}

func (c *startCounter) TaskStart(int32, int) { c.n++ }

// Each graph is refused before anything runs, with an error that names
// the call and says what to do. The first task of each graph is a
// healthy one, which must not run either.
func TestRefusedBeforeRunning(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	healthy := lazy.Func1(inc)(lazy.Lit(1))
	closure := func(x int) int { return x + 1 }
	tests := []struct {
		name string
		out  lazy.AnyNode
		want []string
	}{
		{"unregistered", lazy.Func2(add)(healthy, lazy.Func1(notRegistered)(healthy)),
			[]string{"notRegistered", "not registered", "lazy.Register(notRegistered)", "refuse_test.go:"}},
		{"closure", lazy.Func2(add)(healthy, lazy.Func1(closure)(healthy)),
			[]string{"function literal or a method value", "top-level function"}},
		{"method value", lazy.Func2(add)(healthy, lazy.Func1(startCounterValue.get)(healthy)),
			[]string{"method value", "top-level function"}},
		{"unencodable literal", lazy.Func2(add)(healthy, lazy.Func1(takesAny)(lazy.Lit[any](make(chan int)))),
			[]string{"takesAny", "argument 1", "chan int", "encoding/gob"}},
		{"unencodable literal field", lazy.Func2(add)(healthy, lazy.Func1(takesAny)(lazy.Lit[any](Opaque{1}))),
			[]string{"argument 1", "Opaque", "no exported fields", "export the fields"}},
		{"unencodable parameter type", lazy.Func2(add)(healthy, lazy.Func1(withChan)(lazy.Lit(make(chan int)))),
			[]string{"withChan", "parameter 1", "chan int"}},
		{"unencodable result type", lazy.Func1(makeHidden)(healthy),
			[]string{"makeHidden", "result", "hidden", "no exported fields"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c startCounter
			_, err := lazy.Compute(context.Background(), []lazy.AnyNode{tt.out}, lazy.WithScheduler(p), lazy.WithCallbacks(&c))
			var re *processes.RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v; want a *processes.RefusedError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			t.Log(err)
			if c.n != 0 {
				t.Errorf("%d tasks started; want none", c.n)
			}
		})
	}
	stillUsable(t, p)
}

type getter struct{ v int }

func (g getter) get(x int) int { return g.v + x }

var startCounterValue = getter{1}

// Values cross as their slot's type: a concrete struct needs no
// registration, an interface-typed argument travels with its concrete
// type, which Register registered with gob.
func TestValuesCross(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	ctx := context.Background()
	got, err := lazy.Get(ctx, lazy.Func1(norm)(lazy.Lit(Point{3, 4})), lazy.WithScheduler(p))
	if err != nil || got != 25 {
		t.Errorf("norm = %v, %v; want 25", got, err)
	}
	d, err := lazy.Get(ctx, lazy.Func1(describe)(lazy.Lit[any](Point{1, 2})), lazy.WithScheduler(p))
	if want := "processes_test.Point {1 2}"; err != nil || d != want {
		t.Errorf("describe = %q, %v; want %q", d, err, want)
	}
	nilArg, err := lazy.Get(ctx, lazy.Func1(describe)(lazy.Lit[any](nil)), lazy.WithScheduler(p))
	if want := "<nil> <nil>"; err != nil || nilArg != want {
		t.Errorf("describe(nil) = %q, %v; want %q", nilArg, err, want)
	}
	// lazy.All collects in the parent; sum runs in a worker.
	incL := lazy.Func1(inc)
	s, err := lazy.Get(ctx, lazy.Func1(sum)(lazy.All([]lazy.Node[int]{incL(lazy.Lit(1)), incL(lazy.Lit(2))})), lazy.WithScheduler(p))
	if err != nil || s != 5 {
		t.Errorf("sum(All) = %v, %v; want 5", s, err)
	}
	// Delayed, with a container argument rebuilt in the parent.
	s2, err := lazy.Get(ctx, lazy.As[int](lazy.Delayed(sum)([]any{incL(lazy.Lit(1)), 10})), lazy.WithScheduler(p))
	if err != nil || s2 != 12 {
		t.Errorf("Delayed sum = %v, %v; want 12", s2, err)
	}
}

// Values larger than a pipe's buffer cross in both directions.
func TestLargeValues(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	big := make([]int, 1<<20)
	for i := range big {
		big[i] = i
	}
	got, err := lazy.Get(context.Background(), lazy.Func1(double)(lazy.Lit(big)), lazy.WithScheduler(p))
	if err != nil || len(got) != len(big) || got[len(got)-1] != 2*(len(big)-1) {
		t.Fatalf("double of %d ints: len %d, err %v", len(big), len(got), err)
	}
}

func TestErrorsIsAcrossProcesses(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	_, err := lazy.Get(context.Background(), lazy.Func1E(readMissing)(lazy.Lit(t.TempDir())), lazy.WithScheduler(p))
	if !errors.Is(err, errMissing) {
		t.Errorf("errors.Is(%v, errMissing) = false; want true (same type and message)", err)
	}
	var re *processes.RemoteError
	if !errors.As(err, &re) || re.Type != "*fmt.wrapErrors" {
		t.Errorf("err = %v; want a *RemoteError of type *fmt.wrapErrors", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false; want true (checked in the worker)", err)
	}
	if errors.Is(err, errors.New("other")) {
		t.Errorf("errors.Is matched an unrelated error")
	}
}
