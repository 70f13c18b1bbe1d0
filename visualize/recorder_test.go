package visualize_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/visualize"
)

// TestRecorderStates checks what the recorder holds after the failed run
// (see failedRun): each state, and the errors of the failed and the
// cancelled calls.
func TestRecorderStates(t *testing.T) {
	hangStarted = make(chan struct{})
	f := newFailedNodes()
	rec := visualize.NewRecorder()
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{f.add}, lazy.WithCallbacks(rec),
		lazy.WithScheduler(scheduler.Threads(2)))
	if err == nil {
		t.Fatal("Compute = nil; want the boom error")
	}
	for _, tc := range []struct {
		name    string
		n       lazy.Node[int]
		want    visualize.State
		wantErr string
	}{
		{"inc", f.inc, visualize.Done, ""},
		{"explode", f.explode, visualize.Failed, "boom: disk full"},
		{"hang", f.hang, visualize.Cancelled, "context canceled"},
		{"add", f.add, visualize.NotRun, ""},
	} {
		task, ok := rec.Lookup(tc.n.Key())
		if !ok || task.State != tc.want {
			t.Errorf("%s: Lookup = %v, %v; want %v", tc.name, task.State, ok, tc.want)
		}
		if (task.Err == nil) != (tc.wantErr == "") || task.Err != nil && !strings.Contains(task.Err.Error(), tc.wantErr) {
			t.Errorf("%s: Err = %v; want %q", tc.name, task.Err, tc.wantErr)
		}
		if tc.want == visualize.NotRun && task.Duration != 0 {
			t.Errorf("%s: Duration = %v; want 0 for a call that never ran", tc.name, task.Duration)
		}
	}
	if _, ok := rec.Lookup(lazy.Func1(double)(lazy.Lit(1)).Key()); ok {
		t.Error("Lookup of a node outside the run = true")
	}
}

// TestRecorderZeroValue: an unused recorder knows nothing, and a picture
// drawn with it says so.
func TestRecorderZeroValue(t *testing.T) {
	var rec visualize.Recorder
	if _, ok := rec.Lookup(lazy.Lit(1).Key()); ok {
		t.Error("Lookup on an empty Recorder = true")
	}
	out := draw(t, build(t, seed()...), visualize.WithRun(&rec))
	if !strings.Contains(out, "No run recorded") {
		t.Errorf("picture of an empty recording lacks the legend:\n%s", out)
	}
}

// TestRecorderConcurrent records a tree on four workers: every call is
// done. Run with -race.
func TestRecorderConcurrent(t *testing.T) {
	outs := tree(1024)
	rec := visualize.NewRecorder()
	if _, err := lazy.Compute(context.Background(), outs, lazy.WithCallbacks(rec), lazy.WithWorkers(4)); err != nil {
		t.Fatal(err)
	}
	out := draw(t, build(t, outs...), visualize.WithRun(rec), visualize.WithSummary(false))
	if !strings.Contains(out, "■</FONT> 2047 done</TD>") || strings.Contains(out, "not run") {
		t.Errorf("legend does not say all 2047 calls are done:\n%.600s", out)
	}
}

