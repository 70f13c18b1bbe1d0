// Command isolation runs an image pipeline on worker processes, where a
// decoder that crashes or hangs (as C libraries do) fails one task instead
// of the program:
//
//	                 report                          preview
//	   /      /        |        \       \               |
//	thumb  thumb     thumb     thumb   thumb          thumb
//	  |      |         |         |       |              |
//	decode decode    decode    decode  decode         decode
//	 a.img  b.img     c.img     e.img   f.img          d.img
//	              (crashes its worker             (hangs: killed
//	               once: retried)                  at its timeout)
//
// and poison.img, whose decoder crashes its worker every time. The report
// completes: c.img's crash is retried in a fresh worker, and d.img's hang
// is killed without touching the report, which does not need it.
//
// It writes isolation.dot, the graph, into the directory given with -out
// (default "."), and a marker file that c.img's decoder uses to crash once.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler/processes"
)

// Image is a decoded image; Thumb its thumbnail.
type (
	Image struct {
		Name   string
		Pixels []byte
	}
	Thumb struct {
		Name  string
		Bytes int
	}
)

// The functions tasks call are registered in init, so that this program
// and its workers (this program again) know them by name.
func init() {
	lazy.Register(decode)
	lazy.Register(thumb)
	lazy.Register(report)
}

const stateEnv = "ISOLATION_STATE" // where c.img's decoder notes its crash

// decode stands for a call into a C library that misbehaves on some input.
func decode(name string) (Image, error) {
	switch name {
	case "poison.img":
		segfault()
	case "c.img":
		mark := filepath.Join(os.Getenv(stateEnv), "c.img.crashed")
		if _, err := os.Stat(mark); err != nil {
			if err := os.WriteFile(mark, nil, 0o644); err != nil {
				return Image{}, err
			}
			segfault()
		}
	case "d.img":
		time.Sleep(time.Hour) // stuck, deaf to any context
	}
	px := make([]byte, 64*64)
	for i := range px {
		px[i] = byte(i * int(name[0]) >> 4)
	}
	return Image{Name: name, Pixels: px}, nil
}

// segfault crashes the process the way a bad pointer in C code does.
func segfault() { syscall.Kill(os.Getpid(), syscall.SIGSEGV); time.Sleep(time.Second) }

// thumb keeps every 16th pixel that is not dark.
func thumb(img Image) Thumb {
	n := 0
	for i := 0; i < len(img.Pixels); i += 16 {
		if img.Pixels[i] > 64 {
			n++
		}
	}
	return Thumb{Name: img.Name, Bytes: n}
}

func report(ts []Thumb) string {
	var b strings.Builder
	total := 0
	for _, t := range ts {
		total += t.Bytes
		fmt.Fprintf(&b, "%s:%d ", t.Name, t.Bytes)
	}
	fmt.Fprintf(&b, "total %d bytes", total)
	return b.String()
}

func main() {
	processes.Main() // serves as a worker when started as one; returns otherwise
	out := flag.String("out", ".", "directory for the files the program writes")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	ctx := context.Background()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// c.img's decoder crashes once, then finds its note and succeeds.
	mark := filepath.Join(out, "c.img.crashed")
	os.Remove(mark)
	defer os.Remove(mark)
	// Workers' stderr (crash reports) goes to a buffer instead of ours.
	var workerStderr bytes.Buffer
	pool, err := processes.New(ctx, processes.WithWorkers(2),
		processes.WithEnv(stateEnv+"="+out), processes.WithOutput(os.Stdout, &workerStderr))
	if err != nil {
		return err
	}
	defer pool.Close()
	on := lazy.WithScheduler(pool)
	decodeL, thumbL, reportL := lazy.Func1E(decode), lazy.Func1(thumb), lazy.Func1(report)

	// 1. A task that crashes its worker fails alone, with how it died.
	_, err = lazy.Get(ctx, thumbL(decodeL(lazy.Lit("poison.img"))), on)
	var we *processes.WorkerError
	if !errors.As(err, &we) {
		return fmt.Errorf("poison.img: got %v, want a worker crash", err)
	}
	fmt.Printf("poison.img: its worker died (exit status %d, stderr %q); the pool replaced it: %d workers\n",
		we.ExitCode, we.Stderr[0], len(pool.PIDs()))

	// 2. A task that crashes once succeeds on a retry, in a fresh worker.
	var thumbs []lazy.Node[Thumb]
	for _, name := range []string{"a.img", "b.img", "c.img", "e.img", "f.img"} {
		d := decodeL(lazy.Lit(name))
		if name == "c.img" {
			d = decodeL(lazy.Lit(name), lazy.Retries(1))
		}
		thumbs = append(thumbs, thumbL(d))
	}
	rep := reportL(lazy.All(thumbs))
	s, err := lazy.Get(ctx, rep, on)
	if err != nil {
		return err
	}
	fmt.Println("report:", s)

	// 3. A hung task is killed at its timeout; the report, which does not
	// need it, is unaffected.
	preview := thumbL(decodeL(lazy.Lit("d.img"), lazy.Timeout(300*time.Millisecond)))
	start := time.Now()
	_, err = lazy.Get(ctx, preview, on)
	var te *lazy.TimeoutError
	if !errors.As(err, &te) {
		return fmt.Errorf("d.img: got %v, want a timeout", err)
	}
	fmt.Printf("d.img: killed after %v (%v); ", time.Since(start).Round(100*time.Millisecond), te)
	s2, err := lazy.Get(ctx, rep, on)
	if err != nil || s2 != s {
		return fmt.Errorf("report after the kill: %q, %v", s2, err)
	}
	fmt.Println("the report computes again unchanged")
	fmt.Printf("worker crash reports kept out of our stderr: %d lines\n", strings.Count(workerStderr.String(), "\n"))

	return lazy.VisualizeFile(ctx, filepath.Join(out, "isolation.dot"), []lazy.AnyNode{rep, preview})
}
