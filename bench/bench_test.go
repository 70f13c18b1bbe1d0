package bench_test

import (
	"context"
	"testing"

	"github.com/lazygraph/lazy/bench"
)

// TestShapes checks every implementation's result on a small instance of
// each shape against the sequential loop, and against the closed forms
// where there are ones.
func TestShapes(t *testing.T) {
	ctx := context.Background()
	for _, s := range bench.SmallShapes() {
		want := bench.Want(s)
		if closed, ok := closedForm(s); ok && want != closed {
			t.Fatalf("%s: sequential loop = %d; want %d", s, want, closed)
		}
		for _, impl := range bench.Impls(2) {
			run, err := impl.Build(s)
			if err != nil {
				t.Fatalf("%s %s: build: %v", s, impl.Name, err)
			}
			for range 2 { // a built graph may be run again
				got, err := run(ctx)
				if err != nil || got != want {
					t.Errorf("%s %s = %d, %v; want %d", s, impl.Name, got, err, want)
				}
			}
		}
	}
}

// closedForm returns the result of s where it has a simple formula.
func closedForm(s bench.Shape) (int, bool) {
	switch s.Kind {
	case bench.Chain:
		return s.N, true
	case bench.FanIn:
		return s.N + 1, true
	case bench.Tree:
		return s.Tasks(), true // v(d) = 2 v(d-1) + 1
	}
	return 0, false
}

func TestTasks(t *testing.T) {
	for _, s := range append(bench.Shapes(), bench.SmallShapes()...) {
		if got := s.DAG().Len(); got != s.Tasks() {
			t.Errorf("%s: DAG has %d tasks; Tasks() = %d", s, got, s.Tasks())
		}
	}
}
