package graph_test

import (
	"context"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
)

func sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func other(xs ...int) int { return 0 }

func invokeSum(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) { return nil, nil }

var (
	sumFunc, _   = node.NewFunc(sum, reflect.TypeFor[int](), invokeSum, node.Options{})
	otherFunc, _ = node.NewFunc(other, reflect.TypeFor[int](), invokeSum, node.Options{})
)

func call(args ...*node.Node) *node.Node {
	return node.NewCall(sumFunc, args, node.Options{}, 0)
}

func lit(v int) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }

// idOf finds a node's id by key.
func idOf(g *graph.Graph, n *node.Node) int32 {
	for id := range int32(g.Len()) {
		if g.Node(id).Key() == n.Key() {
			return id
		}
	}
	return -1
}

// The diamond:
//
//	  d
//	 / \
//	b   c
//	 \ /
//	  a
//	  |
//	 1 (literal)
func TestBuildDiamond(t *testing.T) {
	a := call(lit(1))
	b := call(a, lit(2))
	c := call(a, lit(3))
	d := call(b, c)
	g, err := graph.Build([]*node.Node{d})
	require.NoError(t, err)
	assert.Equal(t, 7, g.Len(), "a, b, c, d and three literals")
	assert.Equal(t, 4, g.Tasks())
	ia, ib, ic, id := idOf(g, a), idOf(g, b), idOf(g, c), idOf(g, d)
	assert.Equal(t, []int32{ib, ic}, g.Deps(id))
	assert.Equal(t, []int32{ib, ic}, g.Dependents(ia))
	assert.Equal(t, 2, g.Readers(ia))
	assert.Equal(t, []int32{ia}, g.Roots())
	assert.Equal(t, []int32{id}, g.Outputs())
	assert.True(t, g.IsOutput(id))
	assert.False(t, g.IsOutput(ia))
	assert.Equal(t, 2, g.MaxArgs())
	assert.Equal(t, 2, g.Pending(id))
	assert.Equal(t, 1, g.Pending(ib), "literal arguments are not waited for")
}

func bytesOf(xs ...int) []byte { return nil }

// ReleaseCounts is a value's readers where a run releases it after its
// last read, and 0 where a run keeps it: data, outputs, and small
// results. bytesOf's results, with pointers, are not small; a Func
// without a result type is not either.
func TestBuildReleaseCounts(t *testing.T) {
	bytesFunc, err := node.NewFunc(bytesOf, reflect.TypeFor[[]byte](), invokeSum, node.Options{})
	require.NoError(t, err)
	untyped, err := node.NewFunc(other, nil, invokeSum, node.Options{})
	require.NoError(t, err)
	one := lit(1)
	smallTwice := call(one)
	smallOnce := call(lit(2))
	big := node.NewCall(bytesFunc, []*node.Node{lit(3)}, node.Options{}, 0)
	bigOnce := node.NewCall(bytesFunc, []*node.Node{lit(5)}, node.Options{}, 0)
	anyTwice := node.NewCall(untyped, []*node.Node{lit(4)}, node.Options{}, 0)
	out := call(smallTwice, smallTwice, smallOnce, big, big, big, bigOnce, anyTwice, anyTwice)
	g, err := graph.Build([]*node.Node{out, big})
	require.NoError(t, err)
	want := map[*node.Node]int32{one: 0, smallTwice: 0, smallOnce: 0, big: 0, bigOnce: 1, anyTwice: 2, out: 0}
	got := g.ReleaseCounts()
	require.Len(t, got, g.Len())
	for n, w := range want {
		assert.Equal(t, w, got[idOf(g, n)], "%s", n.Name())
	}
	g, err = graph.Build([]*node.Node{out})
	require.NoError(t, err)
	assert.Equal(t, int32(3), g.ReleaseCounts()[idOf(g, big)], "not an output: released after its three reads")
}

