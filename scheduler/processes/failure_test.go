//go:build unix

package processes_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler/processes"
)

// stillUsable checks that the pool runs a graph after a failure.
func stillUsable(t *testing.T, p *processes.Pool) {
	t.Helper()
	incL, addL := lazy.Func1(inc), lazy.Func2(add)
	x := incL(lazy.Lit(40))
	got, err := lazy.Get(context.Background(), addL(x, incL(lazy.Lit(0))), lazy.WithScheduler(p))
	if err != nil || got != 42 {
		t.Fatalf("after the failure: Get = %v, %v; want 42, nil", got, err)
	}
}

// workerError returns the *WorkerError inside a *TaskError.
func workerError(t *testing.T, err error) *processes.WorkerError {
	t.Helper()
	var te *lazy.TaskError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v; want a *lazy.TaskError", err)
	}
	var we *processes.WorkerError
	if !errors.As(err, &we) {
		t.Fatalf("err = %v; want a *processes.WorkerError inside", err)
	}
	return we
}

// The dying task sits beside a healthy branch and below a healthy
// parent, so the run has other work:
//
//	1     2
//	|     |
//	inc   dying
//	  \   /
//	   add
func runDying[R any](t *testing.T, p *processes.Pool, dying lazy.Node[R]) error {
	t.Helper()
	_, err := lazy.Compute(context.Background(), []lazy.AnyNode{dying, lazy.Func1(inc)(lazy.Lit(1))}, lazy.WithScheduler(p))
	if err == nil {
		t.Fatal("Compute succeeded; want the task's error")
	}
	return err
}

func TestTaskExits(t *testing.T) {
	p := newPool(t, processes.WithWorkers(2), processes.WithOutput(nil, nil))
	err := runDying(t, p, lazy.Func1(exitWith)(lazy.Lit(3)))
	we := workerError(t, err)
	if we.ExitCode != 3 || we.Signal != 0 {
		t.Errorf("ExitCode, Signal = %d, %v; want 3, 0", we.ExitCode, we.Signal)
	}
	if !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "exitWith") {
		t.Errorf("error %q does not say exit status 3 and name the function", err)
	}
	stillUsable(t, p)
}

func TestFatalRuntimeError(t *testing.T) {
	var stderr syncBuffer
	p := newPool(t, processes.WithWorkers(1), processes.WithOutput(nil, &stderr))
	err := runDying(t, p, lazy.Func1(fatal)(lazy.Lit(1)))
	we := workerError(t, err)
	if we.ExitCode != 2 {
		t.Errorf("ExitCode = %d; want 2 (the runtime's for fatal errors)", we.ExitCode)
	}
	if want := "fatal error: sync: unlock of unlocked mutex"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks the stderr line %q", err, want)
	}
	if !strings.Contains(stderr.String(), "[worker 0] fatal error:") {
		t.Errorf("forwarded stderr lacks the prefixed crash report:\n%s", stderr.String())
	}
	stillUsable(t, p)
}

func TestNilPointerPanic(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	before := p.PIDs()
	err := runDying(t, p, lazy.Func1(nilDeref)(lazy.Lit(1)))
	var pe *lazy.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v; want a *lazy.PanicError", err)
	}
	if !strings.Contains(err.Error(), "nil pointer dereference") || !strings.Contains(string(pe.Stack), "nilDeref") {
		t.Errorf("error %q (stack %s) does not tell of the nil dereference in nilDeref", err, pe.Stack)
	}
	stillUsable(t, p)
	if after := p.PIDs(); len(after) != 1 || after[0] != before[0] {
		t.Errorf("workers %v after a recovered panic; want the same worker %v", after, before)
	}
}

func TestWorkerKilledBySignal(t *testing.T) {
	p := newPool(t, processes.WithWorkers(2))
	err := runDying(t, p, lazy.Func1(killSelf)(lazy.Lit(1)))
	we := workerError(t, err)
	if we.Signal != syscall.SIGKILL || we.ExitCode != -1 {
		t.Errorf("Signal, ExitCode = %v, %d; want killed, -1", we.Signal, we.ExitCode)
	}
	if !strings.Contains(err.Error(), "killed by signal 9") {
		t.Errorf("error %q does not name the signal", err)
	}
	stillUsable(t, p)
}

