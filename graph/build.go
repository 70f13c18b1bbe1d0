package graph

import (
	"errors"
	"fmt"
	"slices"

	"github.com/lazygraph/lazy/node"
)

// Build compiles the graph that computes outputs: only the nodes they need,
// each call once per key, with ids in priority order (see the package
// comment). It
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
	b.maxNodes, b.maxDeps = bounds(outputs)
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

// bounds returns the most nodes and dependencies a graph of outputs can
// have: those of their trees (see [node.Node.TreeSize]), or -1 when they
// are too many to count.
func bounds(outputs []*node.Node) (nodes, deps int) {
	for _, o := range outputs {
		t := o.TreeSize()
		if t == node.MaxTreeSize || nodes > node.MaxTreeSize-t {
			return -1, -1
		}
		nodes += t
		deps += t - 1 // a tree has one edge less than nodes
	}
	return nodes, deps
}

type frame struct {
	n    *node.Node
	next int  // index of the next argument to visit
	at   hint // where n's key goes in the index
}

// A mark is where the walk of a wide call's arguments started: the
// lengths of the node and dependency lists.
type mark struct{ nodes, deps int }

// builder walks nodes depth-first without recursion, so chains of any
// length build without growing the goroutine stack.
type builder struct {
	ids    index // ids by key sum; every numbered node is in it
	nodes  []*node.Node
	kinds  []node.Kind
	small  []bool // by id: a call whose results are small (see finish)
	depOff []int32
	deps   []int32
	stack  []frame
	wides  []mark  // of the wide calls on the stack, innermost last
	argIDs []int32 // ids of finished arguments of the frames on the stack
	// The most nodes and dependencies the graph can have: those of the
	// outputs' trees (see node.Node.TreeSize), less the trees of the
	// nodes found numbered already, which the walk skips. They are the
	// graph's own when it shares no subgraph, and shrink to them as the
	// walk finds what it shares. The lists grow to them (see capacity);
	// -1 when too large to count.
	maxNodes, maxDeps int
}

// visit returns the id of n, numbering n and everything it needs first.
func (b *builder) visit(root *node.Node) (int32, error) {
	if root.Kind() == node.Literal {
		return b.addLiteral(root), nil
	}
	id, at, ok, err := b.lookup(root)
	if err != nil {
		return 0, err
	}
	if ok {
		b.found(root)
		return id, nil
	}
	b.stack = append(b.stack[:0], frame{n: root, at: at})
	b.enter(root)
	for len(b.stack) > 0 {
		f := &b.stack[len(b.stack)-1]
		args := f.n.Args()
		if f.next < len(args) {
			if ahead := f.next + lookahead; ahead < len(args) {
				b.ids.prefetch(args[ahead].Sum())
			}
			if f.next == sample && len(args) >= wide {
				b.sampled(len(args))
			}
			a := args[f.next]
			f.next++
			if a.Kind() == node.Literal {
				b.argIDs = push(b.argIDs, b.addLiteral(a))
				continue
			}
			id, at, ok, err := b.lookup(a)
			if err != nil {
				return 0, err
			}
			if ok {
				b.found(a)
				b.argIDs = push(b.argIDs, id)
			} else {
				b.stack = push(b.stack, frame{n: a, at: at})
				b.enter(a)
			}
			continue
		}
		id, err := b.add(f.n, len(args), f.at)
		if err != nil {
			return 0, err
		}
		if len(args) >= wide {
			b.wides = b.wides[:len(b.wides)-1]
		}
		b.stack = b.stack[:len(b.stack)-1]
		if len(b.stack) > 0 {
			b.argIDs = push(b.argIDs, id)
		}
	}
	return int32(len(b.nodes) - 1), nil
}

// enter prepares the walk of n's arguments: room for them at once when
// there are many, and the index slots of the first few on their way into
// the cache. A large graph's index does not stay in the cache, and a
// lookup that waits for memory is most of the cost of a node: prefetching
// lets those waits overlap.
func (b *builder) enter(n *node.Node) {
	if k := n.NumArgs(); k >= wide {
		b.wides = append(b.wides, mark{len(b.nodes), len(b.deps)})
		b.reserve(k)
		for _, a := range n.Args()[:lookahead] {
			b.ids.prefetch(a.Sum())
		}
	}
}

// sample is the number of a wide call's arguments walked before the
// builder estimates the room all of them need.
const sample = 32

