package lazy

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/lazygraph/lazy/node"
)

var anyNodeType = reflect.TypeFor[AnyNode]()

// asNode returns the node v holds, if v is one.
func asNode(v reflect.Value) (*node.Node, bool) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || !v.Type().Implements(anyNodeType) || !v.CanInterface() {
		return nil, false
	}
	return v.Interface().(AnyNode).Node(), true
}

// holdsNodes reports whether v is a slice, array or map with a node
// somewhere inside: Delayed rebuilds such arguments from node values.
func holdsNodes(v reflect.Value) bool {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() {
		return false
	}
	if _, ok := asNode(v); ok {
		return true
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if holdsNodes(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if holdsNodes(it.Value()) {
				return true
			}
		}
	}
	return false
}

// template describes a container argument of a Delayed call: where the
// values of argument nodes go, and the literal values around them.
type template struct {
	Type      reflect.Type
	Arg       int // >= 0: the value of the call's argument Arg
	Lit       any // a literal, when Arg < 0 and not Container
	Container bool
	Elems     []template
	Keys      []any // map keys, one per element, sorted by token
}

// Tokenize makes a template's key follow its content, so that two equal
// container arguments merge.
func (t template) Tokenize() any {
	return struct {
		Type, PkgPath string
		Arg           int
		Lit           any
		Container     bool
		Elems         []template
		Keys          []any
	}{t.Type.String(), t.Type.PkgPath(), t.Arg, t.Lit, t.Container, t.Elems, t.Keys}
}

// collect returns a node whose value is a, of type want, with the values
// of the nodes inside a in their places.
func collect(a any, want reflect.Type, pc uintptr) (*node.Node, error) {
	var args []*node.Node
	t, err := newTemplate(reflect.ValueOf(a), want, &args)
	if err != nil {
		return nil, err
	}
	f, err := node.NewValueFunc(rebuild, want, invokeTemplate, node.Options{Name: "collect"})
	if err != nil {
		return nil, err
	}
	return node.NewValueCall(f, t, args, node.Options{}, pc), nil
}

// rebuild names the calls collect builds; invokeTemplate runs them.
func rebuild() {}

func invokeTemplate(_ context.Context, impl any, args []any, _ *node.Boxes) (any, error) {
	v, err := impl.(template).build(args)
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

func newTemplate(v reflect.Value, want reflect.Type, args *[]*node.Node) (template, error) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if n, ok := asNode(v); ok {
		if n == nil {
			return template{}, errZeroNode
		}
		if err := n.Err(); err != nil {
			return template{}, err
		}
		if got := n.Out(); got != nil && !fits(got, want) {
			return template{}, fmt.Errorf("node %s gives %s, want %s", n.Key(), got, want)
		}
		*args = append(*args, n)
		return template{Type: want, Arg: len(*args) - 1}, nil
	}
	if !holdsNodes(v) {
		var lit any
		if v.IsValid() {
			lit = v.Interface()
		}
		if err := literalFits(lit, want); err != nil {
			return template{}, err
		}
		return template{Type: want, Arg: -1, Lit: lit}, nil
	}
	t := template{Type: want, Arg: -1, Container: true}
	switch {
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) &&
		(want.Kind() == reflect.Slice || (want.Kind() == reflect.Array && want.Len() == v.Len())):
		for i := range v.Len() {
			e, err := newTemplate(v.Index(i), want.Elem(), args)
			if err != nil {
				return template{}, fmt.Errorf("element %d: %w", i, err)
			}
			t.Elems = append(t.Elems, e)
		}
	case v.Kind() == reflect.Map && want.Kind() == reflect.Map:
		type entry struct {
			key any
			tok node.Sum
			val reflect.Value
		}
		var entries []entry
		for it := v.MapRange(); it.Next(); {
			k := it.Key().Interface()
			if err := literalFits(k, want.Key()); err != nil {
				return template{}, fmt.Errorf("map key %v: %w", k, err)
			}
			tok, _ := node.Token(k)
			entries = append(entries, entry{k, tok, it.Value()})
		}
		slices.SortFunc(entries, func(a, b entry) int {
			return cmp.Or(cmp.Compare(a.tok[0], b.tok[0]), cmp.Compare(a.tok[1], b.tok[1]))
		})
		for _, en := range entries {
			e, err := newTemplate(en.val, want.Elem(), args)
			if err != nil {
				return template{}, fmt.Errorf("map value at %v: %w", en.key, err)
			}
			t.Keys = append(t.Keys, en.key)
			t.Elems = append(t.Elems, e)
		}
	default:
		return template{}, fmt.Errorf("got %s holding nodes, want %s", v.Type(), want)
	}
	return t, nil
}

// build makes the value t describes from the argument values.
func (t template) build(args []any) (reflect.Value, error) {
	switch {
	case t.Arg >= 0:
		return valueOf(args[t.Arg], t.Type)
	case !t.Container:
		if t.Lit == nil {
			return reflect.Zero(t.Type), nil
		}
		return reflect.ValueOf(t.Lit), nil
	}
	var out reflect.Value
	switch t.Type.Kind() {
	case reflect.Slice:
		out = reflect.MakeSlice(t.Type, len(t.Elems), len(t.Elems))
	case reflect.Array:
		out = reflect.New(t.Type).Elem()
	default:
		out = reflect.MakeMapWithSize(t.Type, len(t.Elems))
	}
	for i, e := range t.Elems {
		v, err := e.build(args)
		if err != nil {
			return reflect.Value{}, err
		}
		if t.Type.Kind() == reflect.Map {
			out.SetMapIndex(reflect.ValueOf(t.Keys[i]), v)
		} else {
			out.Index(i).Set(v)
		}
	}
	return out, nil
}
