//go:build unix

package processes_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/scheduler/processes"
)

func TestCloseWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newPoolCtx(t, ctx, processes.WithWorkers(2))
	pids := p.PIDs()
	cancel()
	p.Close() // waits for the close the context started
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("worker %d alive after the pool's context ended", pid)
		}
	}
	_, err := lazy.Get(context.Background(), lazy.Func1(inc)(lazy.Lit(1)), lazy.WithScheduler(p))
	if !errors.Is(err, processes.ErrClosed) {
		t.Errorf("Get on a closed pool: err = %v; want ErrClosed", err)
	}
}

func TestCloseDuringRun(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	done := make(chan error)
	go func() {
		_, err := lazy.Get(context.Background(), lazy.Func1(hangL)(lazy.Lit(1)), lazy.WithScheduler(p))
		done <- err
	}()
	time.Sleep(100 * time.Millisecond) // let the task start
	start := time.Now()
	p.Close()
	select {
	case err := <-done:
		if !errors.Is(err, processes.ErrClosed) {
			t.Errorf("Get = %v; want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Get still running 5s after Close")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Close took %v with a hung task; want it to end the task promptly", d)
	}
}

func TestCancelKillsRunningTask(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := lazy.Get(ctx, lazy.Func1(hangL)(lazy.Lit(2)), lazy.WithScheduler(p))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get = %v; want the caller's deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Get took %v; want it to return soon after the caller's deadline", d)
	}
	stillUsable(t, p)
}

// A worker that dies while idle is replaced before the next task, which
// does not fail for it.
func TestWorkerDiesWhileIdle(t *testing.T) {
	p := newPool(t, processes.WithWorkers(1))
	victim := p.PIDs()[0]
	syscall.Kill(victim, syscall.SIGKILL)
	// Wait until the pool has reaped it (PIDs lists live workers only).
	for deadline := time.Now().Add(5 * time.Second); containsPID(p.PIDs(), victim) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	stillUsable(t, p)
	if pids := p.PIDs(); len(pids) != 1 || pids[0] == victim {
		t.Errorf("workers = %v; want one new worker in place of %d", pids, victim)
	}
}

// Workers do not outlive a parent that is killed: they see their task
// pipe close (and on Linux the kernel kills them).
func TestNoOrphansWhenParentDies(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"=parent")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("reading the helper's worker ids: %v", err)
	}
	var pids []int
	for _, f := range strings.Fields(strings.Trim(line, "[]\n")) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("helper said %q", line)
		}
		pids = append(pids, pid)
	}
	if len(pids) != 2 {
		t.Fatalf("helper's workers = %v; want 2", pids)
	}
	cmd.Process.Kill()
	cmd.Wait()
	deadline := time.Now().Add(3 * time.Second)
	for _, pid := range pids {
		for alive(pid) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if alive(pid) {
			t.Errorf("worker %d alive after its parent was killed", pid)
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func TestProgramWithoutHook(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"=nohook")
	out, _ := cmd.CombinedOutput()
	for _, want := range []string{
		"did not start serving", "must call processes.Main()", // the parent's error
		"started as a worker but did not call processes.Main() first", // the worker's refusal, from its stderr
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestParse(t *testing.T) {
	s, err := scheduler.Parse("processes:2")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.(*processes.Pool)
	if !ok {
		t.Fatalf("Parse gave a %T; want a *processes.Pool", s)
	}
	defer p.Close()
	if p.String() != "processes:2" || len(p.PIDs()) != 2 {
		t.Errorf("String, PIDs = %q, %v; want processes:2 and two workers", p.String(), p.PIDs())
	}
}

func TestWorkerCountPerRun(t *testing.T) {
	p := newPool(t, processes.WithWorkers(2))
	pidL := lazy.Func1(pid)
	var nodes []lazy.Node[int]
	for i := range 8 {
		nodes = append(nodes, pidL(lazy.Lit(i)))
	}
	got, err := lazy.GetAll(context.Background(), nodes, lazy.WithScheduler(p), lazy.WithWorkers(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range got[1:] {
		if g != got[0] {
			t.Errorf("with one worker for the run, tasks ran in processes %v; want one", got)
			break
		}
	}
}

func newPoolCtx(t *testing.T, ctx context.Context, opts ...processes.Option) *processes.Pool {
	t.Helper()
	p, err := processes.New(ctx, opts...)
	if err != nil {
		t.Fatalf("processes.New: %v", err)
	}
	t.Cleanup(func() {
		p.Close()
		if kids := children(); len(kids) > 0 {
			t.Errorf("worker processes left after Close: %v", kids)
		}
	})
	return p
}
