package processes

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/lazygraph/lazy/node"
)

// WorkerError is the cause of a task whose worker process died while
// running it: it exited (os.Exit, a fatal runtime error such as a stack
// overflow or concurrent map writes), or was killed by a signal (a
// segfault in cgo, the kernel's OOM killer, kill -9). The pool replaces
// the worker; the task is run again only if its node has Retries left and
// it has not killed more workers than the pool allows (see
// [WithAllowedFailures]).
type WorkerError struct {
	PID      int
	Worker   int            // the pool's worker slot, as in the output prefix
	ExitCode int            // -1 when killed by a signal
	Signal   syscall.Signal // the signal that killed it, or 0
	Stderr   []string       // the last lines the worker wrote to stderr
	Deaths   int            // workers this task has killed in this run, this one included
	// Final is set once Deaths exceeds the allowed failures: the task is
	// not run again in this run.
	Final   bool
	Allowed int // the pool's allowed failures
}

func (e *WorkerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "worker process %d (worker %d) died running the task: ", e.PID, e.Worker)
	if e.Signal != 0 {
		fmt.Fprintf(&b, "killed by signal %d (%v)", int(e.Signal), e.Signal)
	} else {
		fmt.Fprintf(&b, "exit status %d", e.ExitCode)
	}
	if e.Final {
		fmt.Fprintf(&b, "; not run again: it has killed %d worker processes, more than the %d allowed (processes.WithAllowedFailures)", e.Deaths, e.Allowed)
	}
	if len(e.Stderr) == 0 {
		b.WriteString("; it wrote nothing to stderr")
		return b.String()
	}
	b.WriteString("; last lines of its stderr:")
	for _, l := range e.Stderr {
		b.WriteString("\n    ")
		b.WriteString(l)
	}
	return b.String()
}

// RefusedError is a graph the pool will not run, found before anything
// runs: a call of a function that is not registered (or cannot be: a
// closure or method value), or a value or type that gob cannot send.
type RefusedError struct {
	Key  node.Key
	Func string // the called function's full name
	Site string // where the node was built
	Err  error  // what is wrong and what to do
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("processes: cannot run %s (built at %s) in a worker process: %v", e.Func, e.Site, e.Err)
}

func (e *RefusedError) Unwrap() error { return e.Err }

// ErrClosed is the error of runs on a pool that is closed, and the cause
// of tasks that were running when it closed.
var ErrClosed = errors.New("processes: pool is closed")

// errNotServing is returned by New when a worker did not start serving.
type startError struct {
	PID    int
	Reason string
	Stderr []string
}

func (e *startError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "processes: worker process %d did not start serving: %s; the program must call processes.Main() at the top of main (and of TestMain in tests), before anything else", e.PID, e.Reason)
	if len(e.Stderr) > 0 {
		b.WriteString("; last lines of its stderr:")
		for _, l := range e.Stderr {
			b.WriteString("\n    ")
			b.WriteString(l)
		}
	}
	return b.String()
}
