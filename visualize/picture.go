package visualize

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// picture is what gets drawn, whatever the format: the full view and the
// summary build one, writeDOT and writeMermaid emit it. Everything in it is
// derived from the graph in id order, so the same graph gives the same
// picture.
type picture struct {
	dir      Direction
	nodes    []pnode
	edges    []pedge  // ascending by (from, to), no duplicates
	caption  []string // lines shown under the picture
	legend   []legendEntry
	comments []string // lines of the comment that opens the output
}

type pkind uint8

const (
	pcall pkind = iota
	pliteral
	ppersisted
)

type pnode struct {
	kind    pkind
	lines   []string // the label: a name first, then details
	output  bool
	state   State // Unknown when no run is drawn
	shade   int   // 1 to len(durationShades) when shaded by duration; 0 not
	tooltip string
}

type pedge struct {
	from, to int32 // indexes in picture.nodes
	label    string
}

type legendEntry struct {
	state State
	count int
}

// full draws every node of g: each call and each literal value once however
// many calls read it, each argument edge once however many times the
// argument is passed.
func full(g *graph.Graph, o Options) *picture {
	p := &picture{dir: o.Direction}
	rec := o.recording()
	at := make([]int32, g.Len()) // graph id -> index in p.nodes, or -1
	tasks := make([]Task, 0, g.Len())
	// The graph numbers a literal once per read; draw each value once.
	lits := make(map[node.Sum]int32)
	for id := range int32(g.Len()) {
		nd := g.Node(id)
		if nd.Kind() == node.Literal {
			if o.HideLiterals {
				at[id] = -1
				continue
			}
			if i, ok := lits[nd.Sum()]; ok {
				at[id] = i
				continue
			}
			lits[nd.Sum()] = int32(len(p.nodes))
		}
		at[id] = int32(len(p.nodes))
		pn := pnode{kind: kindOf(nd), lines: labelOf(nd), output: g.IsOutput(id), tooltip: tooltipOf(nd)}
		t := taskOf(rec, nd, id)
		pn.state = t.State
		if t.Err != nil {
			pn.tooltip += "\n" + t.State.String() + ": " + causeOf(t.Err)
		}
		tasks = append(tasks, t)
		p.nodes = append(p.nodes, pn)
	}
	for id := range int32(g.Len()) {
		if at[id] < 0 {
			continue
		}
		for _, d := range g.Deps(id) {
			if at[d] >= 0 {
				p.edges = append(p.edges, pedge{from: at[d], to: at[id]})
			}
		}
	}
	p.sortEdges()
	if rec != nil {
		p.colour(tasks, o.Durations, rec)
	}
	drawn := "every node drawn"
	if o.HideLiterals {
		drawn = "literals not drawn"
	}
	p.comments = []string{fmt.Sprintf("%s (%s), %s.", plural(len(p.nodes), "node"), plural(g.Tasks(), "call"), drawn)}
	return p
}

// sortEdges sorts and dedups p.edges, so an argument passed twice is one
// edge.
func (p *picture) sortEdges() {
	slices.SortFunc(p.edges, func(a, b pedge) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to))
	})
	p.edges = slices.CompactFunc(p.edges, func(a, b pedge) bool { return a.from == b.from && a.to == b.to })
}

// colour adds what the run did to the picture: the legend, and durations
// when asked. tasks[i] belongs to p.nodes[i].
func (p *picture) colour(tasks []Task, durations bool, rec *recording) {
	counts := make(map[State]int)
	var longest, total time.Duration
	for i, t := range tasks {
		if p.nodes[i].kind == pcall || p.nodes[i].kind == ppersisted {
			counts[p.nodes[i].state]++
		}
		longest = max(longest, t.Duration)
		total += t.Duration
	}
	for _, s := range legendOrder {
		if counts[s] > 0 {
			p.legend = append(p.legend, legendEntry{s, counts[s]})
		}
	}
	if !rec.finished.Load() {
		p.caption = append(p.caption, "run still in progress")
	}
	if !durations {
		return
	}
	for i, t := range tasks {
		if p.nodes[i].kind != pcall || t.State == Unknown || t.State == NotRun {
			continue
		}
		p.nodes[i].lines = append(p.nodes[i].lines, shortDuration(t.Duration))
		if t.State == Done {
			p.nodes[i].shade = shadeOf(t.Duration, longest)
		}
	}
	p.caption = append(p.caption, fmt.Sprintf("darker is longer: longest %s, all tasks %s", shortDuration(longest), shortDuration(total)))
}

