package schedulertest

import (
	"math/rand/v2"

	"github.com/lazygraph/lazy/node"
)

// dag is a random DAG of Mix calls with its expected values, computed by a
// plain sequential loop (the oracle).
type dag struct {
	nodes   []*node.Node
	want    []int64 // by index in nodes
	outputs []int   // indices into nodes; may repeat
	// twins are separately built nodes identical to nodes[i]: they must
	// merge with it.
	twins map[int]*node.Node
}

// randomDAG builds n Mix calls, each reading up to maxDeps earlier ones (or
// literals), and picks outputs among them. The seed fixes everything.
func randomDAG(seed uint64, n, maxDeps int) *dag {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &dag{twins: map[int]*node.Node{}}
	deps := make([][]int, n) // -1 - k: literal k
	for i := range n {
		k := rng.IntN(maxDeps + 1)
		if i == 0 {
			k = 0
		}
		for range k {
			if rng.IntN(5) == 0 {
				deps[i] = append(deps[i], -1-rng.IntN(3))
			} else {
				deps[i] = append(deps[i], rng.IntN(i)) // repeats allowed
			}
		}
		d.nodes = append(d.nodes, d.mix(int64(i), deps[i]))
		want := int64(i) * 31
		for _, j := range deps[i] {
			if j < 0 {
				want += int64(-1 - j)
			} else {
				want += d.want[j]
			}
		}
		d.want = append(d.want, want)
		if rng.IntN(8) == 0 {
			d.twins[i] = d.mix(int64(i), deps[i])
		}
	}
	for range 1 + rng.IntN(5) {
		d.outputs = append(d.outputs, rng.IntN(n))
	}
	d.outputs = append(d.outputs, n-1, d.outputs[0])
	return d
}

// mix builds Mix(id, deps...), a literal for each negative dep.
func (d *dag) mix(id int64, deps []int) *node.Node {
	args := []*node.Node{lit(id)}
	for _, j := range deps {
		if j < 0 {
			args = append(args, lit(int64(-1-j)))
		} else if tw, ok := d.twins[j]; ok && id%2 == 0 {
			args = append(args, tw) // read through the twin: it must merge
		} else {
			args = append(args, d.nodes[j])
		}
	}
	return call(mixFunc, Mix, args...)
}

func lit(v int64) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }

func call(f *node.Func, fn any, args ...*node.Node) *node.Node {
	return node.NewCall(f, args, node.Options{}, node.Caller(0))
}

// outputNodes returns the output nodes, each through its twin when it has
// one and the position is odd.
func (d *dag) outputNodes() []*node.Node {
	out := make([]*node.Node, len(d.outputs))
	for k, i := range d.outputs {
		out[k] = d.nodes[i]
		if tw, ok := d.twins[i]; ok && k%2 == 1 {
			out[k] = tw
		}
	}
	return out
}
