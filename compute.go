package lazy

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// Compute runs everything outputs need, as one graph, and returns their
// values in order: nodes shared between outputs run once, as
// dask.compute(a, b) does. It returns when every task it started has
// returned; on the first error it starts nothing more and returns that
// error (a [*TaskError] for a failed task, a [*CancelledError] when ctx
// ends the run). Mistakes in building the nodes are reported before
// anything runs, as is a ctx that is already done.
func Compute(ctx context.Context, outputs []AnyNode, opts ...ComputeOption) ([]any, error) {
	ns, err := outputNodes(outputs)
	if err != nil {
		return nil, err
	}
	return compute(ctx, ns, opts)
}

// outputNodes returns the untyped nodes of outputs, refusing nil ones.
func outputNodes(outputs []AnyNode) ([]*node.Node, error) {
	ns := make([]*node.Node, len(outputs))
	for i, o := range outputs {
		if o == nil {
			return nil, fmt.Errorf("lazy: output %d is nil", i)
		}
		if ns[i] = o.Node(); ns[i] == nil {
			return nil, fmt.Errorf("lazy: output %d: %w", i, errZeroNode)
		}
	}
	return ns, nil
}

// Get computes one node and returns its value.
func Get[T any](ctx context.Context, n Node[T], opts ...ComputeOption) (T, error) {
	var zero T
	if n.n == nil {
		return zero, fmt.Errorf("lazy: %w", errZeroNode)
	}
	vals, err := compute(ctx, []*node.Node{n.n}, opts)
	if err != nil {
		return zero, err
	}
	return typed[T](vals[0], n.n)
}

// GetAll computes nodes of one type together, as one graph, and returns
// their values in order: dask.compute(*list).
func GetAll[T any](ctx context.Context, nodes []Node[T], opts ...ComputeOption) ([]T, error) {
	ns, vals, err := computeAll(ctx, nodes, opts)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(vals))
	for i, v := range vals {
		if out[i], err = typed[T](v, ns[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Persist computes n now and returns a node that holds its value under
// n's key, as dask's persist does: graphs built on the returned node use
// the value instead of computing n again. n itself is unchanged.
func Persist[T any](ctx context.Context, n Node[T], opts ...ComputeOption) (Node[T], error) {
	ps, err := PersistAll(ctx, []Node[T]{n}, opts...)
	if err != nil {
		return Node[T]{}, err
	}
	return ps[0], nil
}

// PersistAll is [Persist] for several nodes, computed as one graph.
func PersistAll[T any](ctx context.Context, nodes []Node[T], opts ...ComputeOption) ([]Node[T], error) {
	ns, vals, err := computeAll(ctx, nodes, opts)
	if err != nil {
		return nil, err
	}
	out := make([]Node[T], len(vals))
	for i, v := range vals {
		if ns[i].IsData() {
			out[i] = nodes[i]
			continue
		}
		out[i] = Node[T]{node.NewPersisted(ns[i], v)}
	}
	return out, nil
}

// computeAll computes nodes of one type as one graph and returns their
// untyped nodes and values.
func computeAll[T any](ctx context.Context, nodes []Node[T], opts []ComputeOption) ([]*node.Node, []any, error) {
	ns := make([]*node.Node, len(nodes))
	for i, n := range nodes {
		if n.n == nil {
			return nil, nil, fmt.Errorf("lazy: node %d: %w", i, errZeroNode)
		}
		ns[i] = n.n
	}
	vals, err := compute(ctx, ns, opts)
	return ns, vals, err
}

// typed returns a computed value as a T; it fails only for nodes made with
// As from an interface-typed node.
func typed[T any](v any, n *node.Node) (T, error) {
	if t, ok := v.(T); ok || v == nil {
		return t, nil
	}
	var zero T
	return zero, fmt.Errorf("lazy: node %s computed a %T, not the %T it was typed as", n.Key(), v, zero)
}

func compute(ctx context.Context, outputs []*node.Node, opts []ComputeOption) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lazy: not computing: %w", context.Cause(ctx))
	}
	g, err := graph.Build(outputs)
	if err != nil {
		return nil, err
	}
	c := computeConfig{sched: DefaultScheduler()}
	for _, o := range opts {
		o(&c)
	}
	return c.sched.Run(ctx, g, c.cfg)
}

// ComputeOption changes how [Compute], [Get], [GetAll] and [Persist] run.
type ComputeOption func(*computeConfig)

type computeConfig struct {
	sched scheduler.Scheduler
	cfg   scheduler.Config
}

// WithScheduler runs the graph on s instead of the default scheduler.
func WithScheduler(s scheduler.Scheduler) ComputeOption {
	return func(c *computeConfig) {
		if s != nil {
			c.sched = s
		}
	}
}

// WithWorkers bounds how many tasks run at once (for Threads, the number of
// goroutines); Sync ignores it.
func WithWorkers(n int) ComputeOption { return func(c *computeConfig) { c.cfg.Workers = n } }

// WithTaskTimeout bounds each task that has no [Timeout] of its own.
func WithTaskTimeout(d time.Duration) ComputeOption {
	return func(c *computeConfig) { c.cfg.TaskTimeout = d }
}

// WithCallbacks makes cb hear of the run's progress.
func WithCallbacks(cb scheduler.Callbacks) ComputeOption {
	return func(c *computeConfig) { c.cfg.Callbacks = cb }
}

var defaultScheduler atomic.Pointer[scheduler.Scheduler]

// DefaultScheduler returns the scheduler computes use when not given one:
// [scheduler.Threads](0) unless [SetDefaultScheduler] changed it.
func DefaultScheduler() scheduler.Scheduler {
	if s := defaultScheduler.Load(); s != nil {
		return *s
	}
	return scheduler.Threads(0)
}

// SetDefaultScheduler sets the scheduler used by computes that are not
// given one, for the whole process, and returns the previous one; nil
// restores Threads. It is safe to call concurrently with computes, which
// use the default of the moment they start.
func SetDefaultScheduler(s scheduler.Scheduler) scheduler.Scheduler {
	prev := DefaultScheduler()
	if s == nil {
		defaultScheduler.Store(nil)
	} else {
		defaultScheduler.Store(&s)
	}
	return prev
}

// Errors computes return; see their packages for details.
type (
	// TaskError is the error of one task; see [scheduler.TaskError].
	TaskError = scheduler.TaskError
	// PanicError is a task's panic; see [scheduler.PanicError].
	PanicError = scheduler.PanicError
	// CancelledError ends a run stopped by its context; see [scheduler.CancelledError].
	CancelledError = scheduler.CancelledError
	// BuildError is a mistake in building a node; see [node.BuildError].
	BuildError = node.BuildError
	// TimeoutError is a task that ran past its timeout; see [scheduler.TimeoutError].
	TimeoutError = scheduler.TimeoutError
	// KeyConflictError is two different calls under one key; see [graph.KeyConflictError].
	KeyConflictError = graph.KeyConflictError
)
