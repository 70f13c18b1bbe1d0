package visualize_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/visualize"
)

// goldenCase is a picture whose bytes are fixed in testdata/<name>.golden.
type goldenCase struct {
	name  string
	nodes int // nodes drawn: what Graphviz must lay out
	draw  func(t testing.TB) ([]lazy.AnyNode, []visualize.Option)
}

func plain(outs func() []lazy.AnyNode, opts ...visualize.Option) func(testing.TB) ([]lazy.AnyNode, []visualize.Option) {
	return func(testing.TB) ([]lazy.AnyNode, []visualize.Option) { return outs(), opts }
}

var goldenCases = []goldenCase{
	{"seed", 5, plain(seed)},
	{"seed-lr", 5, plain(seed, visualize.WithDirection(visualize.LeftToRight))},
	{"diamond", 5, plain(diamond)},
	{"fan-in", 9, plain(fanIn)},
	{"literals", 28, plain(literals)},
	{"literals-hidden", 14, plain(literals, visualize.WithoutLiterals())},
	{"named", 3, plain(named)},
	{"persisted", 2, func(t testing.TB) ([]lazy.AnyNode, []visualize.Option) { return persisted(t), nil }},
	{"failed-run", 6, func(t testing.TB) ([]lazy.AnyNode, []visualize.Option) {
		outs, rec := failedRun(t)
		return outs, []visualize.Option{visualize.WithRun(rec)}
	}},
	{"failed-run-summary", 6, func(t testing.TB) ([]lazy.AnyNode, []visualize.Option) {
		outs, rec := failedRun(t)
		return outs, []visualize.Option{visualize.WithRun(rec), visualize.WithSummary(true)}
	}},
	{"chain-summary", 2, plain(func() []lazy.AnyNode { return chain(1000) })},
	{"fan-in-summary", 3, plain(fanIn, visualize.WithSummary(true))},
	{"tree-summary", 4, plain(func() []lazy.AnyNode { return tree(256) })},
	{"seed-mermaid", 5, plain(seed, visualize.WithFormat(visualize.Mermaid))},
	{"failed-run-mermaid", 6, func(t testing.TB) ([]lazy.AnyNode, []visualize.Option) {
		outs, rec := failedRun(t)
		return outs, []visualize.Option{visualize.WithRun(rec), visualize.WithFormat(visualize.Mermaid)}
	}},
}

func (c goldenCase) path() string {
	ext := ".dot"
	if c.isMermaid() {
		ext = ".mmd"
	}
	return filepath.Join("testdata", c.name+ext+".golden")
}

func (c goldenCase) isMermaid() bool { return strings.HasSuffix(c.name, "-mermaid") }

// output draws the case afresh.
func (c goldenCase) output(t testing.TB) []byte {
	t.Helper()
	outs, opts := c.draw(t)
	var buf bytes.Buffer
	if err := lazy.Visualize(&buf, outs, opts...); err != nil {
		t.Fatalf("Visualize: %v", err)
	}
	return buf.Bytes()
}

// TestGolden compares each picture with its golden file; go test -update
// rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			got := c.output(t)
			if *update {
				if err := os.WriteFile(c.path(), got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(c.path())
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", c.path(), got)
			}
			if n := countNodes(got, c.isMermaid()); n != c.nodes {
				t.Errorf("%d nodes drawn; want %d", n, c.nodes)
			}
			if h := hashRE.Find(got); h != nil {
				t.Errorf("output shows a hash %q; labels must not", h)
			}
		})
	}
}

// TestDeterministic draws every case again at several GOMAXPROCS settings:
// the bytes never change.
func TestDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range goldenCases {
		want, err := os.ReadFile(c.path())
		if err != nil {
			t.Fatal(err)
		}
		for _, procs := range []int{1, 2, 4, 8} {
			runtime.GOMAXPROCS(procs)
			for range 2 {
				if got := c.output(t); !bytes.Equal(got, want) {
					t.Fatalf("%s at GOMAXPROCS=%d differs from %s:\n%s", c.name, procs, c.path(), got)
				}
			}
		}
	}
}

var (
	// hashRE matches the hash part of a computed key or a uuid.
	hashRE        = regexp.MustCompile(`[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-`)
	dotNodeRE     = regexp.MustCompile(`(?m)^\tn\d+\[`)
	mermaidNodeRE = regexp.MustCompile(`(?m)^\tn\d+[(\[]`)
)

// countNodes counts the node statements of DOT or Mermaid output.
func countNodes(out []byte, mermaid bool) int {
	if mermaid {
		return len(mermaidNodeRE.FindAll(out, -1))
	}
	return len(dotNodeRE.FindAll(out, -1))
}

// TestDocsShowGolden: the Mermaid block in docs/visualize.md is what Write
// produces for the seed example.
func TestDocsShowGolden(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "visualize.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "seed-mermaid.mmd.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, append([]byte("```mermaid\n"), append(want, "```"...)...)) {
		t.Errorf("docs/visualize.md does not show testdata/seed-mermaid.mmd.golden in a mermaid block:\n%s", want)
	}
}
