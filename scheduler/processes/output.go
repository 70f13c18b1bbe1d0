package processes

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
)

// lineWriter writes whole lines from several workers to one writer, so
// that their output interleaves by line, never within one.
type lineWriter struct {
	mu  sync.Mutex // protects w and buf
	w   io.Writer
	buf []byte
}

func (l *lineWriter) writeLine(prefix string, line []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(append(append(l.buf[:0], prefix...), line...), '\n')
	l.w.Write(l.buf) // best effort: a failing log writer must not fail tasks
}

const (
	tailLines   = 20   // lines of stderr a WorkerError keeps
	maxLineKept = 1024 // bytes of each
)

// tail keeps the last lines of a worker's stderr, and the first line since
// the current task started that opens a crash report: with a long stack
// dump, that line would otherwise scroll out of the tail.
type tail struct {
	mu       sync.Mutex // protects the fields below
	lines    []string   // ring of the last tailLines lines
	next     int
	headline string
}

func (t *tail) add(line []byte) {
	s := string(line)
	if len(s) > maxLineKept {
		s = s[:maxLineKept] + "..."
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.headline == "" && isHeadline(s) {
		t.headline = s
	}
	if len(t.lines) < tailLines {
		t.lines = append(t.lines, s)
		return
	}
	t.lines[t.next] = s
	t.next = (t.next + 1) % tailLines
}

// mark forgets the headline: a task starts.
func (t *tail) mark() {
	t.mu.Lock()
	t.headline = ""
	t.mu.Unlock()
}

// get returns the headline (when it is not among them) and the last lines.
func (t *tail) get() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append(slices.Clone(t.lines[t.next:]), t.lines[:t.next]...)
	if t.headline != "" && !slices.Contains(out, t.headline) {
		out = append([]string{t.headline, "..."}, out...)
	}
	return out
}

var headlines = []string{"fatal error:", "panic:", "runtime:", "SIGSEGV", "SIGBUS", "unexpected signal", "signal arrived"}

func isHeadline(s string) bool {
	for _, h := range headlines {
		if strings.HasPrefix(s, h) {
			return true
		}
	}
	return false
}

// forward copies r to dst line by line, each with prefix, until r ends;
// lines also go to t when it is not nil. Over-long lines are cut into
// pieces; a last line without a newline is written when r ends.
func forward(r io.Reader, dst *lineWriter, prefix string, t *tail) {
	br := bufio.NewReaderSize(r, 16<<10)
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			line = bytes.TrimSuffix(line, []byte("\n"))
			if t != nil {
				t.add(line)
			}
			dst.writeLine(prefix, line)
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}
