package processes

import (
	"bufio"
	"context"
	"encoding/gob"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// spawn starts the worker for slot and waits for its hello.
func (p *Pool) spawn(ctx context.Context, slot int) (*proc, error) {
	// Pipes, each [read end, write end]: tasks, results, lifeline, stdout, stderr.
	var p5 [5][2]*os.File
	for i := range p5 {
		r, w, err := os.Pipe()
		if err != nil {
			closePipes(p5[:i])
			return nil, fmt.Errorf("processes: creating pipes: %w", err)
		}
		p5[i] = [2]*os.File{r, w}
	}
	tr, tw, rr, rw, lr, lw := p5[0][0], p5[0][1], p5[1][0], p5[1][1], p5[2][0], p5[2][1]
	or, ow, er, ew := p5[3][0], p5[3][1], p5[4][0], p5[4][1]
	cmd := &exec.Cmd{
		Path:        p.exe,
		Args:        []string{os.Args[0]},
		Env:         p.env,
		Stdout:      ow,
		Stderr:      ew,
		ExtraFiles:  []*os.File{tr, rw, lr}, // descriptors 3, 4 and 5
		SysProcAttr: sysProcAttr(),
	}
	if err := cmd.Start(); err != nil {
		closePipes(p5[:])
		return nil, fmt.Errorf("processes: starting worker: %w", err)
	}
	// The child holds its ends now.
	tr.Close()
	rw.Close()
	lr.Close()
	// Results are read in blocking mode: a read parked in the poller costs
	// a round trip through epoll (measured: 9 us a round trip blocking, 15
	// polled). Nothing needs to interrupt it: a killed or exiting worker
	// ends it.
	rr.Fd()
	ow.Close()
	ew.Close()
	w := &proc{
		slot:   slot,
		pid:    cmd.Process.Pid,
		cmd:    cmd,
		in:     tw,
		out:    rr,
		life:   lw,
		rd:     bufio.NewReaderSize(rr, 64<<10),
		pipes:  [2]*os.File{or, er},
		exited: make(chan struct{}),
	}
	w.enc = gob.NewEncoder(&w.fb)
	w.dec = gob.NewDecoder(&w.pl)
	prefix := fmt.Sprintf("[worker %d] ", slot)
	w.outputs.Add(2)
	go func() {
		defer w.outputs.Done()
		forward(or, p.stdout, prefix, nil)
	}()
	go func() {
		defer w.outputs.Done()
		forward(er, p.stderr, prefix, &w.stderr)
	}()
	go func() {
		cmd.Wait() // its error is in the state
		w.state = cmd.ProcessState
		close(w.exited)
	}()
	if err := w.hello(ctx, p.cfg.startTimeout); err != nil {
		w.shutdown(false)
		if se, ok := err.(*startError); ok {
			se.Stderr = w.stderr.get()
		}
		return nil, err
	}
	return w, nil
}

// hello waits for the worker's first frame.
func (w *proc) hello(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, w.kill)
	body, err := readFrame(w.rd, nil)
	stop()
	if err != nil {
		if ctx.Err() != nil {
			if context.Cause(ctx) == context.DeadlineExceeded {
				return &startError{PID: w.pid, Reason: fmt.Sprintf("no answer within %v", timeout)}
			}
			return context.Cause(ctx)
		}
		<-w.exited
		w.drainOutput()
		return &startError{PID: w.pid, Reason: fmt.Sprintf("it exited (%v)", w.state)}
	}
	pr := parser{b: body}
	kind, version, pid := pr.byte(), pr.uint(), pr.uint()
	if pr.err != nil || kind != kindHello || version != protocolVersion || int(pid) != w.pid {
		return &startError{PID: w.pid, Reason: fmt.Sprintf("bad hello (kind %d, version %d, pid %d)", kind, version, pid)}
	}
	return nil
}

// kill ends the worker at once: SIGKILL to its process group, which takes
// whatever the task started with it.
func (w *proc) kill() {
	w.killed.Store(true)
	select {
	case <-w.exited:
	default:
		killProcess(w.cmd.Process)
	}
}

// dead reports whether the worker has exited.
func (w *proc) dead() bool {
	select {
	case <-w.exited:
		return true
	default:
		return false
	}
}

// outputGrace bounds the wait for a dead worker's stdout and stderr to
// end: processes it started may hold them open.
const outputGrace = 500 * time.Millisecond

// shutdown ends the worker, gracefully (closing its task pipe, which makes
// it exit) or not, and waits until the process is gone and its output has
// been forwarded. It is safe to call more than once, from any goroutine.
func (w *proc) shutdown(graceful bool) {
	w.shutOnce.Do(func() {
		if graceful {
			w.life.Close()
			w.in.Close()
			select {
			case <-w.exited:
			case <-time.After(2 * time.Second):
			}
		}
		w.kill()
		<-w.exited
		killGroup(w.pid) // anything the task left behind
		w.drainOutput()
		w.life.Close()
		w.in.Close()
		w.out.Close()
	})
}

// drainOutput waits for the forwarders, closing their pipes if processes
// the worker started keep them open.
func (w *proc) drainOutput() {
	done := make(chan struct{})
	go func() {
		w.outputs.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(outputGrace):
		w.pipes[0].Close()
		w.pipes[1].Close()
		<-done
	}
	w.pipes[0].Close()
	w.pipes[1].Close()
}

func closePipes(ps [][2]*os.File) {
	for _, p := range ps {
		p[0].Close()
		p[1].Close()
	}
}
