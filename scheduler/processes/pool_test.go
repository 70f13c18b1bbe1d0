//go:build unix

package processes_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler/processes"
)

func TestRunDiamond(t *testing.T) {
	// x = inc(1); y = add(x, x); z = add(y, inc(x))
	//
	//	   1
	//	   |
	//	   x
	//	  / \
	//	 y  inc
	//	  \ /
	//	   z
	p := newPool(t, processesWorkers(2)...)
	incL, addL := lazy.Func1(inc), lazy.Func2(add)
	x := incL(lazy.Lit(1))
	z := addL(addL(x, x), incL(x))
	got, err := lazy.Get(context.Background(), z, lazy.WithScheduler(p))
	if err != nil || got != 7 {
		t.Fatalf("Get = %v, %v; want 7, nil", got, err)
	}
}

func TestRunsInWorkers(t *testing.T) {
	p := newPool(t, processesWorkers(2)...)
	pidL := lazy.Func1(pid)
	nodes := []lazy.Node[int]{pidL(lazy.Lit(1)), pidL(lazy.Lit(2)), pidL(lazy.Lit(3))}
	got, err := lazy.GetAll(context.Background(), nodes, lazy.WithScheduler(p))
	if err != nil {
		t.Fatal(err)
	}
	workers := p.PIDs()
	for _, g := range got {
		if g == os.Getpid() || !slices.Contains(workers, g) {
			t.Errorf("task ran in process %d; want one of the workers %v", g, workers)
		}
	}
}

func processesWorkers(n int) []processes.Option { return []processes.Option{processes.WithWorkers(n)} }
