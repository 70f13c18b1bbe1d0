package visualize

import (
	"cmp"
	"encoding/binary"
	"slices"
	"time"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
)

// MaxGroups is the number of groups a summary aims to stay within. Grouping
// by function and inputs comes first; when that gives more groups, the
// summary groups by function alone.
const MaxGroups = 50

// summary draws g with nodes collapsed into groups, so that a graph of any
// size gives a picture of its structure:
//
//   - a group of calls is the calls of one function that read the results
//     of the same set of other functions (what they read of their own
//     function does not count, so a chain or a tree reduction of one
//     function is one group, with an edge to itself);
//   - persisted values are grouped by the function that computed them;
//   - literals are grouped by the set of groups that read them.
//
// When that gives more than MaxGroups groups, calls are grouped by function
// alone. The cost is linear in nodes plus edges.
func summary(g *graph.Graph, o Options) *picture {
	s := summarizer{g: g, o: o, funcIdx: make(map[string]int32), funcOfPtr: make(map[*node.Func]int32)}
	s.functions()
	s.sameLiterals()
	fine := true
	s.group(true)
	if len(s.groups) > MaxGroups {
		fine = false
		s.group(false)
	}
	p := s.picture()
	p.caption = append(s.caption(fine), p.caption...)
	return p
}

type summarizer struct {
	g *graph.Graph
	o Options

	fn        []int32 // by id: index in funcs of the node's function; -1 for literals
	funcs     []*node.Func
	funcNames []string // by function index: full name
	funcIdx   map[string]int32
	funcOfPtr map[*node.Func]int32

	grp    []int32 // by id: group, or -1 when hidden
	groups []group

	// The graph numbers a literal once per read; the summary counts each
	// value once, as the full picture draws it. first is by id: the
	// first id of the same literal value (the id itself for all others);
	// copies lists the later ids of each first that has any; dups counts
	// them.
	first  []int32
	copies map[int32][]int32
	dups   int
}

// sameLiterals fills first, copies and dups.
func (s *summarizer) sameLiterals() {
	s.first = make([]int32, s.g.Len())
	s.copies = make(map[int32][]int32)
	byValue := make(map[node.Sum]int32)
	for id := range int32(s.g.Len()) {
		s.first[id] = id
		nd := s.g.Node(id)
		if nd.Kind() != node.Literal {
			continue
		}
		if f, ok := byValue[nd.Sum()]; ok {
			s.first[id] = f
			s.copies[f] = append(s.copies[f], id)
			s.dups++
			continue
		}
		byValue[nd.Sum()] = id
	}
}

type group struct {
	kind    pkind
	first   int32 // lowest id in the group
	fn      int32 // function index; -1 for literals
	reads   []int32
	count   int
	outputs int
	name    string // the members' label when they share one
	mixed   bool   // members have different labels
	states  [len(stateNames)]int
	dur     time.Duration
	err     error // why a member failed (or, failing that, was cancelled)
	errOf   State // Failed or Cancelled, with err
}

// functions numbers the functions of calls and persisted values.
func (s *summarizer) functions() {
	s.fn = make([]int32, s.g.Len())
	for id := range int32(s.g.Len()) {
		nd := s.g.Node(id)
		s.fn[id] = -1
		if nd.Kind() == node.Literal {
			continue
		}
		f := funcOf(nd)
		if i, ok := s.funcOfPtr[f]; ok && f != nil {
			s.fn[id] = i
			continue
		}
		name := nd.Name()
		if f != nil {
			name = f.Name()
		}
		i, ok := s.funcIdx[name]
		if !ok {
			i = int32(len(s.funcs))
			s.funcIdx[name] = i
			s.funcs = append(s.funcs, f)
			s.funcNames = append(s.funcNames, name)
		}
		if f != nil {
			s.funcOfPtr[f] = i
		}
		s.fn[id] = i
	}
}

// group assigns every node its group, by function and inputs when fine,
// by function alone otherwise.
func (s *summarizer) group(fine bool) {
	n := s.g.Len()
	s.grp = make([]int32, n)
	s.groups = s.groups[:0]
	index := make(map[string]int32)
	var key []byte
	var scratch []int32
	lookup := func(kind pkind, id int32, fn int32, reads []int32) {
		gi, ok := index[string(key)]
		if !ok {
			gi = int32(len(s.groups))
			index[string(key)] = gi
			s.groups = append(s.groups, group{kind: kind, first: id, fn: fn, reads: slices.Clone(reads)})
		}
		s.grp[id] = gi
	}
	for id := range int32(n) {
		nd := s.g.Node(id)
		switch nd.Kind() {
		case node.Literal:
			continue
		case node.Persisted:
			key = binary.AppendUvarint(append(key[:0], 'p'), uint64(s.fn[id]))
			lookup(ppersisted, id, s.fn[id], nil)
			continue
		}
		scratch = scratch[:0]
		if fine {
			for _, d := range s.g.Deps(id) {
				if f := s.fn[d]; f >= 0 && f != s.fn[id] && s.g.Node(d).Kind() == node.Call {
					scratch = append(scratch, f)
				}
			}
			slices.Sort(scratch)
			scratch = slices.Compact(scratch)
		}
		key = binary.AppendUvarint(append(key[:0], 'c'), uint64(s.fn[id]))
		for _, f := range scratch {
			key = binary.AppendUvarint(key, uint64(f))
		}
		lookup(pcall, id, s.fn[id], scratch)
	}
	// Literals go by the groups that read them, now all known.
	for id := range int32(n) {
		if s.g.Node(id).Kind() != node.Literal {
			continue
		}
		if s.o.HideLiterals {
			s.grp[id] = -1
			continue
		}
		if f := s.first[id]; f != id {
			s.grp[id] = s.grp[f] // numbered after f: f's group is known
			continue
		}
		scratch = scratch[:0]
		for _, c := range s.g.Dependents(id) {
			scratch = append(scratch, s.grp[c])
		}
		for _, cp := range s.copies[id] {
			for _, c := range s.g.Dependents(cp) {
				scratch = append(scratch, s.grp[c])
			}
		}
		slices.Sort(scratch)
		scratch = slices.Compact(scratch)
		key = append(key[:0], 'l')
		for _, gi := range scratch {
			key = binary.AppendUvarint(key, uint64(gi))
		}
		lookup(pliteral, id, -1, scratch)
	}
	s.renumber()
}

// renumber orders groups by their first node, so groups are drawn in the
// graph's priority order whatever pass made them.
func (s *summarizer) renumber() {
	order := make([]int32, len(s.groups))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(s.groups[a].first, s.groups[b].first) })
	newIdx := make([]int32, len(s.groups))
	sorted := make([]group, len(s.groups))
	for to, from := range order {
		newIdx[from] = int32(to)
		sorted[to] = s.groups[from]
	}
	s.groups = sorted
	for id, gi := range s.grp {
		if gi >= 0 {
			s.grp[id] = newIdx[gi]
		}
	}
	for i := range s.groups { // literal groups list the groups that read them
		if s.groups[i].kind == pliteral {
			for j, r := range s.groups[i].reads {
				s.groups[i].reads[j] = newIdx[r]
			}
		}
	}
}
