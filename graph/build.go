package graph

import (
	"errors"
	"fmt"

	"github.com/lazygraph/lazy/node"
)

// Build compiles the graph that computes outputs: only the nodes they need,
// each key once, with ids in priority order (see the package comment). It
// fails without running anything when an output is nil, a needed node is
// invalid (see [node.Node.Err]), or two different calls share a key.
func Build(outputs []*node.Node) (*Graph, error) {
	if len(outputs) == 0 {
		return nil, errors.New("graph: no outputs to build")
	}
	for i, o := range outputs {
		if o == nil {
			return nil, fmt.Errorf("graph: output %d is a nil node", i)
		}
	}
	b := builder{ids: newIndex(), depOff: []int32{0}}
	g := &Graph{outputs: make([]int32, len(outputs))}
	for i, o := range outputs {
		id, err := b.visit(o)
		if err != nil {
			return nil, err
		}
		g.outputs[i] = id
	}
	b.finish(g)
	return g, nil
}

type frame struct {
	n    *node.Node
	next int // index of the next argument to visit
}

// builder walks nodes depth-first without recursion, so chains of any
// length build without growing the goroutine stack.
type builder struct {
	ids    index // ids by key sum; every numbered node is in it
	nodes  []*node.Node
	depOff []int32
	deps   []int32
	stack  []frame
	argIDs []int32 // ids of finished arguments of the frames on the stack
}

// visit returns the id of n, numbering n and everything it needs first.
func (b *builder) visit(root *node.Node) (int32, error) {
	if id, ok, err := b.lookup(root); ok || err != nil {
		return id, err
	}
	b.stack = append(b.stack[:0], frame{n: root})
	for len(b.stack) > 0 {
		f := &b.stack[len(b.stack)-1]
		if f.next < len(f.n.Args()) {
			a := f.n.Args()[f.next]
			f.next++
			id, ok, err := b.lookup(a)
			if err != nil {
				return 0, err
			}
			if ok {
				b.argIDs = append(b.argIDs, id)
			} else {
				b.stack = append(b.stack, frame{n: a})
			}
			continue
		}
		id := b.add(f.n)
		b.stack = b.stack[:len(b.stack)-1]
		if len(b.stack) > 0 {
			b.argIDs = append(b.argIDs, id)
		}
	}
	return int32(len(b.nodes) - 1), nil
}

// lookup returns the id of a node already numbered under n's key, checking
// that it is the same call. The first node met under a key is the one kept:
// a Persisted node saves work when it is met before its origin, which is
// the case when a graph is built from the nodes Persist returned.
func (b *builder) lookup(n *node.Node) (int32, bool, error) {
	if err := n.Err(); err != nil {
		return 0, false, err
	}
	id, ok := b.ids.get(n.Sum(), b.nodes)
	if !ok {
		return 0, false, nil
	}
	if m := b.nodes[id]; m != n && !m.SameCall(n) {
		return 0, false, &KeyConflictError{Key: n.Key(), First: m, Second: n}
	}
	return id, true, nil
}

// add numbers n, whose arguments' ids are the last len(n.Args()) entries of
// argIDs.
func (b *builder) add(n *node.Node) int32 {
	id := int32(len(b.nodes))
	b.nodes = append(b.nodes, n)
	k := len(n.Args())
	b.deps = append(b.deps, b.argIDs[len(b.argIDs)-k:]...)
	b.argIDs = b.argIDs[:len(b.argIDs)-k]
	b.depOff = append(b.depOff, int32(len(b.deps)))
	b.ids.put(id, b.nodes)
	return id
}

// finish fills g from the walk: dependents by counting sort, so each list
// is ascending, and the ready set.
func (b *builder) finish(g *Graph) {
	n := len(b.nodes)
	g.nodes = b.nodes
	g.depOff = b.depOff
	g.deps = b.deps
	g.isOutput = make([]bool, n)
	for _, o := range g.outputs {
		g.isOutput[o] = true
	}
	g.userOff = make([]int32, n+1)
	for id := range n {
		if g.nodes[id].Kind() != node.Call {
			continue
		}
		g.tasks++
		deps := g.Deps(int32(id))
		g.maxArgs = max(g.maxArgs, len(deps))
		for _, d := range deps {
			g.userOff[d+1]++
		}
	}
	for i := range n {
		g.userOff[i+1] += g.userOff[i]
	}
	g.users = make([]int32, g.userOff[n])
	fill := make([]int32, n)
	copy(fill, g.userOff[:n])
	for id := range n {
		if g.nodes[id].Kind() != node.Call {
			continue
		}
		ready := true
		for _, d := range g.Deps(int32(id)) {
			g.users[fill[d]] = int32(id)
			fill[d]++
			ready = ready && g.nodes[d].IsData()
		}
		if ready {
			g.firstTasks = append(g.firstTasks, int32(id))
		}
	}
}

// KeyConflictError reports two different calls under one key: two nodes
// given the same key with [node.Options].Key, or (never seen in practice) a
// hash collision. Give one of them another key.
type KeyConflictError struct {
	Key           node.Key
	First, Second *node.Node
}

func (e *KeyConflictError) Error() string {
	return fmt.Sprintf("graph: two different calls share the key %q: %s (built at %s) and %s (built at %s); give one of them another key",
		e.Key, describe(e.First), e.First.Site(), describe(e.Second), e.Second.Site())
}

func describe(n *node.Node) string {
	if f := n.Func(); f != nil {
		return fmt.Sprintf("%s with %d arguments", f.Name(), len(n.Args()))
	}
	return fmt.Sprintf("%s %v", n.Kind(), n.Value())
}
