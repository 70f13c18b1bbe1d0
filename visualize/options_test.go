package visualize_test

import (
	"strings"
	"testing"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/visualize"
)

func TestDirections(t *testing.T) {
	g := build(t, seed()...)
	for _, tc := range []struct {
		d                visualize.Direction
		rankdir, mermaid string
	}{
		{visualize.BottomToTop, "BT", "BT"},
		{visualize.LeftToRight, "LR", "LR"},
		{visualize.TopToBottom, "TB", "TD"},
		{visualize.RightToLeft, "RL", "RL"},
	} {
		if got := tc.d.String(); got != tc.rankdir {
			t.Errorf("%d.String() = %q; want %q", tc.d, got, tc.rankdir)
		}
		for _, name := range []string{tc.rankdir, tc.mermaid} {
			if d, err := visualize.ParseDirection(name); err != nil || d != tc.d {
				t.Errorf("ParseDirection(%q) = %v, %v; want %v", name, d, err, tc.d)
			}
		}
		if out := draw(t, g, visualize.WithDirection(tc.d)); !strings.Contains(out, `rankdir="`+tc.rankdir+`"`) {
			t.Errorf("DOT for %v lacks rankdir=%s:\n%s", tc.d, tc.rankdir, out)
		}
		out := draw(t, g, visualize.WithDirection(tc.d), visualize.WithFormat(visualize.Mermaid))
		if want := "flowchart " + tc.mermaid + ";\n"; !strings.HasPrefix(out, want) {
			t.Errorf("Mermaid for %v does not start %q:\n%s", tc.d, want, out)
		}
	}
	if _, err := visualize.ParseDirection("up"); err == nil {
		t.Error(`ParseDirection("up") = nil error`)
	}
}

func TestFormatOf(t *testing.T) {
	for _, tc := range []struct {
		path string
		want visualize.Format
	}{
		{"a.dot", visualize.DOT},
		{"dir.v2/a.gv", visualize.DOT},
		{"a.mmd", visualize.Mermaid},
		{"a.mermaid", visualize.Mermaid},
		{"a.svg", visualize.SVG},
		{"A.PNG", visualize.PNG},
		{"a.pdf", visualize.PDF},
	} {
		if f, err := visualize.FormatOf(tc.path); err != nil || f != tc.want {
			t.Errorf("FormatOf(%q) = %v, %v; want %v", tc.path, f, err, tc.want)
		}
	}
	for _, bad := range []string{"a", "a.txt", "dot"} {
		if f, err := visualize.FormatOf(bad); err == nil {
			t.Errorf("FormatOf(%q) = %v; want an error", bad, f)
		}
	}
	if s := visualize.Format(42).String(); s != "Format(42)" {
		t.Errorf("Format(42).String() = %q", s)
	}
}

func TestWriteErrors(t *testing.T) {
	g := build(t, seed()...)
	for _, tc := range []struct {
		name string
		g    *graph.Graph
		opts []visualize.Option
		want string
	}{
		{"nil graph", nil, nil, "nil graph"},
		{"image format", g, []visualize.Option{visualize.WithFormat(visualize.SVG)}, "not svg"},
		{"unknown format", g, []visualize.Option{visualize.WithFormat(9)}, "unknown"},
		{"unknown direction", g, []visualize.Option{visualize.WithDirection(9)}, "unknown"},
		{"durations without a run", g, []visualize.Option{visualize.WithDurations()}, "WithRun"},
	} {
		err := visualize.Write(&strings.Builder{}, tc.g, tc.opts...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Write = %v; want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestNewOptions: options set the fields they name, nil options are
// ignored, and later options win.
func TestNewOptions(t *testing.T) {
	rec := visualize.NewRecorder()
	got := visualize.NewOptions(nil, visualize.WithSummary(true), visualize.WithThreshold(10),
		visualize.WithoutLiterals(), visualize.WithRun(rec), visualize.WithDurations(),
		visualize.WithFormat(visualize.Mermaid), visualize.WithDirection(visualize.LeftToRight), visualize.WithSummary(false))
	want := visualize.Options{Format: visualize.Mermaid, Direction: visualize.LeftToRight, Summary: visualize.SummaryNever,
		Threshold: 10, HideLiterals: true, Run: rec, Durations: true}
	if got != want {
		t.Errorf("NewOptions = %+v; want %+v", got, want)
	}
}
