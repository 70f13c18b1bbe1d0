// Package visualize draws a [graph.Graph]: as Graphviz DOT or a Mermaid
// flowchart, or as SVG, PNG or PDF rendered by Graphviz's dot command.
// Most programs call it through lazy.Visualize and lazy.VisualizeFile;
// this package holds the options and the drawing.
//
// # What is drawn
//
// Every node once, however many calls read it: in
//
//	x := add(4, 5); a := sub(x, 5); b := add(x, 5)
//
// add(4, 5) is one box with edges to both sub and the second add, and the
// literal 5 is one small box read by both. Calls are labelled with their
// function's short name, or the name given with lazy.WithName, or the key
// given with lazy.WithKey; hashes are never shown. Literals are small grey
// boxes showing the start of their value; values computed by an earlier run
// (lazy.Persist) are cylinders. Outputs have a double border. Arrows go
// from an argument to the call that reads it, once per pair however many
// times the argument is passed, and point up by default, as dask draws
// ([WithDirection] changes it).
//
// # Large graphs
//
// A picture of more than a few hundred nodes is unreadable, so above
// [DefaultThreshold] nodes (or with [WithSummary](true)) Write draws a
// summary: the calls of one function that read results of the same other
// functions become one node with their count ("inc ×10000"), literals are
// grouped by the groups that read them, and edges between groups carry the
// number of argument edges they stand for. A chain of one function is one
// node with an edge to itself; a 100,000-node fan-in is four nodes. The picture's caption and the comment opening the output say
// what was collapsed. When grouping by inputs gives more than [MaxGroups]
// groups, calls are grouped by function alone.
//
// # After a run
//
// A [Recorder] given to a compute as callbacks records what happened to
// each call; [WithRun] then colours the picture by it (done, failed,
// cancelled, not run, persisted) with a legend, and the tooltip of a failed
// call (shown on hover in SVG) gives its error. [WithDurations] adds each
// call's duration and shades finished calls by it, to show where time
// went:
//
//	rec := visualize.NewRecorder()
//	_, err := lazy.Compute(ctx, outs, lazy.WithCallbacks(rec))
//	lazy.VisualizeFile(ctx, "run.svg", outs, visualize.WithRun(rec), visualize.WithDurations())
//
// Runs are matched to the picture by node key, so the picture may be drawn
// from a graph built again from the same outputs.
//
// # Determinism
//
// The output depends only on the graph and the options: nodes are numbered
// in the graph's priority order, emicklei/dot sorts nodes and edges, and
// labels hold no keys, addresses or map-ordered text. Durations are the
// one exception, and only appear when asked for.
//
// # Rendering
//
// [Render] and [WriteFile] run dot with a context (at most [RenderTimeout]
// when the context has no deadline) and fail with [ErrNoGraphviz], which
// says how to install Graphviz, when dot is not on PATH.
package visualize
