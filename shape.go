package lazy

import (
	"context"
	"fmt"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

// funcShape is what Delayed learns of a function type: whether it takes a
// context, what it returns.
type funcShape struct {
	t          reflect.Type
	firstParam int          // 1 when the first parameter is the context
	out        reflect.Type // nil when it returns no value
	hasErr     bool
	err        error
}

func shapeOf(t reflect.Type) funcShape {
	s := funcShape{t: t}
	if t.NumIn() > 0 && t.In(0) == contextType {
		s.firstParam = 1
	}
	outs := t.NumOut()
	if outs > 0 && t.Out(outs-1) == errorType {
		s.hasErr = true
		outs--
	}
	switch outs {
	case 0:
	case 1:
		s.out = t.Out(0)
	default:
		s.err = fmt.Errorf("lazy.Delayed: %s returns %d values; want a value, an error, or a value and an error (return a struct for several)", t, t.NumOut())
	}
	return s
}

// invoker calls the function through reflection, checking each argument
// against its parameter: statically typed arguments were checked when the
// node was built, interface-typed ones are checked here.
func (s funcShape) invoker() node.Invoker {
	variadic := s.t.IsVariadic()
	nparams := s.t.NumIn()
	paramType := func(i int) reflect.Type { // i counts the context
		if variadic && i >= nparams-1 {
			return s.t.In(nparams - 1).Elem()
		}
		return s.t.In(i)
	}
	return func(ctx context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
		in := make([]reflect.Value, 0, len(args)+s.firstParam)
		if s.firstParam == 1 {
			in = append(in, reflect.ValueOf(&ctx).Elem())
		}
		for i, a := range args {
			v, err := valueOf(a, paramType(i+s.firstParam))
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", i+1, err)
			}
			in = append(in, v)
		}
		res := reflect.ValueOf(fn).Call(in)
		if s.hasErr {
			if err, _ := res[len(res)-1].Interface().(error); err != nil {
				return nil, err
			}
		}
		if s.out == nil {
			return nil, nil
		}
		return res[0].Interface(), nil
	}
}