// Successor links a call to its only reader when that reader waits for
// nothing else: literals do not count, a second call argument or a second
// read does.
func TestBuildSuccessor(t *testing.T) {
	a := call(lit(1))
	b := call(a, lit(2)) // a's only reader, waiting for a alone
	c := call(b, b)      // reads b twice
	d := call(c)
	e := call(lit(3))
	f := call(d, e)                           // waits for d and e
	g, err := graph.Build([]*node.Node{f, c}) // an output may have one
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		n    *node.Node
		want *node.Node
	}{
		{"a, read by b alone", a, b},
		{"b, read twice by c", b, nil},
		{"c, read by d alone", c, d},
		{"d, read by f, which also waits for e", d, nil},
		{"e, read by f, which also waits for d", e, nil},
		{"f, read by none", f, nil},
	} {
		want := int32(-1)
		if tc.want != nil {
			want = idOf(g, tc.want)
		}
		assert.Equal(t, want, g.Successor(idOf(g, tc.n)), tc.name)
	}
	for id := range int32(g.Len()) {
		if !g.IsTask(id) {
			assert.Equal(t, int32(-1), g.Successor(id), "data node %d", id)
		}
	}
}

// Ids are a depth-first post-order: each argument's subgraph is finished
// before the next argument's starts, so a reduction tree is numbered
// branch by branch.
//
//	        r
//	    /       \
//	   l         m
//	 /   \     /   \
//	l1   l2   m1   m2
func TestBuildOrderFinishesBranchesFirst(t *testing.T) {
	l1, l2, m1, m2 := call(lit(1)), call(lit(2)), call(lit(3)), call(lit(4))
	l, m := call(l1, l2), call(m1, m2)
	r := call(l, m)
	g, err := graph.Build([]*node.Node{r})
	require.NoError(t, err)
	for _, left := range []*node.Node{l1, l2, l} {
		for _, right := range []*node.Node{m1, m2, m} {
			assert.Less(t, idOf(g, left), idOf(g, right), "the left branch is numbered before the right starts")
		}
	}
	assert.Equal(t, int32(g.Len()-1), idOf(g, r))
}

func TestBuildMergesIdenticalCallsAndCulls(t *testing.T) {
	a1, a2 := call(lit(1)), call(lit(1)) // built separately, same call
	unused := call(lit(99))
	_ = unused
	out := call(a1, a2)
	g, err := graph.Build([]*node.Node{out, a2})
	require.NoError(t, err)
	assert.Equal(t, 3, g.Len(), "literal, a, out")
	ia := idOf(g, a1)
	assert.Equal(t, []int32{ia, ia}, g.Deps(idOf(g, out)), "an argument given twice appears twice")
	assert.Equal(t, 2, g.Readers(ia))
	assert.Equal(t, []int32{idOf(g, out), ia}, g.Outputs())
	assert.Equal(t, -1, int(idOf(g, unused)), "not needed by the outputs")
}

// Literals are numbered where they are read, not looked up: one read
// twice, or two equal ones, are separate data nodes with one value, while
// the calls reading equal literals still merge.
func TestBuildNumbersLiteralsPerRead(t *testing.T) {
	x := lit(5)
	same1, same2 := call(lit(7)), call(lit(7)) // equal calls of equal literals
	out := call(x, x, lit(5), same1, same2)
	g, err := graph.Build([]*node.Node{out, x})
	require.NoError(t, err)
	// x, x, 5, 7 (one call), the call, out, and x again as an output.
	assert.Equal(t, 7, g.Len())
	assert.Equal(t, 2, g.Tasks())
	deps := g.Deps(idOf(g, out))
	require.Len(t, deps, 5)
	assert.Len(t, slices.Compact(slices.Clone(deps[:3])), 3, "each read of a literal is its own data node")
	for _, d := range deps[:3] {
		assert.False(t, g.IsTask(d))
		assert.Equal(t, 5, g.Node(d).Value())
		assert.Equal(t, 1, g.Readers(d))
	}
	assert.Equal(t, deps[3], deps[4], "equal calls merge")
	assert.Equal(t, 5, g.Node(g.Outputs()[1]).Value())
}

