package visualize

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/emicklei/dot"
)

const font = "Helvetica"

// writeDOT writes p as Graphviz DOT: a comment saying what is drawn, then
// the graph. emicklei/dot sorts nodes by id and edges by their source, so
// nodes get zero-padded ids in picture order and the bytes depend only on
// the picture. Nodes are named n1, n2, ... in that order.
func writeDOT(w io.Writer, p *picture) error {
	g := dot.NewGraph(dot.Directed)
	g.Attr("rankdir", p.dir.String())
	g.Attr("fontname", font)
	g.Attr("fontsize", "10")
	if label := captionHTML(p); label != "" {
		g.Attr("label", dot.HTML(label))
	}
	width := len(strconv.Itoa(len(p.nodes)))
	nodes := make([]dot.Node, len(p.nodes))
	for i, pn := range p.nodes {
		n := g.Node(fmt.Sprintf("%0*d", width, i))
		n.Attr("label", strings.Join(pn.lines, "\n"))
		styleDOT(n, pn)
		nodes[i] = n
	}
	for _, e := range p.edges {
		de := g.Edge(nodes[e.from], nodes[e.to])
		de.Attr("color", "#555555")
		de.Attr("arrowsize", "0.7")
		if e.label != "" {
			de.Attr("label", e.label)
			de.Attr("fontname", font)
			de.Attr("fontsize", "9")
		}
	}
	bw := bufio.NewWriter(w)
	for _, c := range p.comments {
		fmt.Fprintf(bw, "// %s\n", c)
	}
	g.Write(bw)
	return bw.Flush()
}

func styleDOT(n dot.Node, pn pnode) {
	l := lookOf(pn)
	style := "filled"
	switch pn.kind {
	case pcall:
		n.Attr("shape", "box")
		style = "rounded,filled"
	case pliteral:
		n.Attr("shape", "box")
		n.Attr("fontsize", "9")
		n.Attr("height", "0.25")
		n.Attr("margin", "0.06,0.03")
	case ppersisted:
		n.Attr("shape", "cylinder")
	}
	if l.dashed {
		style += ",dashed"
	}
	n.Attr("style", style)
	n.Attr("fillcolor", l.fill)
	n.Attr("color", l.stroke)
	if l.font != "" {
		n.Attr("fontcolor", l.font)
	}
	if pn.kind != pliteral {
		n.Attr("fontsize", "11")
	}
	n.Attr("fontname", font)
	if l.pen > 0 {
		n.Attr("penwidth", strconv.FormatFloat(l.pen, 'g', -1, 64))
	}
	if pn.output {
		n.Attr("peripheries", "2")
	}
	n.Attr("tooltip", pn.tooltip)
}

// captionHTML is the graph's label: the caption lines and a legend of the
// states drawn, as a Graphviz HTML-like table; "" when there is neither.
// The legend is a line of coloured squares: Graphviz stretches nested
// tables to the widest line, which would make legend cells uneven.
func captionHTML(p *picture) string {
	if len(p.caption) == 0 && len(p.legend) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1">`)
	for _, line := range p.caption {
		fmt.Fprintf(&b, `<TR><TD>%s</TD></TR>`, html.EscapeString(line))
	}
	if len(p.legend) > 0 {
		b.WriteString(`<TR><TD>`)
		for i, e := range p.legend {
			if i > 0 {
				b.WriteString(`   `)
			}
			l := legendLook(e.state)
			glyph := "■"
			if l.fill == "#ffffff" {
				glyph = "□"
			}
			fmt.Fprintf(&b, `<FONT COLOR="%s">%s</FONT> %s`, l.stroke, glyph, html.EscapeString(legendText(e)))
		}
		b.WriteString(`</TD></TR>`)
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}
