package processes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
)

// RemoteError is an error a task's function returned (or panicked with)
// in a worker process. Errors cross processes as text, so errors.As sees
// only this type, not the function's own error types; errors.Is works for
// the standard library's sentinel errors (io.EOF, fs.ErrNotExist,
// context.Canceled, ...), checked in the worker, and for errors of the
// function's chain that have the same type and message as the target,
// which is what sentinel errors made with errors.New are (two different
// sentinels of one type and message would be taken for each other).
type RemoteError struct {
	Type    string // the error's dynamic type in the worker, e.g. "*fs.PathError"
	Message string

	chain     []remoteLink // the errors it wraps, depth first
	sentinels []string     // names of the well-known sentinels it is
}

type remoteLink struct{ typ, msg string }

func (e *RemoteError) Error() string { return e.Message }

// Is reports whether the error was target in the worker; see the type's
// comment for what can be known.
func (e *RemoteError) Is(target error) bool {
	for _, s := range wellKnown {
		if target == s.err {
			return slices.Contains(e.sentinels, s.name)
		}
	}
	typ, msg := fmt.Sprintf("%T", target), target.Error()
	for _, l := range e.chain {
		if l.typ == typ && l.msg == msg {
			return true
		}
	}
	return false
}

var wellKnown = []struct {
	name string
	err  error
}{
	{"context.Canceled", context.Canceled},
	{"context.DeadlineExceeded", context.DeadlineExceeded},
	{"io.EOF", io.EOF},
	{"io.ErrUnexpectedEOF", io.ErrUnexpectedEOF},
	{"io.ErrClosedPipe", io.ErrClosedPipe},
	{"io.ErrShortWrite", io.ErrShortWrite},
	{"fs.ErrNotExist", fs.ErrNotExist},
	{"fs.ErrExist", fs.ErrExist},
	{"fs.ErrPermission", fs.ErrPermission},
	{"fs.ErrClosed", fs.ErrClosed},
	{"fs.ErrInvalid", fs.ErrInvalid},
	{"os.ErrDeadlineExceeded", os.ErrDeadlineExceeded},
	{"os.ErrProcessDone", os.ErrProcessDone},
	{"errors.ErrUnsupported", errors.ErrUnsupported},
}

// describeError is the worker's side: err as it crosses.
func describeError(err error) *RemoteError {
	e := &RemoteError{Type: fmt.Sprintf("%T", err), Message: err.Error()}
	var walk func(error, int)
	walk = func(err error, depth int) {
		if err == nil || depth > 64 || len(e.chain) >= 256 {
			return
		}
		e.chain = append(e.chain, remoteLink{fmt.Sprintf("%T", err), err.Error()})
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, c := range u.Unwrap() {
				walk(c, depth+1)
			}
		}
	}
	walk(err, 0)
	for _, s := range wellKnown {
		if errors.Is(err, s.err) {
			e.sentinels = append(e.sentinels, s.name)
		}
	}
	return e
}

func (f *frameBuf) remoteError(e *RemoteError) {
	f.string(e.Type)
	f.string(e.Message)
	f.uint(uint64(len(e.chain)))
	for _, l := range e.chain {
		f.string(l.typ)
		f.string(l.msg)
	}
	f.uint(uint64(len(e.sentinels)))
	for _, s := range e.sentinels {
		f.string(s)
	}
}

func (p *parser) remoteError() *RemoteError {
	e := &RemoteError{Type: p.string(), Message: p.string()}
	n := p.uint()
	for i := uint64(0); i < n && p.err == nil; i++ {
		e.chain = append(e.chain, remoteLink{p.string(), p.string()})
	}
	n = p.uint()
	for i := uint64(0); i < n && p.err == nil; i++ {
		e.sentinels = append(e.sentinels, p.string())
	}
	return e
}