func TestBuildRejects(t *testing.T) {
	k1 := node.NewCall(sumFunc, []*node.Node{lit(1)}, node.Options{Key: "k"}, 0)
	k2 := node.NewCall(otherFunc, []*node.Node{lit(1)}, node.Options{Key: "k"}, 0)
	// k3 reads k1 and has its key: met while k3 waits for its argument.
	k3 := node.NewCall(otherFunc, []*node.Node{k1}, node.Options{Key: "k"}, 0)
	invalid := node.NewCall(sumFunc, []*node.Node{nil}, node.Options{}, 0)
	tests := []struct {
		name    string
		outputs []*node.Node
		want    string
	}{
		{"no outputs", nil, "no outputs"},
		{"nil output", []*node.Node{call(), nil}, "output 1 is a nil node"},
		{"key conflict", []*node.Node{call(k1, k2)}, `two different calls share the key "k"`},
		{"key of an argument", []*node.Node{k3}, `two different calls share the key "k"`},
		{"invalid node", []*node.Node{call(invalid)}, "argument 0 is a nil node"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := graph.Build(tt.outputs)
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, err := graph.Build([]*node.Node{call(k1, k2)})
	var ke *graph.KeyConflictError
	assert.ErrorAs(t, err, &ke)
}

func TestBuildPersistedMetFirstReplacesItsOrigin(t *testing.T) {
	a := call(lit(1))
	p := node.NewPersisted(a, 1)
	g, err := graph.Build([]*node.Node{call(p, a)})
	require.NoError(t, err)
	assert.Equal(t, 1, g.Tasks(), "only the outer call runs")
}

func TestBuildLongChainWithoutRecursion(t *testing.T) {
	x := lit(0)
	for range 200_000 {
		x = call(x)
	}
	g, err := graph.Build([]*node.Node{x})
	require.NoError(t, err)
	assert.Equal(t, 200_001, g.Len())
}

// FuzzBuild builds DAGs described by the input, some nodes built twice,
// and checks the graph's invariants.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{7, 7, 7, 0, 255, 128, 3})
	f.Fuzz(func(t *testing.T, desc []byte) {
		if len(desc) > 300 {
			desc = desc[:300]
		}
		if len(desc) == 0 {
			return
		}
		// The description read several times over, as its first byte
		// says, makes graphs of up to 4,800 calls: enough for the builder
		// to grow its lists.
		var nodes []*node.Node
		for i := range len(desc) * (1 + int(desc[0]%16)) {
			b := desc[i%len(desc)] + byte(i/len(desc))
			var args []*node.Node
			for k := range int(b % 4) { // up to three arguments
				if len(nodes) == 0 || (int(b)>>(2+k))&1 == 1 {
					args = append(args, lit(int(b)+k))
				} else {
					args = append(args, nodes[(i*7+int(b)*k)%len(nodes)])
				}
			}
			n := call(args...)
			if b%5 == 0 {
				n = call(args...) // a twin of the one the next line would build
			}
			nodes = append(nodes, n)
		}
		outs := []*node.Node{nodes[len(nodes)-1], nodes[len(nodes)/2], nodes[0]}
		g, err := graph.Build(outs)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[node.Key]bool{}
		users := 0
		for id := range int32(g.Len()) {
			n := g.Node(id)
			if n.Kind() == node.Literal {
				// Numbered where it is read: one argument slot each.
				if r := g.Readers(id); r > 1 || r == 0 && !g.IsOutput(id) {
					t.Fatalf("literal %d read by %d argument slots", id, r)
				}
			} else if keys[n.Key()] {
				t.Fatalf("key %s twice", n.Key())
			}
			keys[n.Key()] = true
			deps := g.Deps(id)
			if len(deps) != len(n.Args()) {
				t.Fatalf("node %d: %d deps for %d args", id, len(deps), len(n.Args()))
			}
			for i, d := range deps {
				if d >= id {
					t.Fatalf("node %d reads %d: not topological", id, d)
				}
				if g.Node(d).Key() != n.Args()[i].Key() {
					t.Fatalf("node %d arg %d: wrong dep", id, i)
				}
				if !slices.Contains(g.Dependents(d), id) {
					t.Fatalf("node %d missing from dependents of %d", id, d)
				}
			}
			users += len(g.Dependents(id))
			if !slices.IsSorted(g.Dependents(id)) {
				t.Fatalf("dependents of %d not ascending", id)
			}
		}
		edges := 0
		for id := range int32(g.Len()) {
			edges += len(g.Deps(id))
		}
		if users != edges {
			t.Fatalf("%d dependents for %d deps", users, edges)
		}
		for i, o := range g.Outputs() {
			if g.Node(o).Key() != outs[i].Key() {
				t.Fatalf("output %d wrong", i)
			}
		}
	})
}

// BenchmarkBuild times Build alone on nodes made once, per node: the
// key index is the cost that grows with the graph.
func BenchmarkBuild(b *testing.B) {
	tree := func(leaves int) *node.Node {
		level := make([]*node.Node, leaves)
		for i := range level {
			level[i] = call(lit(i))
		}
		return pairwise(level)
	}
	fanIn := func(n int) *node.Node {
		leaves := make([]*node.Node, n)
		for i := range leaves {
			leaves[i] = call(lit(i))
		}
		return call(call(leaves...))
	}
	wavefront := func(n int) *node.Node {
		prev, cur := make([]*node.Node, n), make([]*node.Node, n)
		for i := range n {
			for j := range n {
				switch {
				case i == 0 && j == 0:
					cur[j] = call(lit(0))
				case i == 0:
					cur[j] = call(cur[j-1])
				case j == 0:
					cur[j] = call(prev[j])
				default:
					cur[j] = call(prev[j], cur[j-1])
				}
			}
			prev, cur = cur, prev
		}
		return prev[n-1]
	}
	for _, bc := range []struct {
		name string
		out  *node.Node
	}{
		{"tree64k", tree(1 << 16)},
		{"fanin100k", fanIn(100_000)},
		{"wavefront200", wavefront(200)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			nodes := 0
			for b.Loop() {
				g, err := graph.Build([]*node.Node{bc.out})
				if err != nil {
					b.Fatal(err)
				}
				nodes = g.Len()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nodes), "ns/node")
		})
	}
}

