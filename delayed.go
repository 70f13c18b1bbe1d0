package lazy

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// Delayed returns a lazy version of fn, a function of any signature, as
// dask.delayed does: calling it records a call and returns its node.
//
// fn may take a leading context.Context (the run's), any parameters
// (variadic too), and return nothing, a value, an error, or a value and an
// error. Each argument is a node (any Node[T]), a literal value, or a slice,
// array or map holding nodes, which is rebuilt from their values when the
// call runs.
//
// Arguments are checked when the call is recorded: a wrong count, or a
// type that cannot be assigned to the parameter, makes the node invalid
// with an error naming fn, the argument, the wanted and given types and the
// caller's file:line (see [Node.Err]); computing it returns that error and
// runs nothing. Nodes whose type is an interface are checked when the task
// runs. Use [As] to give the result a static type.
//
// Calls through Delayed use reflection when they run; the Func
// constructors do not and are several times cheaper.
//
//go:noinline (the constructor reads its caller's frame; see node.CallerPC)
func Delayed(fn any, opts ...Option) func(args ...any) Node[any] {
	d, err := newDelayedFunc(fn, opts)
	return func(args ...any) Node[any] {
		pc := node.CallerPC()
		if err != nil {
			return Node[any]{node.NewInvalid(err, pc)}
		}
		return Node[any]{d.call(args, pc)}
	}
}

type delayedFunc struct {
	f        *node.Func
	params   []reflect.Type // without the context; the last is the slice type when variadic
	variadic bool
}

func newDelayedFunc(fn any, opts []Option) (*delayedFunc, error) {
	if fn == nil {
		return nil, errors.New("lazy.Delayed: nil function")
	}
	t := reflect.TypeOf(fn)
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("lazy.Delayed: %T is not a function", fn)
	}
	sh := shapeOf(t)
	if sh.err != nil {
		return nil, sh.err
	}
	f, err := node.NewFunc(fn, sh.out, sh.invoker(), nodeOptions(opts))
	if err != nil {
		return nil, fmt.Errorf("lazy.Delayed: %w", err)
	}
	// The reflective invoker converts each argument to its parameter's
	// type: a copy, unless the parameter is an interface.
	f = copying(f, sh.firstParam > 0)
	d := &delayedFunc{f: f, variadic: t.IsVariadic()}
	for i := sh.firstParam; i < t.NumIn(); i++ {
		d.params = append(d.params, t.In(i))
	}
	return d, nil
}

// call checks args against the parameters and records the call.
func (d *delayedFunc) call(args []any, pc uintptr) *node.Node {
	name := d.f.Name()
	fixed := len(d.params)
	if d.variadic {
		fixed--
	}
	if len(args) < fixed || (!d.variadic && len(args) > fixed) {
		want := fmt.Sprint(fixed)
		if d.variadic {
			want = fmt.Sprintf("at least %d", fixed)
		}
		return node.NewInvalid(fmt.Errorf("lazy.Delayed(%s): takes %s arguments, got %d", name, want, len(args)), pc)
	}
	nodes := make([]*node.Node, len(args))
	for i, a := range args {
		want := d.paramType(i)
		n, err := argNode(a, want, pc)
		if err != nil {
			return node.NewInvalid(fmt.Errorf("lazy.Delayed(%s): argument %d: %w", name, i+1, err), pc)
		}
		nodes[i] = n
	}
	return node.NewCall(d.f, nodes, node.Options{}, pc)
}

// paramType is the type argument i is assigned to.
func (d *delayedFunc) paramType(i int) reflect.Type {
	if d.variadic && i >= len(d.params)-1 {
		return d.params[len(d.params)-1].Elem()
	}
	return d.params[i]
}

// argNode returns the node for argument a of type want: a itself when it
// is a node, a node rebuilding a container that holds nodes, or a literal.
func argNode(a any, want reflect.Type, pc uintptr) (*node.Node, error) {
	if an, ok := a.(AnyNode); ok {
		n := an.Node()
		if n == nil {
			return nil, errZeroNode
		}
		if err := n.Err(); err != nil {
			return nil, err
		}
		if got := n.Out(); got != nil && !fits(got, want) {
			return nil, fmt.Errorf("node %s gives %s, want %s", n.Key(), got, want)
		}
		return n, nil
	}
	if holdsNodes(reflect.ValueOf(a)) {
		return collect(a, want, pc)
	}
	if err := literalFits(a, want); err != nil {
		return nil, err
	}
	return node.NewLiteral(a, node.Options{}, pc), nil
}

// fits reports whether a value of static type got may be passed as want:
// assignable now, or an interface that may hold a want at run time.
func fits(got, want reflect.Type) bool {
	return got.AssignableTo(want) || (got.Kind() == reflect.Interface && canHold(got, want))
}

func literalFits(a any, want reflect.Type) error {
	if a == nil {
		if nillable(want) {
			return nil
		}
		return fmt.Errorf("got nil, want %s", want)
	}
	if got := reflect.TypeOf(a); !got.AssignableTo(want) {
		return fmt.Errorf("got %s, want %s", got, want)
	}
	return nil
}

func nillable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	}
	return false
}

// valueOf converts an argument value for a reflective call, checking
// values whose static type was an interface.
func valueOf(v any, want reflect.Type) (reflect.Value, error) {
	if v == nil {
		if nillable(want) {
			return reflect.Zero(want), nil
		}
		return reflect.Value{}, fmt.Errorf("got nil, want %s", want)
	}
	rv := reflect.ValueOf(v)
	if !rv.Type().AssignableTo(want) {
		return reflect.Value{}, fmt.Errorf("got %s, want %s", rv.Type(), want)
	}
	return rv, nil
}
