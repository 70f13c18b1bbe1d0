package lazy

import (
	"context"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

// All returns a node whose value is the slice of the values of nodes, in
// order: the typed way to feed many nodes to one call (a sum, a concat), as
// dask.delayed does with a list of delayed values. Equal lists of nodes
// merge like any other call.
//
//go:noinline (reads its caller's frame; see node.CallerPC)
func All[T any](nodes []Node[T], opts ...Option) Node[[]T] {
	pc := node.CallerPC()
	args := make([]*node.Node, len(nodes))
	for i, n := range nodes {
		args[i] = n.n
	}
	out := reflect.TypeFor[[]T]()
	f, err := node.NewValueFunc(allOf, out, invokeAll[T], node.Options{Name: "all"})
	if err != nil {
		return Node[[]T]{node.NewInvalid(err, pc)}
	}
	if out.Elem().Kind() != reflect.Interface {
		f = f.CopyingArgs() // invokeAll asserts each value to T: a copy
	}
	elem := elemType{out.Elem().PkgPath(), out.Elem().String()}
	return Node[[]T]{node.NewValueCall(f, elem, args, nodeOptions(opts), pc)}
}

// allOf names the calls All builds. It is a plain function: a generic
// function's value taken inside another generic function is a closure,
// which would make every call impure.
func allOf() {}

// elemType is the value All's calls carry, so that lists of different
// element types (through As) are different calls.
type elemType struct{ PkgPath, Name string }

func invokeAll[T any](_ context.Context, _ any, args []any, _ *node.Boxes) (any, error) {
	out := make([]T, len(args))
	for i, a := range args {
		out[i] = arg[T](a)
	}
	return out, nil
}
