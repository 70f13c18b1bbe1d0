package visualize

import (
	"fmt"
	"strings"
	"time"

	"github.com/lazygraph/lazy/node"
)

// picture counts the groups' members and edges and draws them.
func (s *summarizer) picture() *picture {
	rec := s.o.recording()
	var tasks []Task
	for id := range int32(s.g.Len()) {
		gi := s.grp[id]
		if gi < 0 || s.first[id] != id {
			continue
		}
		gr := &s.groups[gi]
		nd := s.g.Node(id)
		gr.count++
		if s.g.IsOutput(id) {
			gr.outputs++
		}
		if name := nameOf(nd); gr.count == 1 {
			gr.name = name
		} else if name != gr.name {
			gr.mixed = true
		}
		if rec != nil || nd.Kind() == node.Persisted {
			t := taskOf(rec, nd, id)
			gr.states[t.State]++
			gr.dur += t.Duration
			if t.Err != nil && (gr.err == nil || gr.errOf != Failed && t.State == Failed) {
				gr.err, gr.errOf = t.Err, t.State
			}
		}
	}
	p := &picture{dir: s.o.Direction, nodes: make([]pnode, len(s.groups))}
	if rec != nil {
		tasks = make([]Task, len(s.groups))
	}
	for i := range s.groups {
		p.nodes[i] = s.node(i)
		if rec != nil {
			tasks[i] = Task{State: p.nodes[i].state, Duration: s.groups[i].dur}
		}
	}
	p.edges = s.edges()
	if rec != nil {
		s.colour(p, tasks, rec)
	}
	p.comments = s.comments()
	return p
}

func (s *summarizer) node(i int) pnode {
	gr := &s.groups[i]
	nd := s.g.Node(gr.first)
	pn := pnode{kind: gr.kind, output: gr.outputs > 0}
	if gr.count == 1 {
		pn.lines = labelOf(nd)
		pn.tooltip = tooltipOf(nd)
	} else {
		name := gr.name
		switch {
		case gr.kind == pliteral:
			name = "literals"
		case gr.mixed && s.funcs[gr.fn] != nil:
			name = s.funcs[gr.fn].ShortName()
		}
		pn.lines = []string{name, fmt.Sprintf("×%d", gr.count)}
		if gr.outputs > 0 {
			pn.lines = append(pn.lines, plural(gr.outputs, "output"))
		}
		pn.tooltip = s.describe(gr)
	}
	if gr.err != nil {
		pn.tooltip += "\n" + gr.errOf.String() + ": " + causeOf(gr.err)
	}
	for _, st := range legendOrder {
		if gr.states[st] > 0 {
			pn.state = st // the first state that needs attention
			break
		}
	}
	if gr.count > 1 && gr.kind == pcall && s.o.Run != nil {
		var parts []string
		for _, st := range legendOrder {
			if c := gr.states[st]; c > 0 && st != Unknown {
				parts = append(parts, fmt.Sprintf("%d %s", c, st))
			}
		}
		if len(parts) > 0 {
			pn.lines = append(pn.lines, strings.Join(parts, " · "))
		}
	}
	return pn
}

// describe says in words what a group of several nodes is.
func (s *summarizer) describe(gr *group) string {
	switch gr.kind {
	case pliteral:
		names := make([]string, len(gr.reads))
		for i, r := range gr.reads {
			names[i] = s.groupName(r)
		}
		return fmt.Sprintf("%d literals read by %s", gr.count, strings.Join(names, ", "))
	case ppersisted:
		return fmt.Sprintf("%d persisted results of %s", gr.count, s.funcNames[gr.fn])
	}
	d := fmt.Sprintf("%d calls of %s", gr.count, s.funcNames[gr.fn])
	if len(gr.reads) > 0 {
		names := make([]string, len(gr.reads))
		for i, r := range gr.reads {
			names[i] = s.shortFunc(r)
		}
		d += " reading results of " + strings.Join(names, ", ")
	}
	return d
}

