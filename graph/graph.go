// Package graph compiles output nodes into an immutable, indexed DAG that
// schedulers run and visualize draws.
//
// [Build] walks the nodes reachable from the outputs once. Calls (and
// persisted values) that share a key are one graph node, after checking
// that they really are the same call; a literal is numbered where it is
// read, so one read twice is two data nodes sharing its value. Every node
// gets a dense id in depth-first post-order from the
// outputs: arguments before the calls that read them, each argument's
// subgraph finished before the next one starts. That order is both a
// topological order and the static priority schedulers use to break ties
// (lower id first), which is the goal of dask.order: finish one branch
// before starting the next, so intermediate results can be released early.
//
// A Graph is immutable and safe for concurrent use. Slices it returns are
// shared: do not modify them.
package graph

import (
	"github.com/lazygraph/lazy/node"
)

// Graph is a compiled DAG. Ids run from 0 to Len()-1 in priority order.
type Graph struct {
	nodes      []*node.Node
	kinds      []node.Kind // by id: a compact copy, for hot loops
	depOff     []int32     // deps of id i are deps[depOff[i]:depOff[i+1]]
	deps       []int32     // argument ids, in argument order (repeats kept)
	userOff    []int32     // dependents of id i are users[userOff[i]:userOff[i+1]]
	users      []int32     // ids of calls reading each node, ascending, once per read
	outputs    []int32     // ids of the outputs, in the order given
	isOutput   []bool
	pending    []int32 // by id: call arguments each call waits for (0 for data)
	release    []int32 // by id: see ReleaseCounts
	succ       []int32 // by id: see Successor
	tasks      int     // number of Call nodes
	maxArgs    int
	firstTasks []int32 // calls with no call arguments, ascending
	inOrder    int32   // see InOrder
	serial     bool    // see InOrderSerial
}

// Len returns the number of nodes: calls and data.
func (g *Graph) Len() int { return len(g.nodes) }

// Tasks returns the number of calls: the nodes a scheduler runs.
func (g *Graph) Tasks() int { return g.tasks }

// Node returns the node with the given id.
func (g *Graph) Node(id int32) *node.Node { return g.nodes[id] }

// Deps returns the ids of the arguments of id, in argument order; an
// argument passed twice appears twice.
func (g *Graph) Deps(id int32) []int32 { return g.deps[g.depOff[id]:g.depOff[id+1]] }

// Dependents returns the ids of the calls that read id, ascending; a call
// that reads it twice appears twice.
func (g *Graph) Dependents(id int32) []int32 { return g.users[g.userOff[id]:g.userOff[id+1]] }

// Readers returns how many argument slots read id's value: the count a
// scheduler decrements to know when the value can be released.
func (g *Graph) Readers(id int32) int { return int(g.userOff[id+1] - g.userOff[id]) }

// Outputs returns the ids of the outputs in the order Build was given them
// (an output given twice appears twice).
func (g *Graph) Outputs() []int32 { return g.outputs }

// IsOutput reports whether id is one of the outputs, whose values are kept.
func (g *Graph) IsOutput(id int32) bool { return g.isOutput[id] }

// Roots returns the calls whose arguments are all data, ascending: the
// tasks that are ready when a run starts.
func (g *Graph) Roots() []int32 { return g.firstTasks }

// MaxArgs returns the largest number of arguments of any call, so a
// scheduler can size its argument buffers once.
func (g *Graph) MaxArgs() int { return g.maxArgs }

// IsTask reports whether id is a call, which runs; the other nodes are
// data, whose values are known before the run.
func (g *Graph) IsTask(id int32) bool { return g.kinds[id] == node.Call }

// Pending returns the number of argument slots of id that are filled by
// calls: how many results it waits for.
func (g *Graph) Pending(id int32) int { return int(g.pending[id]) }

// InOrder returns how many ids from 0 one worker can run in id order
// without leaving a call ready for long: the ids up to and including the
// first call argument that, once done, makes ready a call more than
// [MaxLag] ids further on (0 when such a call has no call argument: it
// is ready at the start), or every id when there is none. A chain or a
// narrow wavefront runs in order to its end; a fan-in or a tree whose
// leaves reach beyond id MaxLag has none to run in order.
//
// A parallel scheduler may walk these ids in order on one worker, as a
// sequential one would, without counting down each call's dependents,
// and still leave no call waiting for more than MaxLag others once its
// arguments are done.
func (g *Graph) InOrder() int { return int(g.inOrder) }

// InOrderSerial reports whether a worker walking the in-order ids (see
// [Graph.InOrder]) never leaves a call ready and waiting, however slow a
// call is: no call becomes ready while the walk still has a call to run
// before reaching it. A chain is serial, literals and all; a wavefront is
// not (the first cell of a row is ready long before the walk gets there).
func (g *Graph) InOrderSerial() bool { return g.serial }

// MaxLag is how many ids after the point at which it becomes ready a call
// may lie and still count as reached soon by a worker walking ids in
// order (see [Graph.InOrder]). It is the width of grid that walks in
// order to its end: depth-first order numbers a grid's cells row by row,
// and the first cell of each row becomes ready with the first cell of the
// row before (ids count data nodes too: with a literal read by every
// cell, half as wide). At the 2 µs a call below which schedulers count
// tasks as tiny, a ready call waits at most about 2 ms for the walk to
// reach it.
const MaxLag = 1024

// PendingCounts returns [Graph.Pending] of every id, indexed by id: a
// scheduler copies it into its counters at the start of a run.
func (g *Graph) PendingCounts() []int32 { return g.pending }

// Successor returns the call that becomes ready when call id finishes and
// nothing else does: id's only reader, reading it once and no other call.
// It is -1 for other ids. A scheduler's loop follows a chain of calls
// with one lookup each instead of going through [Graph.Dependents] and
// [Graph.Pending], whose loads depend on one another.
func (g *Graph) Successor(id int32) int32 { return g.succ[id] }

// ReleaseCounts returns, by id, the reads of each value after which a run
// may release it ([Graph.Readers]), or 0 for the values a run keeps to
// its end: data, which their nodes hold; outputs; and small results,
// which hold nothing beyond their slot in the run (see
// [node.Func.SmallResult]): releasing them would free nothing, and cost a
// countdown per read and a write the collector must watch. A scheduler
// copies it into its reader counts at the start of a run.
func (g *Graph) ReleaseCounts() []int32 { return g.release }
