package scheduler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/lazygraph/lazy/node"
)

// TaskError is the error of one task: what it was, where it was built, and
// what went wrong. Err is the function's error, a [*PanicError], or a
// scheduler's own failure (a crashed worker, a timeout).
type TaskError struct {
	Key  node.Key
	Func string // full name of the function
	Site string // where the node was built, "dir/file.go:line"
	Err  error
}

func newTaskError(n *node.Node, err error) *TaskError {
	e := &TaskError{Key: n.Key(), Site: n.Site(), Err: err}
	if f := n.Func(); f != nil {
		e.Func = f.Name()
	}
	return e
}

func (e *TaskError) Error() string {
	return fmt.Sprintf("task %s (%s, built at %s) failed: %v", e.Key, e.Func, e.Site, e.Err)
}

func (e *TaskError) Unwrap() error { return e.Err }

// PanicError is a panic recovered from a task. Value is what was passed to
// panic; Stack is the panicking goroutine's stack, without its misleading
// "goroutine N [running]" header.
type PanicError struct {
	Value any
	Stack []byte
}

func newPanicError(v any) *PanicError {
	stack := debug.Stack()
	if i := bytes.IndexByte(stack, '\n'); i >= 0 {
		stack = stack[i+1:]
	}
	return &PanicError{Value: v, Stack: stack}
}

func (p *PanicError) Error() string {
	return fmt.Sprintf("panic: %v\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value when it is an error, so that errors.Is and
// errors.As see through panic(err).
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// errGoexit is the cause when a task ends its goroutine with
// runtime.Goexit (t.FailNow in a test, for instance).
var errGoexit = errors.New("task called runtime.Goexit; return an error instead")

// errCallerLeft stops a run whose caller's goroutine, its first worker,
// left it outside a task: a panic or runtime.Goexit in a callback.
var errCallerLeft = errors.New("scheduler: the caller's goroutine left the run (a panic or runtime.Goexit in a callback)")

// CancelledError is returned when the caller's context ends a run before
// every task has finished.
type CancelledError struct {
	Done, Total int // tasks finished, tasks in the graph
	Cause       error
}

func (e *CancelledError) Error() string {
	return fmt.Sprintf("run cancelled after %d of %d tasks: %v", e.Done, e.Total, e.Cause)
}

func (e *CancelledError) Unwrap() error { return e.Cause }

// TimeoutError is the cause of a task that ran past its timeout.
type TimeoutError struct {
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("task ran past its timeout of %v", e.Timeout)
}

// Unwrap returns context.DeadlineExceeded, so errors.Is works as for any
// deadline.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }
