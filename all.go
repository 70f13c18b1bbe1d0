package lazy

import (
	"context"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

// All returns a node whose value is the slice of the values of nodes, in
// order: the typed way to feed many nodes to one call (a sum, a concat), as
// dask.delayed does with a list of delayed values.
//
//go:noinline (reads its caller's frame; see node.CallerPC)
func All[T any](nodes []Node[T], opts ...Option) Node[[]T] {
	args := make([]*node.Node, len(nodes))
	for i, n := range nodes {
		args[i] = n.n
	}
	t := describe(allOf[T], reflect.TypeFor[[]T](), invokeAll[T], []Option{WithName("all")})
	return Node[[]T]{t.call(node.CallerPC(), allOf[T], args, opts)}
}

// allOf names the calls All builds; invokeAll runs them.
func allOf[T any](xs ...T) []T { return xs }

func invokeAll[T any](_ context.Context, _ any, args []any) (any, error) {
	out := make([]T, len(args))
	for i, a := range args {
		out[i] = arg[T](a)
	}
	return out, nil
}
