package visualize_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/visualize"
)

// Graphs of about 100,000 nodes in the shapes of bench/: a chain, a
// fan-in and a binary tree reduction.
var bigGraphs = []struct {
	name  string
	outs  func() []lazy.AnyNode
	nodes int
}{
	{"chain", func() []lazy.AnyNode { return chain(100_000) }, 100_001},
	{"fan-in", func() []lazy.AnyNode { return fanInN(50_000) }, 100_002},
	{"tree", func() []lazy.AnyNode { return tree(1 << 15) }, 3<<15 - 1},
}

func TestSummaryOfBigGraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds graphs of 100,000 nodes")
	}
	for _, bg := range bigGraphs {
		t.Run(bg.name, func(t *testing.T) {
			g := build(t, bg.outs()...)
			if g.Len() != bg.nodes {
				t.Fatalf("graph has %d nodes; want %d", g.Len(), bg.nodes)
			}
			for _, f := range []visualize.Format{visualize.DOT, visualize.Mermaid} {
				var buf bytes.Buffer
				if err := visualize.Write(&buf, g, visualize.WithFormat(f)); err != nil {
					t.Fatal(err)
				}
				if n := countNodes(buf.Bytes(), f == visualize.Mermaid); n > visualize.MaxGroups || n < 2 {
					t.Errorf("%v summary has %d nodes; want 2 to %d", f, n, visualize.MaxGroups)
				}
				if want := fmt.Sprintf("Summary: %d nodes drawn as", bg.nodes); !strings.Contains(buf.String(), want) {
					t.Errorf("%v summary does not say what was collapsed (%q):\n%s", f, want, buf.String())
				}
			}
		})
	}
}

// BenchmarkSummary100k measures drawing the summary of each 100,000-node
// graph (building the graph is not timed). go test -bench Summary100k.
func BenchmarkSummary100k(b *testing.B) {
	for _, bg := range bigGraphs {
		b.Run(bg.name, func(b *testing.B) {
			g := build(b, bg.outs()...)
			b.ReportAllocs()
			for b.Loop() {
				if err := visualize.Write(io.Discard, g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestChainIsOneNode: 10,000 incs in a row are one node with an edge to
// itself, plus the literal they start from.
func TestChainIsOneNode(t *testing.T) {
	out := draw(t, build(t, chain(10_000)...))
	for _, want := range []string{`label="inc\n×10000\n1 output"`, `n2->n2[`, `label="×9999"`, "Summary: 10001 nodes drawn as 2 groups."} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %s:\n%s", want, out)
		}
	}
}

func draw(t *testing.T, g *graph.Graph, opts ...visualize.Option) string {
	t.Helper()
	var buf bytes.Buffer
	if err := visualize.Write(&buf, g, opts...); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

// TestSummaryThreshold: the summary starts above the threshold, and
// WithSummary overrides it either way.
func TestSummaryThreshold(t *testing.T) {
	g300, g301 := build(t, chain(299)...), build(t, chain(300)...) // 300 and 301 nodes
	for _, tc := range []struct {
		name    string
		g       *graph.Graph
		opts    []visualize.Option
		summary bool
	}{
		{"at the default threshold", g300, nil, false},
		{"above the default threshold", g301, nil, true},
		{"forced on", build(t, seed()...), []visualize.Option{visualize.WithSummary(true)}, true},
		{"forced off", g301, []visualize.Option{visualize.WithSummary(false)}, false},
		{"lower threshold", build(t, diamond()...), []visualize.Option{visualize.WithThreshold(4)}, true},
		{"higher threshold", g301, []visualize.Option{visualize.WithThreshold(1000)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := draw(t, tc.g, tc.opts...)
			if got := strings.HasPrefix(out, "// Summary:"); got != tc.summary {
				t.Errorf("summary = %v; want %v:\n%.300s", got, tc.summary, out)
			}
		})
	}
}

func leaf0(x int) int  { return x }
func leaf1(x int) int  { return x }
func leaf2(x int) int  { return x }
func leaf3(x int) int  { return x }
func leaf4(x int) int  { return x }
func leaf5(x int) int  { return x }
func leaf6(x int) int  { return x }
func leaf7(x int) int  { return x }
func leaf8(x int) int  { return x }
func leaf9(x int) int  { return x }
func leaf10(x int) int { return x }

// TestSummaryFallsBackToFunctions: add over every pair of 11 functions is
// 55 groups by function and inputs, more than MaxGroups, so the summary
// groups by function alone: 11 leaf groups, their 11 literal groups, add.
func TestSummaryFallsBackToFunctions(t *testing.T) {
	leaves := []func(int) int{leaf0, leaf1, leaf2, leaf3, leaf4, leaf5, leaf6, leaf7, leaf8, leaf9, leaf10}
	addL := lazy.Func2(add)
	var outs []lazy.AnyNode
	for i, f := range leaves {
		for j := i + 1; j < len(leaves); j++ {
			outs = append(outs, addL(lazy.Func1(f)(lazy.Lit(i)), lazy.Func1(leaves[j])(lazy.Lit(j))))
		}
	}
	out := draw(t, build(t, outs...), visualize.WithSummary(true))
	if n := countNodes([]byte(out), false); n != 23 {
		t.Errorf("summary has %d nodes; want 23:\n%s", n, out)
	}
	for _, want := range []string{`label="add\n×55\n55 outputs"`, "grouping by inputs too gave more than 50"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %s:\n%s", want, out)
		}
	}
}

// TestSummaryMixedNames: calls of one function under different names are
// one group, labelled with the function's name.
func TestSummaryMixedNames(t *testing.T) {
	incL := lazy.Func1(inc)
	var outs []lazy.AnyNode
	for i := range 3 {
		outs = append(outs, incL(lazy.Lit(i), lazy.WithName(fmt.Sprintf("day %d", i))))
	}
	out := draw(t, build(t, outs...), visualize.WithSummary(true), visualize.WithoutLiterals())
	if !strings.Contains(out, `label="inc\n×3\n3 outputs"`) || countNodes([]byte(out), false) != 1 {
		t.Errorf("summary is not one inc group without literals:\n%s", out)
	}
}

// TestSummaryCountsEachLiteralOnce: the graph numbers a literal once per
// read, but an equal value is one node of the picture, summary or not. In
// the seed, three literals 5 are read by the two add calls and by sub: one
// node, with an edge counting two arguments to add.
func TestSummaryCountsEachLiteralOnce(t *testing.T) {
	out := draw(t, build(t, seed()...), visualize.WithSummary(true))
	for _, want := range []string{"Summary: 5 nodes drawn as 4 groups.", `n2->n3[arrowsize="0.7",color="#555555",fontname="Helvetica",fontsize="9",label="×2"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, `label="5"`); n != 1 {
		t.Errorf("the literal 5 is drawn %d times; want once:\n%s", n, out)
	}
}
