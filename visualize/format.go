package visualize

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format is an output format. [DOT] and [Mermaid] are text written by this
// package; [SVG], [PNG] and [PDF] are rendered from DOT by Graphviz.
type Format uint8

const (
	// DOT is the Graphviz language (the zero value).
	DOT Format = iota
	// Mermaid is a Mermaid flowchart, which GitHub, GitLab and many
	// documentation tools draw from a ```mermaid block.
	Mermaid
	// SVG is rendered by Graphviz's dot command.
	SVG
	// PNG is rendered by Graphviz's dot command.
	PNG
	// PDF is rendered by Graphviz's dot command.
	PDF
)

var formats = [...]struct {
	name string
	exts []string
}{
	DOT:     {"dot", []string{".dot", ".gv"}},
	Mermaid: {"mermaid", []string{".mmd", ".mermaid"}},
	SVG:     {"svg", []string{".svg"}},
	PNG:     {"png", []string{".png"}},
	PDF:     {"pdf", []string{".pdf"}},
}

// String returns the format's name: "dot", "mermaid", "svg", "png", "pdf".
func (f Format) String() string {
	if int(f) < len(formats) {
		return formats[f].name
	}
	return fmt.Sprintf("Format(%d)", f)
}

// Rendered reports whether f is drawn by Graphviz rather than written as
// text.
func (f Format) Rendered() bool { return f == SVG || f == PNG || f == PDF }

// FormatOf returns the format a file name's extension asks for: .dot or .gv
// for DOT, .mmd or .mermaid for Mermaid, .svg, .png or .pdf for images.
// Case does not matter.
func FormatOf(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for f, info := range formats {
		for _, e := range info.exts {
			if ext == e {
				return Format(f), nil
			}
		}
	}
	return 0, fmt.Errorf("visualize: cannot tell the format of %q from its extension; use .dot, .gv, .mmd, .mermaid, .svg, .png or .pdf", path)
}
