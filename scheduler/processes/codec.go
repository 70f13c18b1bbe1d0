package processes

import (
	"context"
	"encoding"
	"encoding/gob"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/lazygraph/lazy/node"
)

// Values cross as the static type of their slot (the function's parameter
// or result type), which both processes know from the registered
// function: a value of a concrete type needs no gob.Register, and a value
// in an interface-typed slot travels as an interface value, whose concrete
// type gob must know by name (node.Register registers the concrete
// parameter and result types of every registered function).

var (
	anyType     = reflect.TypeFor[any]()
	contextType = reflect.TypeFor[context.Context]()
	gobEncType  = reflect.TypeFor[gob.GobEncoder]()
	binEncType  = reflect.TypeFor[encoding.BinaryMarshaler]()
	textEncType = reflect.TypeFor[encoding.TextMarshaler]()
)

// signature is what the codec knows of a registered function.
type signature struct {
	name     string
	reg      node.Registered
	params   []reflect.Type // without a leading context; for variadic functions the last is the element type
	variadic bool
	out      reflect.Type // the result's type; anyType when the function returns none
}

func signatureOf(reg node.Registered) *signature {
	t := reg.Func.Type()
	s := &signature{name: reg.Name, reg: reg, variadic: t.IsVariadic(), out: reg.Func.Out()}
	first := 0
	if t.NumIn() > 0 && t.In(0) == contextType {
		first = 1
	}
	for i := first; i < t.NumIn(); i++ {
		p := t.In(i)
		if s.variadic && i == t.NumIn()-1 {
			p = p.Elem()
		}
		s.params = append(s.params, p)
	}
	if s.out == nil {
		s.out = anyType
	}
	return s
}

// param returns the type argument i travels as.
func (s *signature) param(i int) reflect.Type {
	switch {
	case s.variadic && i >= len(s.params)-1:
		return s.params[len(s.params)-1]
	case i < len(s.params):
		return s.params[i]
	}
	return anyType
}

// checkTypes reports the first parameter or result type gob cannot send.
func (s *signature) checkTypes() error {
	for i, p := range s.params {
		if err := checkType(p); err != nil {
			return fmt.Errorf("parameter %d: %w", i+1, err)
		}
	}
	if err := checkType(s.out); err != nil {
		return fmt.Errorf("result: %w", err)
	}
	return nil
}

const (
	valuePresent byte = iota
	valueNil
)

// encodeValue writes v, travelling as type t, to enc and returns the flag
// that goes in the frame header. A nil v, or a nil pointer, is sent as the
// flag alone.
func encodeValue(enc *gob.Encoder, t reflect.Type, v any) (byte, error) {
	if v == nil {
		return valueNil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return valueNil, nil
	}
	if rv.Type() != t {
		if !rv.Type().AssignableTo(t) {
			return 0, &CodecError{Type: rv.Type(), Err: fmt.Errorf("the value is a %s, the function wants %s", rv.Type(), t)}
		}
		conv := reflect.New(t)
		conv.Elem().Set(rv)
		if t.Kind() == reflect.Interface {
			rv = conv // gob sends interface values only through a pointer
		} else {
			rv = conv.Elem()
		}
	}
	if err := enc.EncodeValue(rv); err != nil {
		return 0, &CodecError{Type: reflect.TypeOf(v), Err: err}
	}
	return valuePresent, nil
}

// decodeValue reads a value of type t that was sent with the given flag.
func decodeValue(dec *gob.Decoder, t reflect.Type, flag byte) (any, error) {
	if flag == valueNil {
		if t.Kind() == reflect.Interface {
			return nil, nil
		}
		return reflect.Zero(t).Interface(), nil
	}
	p := reflect.New(t)
	if err := dec.DecodeValue(p); err != nil {
		return nil, &CodecError{Type: t, Err: err}
	}
	return p.Elem().Interface(), nil
}

// CodecError is a value that cannot travel between processes with
// encoding/gob.
type CodecError struct {
	Type reflect.Type // the value's type
	Err  error
}

func (e *CodecError) Error() string {
	msg := e.Err.Error()
	var hint string
	switch {
	case strings.Contains(msg, "not registered for interface"):
		hint = "register the concrete type with gob.Register in an init func"
	case strings.Contains(msg, "no exported fields"):
		hint = "export the fields that matter, or implement gob.GobEncoder and gob.GobDecoder"
	case strings.Contains(msg, "can't handle type"), strings.Contains(msg, "not supported"):
		hint = "channels, functions and unsafe pointers cannot leave a process; pass data, or run this call on the threads scheduler"
	default:
		hint = "make the type gob-encodable (exported fields, or gob.GobEncoder), or run this call on the threads scheduler"
	}
	return fmt.Sprintf("%s cannot be sent between processes with encoding/gob: %s; %s", e.Type, msg, hint)
}

func (e *CodecError) Unwrap() error { return e.Err }

type typeCheck struct {
	err     error
	dynamic bool // values must be checked too: interfaces inside, or custom encoders
}

var typeChecks sync.Map // reflect.Type -> typeCheck

// checkType reports whether gob can send values of type t, by encoding
// its zero value (which makes gob describe the whole type).
func checkType(t reflect.Type) error { return typeInfo(t).err }

func typeInfo(t reflect.Type) typeCheck {
	if c, ok := typeChecks.Load(t); ok {
		return c.(typeCheck)
	}
	c := typeCheck{dynamic: isDynamic(t, map[reflect.Type]bool{})}
	if t.Kind() != reflect.Interface {
		v := reflect.New(t)
		for e := v.Elem(); e.Kind() == reflect.Pointer; e = e.Elem() {
			e.Set(reflect.New(e.Type().Elem()))
		}
		if err := gob.NewEncoder(io.Discard).EncodeValue(v); err != nil {
			c.err = &CodecError{Type: t, Err: err}
		}
	}
	typeChecks.Store(t, c)
	return c
}

// isDynamic reports whether encoding a value of t can fail when encoding
// its zero value did not: it holds interfaces, or has its own encoder.
func isDynamic(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if t.Implements(gobEncType) || t.Implements(binEncType) || t.Implements(textEncType) ||
		reflect.PointerTo(t).Implements(gobEncType) || reflect.PointerTo(t).Implements(binEncType) ||
		reflect.PointerTo(t).Implements(textEncType) {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return isDynamic(t.Elem(), seen)
	case reflect.Map:
		return isDynamic(t.Key(), seen) || isDynamic(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && isDynamic(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// checkValue reports whether v can be sent as type t, without sending it
// when its type alone says so.
func checkValue(t reflect.Type, v any) error {
	if v == nil {
		return nil
	}
	vt := reflect.TypeOf(v)
	if err := checkType(vt); err != nil {
		return err
	}
	if !typeInfo(vt).dynamic && vt.AssignableTo(t) {
		return nil
	}
	_, err := encodeValue(gob.NewEncoder(io.Discard), t, v)
	return err
}
