package visualize_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lazygraph/lazy/visualize"
)

// needDot skips the test when Graphviz is not installed. CI installs it
// (.ci/run), so there every picture is checked.
func needDot(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("Graphviz's dot is not on PATH (Debian/Ubuntu: apt-get install graphviz); not checking that Graphviz accepts the DOT")
	}
}

// TestGraphvizAcceptsGolden renders every golden DOT picture: the SVG must
// be XML with one node group per node, the PNG must be a PNG.
func TestGraphvizAcceptsGolden(t *testing.T) {
	needDot(t)
	ctx := context.Background()
	for _, c := range goldenCases {
		if c.isMermaid() {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			src, err := os.ReadFile(c.path())
			if err != nil {
				t.Fatal(err)
			}
			var svg, png bytes.Buffer
			if err := visualize.Render(ctx, src, visualize.SVG, &svg); err != nil {
				t.Fatalf("Render svg: %v", err)
			}
			if n, err := svgNodes(svg.Bytes()); err != nil || n != c.nodes {
				t.Errorf("svg has %d nodes (%v); want %d", n, err, c.nodes)
			}
			if err := visualize.Render(ctx, src, visualize.PNG, &png); err != nil {
				t.Fatalf("Render png: %v", err)
			}
			if !isPNG(png.Bytes()) {
				t.Errorf("png starts %q; want the PNG signature", png.Bytes()[:min(8, png.Len())])
			}
		})
	}
}

// svgNodes parses an SVG Graphviz wrote and counts its nodes: the groups
// of class "node".
func svgNodes(svg []byte) (int, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	n := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "g" {
			for _, a := range el.Attr {
				if a.Name.Local == "class" && a.Value == "node" {
					n++
				}
			}
		}
	}
}

func isPNG(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) }

func TestWriteFileFormats(t *testing.T) {
	g := build(t, seed()...)
	dir := t.TempDir()
	ctx := context.Background()
	for _, tc := range []struct {
		file   string
		render bool
		check  func([]byte) bool
	}{
		{"seed.dot", false, func(b []byte) bool { return bytes.Contains(b, []byte("digraph")) }},
		{"seed.GV", false, func(b []byte) bool { return bytes.Contains(b, []byte("digraph")) }},
		{"seed.mmd", false, func(b []byte) bool { return bytes.HasPrefix(b, []byte("flowchart BT;")) }},
		{"seed.svg", true, func(b []byte) bool { n, err := svgNodes(b); return err == nil && n == 5 }},
		{"seed.png", true, isPNG},
		{"seed.pdf", true, func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if tc.render {
				needDot(t)
			}
			path := filepath.Join(dir, tc.file)
			if err := visualize.WriteFile(ctx, path, g); err != nil {
				t.Fatalf("WriteFile: %v", err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(b) {
				t.Errorf("%s is not what its extension says:\n%.200s", tc.file, b)
			}
		})
	}
	if err := visualize.WriteFile(ctx, filepath.Join(dir, "seed.jpeg"), g); err == nil || !strings.Contains(err.Error(), ".svg") {
		t.Errorf("WriteFile(seed.jpeg) = %v; want an error listing the extensions", err)
	}
}

// TestNoGraphviz: without dot, rendering fails with an error that says how
// to install it, and writes no file.
func TestNoGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	ctx := context.Background()
	err := visualize.Render(ctx, []byte("digraph {}"), visualize.SVG, io.Discard)
	if !errors.Is(err, visualize.ErrNoGraphviz) {
		t.Fatalf("Render = %v; want ErrNoGraphviz", err)
	}
	if !strings.Contains(err.Error(), "apt-get install graphviz") {
		t.Errorf("error %q does not say how to install Graphviz", err)
	}
	path := filepath.Join(t.TempDir(), "seed.png")
	err = visualize.WriteFile(ctx, path, build(t, seed()...))
	if !errors.Is(err, visualize.ErrNoGraphviz) || !strings.Contains(err.Error(), path) {
		t.Errorf("WriteFile = %v; want ErrNoGraphviz naming %s", err, path)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("WriteFile left %s behind (%v)", path, err)
	}
	// Text formats need no Graphviz.
	if err := visualize.WriteFile(ctx, filepath.Join(t.TempDir(), "seed.dot"), build(t, seed()...)); err != nil {
		t.Errorf("WriteFile(.dot) without Graphviz: %v", err)
	}
}

// fakeDot puts a dot on PATH that runs the given shell script.
func fakeDot(t *testing.T, script string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("fake dot is a shell script")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "dot"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestBrokenDot: a dot that hangs is killed when the context ends; one that
// fails or writes nothing gives an error with its message; nothing is
// written to w either way.
func TestBrokenDot(t *testing.T) {
	for _, tc := range []struct {
		name, script, want string
		timeout            time.Duration
	}{
		{"hangs", "exec sleep 60", "stopped: context deadline exceeded", 200 * time.Millisecond},
		{"hangs with a child holding its pipes", "sleep 3; echo late", "stopped", 200 * time.Millisecond},
		{"fails", "echo 'Error: <stdin>: syntax error in line 1' >&2; exit 1", "syntax error in line 1", time.Minute},
		{"writes nothing", "cat >/dev/null", "wrote nothing", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeDot(t, tc.script)
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			var out bytes.Buffer
			err := visualize.Render(ctx, []byte("digraph {}"), visualize.SVG, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Render = %v; want an error containing %q", err, tc.want)
			}
			if out.Len() > 0 {
				t.Errorf("Render wrote %q on failure", out.Bytes())
			}
		})
	}
}

func TestRenderRefusesTextFormats(t *testing.T) {
	for _, f := range []visualize.Format{visualize.DOT, visualize.Mermaid} {
		if err := visualize.Render(context.Background(), []byte("digraph {}"), f, io.Discard); err == nil {
			t.Errorf("Render(%v) = nil; want an error", f)
		}
	}
}
