//go:build !amd64

package node

import "runtime"

// CallerPC returns the return address of the function that calls it: the
// call site of that function's caller. The calling function must not be
// inlined (mark it //go:noinline). On amd64 it reads the frame pointer; here
// it walks the stack.
//
//go:noinline
func CallerPC() uintptr {
	var pcs [1]uintptr
	if runtime.Callers(3, pcs[:]) == 0 {
		return 0
	}
	return pcs[0]
}
