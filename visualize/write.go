package visualize

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/lazygraph/lazy/graph"
)

// Write draws g on w as DOT, or as Mermaid with [WithFormat](Mermaid).
// Graphs of more than [DefaultThreshold] nodes are drawn as a summary
// (see [WithSummary]). The output depends only on g and the options: the
// same graph gives the same bytes, whatever the run or GOMAXPROCS.
//
// The full picture costs about 15µs a node (emicklei/dot keeps a map of
// attributes per node), 0.15s for 10,000 nodes; a summary costs about
// 0.1µs a node, 10-15ms for 100,000.
func Write(w io.Writer, g *graph.Graph, opts ...Option) error {
	o := NewOptions(opts...)
	if o.Format.Rendered() {
		return fmt.Errorf("visualize: Write writes DOT or Mermaid, not %s; render with WriteFile or Render", o.Format)
	}
	p, err := draw(g, o)
	if err != nil {
		return err
	}
	if o.Format == Mermaid {
		return writeMermaid(w, p)
	}
	return writeDOT(w, p)
}

// draw builds the picture of g the options ask for.
func draw(g *graph.Graph, o Options) (*picture, error) {
	switch {
	case g == nil:
		return nil, errors.New("visualize: nil graph")
	case o.Durations && o.Run == nil:
		return nil, errors.New("visualize: Durations needs a recorded run; add WithRun")
	case int(o.Format) >= len(formats):
		return nil, fmt.Errorf("visualize: unknown %v", o.Format)
	case int(o.Direction) >= len(directions):
		return nil, fmt.Errorf("visualize: unknown %v", o.Direction)
	}
	var p *picture
	if o.summarize(g.Len()) {
		p = summary(g, o)
	} else {
		p = full(g, o)
	}
	if o.Run != nil && o.recording() == nil {
		p.caption = append(p.caption, "No run recorded: give the Recorder to a compute with lazy.WithCallbacks.")
	}
	return p, nil
}

// WriteFile draws g into the file at path, in the format its extension
// names (see [FormatOf]): .dot and .mmd are written directly, .svg, .png
// and .pdf are rendered by Graphviz (see [Render]), which fails with
// [ErrNoGraphviz] when it is not installed. The file is written only once
// the picture is complete, so a failure leaves no partial file.
func WriteFile(ctx context.Context, path string, g *graph.Graph, opts ...Option) error {
	f, err := FormatOf(path)
	if err != nil {
		return err
	}
	text := DOT
	if f == Mermaid {
		text = Mermaid
	}
	var buf bytes.Buffer
	if err := Write(&buf, g, append(opts[:len(opts):len(opts)], WithFormat(text))...); err != nil {
		return err
	}
	out := buf.Bytes()
	if f.Rendered() {
		var img bytes.Buffer
		if err := Render(ctx, out, f, &img); err != nil {
			return fmt.Errorf("%w (writing %s)", err, path)
		}
		out = img.Bytes()
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return fmt.Errorf("visualize: %w", err)
	}
	return nil
}
