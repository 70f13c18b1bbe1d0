// Command visualize draws two workflows: the seed example and a small
// analytics pipeline, before and after running them.
//
// The seed example (arrows point from an argument to its reader):
//
//	sub    add        a := x - 5, b := x + 5
//	  ^    ^
//	   \  /
//	    add           x := 4 + 5, read by both
//	   ^   ^
//	  4     5
//
// The pipeline loads a week of daily event logs, parses and cleans each
// day, and reduces them to a report, with one day's log corrupt:
//
//	         report
//	      ^    ^     ^
//	 total  busiest  errors
//	      ^    ^     ^
//	        all(days)
//	  ^     ^   ...   ^
//	clean clean ... clean
//	  ^     ^   ...   ^
//	parse parse ... parse
//	  ^     ^   ...   ^
//	load  load  ... load
//
// It writes, into the directory given with -out (default "."):
//
//	seed.dot, seed.mmd            the seed workflow, as DOT and Mermaid
//	pipeline.dot                  the pipeline before it runs
//	pipeline-run.dot              after a run that fails, coloured by state
//	pipeline-durations.dot        after a good run, shaded by duration
//	fanout-summary.dot            a 20,002-node map-reduce, summarized
//
// and, when Graphviz's dot command is installed, an .svg of each .dot.
// docs/visualize.md shows the SVGs (docs/images/ holds a copy).
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
	"strconv"
	"strings"
	"time"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/visualize"
)

func add(a, b int) int { return a + b }
func sub(a, b int) int { return a - b }

// The pipeline's steps. Sleeps stand in for I/O, so that durations differ.

// Event is one line of a day's log.
type Event struct {
	Day    int
	Kind   string // "ok" or "error"
	Millis int
}

// corruptDay is the day whose log fails to load; -1 for none.
var corruptDay = -1

func load(day int) (string, error) {
	time.Sleep(time.Duration(1+day%3) * time.Millisecond)
	if day == corruptDay {
		return "", fmt.Errorf("day %d: log truncated at byte 4096", day)
	}
	return fmt.Sprintf("ok %d\nerror 5\nok %d", 10*day, 7+day), nil
}

func parse(day int, raw string) []Event {
	time.Sleep(2 * time.Millisecond)
	var evs []Event
	for line := range strings.Lines(raw) {
		kind, ms, _ := strings.Cut(strings.TrimSpace(line), " ")
		n, err := strconv.Atoi(ms)
		if err == nil {
			evs = append(evs, Event{Day: day, Kind: kind, Millis: n})
		}
	}
	return evs
}

func clean(evs []Event, minMillis int) []Event {
	var out []Event
	for _, e := range evs {
		if e.Millis >= minMillis {
			out = append(out, e)
		}
	}
	return out
}

func total(days [][]Event) int {
	n := 0
	for _, d := range days {
		n += len(d)
	}
	return n
}

func busiest(days [][]Event) int {
	best, day := -1, 0
	for _, d := range days {
		if len(d) > best && len(d) > 0 {
			best, day = len(d), d[0].Day
		}
	}
	time.Sleep(5 * time.Millisecond)
	return day
}

func errorCount(days [][]Event) int {
	n := 0
	for _, d := range days {
		for _, e := range d {
			if e.Kind == "error" {
				n++
			}
		}
	}
	return n
}

func report(total, busiest, errs int) string {
	return fmt.Sprintf("%d events, busiest day %d, %d errors", total, busiest, errs)
}

// pipeline builds the week's workflow; its output is the report.
func pipeline() lazy.Node[string] {
	loadL := lazy.Func1E(load)
	parseL, cleanL := lazy.Func2(parse), lazy.Func2(clean)
	minMillis := lazy.Lit(8, lazy.WithName("min millis"))
	var days []lazy.Node[[]Event]
	for day := range 7 {
		d := lazy.Lit(day)
		days = append(days, cleanL(parseL(d, loadL(d)), minMillis))
	}
	week := lazy.All(days)
	return lazy.Func3(report)(
		lazy.Func1(total)(week),
		lazy.Func1(busiest)(week),
		lazy.Func1(errorCount)(week, lazy.WithName("errors")),
		lazy.WithKey("weekly-report"))
}

func square(x int) int { return x * x }

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// fanout is a map-reduce over 10,000 items: 20,002 nodes.
func fanout() lazy.Node[int] {
	squareL := lazy.Func1(square)
	var parts []lazy.Node[int]
	for i := range 10000 {
		parts = append(parts, squareL(lazy.Lit(i)))
	}
	return lazy.Func1(sum)(lazy.All(parts))
}

func main() {
	out := flag.String("out", ".", "directory to write the pictures into")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	file := func(name string) string { return filepath.Join(dir, name) }
	lr := visualize.WithDirection(visualize.LeftToRight)

	// The seed example, as DOT and as Mermaid.
	addL, subL := lazy.Func2(add), lazy.Func2(sub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	a := subL(x, lazy.Lit(5))
	b := addL(x, lazy.Lit(5))
	seed := []lazy.AnyNode{a, b}
	if err := lazy.VisualizeFile(ctx, file("seed.dot"), seed); err != nil {
		return err
	}
	if err := lazy.VisualizeFile(ctx, file("seed.mmd"), seed); err != nil {
		return err
	}

	// The pipeline before it runs.
	week := []lazy.AnyNode{pipeline()}
	if err := lazy.VisualizeFile(ctx, file("pipeline.dot"), week, lr); err != nil {
		return err
	}

	// After a run that fails. The sync scheduler makes the picture the same
	// every time: days run in order, and day 3 stops the run.
	corruptDay = 3
	rec := visualize.NewRecorder()
	_, err := lazy.Compute(ctx, week, lazy.WithCallbacks(rec), lazy.WithScheduler(scheduler.Sync()))
	if err == nil {
		return errors.New("the corrupt day should have failed the run")
	}
	if err := lazy.VisualizeFile(ctx, file("pipeline-run.dot"), week, visualize.WithRun(rec), lr); err != nil {
		return err
	}

	// After a good run on all cores, shaded by how long each call took.
	corruptDay = -1
	rec = visualize.NewRecorder()
	vals, err := lazy.Compute(ctx, week, lazy.WithCallbacks(rec))
	if err != nil {
		return err
	}
	fmt.Println("report:", vals[0])
	err = lazy.VisualizeFile(ctx, file("pipeline-durations.dot"), week, visualize.WithRun(rec), visualize.WithDurations(), lr)
	if err != nil {
		return err
	}

	// A graph too big to draw node by node is summarized.
	if err := lazy.VisualizeFile(ctx, file("fanout-summary.dot"), []lazy.AnyNode{fanout()}); err != nil {
		return err
	}
	return renderSVGs(ctx, dir, "seed", "pipeline", "pipeline-run", "pipeline-durations", "fanout-summary")
}

// renderSVGs renders each named .dot file in dir as an .svg beside it, when
// Graphviz is installed.
func renderSVGs(ctx context.Context, dir string, names ...string) error {
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name+".dot"))
		if err != nil {
			return err
		}
		var svg bytes.Buffer
		err = visualize.Render(ctx, src, visualize.SVG, &svg)
		if errors.Is(err, visualize.ErrNoGraphviz) {
			fmt.Println("not rendering SVGs:", err)
			return nil
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), svg.Bytes(), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d SVGs into %s\n", len(names), dir)
	return nil
}