// sampled reserves room for the nodes that the rest of a wide call's k
// arguments will likely add, at the rate its first sample arguments added
// them: a fan-in of calls that read a literal each adds two nodes an
// argument, and outgrowing the room means copying the node list at its
// largest. Arguments numbered already make it an overestimate, of at most
// maxPerArg nodes an argument (about 70 bytes of lists, against the 8 of
// the argument in the call), and never more than the bound on the
// graph's size, when there is one. The lists grow as capacity says, so
// wide calls in a row do not grow them by small steps.
func (b *builder) sampled(k int) {
	from := b.wides[len(b.wides)-1]
	estimate := func(added int) int {
		return min(int(float64(added)*float64(k-sample)/sample*1.1)+1, maxPerArg*k)
	}
	n := estimate(len(b.nodes) - from.nodes)
	// The call's own argument list comes on top of its arguments'.
	d := estimate(len(b.deps)-from.deps) + k
	if b.maxNodes >= 0 {
		n = min(n, b.maxNodes-len(b.nodes))
		d = min(d, b.maxDeps-len(b.deps))
	}
	b.growNodes(n)
	b.growDeps(d)
}

// maxPerArg bounds the nodes an argument of a wide call is expected to
// add.
const maxPerArg = 4

// lookahead is how many arguments ahead of the one being visited the
// builder prefetches index slots.
const lookahead = 8

// wide is the number of arguments from which a call makes the builder
// reserve room for them at once.
const wide = 64

// reserve makes room for the ids of a wide call's k arguments (the list
// behind a fan-in), and in the index for as many calls: one allocation
// and one rehash of the index instead of a doubling series. Room for
// their nodes waits until a sample of them shows how many they add (see
// sampled). Arguments already numbered make it an overestimate, bounded
// by the call's own argument list, which is already in memory.
func (b *builder) reserve(k int) {
	b.argIDs = slices.Grow(b.argIDs, k)
	b.ids.reserve(b.ids.used + k)
}

// lookup returns the id of a node already numbered under n's key, checking
// that it is the same call. The first node met under a key is the one kept:
// a Persisted node saves work when it is met before its origin, which is
// the case when a graph is built from the nodes Persist returned.
func (b *builder) lookup(n *node.Node) (int32, hint, bool, error) {
	if err := n.Err(); err != nil {
		return 0, hint{}, false, err
	}
	id, at, ok := b.ids.get(n.Sum(), b.nodes)
	if !ok {
		return 0, at, false, nil
	}
	if m := b.nodes[id]; m != n && !m.SameCall(n) {
		return 0, hint{}, false, &KeyConflictError{Key: n.Key(), First: m, Second: n}
	}
	return id, hint{}, true, nil
}

// addLiteral numbers a literal where it is read. Literals are not looked
// up: their calls are merged by key already, so merging them too would
// only save a few bytes per literal, at the price of an index lookup per
// literal that misses the cache on large graphs. A literal read twice is
// two data nodes sharing one value.
func (b *builder) addLiteral(n *node.Node) int32 {
	id := int32(len(b.nodes))
	b.growNodes(1)
	b.nodes = append(b.nodes, n)
	b.kinds = append(b.kinds, node.Literal)
	b.small = append(b.small, false)
	b.depOff = append(b.depOff, int32(len(b.deps)))
	return id
}

// add numbers n, whose k arguments' ids are the last k entries of argIDs;
// at is where its lookup missed.
func (b *builder) add(n *node.Node, k int, at hint) (int32, error) {
	id := int32(len(b.nodes))
	if b.ids.full() {
		b.ids.reserve(capacity(b.ids.used, b.ids.used+1, b.maxNodes))
	}
	if old, taken := b.ids.put(id, n.Sum(), at, b.nodes); taken {
		// n's key was given to a node n depends on, too.
		return 0, &KeyConflictError{Key: n.Key(), First: b.nodes[old], Second: n}
	}
	b.growNodes(1)
	b.nodes = append(b.nodes, n)
	b.kinds = append(b.kinds, n.Kind())
	// Noted while n is in the cache: finish needs it, and reading the
	// nodes again there, in id order, misses the cache at every node of
	// a graph whose nodes were not made in that order.
	b.small = append(b.small, n.Kind() == node.Call && n.Func().SmallResult())
	b.growDeps(k)
	b.deps = append(b.deps, b.argIDs[len(b.argIDs)-k:]...)
	b.argIDs = b.argIDs[:len(b.argIDs)-k]
	b.depOff = append(b.depOff, int32(len(b.deps)))
	return id, nil
}

// found notes that n was numbered already: the walk skips its tree, so
// the bounds on the graph's size shrink by it.
func (b *builder) found(n *node.Node) {
	if b.maxNodes >= 0 {
		b.maxNodes -= n.TreeSize()
		b.maxDeps -= n.TreeSize() - 1
	}
}

// growNodes makes room for k more nodes in the lists indexed by id. Size
// classes round their capacities differently, so each list grows when it
// is the one full, to the capacity the node list would get.
func (b *builder) growNodes(k int) {
	n := len(b.nodes) + k
	if n <= cap(b.nodes) && n <= cap(b.kinds) && n <= cap(b.small) && n < cap(b.depOff) {
		return
	}
	c := capacity(len(b.nodes), n, b.maxNodes)
	b.nodes = fit(b.nodes, n, c)
	b.kinds = fit(b.kinds, n, c)
	b.small = fit(b.small, n, c)
	b.depOff = fit(b.depOff, n+1, c+1) // an offset more than nodes
}

