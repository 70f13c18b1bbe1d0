package node

import (
	"fmt"
	"path/filepath"
	"runtime"
)

// Caller returns the program counter of its caller's caller, skip frames
// further up: the call site a constructor records for error messages. It
// costs one short stack walk; the file and line are resolved only when a
// message needs them.
func Caller(skip int) uintptr {
	var pcs [1]uintptr
	if runtime.Callers(skip+3, pcs[:]) == 0 {
		return 0
	}
	return pcs[0]
}

// Site returns where the node was built, as "dir/file.go:line", or "" when
// unknown.
func (n *Node) Site() string { return siteOf(n.pc) }

func siteOf(pc uintptr) string {
	if pc == 0 {
		return ""
	}
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	if f.File == "" {
		return ""
	}
	dir, file := filepath.Split(f.File)
	return fmt.Sprintf("%s/%s:%d", filepath.Base(dir), file, f.Line)
}

// BuildError is a mistake in building a node, found before anything runs:
// a wrong argument type or count, a nil function or argument.
type BuildError struct {
	Site string // where the node was built, "dir/file.go:line"
	Err  error
}

func (e *BuildError) Error() string {
	if e.Site == "" {
		return e.Err.Error()
	}
	return e.Site + ": " + e.Err.Error()
}

func (e *BuildError) Unwrap() error { return e.Err }