// A wide call makes the builder reserve room for its arguments; repeated
// and already numbered arguments must still be numbered once.
func TestBuildWideCall(t *testing.T) {
	shared := call(lit(-1))
	args := []*node.Node{shared}
	for i := range 100 {
		args = append(args, call(lit(i%50)), shared)
	}
	out := call(shared, call(args...))
	g, err := graph.Build([]*node.Node{out})
	require.NoError(t, err)
	// 51 literals, 51 calls reading them, the wide call and out.
	assert.Equal(t, 51+51+2, g.Len())
	wideID := idOf(g, out) - 1
	require.Len(t, g.Deps(wideID), 201)
	for i, d := range g.Deps(wideID) {
		assert.Equal(t, args[i].Key(), g.Node(d).Key(), "argument %d", i)
	}
	assert.Equal(t, 101+1, g.Readers(idOf(g, shared)))
}

// The builder sizes its lists from the first arguments of a wide call.
// When those are large subgraphs and the rest are repeats of them, the
// estimate must stay bounded by a few nodes per argument, not grow with
// the sample's size.
func TestBuildWideCallEstimateBounded(t *testing.T) {
	const distinct, deep, wide = 40, 1000, 20_000
	heads := make([]*node.Node, distinct)
	for i := range heads {
		x := lit(i)
		for range deep {
			x = call(x)
		}
		heads[i] = x
	}
	args := make([]*node.Node, wide)
	for i := range args {
		args[i] = heads[i%distinct]
	}
	out := call(args...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	g, err := graph.Build([]*node.Node{out})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Equal(t, distinct*(deep+1)+1, g.Len())
	// 40k nodes and 20k arguments need about 2 MB; an estimate of the
	// sample's 1000 nodes an argument would ask for hundreds.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "bytes allocated by Build")
}

// allocated returns the bytes and the number of allocations f makes.
func allocated(f func()) (bytes, count uint64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// pairwise reduces level to one node by calls of two arguments.
func pairwise(level []*node.Node) *node.Node {
	for len(level) > 1 {
		next := make([]*node.Node, len(level)/2)
		for i := range next {
			next[i] = call(level[2*i], level[2*i+1])
		}
		level = next
	}
	return level[0]
}

// A graph that shares nothing has as many nodes as its output's tree
// size, so Build sizes its lists by it instead of doubling them from 16:
// a tree of 49,151 nodes takes 32 allocations (49 with the race
// detector), where doubling took 80.
func TestBuildSizesListsByTreeSize(t *testing.T) {
	level := make([]*node.Node, 1<<14)
	for i := range level {
		level[i] = call(lit(i))
	}
	out := pairwise(level)
	require.Equal(t, 3<<14-1, out.TreeSize())
	var g *graph.Graph
	var err error
	_, count := allocated(func() { g, err = graph.Build([]*node.Node{out}) })
	require.NoError(t, err)
	require.Equal(t, out.TreeSize(), g.Len())
	assert.Less(t, count, uint64(60), "allocations")
}

// The tree size counts a shared subgraph once per read. Found shared only
// late in the walk (here a chain of 5,000 calls read by 1,024 calls), it
// must not make Build allocate for the five million nodes the tree size
// claims: the lists grow to the bound only when it is at most four times
// what they hold, and otherwise by steps (see capacity).
func TestBuildSharedSubgraphFoundLate(t *testing.T) {
	model := lit(0)
	for range 5000 {
		model = call(model)
	}
	level := make([]*node.Node, 1024)
	for i := range level {
		level[i] = call(lit(i), model)
	}
	out := pairwise(level)
	require.Greater(t, out.TreeSize(), 5_000_000)
	var g *graph.Graph
	var err error
	bytes, _ := allocated(func() { g, err = graph.Build([]*node.Node{out}) })
	require.NoError(t, err)
	require.Equal(t, 5001+2*1024+1023, g.Len())
	assert.Less(t, bytes, uint64(2<<20), "bytes allocated for %d nodes", g.Len())
	assert.Equal(t, 1024, g.Readers(idOf(g, model)))
}

// A graph whose tree is too large to count builds as any other, its lists
// doubling as they fill.
func TestBuildTreeTooLargeToCount(t *testing.T) {
	x := call(lit(0))
	for range 64 {
		x = call(x, x)
	}
	require.Equal(t, node.MaxTreeSize, x.TreeSize())
	out := call(x, lit(1))
	g, err := graph.Build([]*node.Node{out, x})
	require.NoError(t, err)
	// lit(0), its call, 64 doublings, lit(1) and out.
	assert.Equal(t, 2+64+2, g.Len())
	for id := int32(2); id <= 65; id++ {
		assert.Equal(t, []int32{id - 1, id - 1}, g.Deps(id))
	}
	assert.Equal(t, []int32{67, 65}, g.Outputs())

	// Two outputs whose tree sizes fit an int32 but whose sum does not.
	big := func(v int) *node.Node {
		x := call(lit(v))
		for range 29 {
			x = call(x, x)
		}
		return x
	}
	a, b := big(0), big(1)
	require.Less(t, a.TreeSize(), node.MaxTreeSize)
	require.Greater(t, int64(a.TreeSize())+int64(b.TreeSize()), int64(node.MaxTreeSize))
	g, err = graph.Build([]*node.Node{a, b})
	require.NoError(t, err)
	assert.Equal(t, 2*(2+29), g.Len())
}