// growDeps makes room for k more dependencies.
func (b *builder) growDeps(k int) {
	n := len(b.deps) + k
	b.deps = fit(b.deps, n, capacity(len(b.deps), n, b.maxDeps))
}

// fit grows s to capacity c when it cannot hold n values.
func fit[T any](s []T, n, c int) []T {
	if n <= cap(s) {
		return s
	}
	return slices.Grow(s, c-len(s))
}

// capacity returns the capacity to give a list (or the key index) that
// holds c values and must hold n, when the graph has at most bound of
// them (-1 when unknown). Without a bound it doubles, as push does. With
// one it never grows past the bound, which for a graph that shares no
// subgraph is its size, so the list never grows again: a tree of 196,607
// nodes allocates each list four times instead of fifteen. It grows to
// the bound when that is at most four times what the list holds;
// otherwise eightfold below jump values and twofold above. The bound can
// be far too large: a subgraph read by many calls counts once per read,
// and the walk takes its size off only when it meets the second read. So
// a list may end up to four times larger than it needs, or jump values
// when it is small; doubling leaves up to twice.
func capacity(c, n, bound int) int {
	grown := max(2*c, 16)
	switch {
	case bound < n: // no bound
	case bound <= 4*c:
		grown = bound
	default:
		grown = min(bound, max(grown, min(max(8*c, 1024), jump)))
	}
	return max(n, grown)
}

// jump is the size up to which lists grow eightfold toward their bound.
const jump = 1 << 16

// finish fills g from the walk: dependents by counting sort (filled from
// the last id down, so each list ends up ascending) and the ready set.
func (b *builder) finish(g *Graph) {
	n := len(b.nodes)
	g.nodes = b.nodes
	g.kinds = b.kinds
	g.depOff = b.depOff
	g.deps = b.deps
	g.isOutput = make([]bool, n)
	for _, o := range g.outputs {
		g.isOutput[o] = true
	}
	g.userOff = make([]int32, n+1)
	g.pending = make([]int32, n)
	g.inOrder = int32(n)
	roots := 0
	prev := int32(-1) // the call before id
	early := int32(n) // the first id after which a call is ready before the next call runs
	for id := range int32(n) {
		if g.kinds[id] != node.Call {
			continue
		}
		g.tasks++
		deps := g.Deps(id)
		g.maxArgs = max(g.maxArgs, len(deps))
		last := int32(-1) // the call argument that readies id
		for _, d := range deps {
			g.userOff[d+1]++
			if g.kinds[d] == node.Call {
				g.pending[id]++
				last = max(last, d)
			}
		}
		if g.pending[id] == 0 {
			roots++
		}
		if id-last > MaxLag {
			g.inOrder = min(g.inOrder, last+1)
		}
		if prev > last {
			early = min(early, last) // id is ready before prev runs
		}
		prev = id
	}
	// Serial when the walk's last call comes no later than that.
	walked := g.inOrder - 1
	for walked >= 0 && g.kinds[walked] != node.Call {
		walked--
	}
	g.serial = walked <= early
	for i := range n {
		g.userOff[i+1] += g.userOff[i]
	}
	// userOff[i+1] is the end of i's list; fill each list backwards from
	// there, leaving userOff[i+1] at its start, then shift back by one.
	g.users = make([]int32, g.userOff[n])
	g.firstTasks = make([]int32, roots)
	for id := int32(n) - 1; id >= 0; id-- {
		if g.kinds[id] != node.Call {
			continue
		}
		deps := g.Deps(id)
		for _, d := range deps {
			g.userOff[d+1]--
			g.users[g.userOff[d+1]] = id
		}
		if g.pending[id] == 0 {
			roots--
			g.firstTasks[roots] = id
		}
	}
	copy(g.userOff, g.userOff[1:])
	g.userOff[n] = int32(len(g.users))
	g.release = make([]int32, n)
	g.succ = make([]int32, n)
	for id := range int32(n) {
		g.succ[id] = -1
		if g.kinds[id] != node.Call {
			continue
		}
		k := g.Readers(id)
		if k == 1 {
			if t := g.users[g.userOff[id]]; g.pending[t] == 1 {
				g.succ[id] = t
			}
		}
		if k > 0 && !g.isOutput[id] && !b.small[id] {
			g.release[id] = int32(k)
		}
	}
}

// push appends v to s, doubling the capacity when it grows: append grows
// large slices by a quarter at a time, which for a graph of a million
// nodes allocates about five times the final size instead of two. The
// common case stays a plain append, small enough to inline.
func push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = grow(s, 1)
	}
	return append(s, v)
}

// grow makes room for n more values, at least doubling the capacity.
// slices.Grow copies as append does, which for pointers is cheaper than
// make and copy.
func grow[T any](s []T, n int) []T {
	return slices.Grow(s, max(cap(s), n, 16))
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
