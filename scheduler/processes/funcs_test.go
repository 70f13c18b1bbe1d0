//go:build unix

package processes_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/lazygraph/lazy"
)

// Task functions, registered in init so that the parent and every worker
// (this test binary, re-executed) know them.
func init() {
	for _, fn := range []any{
		inc, add, sum, pid, fail, norm, describe, spin,
		exitWith, fatal, nilDeref, killSelf, hang, chatty,
		crashOnce, crashAlways, withChan, makeHidden, takesAny,
	} {
		lazy.Register(fn)
	}
}

func inc(x int) int    { return x + 1 }
func add(a, b int) int { return a + b }

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// pid returns the id of the process that runs it.
func pid(int) int { return os.Getpid() }

func fail(x int) (int, error) { return 0, fmt.Errorf("bad input %d", x) }

type Point struct{ X, Y float64 }

func norm(p Point) float64 { return p.X*p.X + p.Y*p.Y }

// describe takes an interface: its argument travels as an interface value.
func describe(v any) string { return fmt.Sprintf("%T %v", v, v) }

// spin burns CPU for about n iterations and returns something that
// depends on all of them.
func spin(n int) uint64 {
	x := uint64(n) | 1
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func exitWith(code int) int { os.Exit(code); return 0 }

// fatal triggers a fatal runtime error, which no recover can catch.
func fatal(x int) int {
	var mu sync.Mutex
	mu.Unlock()
	return x
}

func nilDeref(x int) int {
	var p *Point
	return int(p.X) + x
}

func killSelf(int) int {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
	return 0
}

// hang ignores its context, as a stuck cgo call or a busy loop would.
func hang(context.Context, int) (int, error) {
	time.Sleep(time.Hour)
	return 0, errors.New("woke up")
}

// chatty prints while the worker is also writing frames.
func chatty(x int) int {
	fmt.Print("partial ")
	fmt.Println("line from task", x)
	fmt.Fprintln(os.Stderr, "to stderr", x)
	for i := range 100 {
		fmt.Printf("noise %d %s\n", i, "\x00\x01\x02\xff{frame-like}")
	}
	return x * 2
}

// crashOnce dies the first time it runs for dir, and succeeds after.
func crashOnce(dir string) (string, error) {
	mark := filepath.Join(dir, "crashed")
	if _, err := os.Stat(mark); err != nil {
		if err := os.WriteFile(mark, nil, 0o644); err != nil {
			return "", err
		}
		os.Exit(7)
	}
	return "recovered", nil
}

// crashAlways dies every time, leaving one file per run in dir.
func crashAlways(dir string) int {
	f, err := os.CreateTemp(dir, "run")
	if err == nil {
		f.Close()
	}
	os.Exit(9)
	return 0
}

func withChan(c chan int) int { return len(c) }

type hidden struct{ n int }

func makeHidden(x int) hidden { return hidden{x} }

func takesAny(v any) int { return 1 }

var errMissing = errors.New("nothing there")

// readMissing fails with a wrapped sentinel error.
func readMissing(dir string) (int, error) {
	_, err := os.ReadFile(filepath.Join(dir, "missing"))
	return 0, fmt.Errorf("reading: %w (%w)", errMissing, err)
}

func init() { lazy.Register(readMissing) }

// late is registered by a test, in the parent only, as a program that
// registers after the hook does.
func late(x int) int { return x }

type unregistered struct{ N int }

// boxed returns, in an interface, a type gob does not know by name.
func boxed(x int) any { return unregistered{x} }

// count takes values of any type.
func count(xs []any) int { return len(xs) }

func goexit(x int) int {
	runtime.Goexit()
	return x
}

func init() {
	lazy.Register(boxed)
	lazy.Register(count)
	lazy.Register(goexit)
}

func double(xs []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = 2 * x
	}
	return out
}

func init() { lazy.Register(double) }
