package node

import (
	"errors"
	"fmt"
	"math"
	"reflect"
)

// Kind says what a node holds.
type Kind uint8

const (
	// Invalid nodes record a mistake made while building them; graph.Build
	// reports it and nothing runs.
	Invalid Kind = iota
	// Call nodes run a function on the values of their arguments.
	Call
	// Literal nodes hold a value given by the user.
	Literal
	// Persisted nodes hold the value an earlier compute gave a call, under
	// that call's key.
	Persisted
)

var kindNames = [...]string{Invalid: "invalid", Call: "call", Literal: "literal", Persisted: "persisted"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Node is one lazy call, or a value. Nodes are immutable once built and
// safe to share between goroutines and graphs; a node refers only to nodes
// built before it, so nodes can never form a cycle.
//
// A call holds no function value (its Func does) and a data node keeps its
// value right after the Node (see args.go), so that the most common nodes,
// calls of up to two arguments and literals, take 64 bytes each.
type Node struct {
	sum   Sum     // the key's hash; the rest of the key is derived
	fn    *Func   // for calls
	pc    uintptr // call site
	extra *extra  // rarely set: options, error, origin, many arguments
	kind  Kind
	nargs uint8 // arguments stored after the node (see args.go), or manyArgs
	tree  int32 // see TreeSize; in the padding after nargs on 64-bit platforms
}

type extra struct {
	opts  Options
	err   error   // for Invalid nodes
	from  *Node   // for Persisted nodes: the call whose value this is
	args  []*Node // for calls with more than maxInline arguments
	value any     // for calls of value Funcs: the value the call carries
}

// NewCall returns a node that calls f's function with the values of args.
// pc is the call site (see [Caller]). args is copied. A nil argument
// yields an Invalid node that says which one.
func NewCall(f *Func, args []*Node, opts Options, pc uintptr) *Node {
	if f.byValue {
		return NewInvalid(fmt.Errorf("%s: calls of a value Func are made with NewValueCall", f.name), pc)
	}
	return newCall(f, nil, args, opts, pc)
}

// NewValueCall is [NewCall] for a Func made with [NewValueFunc]: v is the
// value the call carries, given to the invoker in place of the function
// and part of the call's key.
func NewValueCall(f *Func, v any, args []*Node, opts Options, pc uintptr) *Node {
	if !f.byValue {
		return NewInvalid(fmt.Errorf("%s: NewValueCall needs a Func made with NewValueFunc", f.name), pc)
	}
	return newCall(f, v, args, opts, pc)
}

func newCall(f *Func, v any, args []*Node, opts Options, pc uintptr) *Node {
	for i, a := range args {
		if a == nil {
			return NewInvalid(fmt.Errorf("%s: argument %d is a nil node; build arguments with a constructor or lazy.Lit",
				f.name, i), pc)
		}
	}
	n := allocCall(args)
	n.fn, n.pc, n.kind = f, pc, Call
	tree := uint64(1)
	for _, a := range args {
		tree += uint64(a.tree)
	}
	n.tree = int32(min(tree, MaxTreeSize))
	o := f.opts
	if !opts.isZero() {
		o = o.merge(opts)
	}
	if !o.isZero() || f.byValue {
		if n.extra == nil {
			n.extra = &extra{}
		}
		n.extra.opts = o
		n.extra.value = v
	}
	switch {
	case o.Key != "":
		n.sum = givenSum(o.Key)
	case !f.pure || o.Impure:
		n.sum = randomSum()
	default:
		h := f.seed
		if f.byValue {
			tok, ok := Token(v)
			if !ok {
				n.sum = randomSum()
				return n
			}
			h.sum(tok)
		}
		for _, a := range n.Args() {
			h.sum(a.sum)
		}
		n.sum = computedSum(h.final())
	}
	return n
}

// NewLiteral returns a node holding v. Its key is v's [Token], or a random
// key when v cannot be tokenized (pointers, channels, functions).
func NewLiteral(v any, opts Options, pc uintptr) *Node {
	n := newData(v)
	n.pc, n.kind, n.tree = pc, Literal, 1
	if !opts.isZero() {
		n.extra = &extra{opts: opts}
	}
	switch {
	case opts.Key != "":
		n.sum = givenSum(opts.Key)
	case opts.Impure:
		n.sum = randomSum()
	default:
		// The value's token, hashed after the literal's tag in one pass.
		h := newHasher(tagLiteral)
		if tokenAny(&h, v, 0) {
			n.sum = computedSum(h.final())
		} else {
			n.sum = randomSum()
		}
	}
	return n
}

// NewPersisted returns a node that holds v, the computed value of from,
// under from's key: graphs that contain it use v instead of running from.
func NewPersisted(from *Node, v any) *Node {
	n := newData(v)
	n.sum, n.pc, n.kind, n.tree = from.sum, from.pc, Persisted, 1
	n.extra = &extra{opts: from.Options(), from: from}
	return n
}

// NewInvalid returns a node that records err, made at pc. Building a graph
// that needs it fails with err and its call site; nothing runs.
func NewInvalid(err error, pc uintptr) *Node {
	if err == nil {
		err = errors.New("invalid node")
	}
	return &Node{pc: pc, kind: Invalid, tree: 1, extra: &extra{err: err}}
}

// Kind returns what the node holds.
func (n *Node) Kind() Kind { return n.kind }

// Key returns the node's key.
func (n *Node) Key() Key {
	if k := n.Options().Key; k != "" {
		return Key{name: k, sum: n.sum, given: true}
	}
	return Key{name: n.Name(), sum: n.sum}
}

// Sum returns the hash of the node's key: equal for equal keys, and cheaper
// than Key when only identity matters.
func (n *Node) Sum() Sum { return n.sum }

// TreeSize returns the number of nodes of n's graph unfolded into a tree:
// n, and the tree of each argument once for every argument slot that reads
// it. It is the number of nodes [graph.Build] numbers for n when no subgraph
// is shared, and more than that when some are; it is [MaxTreeSize] when the
// count is larger, as it is for a square grid of 17 × 17 cells that each
// read the cell above and the one to the left. graph.Build sizes its lists
// by it.
//
// [graph.Build]: https://pkg.go.dev/github.com/lazygraph/lazy/graph#Build
func (n *Node) TreeSize() int { return int(n.tree) }

// MaxTreeSize is the largest [Node.TreeSize], for trees too large to count:
// more nodes than a graph can have, since its ids are int32.
const MaxTreeSize = math.MaxInt32

// Func returns the called function's description, or nil for data nodes.
func (n *Node) Func() *Func { return n.fn }

// Fn returns what a call node gives its Func's invoker: the function, or
// for calls of value Funcs the value the call carries.
func (n *Node) Fn() any {
	switch {
	case n.kind != Call:
		return nil
	case n.fn.byValue:
		return n.extra.value
	}
	return n.fn.fn
}

// Value returns the value of a Literal or Persisted node.
func (n *Node) Value() any {
	if !n.IsData() {
		return nil
	}
	return *n.data()
}

// IsData reports whether the node's value is known without running
// anything: Literal and Persisted nodes.
func (n *Node) IsData() bool { return n.kind == Literal || n.kind == Persisted }

// Options returns the options the node was built with, including those of
// its function.
func (n *Node) Options() Options {
	if n.extra == nil {
		return Options{}
	}
	return n.extra.opts
}

// HasOptions reports whether [Node.Options] is not the zero value: false
// for most nodes, which lets schedulers skip reading the options.
func (n *Node) HasOptions() bool { return n.extra != nil && !n.extra.opts.isZero() }

// Name returns the node's label: its Name option, the function's short
// name, or its kind for data nodes.
func (n *Node) Name() string {
	if n.extra != nil && n.extra.opts.Name != "" {
		return n.extra.opts.Name
	}
	switch {
	case n.kind == Persisted:
		return n.extra.from.Name()
	case n.fn != nil:
		return n.fn.short
	}
	return n.kind.String()
}

// Origin returns the call a Persisted node holds the value of, or nil.
func (n *Node) Origin() *Node {
	if n.extra == nil {
		return nil
	}
	return n.extra.from
}

// Err returns the mistake an Invalid node records, with its call site, or
// nil for every other node.
func (n *Node) Err() error {
	if n.kind != Invalid {
		return nil
	}
	return &BuildError{Site: n.Site(), Err: n.extra.err}
}

// Out returns the static type of the node's value, or nil when it is not
// known before running (functions returning interfaces say so by their
// interface type).
func (n *Node) Out() reflect.Type {
	switch {
	case n.kind == Call:
		return n.fn.out
	case n.IsData():
		if v := *n.data(); v != nil {
			return reflect.TypeOf(v)
		}
	}
	return nil
}

// SameCall reports whether n and m are the same call, as two nodes meeting
// under one key must be: the same function with the same argument keys,
// or equal values. A Persisted node is the same as its origin.
func (n *Node) SameCall(m *Node) bool {
	if n == m {
		return true
	}
	if n.sum != m.sum {
		return false
	}
	if n.kind == Persisted || m.kind == Persisted {
		p, o := n, m
		if m.kind == Persisted {
			p, o = m, n
		}
		return o.kind == Persisted || p.extra.from.SameCall(o)
	}
	if n.kind != m.kind {
		return false
	}
	switch n.kind {
	case Call:
		na, ma := n.Args(), m.Args()
		if n.fn.ident != m.fn.ident || n.fn.typ != m.fn.typ || n.fn.out != m.fn.out ||
			n.fn.byValue != m.fn.byValue || len(na) != len(ma) {
			return false
		}
		if n.fn.byValue && !reflect.DeepEqual(n.extra.value, m.extra.value) {
			return false
		}
		for i, a := range na {
			if a.sum != ma[i].sum {
				return false
			}
		}
		return true
	case Literal:
		nv, mv := n.Value(), m.Value()
		return reflect.TypeOf(nv) == reflect.TypeOf(mv) && reflect.DeepEqual(nv, mv)
	}
	return false
}
