package visualize

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/emicklei/dot"
)

var mermaidDirections = [...]int{
	BottomToTop: dot.MermaidBottomToTop,
	LeftToRight: dot.MermaidLeftToRight,
	TopToBottom: dot.MermaidTopDown,
	RightToLeft: dot.MermaidRightToLeft,
}

// mermaidQuotes replaces what Mermaid would misread in a label: quotes
// (emicklei/dot writes them as HTML entities, which Mermaid's own entity
// syntax mangles) and line breaks.
var mermaidQuotes = strings.NewReplacer(`"`, "ʺ", `'`, "ʹ", "\n", " ")

// writeMermaid writes p as a Mermaid flowchart: calls as rounded boxes,
// literals as stadiums, persisted values as cylinders, each painted with a
// style line; what the picture shows is said in %% comments at the end.
func writeMermaid(w io.Writer, p *picture) error {
	g := dot.NewGraph(dot.Directed)
	nodes := make([]dot.Node, len(p.nodes))
	width := len(fmt.Sprint(len(p.nodes)))
	for i, pn := range p.nodes {
		n := g.Node(fmt.Sprintf("%0*d", width, i))
		n.Attr("label", mermaidLabel(pn.lines))
		switch pn.kind {
		case pliteral:
			n.Attr("shape", dot.MermaidShapeStadium)
		case ppersisted:
			n.Attr("shape", dot.MermaidShapeCylinder)
		}
		n.Attr("style", mermaidStyle(pn))
		nodes[i] = n
	}
	for _, e := range p.edges {
		de := g.Edge(nodes[e.from], nodes[e.to])
		if e.label != "" {
			de.Attr("label", e.label)
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(dot.MermaidFlowchart(g, mermaidDirections[p.dir%Direction(len(mermaidDirections))]))
	for _, c := range p.comments {
		fmt.Fprintf(bw, "%%%% %s\n", c)
	}
	for _, c := range p.caption {
		if !slices.Contains(p.comments, c) {
			fmt.Fprintf(bw, "%%%% %s\n", c)
		}
	}
	if len(p.legend) > 0 {
		parts := make([]string, len(p.legend))
		for i, e := range p.legend {
			parts[i] = fmt.Sprintf("%s (%s)", legendText(e), legendLook(e.state).fill)
		}
		fmt.Fprintf(bw, "%%%% run: %s\n", strings.Join(parts, ", "))
	}
	return bw.Flush()
}

// mermaidLabel puts a label's lines on one line: "inc ×10000 · 1 output".
func mermaidLabel(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		switch {
		case i == 0:
		case strings.HasPrefix(l, "×"):
			b.WriteString(" ")
		default:
			b.WriteString(" · ")
		}
		b.WriteString(l)
	}
	return mermaidQuotes.Replace(b.String())
}

func mermaidStyle(pn pnode) string {
	l := lookOf(pn)
	s := "fill:" + l.fill + ",stroke:" + l.stroke
	if l.font != "" {
		s += ",color:" + l.font
	}
	switch {
	case pn.output:
		s += ",stroke-width:3px"
	case l.pen > 0:
		s += ",stroke-width:2px"
	}
	if l.dashed {
		s += ",stroke-dasharray:4 3"
	}
	return s
}