func (s *summarizer) shortFunc(fi int32) string {
	if f := s.funcs[fi]; f != nil {
		return f.ShortName()
	}
	return s.funcNames[fi]
}

func (s *summarizer) groupName(gi int32) string {
	gr := &s.groups[gi]
	if gr.kind == pliteral && gr.count > 1 {
		return "literals"
	}
	if gr.mixed && gr.fn >= 0 {
		return s.shortFunc(gr.fn)
	}
	return gr.name
}

// edges counts the argument edges between groups, each pair of nodes once.
func (s *summarizer) edges() []pedge {
	counts := make(map[uint64]int)
	seen := make([]int32, s.g.Len()) // seen[d] == id+1: d already counted for id
	for id := range int32(s.g.Len()) {
		to := s.grp[id]
		if to < 0 || s.g.Node(id).Kind() != node.Call {
			continue
		}
		for _, d := range s.g.Deps(id) {
			d = s.first[d]
			if seen[d] == id+1 || s.grp[d] < 0 {
				continue
			}
			seen[d] = id + 1
			counts[uint64(s.grp[d])<<32|uint64(to)]++
		}
	}
	edges := make([]pedge, 0, len(counts))
	for k, c := range counts {
		e := pedge{from: int32(k >> 32), to: int32(uint32(k))}
		if c > 1 {
			e.label = fmt.Sprintf("×%d", c)
		}
		edges = append(edges, e)
	}
	p := picture{edges: edges}
	p.sortEdges()
	return p.edges
}

// colour sums up the run per group; tasks[i] is group i's summed state.
func (s *summarizer) colour(p *picture, tasks []Task, rec *recording) {
	var longest, total time.Duration
	for i := range s.groups {
		longest = max(longest, s.groups[i].dur)
		total += s.groups[i].dur
	}
	var sum [len(stateNames)]int
	for i := range s.groups {
		if s.groups[i].kind != pliteral {
			for st, c := range s.groups[i].states {
				sum[st] += c
			}
		}
	}
	for _, st := range legendOrder {
		if sum[st] > 0 {
			p.legend = append(p.legend, legendEntry{st, sum[st]})
		}
	}
	if !rec.finished.Load() {
		p.caption = append(p.caption, "run still in progress")
	}
	if !s.o.Durations {
		return
	}
	for i, t := range tasks {
		gr := &s.groups[i]
		if gr.kind != pcall || gr.dur == 0 && t.State != Done {
			continue
		}
		d := shortDuration(gr.dur)
		if gr.count > 1 {
			d = "Σ " + d
		}
		p.nodes[i].lines = append(p.nodes[i].lines, d)
		if t.State == Done {
			p.nodes[i].shade = shadeOf(gr.dur, longest)
		}
	}
	p.caption = append(p.caption, fmt.Sprintf("darker is longer: longest group %s, all tasks %s", shortDuration(longest), shortDuration(total)))
}

func (s *summarizer) headline() string {
	return fmt.Sprintf("Summary: %s drawn as %s.", plural(s.g.Len()-s.dups, "node"), plural(len(s.groups), "group"))
}

func (s *summarizer) caption(fine bool) []string {
	c := []string{s.headline()}
	if fine {
		c = append(c, "A group is the calls of one function that read results of the same other functions;",
			"literals are grouped by the groups that read them. ×N counts nodes, and on edges, arguments.")
	} else {
		c = append(c, fmt.Sprintf("A group is the calls of one function (grouping by inputs too gave more than %d);", MaxGroups),
			"literals are grouped by the groups that read them. ×N counts nodes, and on edges, arguments.")
	}
	if s.o.HideLiterals {
		c = append(c, "Literals are not drawn.")
	}
	return c
}

func (s *summarizer) comments() []string {
	c := []string{s.headline()}
	for i := range s.groups {
		gr := &s.groups[i]
		if gr.count == 1 {
			continue
		}
		c = append(c, fmt.Sprintf("  %s ×%d: %s", s.groupName(int32(i)), gr.count, s.describe(gr)))
	}
	return c
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