// TestRecorderMatchesByKey: a picture of more outputs than the run had,
// listed in another order, still matches each recorded call by key.
func TestRecorderMatchesByKey(t *testing.T) {
	outs := seed() // sub, add
	rec := visualize.NewRecorder()
	if _, err := lazy.Compute(context.Background(), outs[1:], lazy.WithCallbacks(rec)); err != nil {
		t.Fatal(err)
	}
	out := draw(t, build(t, outs[1], outs[0]), visualize.WithRun(rec))
	for _, want := range []string{"2 done", "1 call not in the run", `label="sub",peripheries="2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("picture lacks %s:\n%s", want, out)
		}
	}
	if !strings.Contains(out, `fillcolor="#dbe8f6",fontname="Helvetica",fontsize="11",label="sub"`) {
		t.Errorf("sub, not in the run, is not drawn in the plain colours:\n%s", out)
	}
}

func waitCtx(ctx context.Context, x int) (int, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

// TestTimeoutIsFailure: a call that runs past its own timeout failed; it
// was not cancelled.
func TestTimeoutIsFailure(t *testing.T) {
	n := lazy.Func1Ctx(waitCtx)(lazy.Lit(1), lazy.Timeout(time.Millisecond))
	rec := visualize.NewRecorder()
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{n}, lazy.WithCallbacks(rec))
	var te *lazy.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("Compute = %v; want a timeout", err)
	}
	if task, _ := rec.Lookup(n.Key()); task.State != visualize.Failed {
		t.Errorf("state = %v; want failed", task.State)
	}
}

// TestCallerCancel: when the caller cancels, the running call is
// cancelled and the one after it never runs.
func TestCallerCancel(t *testing.T) {
	started := make(chan struct{})
	block := lazy.Func1Ctx(func(ctx context.Context, x int) (int, error) {
		close(started)
		<-ctx.Done()
		return 0, ctx.Err()
	})(lazy.Lit(1))
	after := lazy.Func1(inc)(block)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	rec := visualize.NewRecorder()
	if _, err := lazy.Compute(ctx, []lazy.AnyNode{after}, lazy.WithCallbacks(rec)); err == nil {
		t.Fatal("Compute = nil; want cancelled")
	}
	for n, want := range map[lazy.Node[int]]visualize.State{block: visualize.Cancelled, after: visualize.NotRun} {
		if task, _ := rec.Lookup(n.Key()); task.State != want {
			t.Errorf("%s: state = %v; want %v", n, task.State, want)
		}
	}
}

// TestDrawWhileRunning draws a run in progress: the running call is yellow
// and the caption says the run is not over.
func TestDrawWhileRunning(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	slow := lazy.Func1(func(x int) int {
		close(started)
		<-release
		return x
	})(lazy.Lit(1))
	outs := []lazy.AnyNode{lazy.Func1(inc)(slow)}
	rec := visualize.NewRecorder()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := lazy.Compute(context.Background(), outs, lazy.WithCallbacks(rec)); err != nil {
			t.Error(err)
		}
	}()
	<-started
	out := draw(t, build(t, outs...), visualize.WithRun(rec))
	close(release)
	wg.Wait()
	for _, want := range []string{`fillcolor="#fff3b0"`, "1 running", "1 not run", "run still in progress"} {
		if !strings.Contains(out, want) {
			t.Errorf("picture lacks %s:\n%s", want, out)
		}
	}
}

// TestDurations: durations appear in labels and shade finished calls;
// they need a run.
func TestDurations(t *testing.T) {
	outs := diamond()
	rec := visualize.NewRecorder()
	if _, err := lazy.Compute(context.Background(), outs, lazy.WithCallbacks(rec)); err != nil {
		t.Fatal(err)
	}
	g := build(t, outs...)
	for _, summary := range []bool{false, true} {
		out := draw(t, g, visualize.WithRun(rec), visualize.WithDurations(), visualize.WithSummary(summary))
		if !strings.Contains(out, "darker is longer") || !durationRE.MatchString(out) {
			t.Errorf("summary=%v: picture lacks durations:\n%s", summary, out)
		}
	}
	if err := visualize.Write(&strings.Builder{}, g, visualize.WithDurations()); err == nil {
		t.Error("Write(WithDurations) without a run = nil; want an error")
	}
}

// TestPersistedInRun: a persisted value is drawn as persisted in a run.
func TestPersistedInRun(t *testing.T) {
	outs := persisted(t)
	rec := visualize.NewRecorder()
	if _, err := lazy.Compute(context.Background(), outs, lazy.WithCallbacks(rec)); err != nil {
		t.Fatal(err)
	}
	out := draw(t, build(t, outs...), visualize.WithRun(rec))
	for _, want := range []string{"1 persisted", "1 done", `shape="cylinder"`} {
		if !strings.Contains(out, want) {
			t.Errorf("picture lacks %s:\n%s", want, out)
		}
	}
}

// durationRE matches a duration on the last line of a label.
var durationRE = regexp.MustCompile(`\\n(Σ )?[0-9.]+(ns|µs|ms|s)"`)

func TestStateString(t *testing.T) {
	for s, want := range map[visualize.State]string{
		visualize.Unknown: "unknown", visualize.NotRun: "not run", visualize.Running: "running",
		visualize.Done: "done", visualize.Failed: "failed", visualize.Cancelled: "cancelled",
		visualize.Persisted: "persisted", visualize.State(99): "State(99)",
	} {
		if got := s.String(); got != want {
			t.Errorf("State(%d).String() = %q; want %q", s, got, want)
		}
	}
}
