package visualize

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// ErrNoGraphviz is returned (wrapped) when a picture is to be rendered but
// Graphviz's dot command is not on PATH.
var ErrNoGraphviz = errors.New("visualize: Graphviz's dot command is not on PATH; " +
	"install Graphviz (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; " +
	"macOS: brew install graphviz; others: https://graphviz.org/download/), " +
	"or write a .dot or .mmd file instead")

// RenderTimeout bounds a rendering whose context has no deadline of its
// own, so a stuck dot never hangs the caller. Graphviz lays out a few
// hundred nodes in about a second; give a context with a later deadline to
// render very large full pictures.
const RenderTimeout = time.Minute

// Render runs Graphviz's dot on the DOT source src and writes the image in
// format f (SVG, PNG or PDF) to w. It writes nothing unless dot succeeds.
// dot is killed when ctx ends, or after [RenderTimeout] when ctx has no
// deadline. When dot is not installed the error wraps [ErrNoGraphviz],
// which says how to install it.
func Render(ctx context.Context, src []byte, f Format, w io.Writer) error {
	if !f.Rendered() {
		return fmt.Errorf("visualize: Render makes svg, png or pdf, not %s", f)
	}
	path, err := exec.LookPath("dot")
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrNoGraphviz, err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, RenderTimeout)
		defer cancel()
	}
	var out bytes.Buffer
	stderr := &tailBuffer{max: 2048}
	cmd := exec.CommandContext(ctx, path, "-T"+f.String())
	cmd.Stdin = bytes.NewReader(src)
	cmd.Stdout = &out
	cmd.Stderr = stderr
	// A dot that leaves children holding its pipes must not hang Wait.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return fmt.Errorf("visualize: dot -T%s stopped: %w%s", f, context.Cause(ctx), stderr.suffix())
	}
	if err != nil {
		return fmt.Errorf("visualize: dot -T%s failed: %w%s", f, err, stderr.suffix())
	}
	if out.Len() == 0 {
		return fmt.Errorf("visualize: dot -T%s wrote nothing%s", f, stderr.suffix())
	}
	_, err = w.Write(out.Bytes())
	return err
}

// tailBuffer keeps the last max bytes written to it: the end of dot's
// messages, where the reason for a failure is.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) suffix() string {
	s := strings.TrimSpace(string(t.b))
	if s == "" {
		return ""
	}
	return ": " + s
}
