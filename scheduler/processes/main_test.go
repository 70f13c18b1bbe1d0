//go:build unix

package processes_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/lazygraph/lazy/scheduler/processes"
)

// TestMain serves as a worker when the test binary is re-executed as one
// (helper modes, for tests that need the binary as a program of its own,
// start from init in helper_test.go).
func TestMain(m *testing.M) {
	processes.Main()
	goleak.VerifyTestMain(m)
}

// newPool starts a pool for the test and, when the test ends, closes it
// and checks that no worker process is left.
func newPool(t testing.TB, opts ...processes.Option) *processes.Pool {
	t.Helper()
	p, err := processes.New(context.Background(), opts...)
	if err != nil {
		t.Fatalf("processes.New: %v", err)
	}
	openPools.Add(1)
	t.Cleanup(func() {
		p.Close()
		if openPools.Add(-1) > 0 {
			return // another pool of the test is still open
		}
		if kids := children(); len(kids) > 0 {
			t.Errorf("worker processes left after Close: %v", kids)
		}
	})
	return p
}

// openPools counts the pools newPool opened that are not closed yet.
var openPools atomic.Int32

// children returns the ids of this process's child processes, zombies
// included, from /proc.
func children() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil // not Linux: nothing to check this way
	}
	self := os.Getpid()
	var kids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid(pid) == self {
			kids = append(kids, pid)
		}
	}
	return kids
}

// ppid returns the parent of pid, or 0 when pid is gone.
func ppid(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:]) // state, ppid, ...
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

// alive reports whether pid is a running (not zombie) process.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && !strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
