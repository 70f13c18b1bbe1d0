package node

import "unsafe"

// Data nodes are allocated the same way, as a dataNode: the Node followed
// by its value.
//
// A call with up to maxInline arguments is allocated as one object: the
// Node followed by an array of its argument pointers (the nodeN types), so
// a node costs no slice header and no second allocation. Args finds the
// array right after the Node, inside the same allocation, which the
// unsafe.Pointer rules allow; the garbage collector sees the pointers
// through the nodeN type the object was allocated with. Calls with more
// arguments keep them in a slice in extra.

const (
	maxInline = 4
	manyArgs  = 255 // nargs of a node whose arguments are in extra.args
)

type (
	node1 struct {
		n Node
		a [1]*Node
	}
	node2 struct {
		n Node
		a [2]*Node
	}
	node3 struct {
		n Node
		a [3]*Node
	}
	node4 struct {
		n Node
		a [4]*Node
	}
)

const nodeSize = unsafe.Sizeof(Node{})

// A Node takes at most 48 bytes, so that a call of two arguments or a
// literal fits a 64-byte size class: fail to compile if a field makes it
// larger.
var _ [48 - nodeSize]struct{}

type dataNode struct {
	n Node
	v any
}

var _ [0]struct{} = [unsafe.Offsetof(dataNode{}.v) - nodeSize]struct{}{}

func newData(v any) *Node {
	p := &dataNode{v: v}
	return &p.n
}

// data returns the value of a node made by newData.
func (n *Node) data() *any { return (*any)(unsafe.Add(unsafe.Pointer(n), nodeSize)) }

// The arrays must start right after the Node: fail to compile otherwise.
var _ [0]struct{} = [unsafe.Offsetof(node1{}.a) - nodeSize]struct{}{}
var _ [0]struct{} = [unsafe.Offsetof(node2{}.a) - nodeSize]struct{}{}
var _ [0]struct{} = [unsafe.Offsetof(node3{}.a) - nodeSize]struct{}{}
var _ [0]struct{} = [unsafe.Offsetof(node4{}.a) - nodeSize]struct{}{}

func allocCall(args []*Node) *Node {
	var n *Node
	switch len(args) {
	case 0:
		return new(Node)
	case 1:
		p := &node1{a: [1]*Node(args)}
		n = &p.n
	case 2:
		p := &node2{a: [2]*Node(args)}
		n = &p.n
	case 3:
		p := &node3{a: [3]*Node(args)}
		n = &p.n
	case 4:
		p := &node4{a: [4]*Node(args)}
		n = &p.n
	default:
		n = &Node{nargs: manyArgs, extra: &extra{args: append([]*Node(nil), args...)}}
		return n
	}
	n.nargs = uint8(len(args))
	return n
}

// NumArgs returns len(n.Args()).
func (n *Node) NumArgs() int {
	if n.nargs == manyArgs {
		return len(n.extra.args)
	}
	return int(n.nargs)
}

// Args returns the argument nodes of a call. The slice is shared: do not
// modify it.
func (n *Node) Args() []*Node {
	switch n.nargs {
	case 0:
		return nil
	case manyArgs:
		return n.extra.args
	}
	return unsafe.Slice((**Node)(unsafe.Add(unsafe.Pointer(n), nodeSize)), n.nargs)
}
