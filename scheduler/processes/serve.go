package processes

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/lazygraph/lazy/node"
)

// envMarker marks a process as a worker; its value is the protocol
// version. Main removes it, so that processes the worker starts are not
// workers.
const envMarker = "LAZY_PROCESSES_WORKER"

// Worker file descriptors: tasks in, results out, and the lifeline, a
// pipe the parent never writes: it ends when the parent closes the pool or
// dies.
const (
	fdTasks    = 3
	fdResults  = 4
	fdLifeline = 5
)

// Main serves as a worker when the program was started as one by a
// [Pool], and returns at once otherwise (a few nanoseconds: it reads one
// environment variable). Call it first thing in main, and in TestMain for
// tests that run graphs on worker processes:
//
//	func main() {
//		processes.Main()
//		...
//	}
//
//	func TestMain(m *testing.M) {
//		processes.Main()
//		os.Exit(m.Run())
//	}
//
// A worker is the same executable, re-executed with a marker in its
// environment. Package init functions have run by the time Main is
// called, so the worker knows every function registered there; Main then
// runs tasks until its parent closes the pool or dies, and exits without
// returning. Anything main does before calling Main is done again by every
// worker.
func Main() {
	v, ok := os.LookupEnv(envMarker)
	if !ok {
		return
	}
	os.Unsetenv(envMarker)
	if v != fmt.Sprint(protocolVersion) {
		fmt.Fprintf(os.Stderr, "processes: worker protocol %q, want %d\n", v, protocolVersion)
		os.Exit(2)
	}
	os.Exit(serve())
}

// server is the worker's side of the protocol. One goroutine at a time
// (the serving goroutine) reads a task, runs it and writes the reply:
// handing tasks from a reading goroutine to a running one cost more than
// the rest of a round trip (measured: 9 to 35 us). Meanwhile the main
// goroutine waits on the lifeline, so the worker exits as soon as its
// parent closes the pool or dies, even in the middle of a stuck task.
type server struct {
	in  *os.File
	out *os.File

	// Used by the serving goroutine only.
	buf       []byte
	dec       *gob.Decoder
	pl        payload
	sigs      map[string]*signature
	fb        frameBuf
	enc       *gob.Encoder
	newStream bool // the encoder was replaced: tell the parent
}

type task struct {
	seq     uint64
	timeout time.Duration
	sig     *signature
	args    []any
	// fail, when set, is the reply: the task could not be prepared.
	fail    byte
	failMsg string
	retire  bool
}

func serve() int {
	for _, fd := range []int{fdTasks, fdResults, fdLifeline} {
		closeOnExec(fd) // not for the processes tasks start
	}
	s := &server{
		in:   os.NewFile(fdTasks, "lazy-tasks"),
		out:  os.NewFile(fdResults, "lazy-results"),
		sigs: map[string]*signature{},
	}
	lifeline := os.NewFile(fdLifeline, "lazy-lifeline")
	if s.in == nil || s.out == nil || lifeline == nil {
		fmt.Fprintln(os.Stderr, "processes: worker started without its pipes")
		return 2
	}
	s.dec = gob.NewDecoder(&s.pl)
	s.enc = gob.NewEncoder(&s.fb)
	s.fb.start(kindHello)
	s.fb.uint(protocolVersion)
	s.fb.uint(uint64(os.Getpid()))
	frame, _ := s.fb.finish()
	s.send(frame)
	go s.serve()
	io.Copy(io.Discard, lifeline) // returns when the parent closes it or dies
	return 0
}

// serve runs tasks until the task pipe ends. A task that calls
// runtime.Goexit ends this goroutine; run starts another.
func (s *server) serve() {
	for {
		body, err := readFrame(s.in, s.buf)
		s.buf = body
		if err != nil {
			if errors.Is(err, io.EOF) {
				os.Exit(0) // the pool closed, or the parent died
			}
			fmt.Fprintln(os.Stderr, "processes: worker:", err)
			os.Exit(1)
		}
		t, err := s.parse(body)
		if err != nil {
			fmt.Fprintln(os.Stderr, "processes: worker:", err)
			os.Exit(1)
		}
		if !s.run(t) {
			return // Goexit: another goroutine serves now
		}
	}
}