// legendOrder is the order states appear in legends and summary labels:
// what needs attention first.
var legendOrder = []State{Failed, Cancelled, Running, NotRun, Done, Persisted, Unknown}

func kindOf(nd *node.Node) pkind {
	switch nd.Kind() {
	case node.Literal:
		return pliteral
	case node.Persisted:
		return ppersisted
	}
	return pcall
}

// nameOf is a node's label without details: its Name option, its given key,
// or its function's short name; hashes never show.
func nameOf(nd *node.Node) string {
	if name := nd.Options().Name; name != "" {
		return name
	}
	if k := nd.Key(); k.Given() {
		return k.String()
	}
	return nd.Name()
}

func labelOf(nd *node.Node) []string {
	switch nd.Kind() {
	case node.Literal:
		if nd.Options().Name != "" || nd.Key().Given() {
			return []string{nameOf(nd), preview(nd.Value())}
		}
		return []string{preview(nd.Value())}
	case node.Persisted:
		return []string{nameOf(nd), preview(nd.Value())}
	}
	return []string{nameOf(nd)}
}

// funcOf returns the function a call (or a persisted value's origin) calls.
func funcOf(nd *node.Node) *node.Func {
	if o := nd.Origin(); o != nil {
		nd = o
	}
	return nd.Func()
}

func tooltipOf(nd *node.Node) string {
	switch nd.Kind() {
	case node.Literal:
		return fmt.Sprintf("literal %T", nd.Value())
	case node.Persisted:
		if f := funcOf(nd); f != nil {
			return "persisted result of " + f.Name()
		}
		return "persisted value"
	}
	if f := nd.Func(); f != nil {
		return f.Name()
	}
	return nd.Name()
}

// taskOf returns what the recorded run did with nd, which has the given id
// in the graph being drawn.
func taskOf(rec *recording, nd *node.Node, id int32) Task {
	switch {
	case nd.Kind() == node.Persisted:
		return Task{State: Persisted}
	case rec == nil || nd.Kind() != node.Call:
		return Task{}
	}
	rid, ok := rec.find(nd.Key(), id)
	if !ok {
		return Task{}
	}
	return rec.task(rid)
}

// causeOf is a task error's cause, short and without the task's key: the
// node already says which task it is.
func causeOf(err error) string {
	var te *scheduler.TaskError
	if errors.As(err, &te) {
		err = te.Err
	}
	var pe *scheduler.PanicError
	msg := ""
	if errors.As(err, &pe) {
		msg = fmt.Sprintf("panic: %v", pe.Value)
	} else if err != nil {
		msg = err.Error()
	}
	return truncate(msg, 200)
}

// durationShades are the fills of finished calls by duration, light to
// dark (ColorBrewer Blues): blue, so they never read as a state.
var durationShades = []string{"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd"}

func shadeOf(d, longest time.Duration) int {
	if longest <= 0 {
		return 1
	}
	return 1 + min(len(durationShades)-1, int(float64(d)/float64(longest)*float64(len(durationShades))))
}

// shortDuration prints d with about three significant digits: "1.23ms".
func shortDuration(d time.Duration) string {
	unit, div := "ns", 0.0
	switch {
	case d >= time.Second:
		unit, div = "s", float64(time.Second)
	case d >= time.Millisecond:
		unit, div = "ms", float64(time.Millisecond)
	case d >= time.Microsecond:
		unit, div = "µs", float64(time.Microsecond)
	}
	if div == 0 {
		return strconv.FormatInt(int64(d), 10) + unit
	}
	v, prec := float64(d)/div, 0
	switch {
	case v < 10:
		prec = 2
	case v < 100:
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + unit
}

func (o Options) recording() *recording {
	if o.Run == nil {
		return nil
	}
	return o.Run.run.Load()
}
