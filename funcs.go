package lazy

import (
	"fmt"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

//go:generate go run ./internal/genfuncs -o funcs_gen.go

// taskFunc is a function described once for all the nodes that call it, or
// the reason it cannot be called.
type taskFunc struct {
	f   *node.Func
	err error
}

func describe(fn any, out reflect.Type, invoke node.Invoker, withCtx bool, opts []Option) taskFunc {
	f, err := node.NewFunc(fn, out, invoke, nodeOptions(opts))
	if err != nil {
		return taskFunc{err: fmt.Errorf("lazy: %w", err)}
	}
	return taskFunc{f: copying(f, withCtx)}
}

// copying returns f marked as copying its arguments (see
// node.Func.CopyingArgs) when none of its parameters is an interface: the
// invokers here then assert each argument to its concrete type, a copy.
// withCtx says that the invoker passes the run's context as the first
// parameter, which is then not an argument; a context.Context parameter
// of other functions is one, an interface like any other.
func copying(f *node.Func, withCtx bool) *node.Func {
	t := f.Type()
	for i := range t.NumIn() {
		p := t.In(i)
		if i == 0 && withCtx {
			continue
		}
		if t.IsVariadic() && i == t.NumIn()-1 {
			p = p.Elem()
		}
		if p.Kind() == reflect.Interface {
			return f
		}
	}
	return f.CopyingArgs()
}

// call builds a node calling t's function, made at pc.
func (t taskFunc) call(pc uintptr, args []*node.Node, opts []Option) *node.Node {
	if t.err != nil {
		return node.NewInvalid(t.err, pc)
	}
	return node.NewCall(t.f, args, nodeOptions(opts), pc)
}

// arg returns an argument value as an A. Typed constructors only wire
// nodes of type A to A's slot, so the assertion fails only for nodes made
// with [As] from an interface-typed node; nil stands for A's zero value.
// The generated invokers assert in line and call arg only when that fails.
func arg[A any](v any) A {
	if a, ok := v.(A); ok {
		return a
	}
	if v != nil {
		panic(fmt.Sprintf("lazy: argument value is %T, the function wants %s", v, reflect.TypeFor[A]()))
	}
	var zero A
	return zero
}