// parse reads a task frame and decodes its arguments.
func (s *server) parse(body []byte) (*task, error) {
	p := parser{b: body}
	if k := p.byte(); k != kindTask {
		return nil, fmt.Errorf("unexpected frame kind %d", k)
	}
	flags := p.byte()
	t := &task{seq: p.uint(), timeout: time.Duration(p.int())}
	name := p.string()
	flagsOf := p.bytes()
	if p.err != nil {
		return nil, p.err
	}
	if flags&flagNewStream != 0 {
		s.dec = gob.NewDecoder(&s.pl)
	}
	sig, ok := s.sigs[name]
	if !ok {
		reg, found := node.Lookup(name)
		if !found {
			t.fail, t.failMsg = failUnknown, fmt.Sprintf("function %s is not registered in the worker process; register it in an init func (not in main after the hook), so that every process registers the same set", name)
			// Its arguments are still in the stream: a new one must start.
			t.retire = len(p.b) > 0
			return t, nil
		}
		sig = signatureOf(reg)
		s.sigs[name] = sig
	}
	t.sig = sig
	t.args = make([]any, len(flagsOf))
	s.pl.b = p.b
	for i, f := range flagsOf {
		v, err := decodeValue(s.dec, sig.param(i), f)
		if err != nil {
			t.fail, t.failMsg, t.retire = failCodec, fmt.Sprintf("argument %d: %v", i+1, err), true
			return t, nil
		}
		t.args[i] = v
	}
	if len(s.pl.b) != 0 {
		t.fail, t.failMsg, t.retire = failCodec, "argument payload longer than its values", true
	}
	return t, nil
}

// run runs a task and replies. It returns false when the task called
// runtime.Goexit, after starting another serving goroutine.
func (s *server) run(t *task) (ok bool) {
	if t.fail != 0 {
		s.failure(t.seq, t.fail, message(t.failMsg), "", t.retire)
		return true
	}
	returned := false
	defer func() {
		if returned {
			return
		}
		p := recover()
		if p == nil {
			s.failure(t.seq, failGoexit, message("task called runtime.Goexit; return an error instead"), "", false)
			go s.serve() // this goroutine is ending
			return
		}
		ok = true
		e := message(fmt.Sprint(p)) // a value that is not an error crosses as its %v text
		if err, ok := p.(error); ok {
			e = describeError(err)
		}
		s.failure(t.seq, failPanic, e, panicStack(), false)
	}()
	ctx := context.Background()
	if t.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.timeout)
		defer cancel()
	}
	v, err := t.sig.reg.Func.Invoke(ctx, t.sig.reg.Fn, t.args, nil)
	returned = true
	if err != nil {
		s.failure(t.seq, failError, describeError(err), "", false)
		return true
	}
	s.result(t.seq, t.sig.out, v)
	return true
}

func (s *server) result(seq uint64, out reflect.Type, v any) {
	s.fb.start(kindResult)
	flags := byte(0)
	if s.newStream {
		flags, s.newStream = flagNewStream, false
	}
	s.fb.byte(flags)
	s.fb.uint(seq)
	nilAt := len(s.fb.b)
	s.fb.byte(0)
	f, err := encodeValue(s.enc, out, v)
	s.fb.b[nilAt] = f
	frame, ferr := s.fb.finish()
	if err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		// The encoder may have described types the parent never got.
		s.enc = gob.NewEncoder(&s.fb)
		s.newStream = true
		s.failure(seq, failCodec, message("result: "+err.Error()), "", false)
		return
	}
	s.send(frame)
}

// failure replies that the task failed: kind says how, e what (its Type
// is empty for a panic value that is not an error).
func (s *server) failure(seq uint64, kind byte, e *RemoteError, stack string, retire bool) {
	s.fb.start(kindFailure)
	s.fb.uint(seq)
	s.fb.byte(kind)
	s.fb.remoteError(e)
	s.fb.string(stack)
	r := byte(0)
	if retire {
		r = 1
	}
	s.fb.byte(r)
	frame, err := s.fb.finish()
	if err != nil { // a huge message or stack: cut it
		s.failure(seq, kind, &RemoteError{Type: e.Type, Message: e.Message[:min(len(e.Message), 1<<20)]}, "", retire)
		return
	}
	s.send(frame)
}

func message(msg string) *RemoteError { return &RemoteError{Message: msg} }

// send writes a frame; the worker exits when its parent is gone.
func (s *server) send(frame []byte) {
	if _, err := s.out.Write(frame); err != nil {
		os.Exit(0) // the parent closed the pool or died
	}
}

// panicStack returns the stack of a panicking task from the frame that
// panicked, without the frames of the recovery.
func panicStack() string {
	st := debug.Stack()
	if i := bytes.Index(st, []byte("\npanic(")); i >= 0 {
		st = st[i+1:]
		for range 2 { // the panic frame and its file line
			if j := bytes.IndexByte(st, '\n'); j >= 0 {
				st = st[j+1:]
			}
		}
	} else if i := bytes.IndexByte(st, '\n'); i >= 0 {
		st = st[i+1:]
	}
	return string(st)
}
