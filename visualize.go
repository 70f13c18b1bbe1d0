package lazy

import (
	"context"
	"io"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/visualize"
)

// Visualize draws the graph that computes outputs on w, as Graphviz DOT
// (or Mermaid with visualize.WithFormat(visualize.Mermaid)), the way
// dask's visualize does: each call once, labelled with its function's
// name; literals as small boxes; outputs with a double border. Graphs of
// more than a few hundred nodes are drawn as a summary that groups calls of
// the same function. Nothing runs. See package [visualize] for the options,
// among them colouring by a recorded run.
func Visualize(w io.Writer, outputs []AnyNode, opts ...visualize.Option) error {
	g, err := graphToDraw(outputs)
	if err != nil {
		return err
	}
	return visualize.Write(w, g, opts...)
}

// VisualizeFile draws the graph that computes outputs into the file at
// path, in the format its extension names: .dot (or .gv) and .mmd (or
// .mermaid) are written directly; .svg, .png and .pdf are rendered by
// Graphviz's dot command, within ctx, and fail with an error that says how
// to install Graphviz when it is missing (see [visualize.ErrNoGraphviz]).
func VisualizeFile(ctx context.Context, path string, outputs []AnyNode, opts ...visualize.Option) error {
	g, err := graphToDraw(outputs)
	if err != nil {
		return err
	}
	return visualize.WriteFile(ctx, path, g, opts...)
}

// graphToDraw builds the graph of outputs, as Compute would.
func graphToDraw(outputs []AnyNode) (*graph.Graph, error) {
	ns, err := outputNodes(outputs)
	if err != nil {
		return nil, err
	}
	return graph.Build(ns)
}
