//go:build unix

package processes_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler/processes"
)

// A result the worker cannot encode fails its task; the worker starts a
// new gob stream and goes on serving.
func TestUnencodableResultValue(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	before := p.PIDs()
	_, err := lazy.Get(context.Background(), lazy.Func1(boxed)(lazy.Lit(1)), lazy.WithScheduler(p))
	for _, want := range []string{"result", "unregistered", "gob.Register"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v; want it to mention %q", err, want)
		}
	}
	stillUsable(t, p)
	if after := p.PIDs(); len(after) != 1 || after[0] != before[0] {
		t.Errorf("workers %v; want the same worker %v serving on", after, before)
	}
}

// An argument assembled in the parent at run time (a Delayed container
// holding a channel beside a node) fails to encode; the parent starts a
// new gob stream and the worker goes on serving.
func TestUnencodableArgumentAtRunTime(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	before := p.PIDs()
	n := lazy.Delayed(count)([]any{lazy.Func1(inc)(lazy.Lit(1)), make(chan int)})
	_, err := lazy.Get(context.Background(), n, lazy.WithScheduler(p))
	for _, want := range []string{"argument 1", "chan int", "encoding/gob"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v; want it to mention %q", err, want)
		}
	}
	stillUsable(t, p)
	if after := p.PIDs(); len(after) != 1 || after[0] != before[0] {
		t.Errorf("workers %v; want the same worker %v serving on", after, before)
	}
}

// A function registered after the hook is known to the parent only.
func TestRegisteredAfterHook(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	lazy.RegisterName("processes_test.late", late) // too late for the workers, started already
	_, err := lazy.Get(context.Background(), lazy.Func1(late)(lazy.Lit(1)), lazy.WithScheduler(p))
	if want := "is not registered in the worker process; register it in an init func"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v; want it to say %q", err, want)
	}
	stillUsable(t, p)
}

func TestGoexit(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	_, err := lazy.Get(context.Background(), lazy.Func1(goexit)(lazy.Lit(1)), lazy.WithScheduler(p))
	if err == nil || !strings.Contains(err.Error(), "runtime.Goexit") {
		t.Errorf("err = %v; want it to tell of runtime.Goexit", err)
	}
	stillUsable(t, p)
}
