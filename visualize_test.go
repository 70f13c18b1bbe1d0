package lazy_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/visualize"
)

var vizCalls atomic.Int32

func vizAdd(a, b int) int { vizCalls.Add(1); return a + b }
func vizSub(a, b int) int { vizCalls.Add(1); return a - b }

// TestVisualizeSeed draws the seed example
//
//	sub   add
//	   \ /
//	   add
//	   / \
//	  4   5   (5 is read by all three calls)
//
// without running it: add(4, 5) is one node read by both outputs.
func TestVisualizeSeed(t *testing.T) {
	addL, subL := lazy.Func2(vizAdd), lazy.Func2(vizSub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	a, b := subL(x, lazy.Lit(5)), addL(x, lazy.Lit(5))
	before := vizCalls.Load()
	var buf bytes.Buffer
	if err := lazy.Visualize(&buf, []lazy.AnyNode{a, b}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`label="vizAdd",shape`, // x: no double border
		`label="vizSub",peripheries="2"`,
		`label="vizAdd",peripheries="2"`,
		"n3->n4[", "n3->n5[", // x feeds both outputs
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, `label="vizAdd"`); n != 2 {
		t.Errorf("vizAdd drawn %d times; want 2 (x once, b once)", n)
	}
	if strings.Contains(out, x.Key().String()) {
		t.Errorf("DOT shows the key %s", x.Key())
	}
	if vizCalls.Load() != before {
		t.Error("Visualize ran tasks")
	}
}

func TestVisualizeErrors(t *testing.T) {
	bad := lazy.Delayed(vizAdd)("not a number", 1)
	for _, tc := range []struct {
		name string
		outs []lazy.AnyNode
		want string
	}{
		{"nil output", []lazy.AnyNode{nil}, "output 0 is nil"},
		{"zero node", []lazy.AnyNode{lazy.Node[int]{}}, "zero lazy.Node"},
		{"invalid node", []lazy.AnyNode{bad}, bad.Err().Error()},
		{"no outputs", nil, "no outputs"},
	} {
		var buf bytes.Buffer
		err := lazy.Visualize(&buf, tc.outs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Visualize = %v; want an error containing %q", tc.name, err, tc.want)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: Visualize wrote %q before failing", tc.name, buf.String())
		}
		if err := lazy.VisualizeFile(context.Background(), filepath.Join(t.TempDir(), "x.dot"), tc.outs); err == nil {
			t.Errorf("%s: VisualizeFile = nil; want an error", tc.name)
		}
	}
}

// TestVisualizeFile writes each format the extension names; images need
// Graphviz, and without it the error says how to install it.
func TestVisualizeFile(t *testing.T) {
	x := lazy.Func2(vizAdd)(lazy.Lit(1), lazy.Lit(2))
	outs := []lazy.AnyNode{lazy.Func2(vizSub)(x, lazy.Lit(3))}
	dir := t.TempDir()
	ctx := context.Background()
	_, noDot := exec.LookPath("dot")
	for file, prefix := range map[string]string{
		"w.dot": "// 5 nodes", "w.mmd": "flowchart BT;", "w.svg": "<?xml", "w.png": "\x89PNG",
	} {
		path := filepath.Join(dir, file)
		err := lazy.VisualizeFile(ctx, path, outs, visualize.WithDirection(visualize.BottomToTop))
		if strings.HasSuffix(file, "g") && noDot != nil {
			if !errors.Is(err, visualize.ErrNoGraphviz) || !strings.Contains(err.Error(), "apt-get install graphviz") {
				t.Errorf("%s without Graphviz: %v; want ErrNoGraphviz", file, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(b, []byte(prefix)) {
			t.Errorf("%s starts %.20q (%v); want %q", file, b, err, prefix)
		}
	}
}