func TestTimeoutKillsWorker(t *testing.T) {
	p := newPool(t, processes.WithWorkers(2))
	before := p.PIDs()
	start := time.Now()
	err := runDying(t, p, lazy.Func1(hangL)(lazy.Lit(1), lazy.Timeout(200*time.Millisecond)))
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Compute took %v; want it to return soon after the 200ms timeout", elapsed)
	}
	var te *lazy.TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want a *lazy.TimeoutError", err)
	}
	for _, pid := range before {
		if alive(pid) && !containsPID(p.PIDs(), pid) {
			t.Errorf("worker %d was replaced but is still alive", pid)
		}
	}
	stillUsable(t, p)
}

// hangL adapts hang to the typed constructors' context shape.
func hangL(x int) int {
	v, _ := hang(context.Background(), x)
	return v
}

func init() { lazy.Register(hangL) }

func TestComputeTimeoutOption(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	n := lazy.Delayed(hang)(1)
	_, err := lazy.Get(context.Background(), n, lazy.WithScheduler(p), lazy.WithTaskTimeout(100*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want a timeout", err)
	}
	stillUsable(t, p)
}

func TestPrintsDoNotCorruptFrames(t *testing.T) {
	var stdout, stderr syncBuffer
	p := newPool(t, processes.WithWorkers(2), processes.WithOutput(&stdout, &stderr))
	chattyL := lazy.Func1(chatty)
	nodes := []lazy.Node[int]{chattyL(lazy.Lit(1)), chattyL(lazy.Lit(2)), chattyL(lazy.Lit(3))}
	got, err := lazy.GetAll(context.Background(), nodes, lazy.WithScheduler(p))
	if err != nil || len(got) != 3 || got[0] != 2 || got[1] != 4 || got[2] != 6 {
		t.Fatalf("GetAll = %v, %v; want [2 4 6]", got, err)
	}
	p.Close() // flushes the forwarded output
	out := stdout.String()
	for _, want := range []string{"] partial line from task 1\n", "] partial line from task 3\n", "] noise 99 "} {
		if !strings.Contains(out, want) {
			t.Errorf("forwarded stdout lacks %q", want)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "[worker ") {
			t.Errorf("stdout line without the worker prefix: %q", line)
		}
	}
	if !strings.Contains(stderr.String(), "] to stderr 2\n") {
		t.Errorf("forwarded stderr = %q; want the task's line", stderr.String())
	}
}

func TestRetryAfterCrash(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1), processes.WithOutput(nil, nil))
	n := lazy.Func1E(crashOnce, lazy.Retries(1))(lazy.Lit(t.TempDir()))
	got, err := lazy.Get(context.Background(), n, lazy.WithScheduler(p))
	if err != nil || got != "recovered" {
		t.Fatalf("Get = %q, %v; want the second attempt's result", got, err)
	}
}

func TestAllowedFailures(t *testing.T) {
	dir := t.TempDir()
	p := newPool(t, processes.WithWorkers(2), processes.WithAllowedFailures(1), processes.WithOutput(nil, nil))
	n := lazy.Func1(crashAlways, lazy.Retries(5))(lazy.Lit(dir))
	_, err := lazy.Get(context.Background(), n, lazy.WithScheduler(p))
	we := workerError(t, err)
	if !we.Final || we.Deaths != 2 || we.ExitCode != 9 {
		t.Errorf("WorkerError Final, Deaths, ExitCode = %v, %d, %d; want true, 2, 9", we.Final, we.Deaths, we.ExitCode)
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "run*"))
	if len(runs) != 2 {
		t.Errorf("the task ran %d times; want 2 (1 allowed failure, then no more despite 5 retries)", len(runs))
	}
	if !strings.Contains(err.Error(), "not run again") {
		t.Errorf("error %q does not say the task is not run again", err)
	}
	stillUsable(t, p)
}

func TestFunctionError(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	_, err := lazy.Get(context.Background(), lazy.Func1E(fail)(lazy.Lit(5)), lazy.WithScheduler(p))
	var re *processes.RemoteError
	if !errors.As(err, &re) || re.Message != "bad input 5" || re.Type != "*fmt.wrapError" && re.Type != "*errors.errorString" {
		t.Fatalf("err = %v (%#v); want a *RemoteError saying bad input 5", err, re)
	}
}

func containsPID(pids []int, pid int) bool {
	for _, p := range pids {
		if p == pid {
			return true
		}
	}
	return false
}

var _ = os.Getpid
