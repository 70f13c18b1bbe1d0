package processes

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"time"

	"github.com/lazygraph/lazy/scheduler"
)

// call runs one task on the worker. ctx's deadline is the task's timeout;
// when ctx ends first, the worker is killed and the cause returned.
func (w *proc) call(ctx context.Context, sig *signature, args []any, closing <-chan struct{}) (any, error) {
	w.stderr.mark()
	w.seq++
	fb := &w.fb
	fb.start(kindTask)
	flags := byte(0)
	if w.newStream {
		flags = flagNewStream
	}
	fb.byte(flags)
	fb.uint(w.seq)
	var timeout time.Duration
	if d, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(d), 1)
	}
	fb.int(int64(timeout))
	fb.string(sig.name)
	fb.uint(uint64(len(args)))
	nils := len(fb.b)
	fb.b = append(fb.b, make([]byte, len(args))...)
	for i, a := range args {
		f, err := encodeValue(w.enc, sig.param(i), a)
		if err != nil {
			w.resetEncoder()
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		fb.b[nils+i] = f
	}
	frame, err := fb.finish()
	if err != nil {
		w.resetEncoder()
		return nil, err
	}
	w.newStream = false

	stop := context.AfterFunc(ctx, w.kill)
	_, err = w.in.Write(frame)
	var body []byte
	if err == nil {
		body, err = readFrame(w.rd, w.rbuf)
		w.rbuf = body
	}
	if !stop() || w.killed.Load() {
		// ctx ended (or the pool is closing): the worker is being killed.
		w.broken = true
		<-w.exited
		select {
		case <-closing:
			return nil, ErrClosed
		default:
		}
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
	}
	if err != nil {
		w.broken = true
		select {
		case <-closing:
			return nil, ErrClosed
		default:
		}
		return nil, w.death()
	}
	return w.reply(sig, body)
}

func (w *proc) resetEncoder() {
	w.enc = gob.NewEncoder(&w.fb)
	w.newStream = true
}

// death waits for the dead worker and describes how it died.
func (w *proc) death() error {
	select {
	case <-w.exited:
	case <-time.After(5 * time.Second):
		// It closed its result pipe but lives on: it is no use.
		w.kill()
		<-w.exited
	}
	killGroup(w.pid)
	w.drainOutput()
	e := &WorkerError{PID: w.pid, Worker: w.slot, Stderr: w.stderr.get()}
	e.ExitCode, e.Signal = exitInfo(w.state)
	return e
}

// reply decodes a result or failure frame.
func (w *proc) reply(sig *signature, body []byte) (any, error) {
	p := parser{b: body}
	switch p.byte() {
	case kindResult:
		flags, seq, nilFlag := p.byte(), p.uint(), p.byte()
		if p.err != nil || seq != w.seq {
			w.broken = true
			return nil, fmt.Errorf("processes: worker %d sent a malformed result", w.pid)
		}
		if flags&flagNewStream != 0 {
			w.dec = gob.NewDecoder(&w.pl)
		}
		w.pl.b = p.b
		v, err := decodeValue(w.dec, sig.out, nilFlag)
		if err != nil || len(w.pl.b) != 0 {
			w.broken = true // the stream is out of step
			if err == nil {
				err = errors.New("processes: result payload longer than its value")
			}
			return nil, fmt.Errorf("result: %w", err)
		}
		return v, nil
	case kindFailure:
		seq, kind, e, stack, retire := p.uint(), p.byte(), p.remoteError(), p.string(), p.byte()
		if p.err != nil || seq != w.seq {
			w.broken = true
			return nil, fmt.Errorf("processes: worker %d sent a malformed failure", w.pid)
		}
		if retire != 0 {
			w.broken = true
		}
		return nil, failureError(kind, e, stack)
	}
	w.broken = true
	return nil, fmt.Errorf("processes: worker %d sent an unexpected frame", w.pid)
}

func failureError(kind byte, e *RemoteError, stack string) error {
	switch kind {
	case failError:
		return e
	case failPanic:
		var v any = e.Message // a value that was not an error
		if e.Type != "" {
			v = e
		}
		return &scheduler.PanicError{Value: v, Stack: []byte(stack)}
	}
	return errors.New(e.Message)
}
