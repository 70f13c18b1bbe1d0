package lazy

import (
	"fmt"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

// Node is a lazy value of type T: a recorded call, or a literal. Nodes are
// immutable and cheap to copy (one pointer); build them with the Func
// constructors, [Delayed], [Lit] or [All], and compute them with [Get],
// [GetAll], [Compute] or [Persist]. The zero Node is not valid: using it
// as an argument or output is an error reported before anything runs.
type Node[T any] struct{ n *node.Node }

// AnyNode is a node of any result type: every Node[T] is one. [Compute],
// [Persist] and [Visualize] take AnyNodes so that outputs of different
// types can be computed together.
type AnyNode interface {
	// Node returns the untyped node, or nil for a zero Node.
	Node() *node.Node
}

// Node returns the untyped node behind n.
func (n Node[T]) Node() *node.Node { return n.n }

// Key returns n's key: two nodes with equal keys are the same call and are
// computed once. See docs/concepts.md for what merges.
func (n Node[T]) Key() node.Key {
	if n.n == nil {
		return node.Key{}
	}
	return n.n.Key()
}

// Err returns the mistake made building n (a wrong argument type, a nil
// function), with its call site, or nil. Computing a graph that needs n
// returns the same error; Err lets a caller check at once.
func (n Node[T]) Err() error {
	if n.n == nil {
		return errZeroNode
	}
	return n.n.Err()
}

// String returns n's key, as dask prints a delayed value.
func (n Node[T]) String() string {
	if n.n == nil {
		return "lazy.Node[" + reflect.TypeFor[T]().String() + "]{}"
	}
	return n.n.Key().String()
}

var errZeroNode = fmt.Errorf("zero lazy.Node: build nodes with lazy.Lit, lazy.Delayed or a Func constructor")

// Lit returns a node holding v, for use as an argument. Literals with equal
// values are one node; values that cannot be compared by content (pointers,
// channels, functions, or structs holding them) get a node of their own
// each time. See [Tokenizer] to make a type's values mergeable.
//
//go:noinline (reads its caller's frame; see node.CallerPC)
func Lit[T any](v T, opts ...Option) Node[T] {
	return Node[T]{node.NewLiteral(v, nodeOptions(opts), node.CallerPC())}
}

// As returns n as a Node[T]: for nodes from [Delayed], whose type is only
// known at run time. If n's static type cannot be a T, the returned node is
// invalid (see [Node.Err]); if it is an interface type, the value is
// checked when the task that reads it runs.
func As[T any](n AnyNode) Node[T] {
	u := n.Node()
	pc := node.Caller(0)
	if u == nil {
		return Node[T]{node.NewInvalid(errZeroNode, pc)}
	}
	want := reflect.TypeFor[T]()
	if got := u.Out(); got != nil && !got.AssignableTo(want) && !(got.Kind() == reflect.Interface && canHold(got, want)) {
		return Node[T]{node.NewInvalid(fmt.Errorf("lazy.As: node %s gives %s, not %s", u.Key(), got, want), pc)}
	}
	return Node[T]{u}
}

// canHold reports whether an interface of type iface may hold a T at run
// time.
func canHold(iface, t reflect.Type) bool {
	if t.Kind() == reflect.Interface {
		return true
	}
	return t.Implements(iface)
}

// Tokenizer lets a type say what its value is for keys; see
// [node.Tokenizer].
type Tokenizer = node.Tokenizer

// Key is a node's identity; see [node.Key].
type Key = node.Key
