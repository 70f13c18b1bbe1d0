package processes

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// runState is one Run's view of the pool: the signatures of the functions
// its calls run (fixed before the run starts) and how many workers each
// task has killed.
type runState struct {
	pool *Pool
	sigs map[*node.Func]*signature // nil entry: run in the calling process

	mu     sync.Mutex // protects deaths
	deaths map[node.Key]*WorkerError
}

// glue reports whether f is one of the library's own helpers (the calls
// lazy.All and Delayed's container arguments build): cheap steps that
// reshape values already in the calling process, and that could not be
// registered anyway.
func glue(f *node.Func) bool {
	return strings.HasPrefix(f.Name(), "github.com/lazygraph/lazy.")
}

// sigCache holds the signatures of registered functions by description.
var sigCache sync.Map // *node.Func -> *signature

// prepare checks, before anything runs, that every call of g can run in a
// worker: its function is registered, its types and its literal arguments
// can be sent.
func (p *Pool) prepare(g *graph.Graph) (*runState, error) {
	r := &runState{pool: p, sigs: map[*node.Func]*signature{}, deaths: map[node.Key]*WorkerError{}}
	for id := range int32(g.Len()) {
		n := g.Node(id)
		if n.Kind() != node.Call {
			continue
		}
		f := n.Func()
		sig, seen := r.sigs[f]
		if !seen {
			if !glue(f) {
				var err error
				if sig, err = signatureFor(f); err != nil {
					return nil, refuse(n, err)
				}
			}
			r.sigs[f] = sig
		}
		if sig == nil {
			continue
		}
		for i, a := range n.Args() {
			if !a.IsData() {
				continue
			}
			if err := checkValue(sig.param(i), a.Value()); err != nil {
				return nil, refuse(n, fmt.Errorf("argument %d: %w", i+1, err))
			}
		}
	}
	return r, nil
}

func refuse(n *node.Node, err error) *RefusedError {
	return &RefusedError{Key: n.Key(), Func: n.Func().Name(), Site: n.Site(), Err: err}
}

// signatureFor returns the signature of f's registered function, or why
// f cannot run in a worker.
func signatureFor(f *node.Func) (*signature, error) {
	if s, ok := sigCache.Load(f); ok {
		return s.(*signature), nil
	}
	name, ok := node.RegisteredName(f)
	if !ok {
		if node.IsClosure(f) {
			return nil, errors.New("it is a function literal or a method value, whose captured state cannot be sent to another process; make it a top-level function and register it with lazy.Register in an init func")
		}
		return nil, fmt.Errorf("it is not registered; add lazy.Register(%s) to an init func of its package, so that the parent and every worker process know it", f.ShortName())
	}
	reg, _ := node.Lookup(name)
	s := signatureOf(reg)
	if err := s.checkTypes(); err != nil {
		return nil, err
	}
	sigCache.Store(f, s)
	return s, nil
}

// invoke runs one task: glue here, every other call in a worker.
func (r *runState) invoke(ctx context.Context, worker int, n *node.Node, args []any) (any, error) {
	sig := r.sigs[n.Func()]
	if sig == nil {
		return scheduler.Local(ctx, worker, n, args)
	}
	if e := r.final(n.Key()); e != nil {
		return nil, e
	}
	s, err := r.pool.acquire(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.w.call(ctx, sig, args, r.pool.closing)
	r.pool.release(s)
	if we, ok := err.(*WorkerError); ok {
		r.died(n, we)
	}
	return v, err
}

// died counts a worker death against the task. Past the allowed failures
// a task with retries is not run again: a task that crashes its worker
// every time would otherwise crash as many as it has retries.
func (r *runState) died(n *node.Node, e *WorkerError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev := r.deaths[n.Key()]; prev != nil {
		e.Deaths = prev.Deaths
	}
	e.Deaths++
	e.Allowed = r.pool.cfg.allowed
	e.Final = e.Deaths > e.Allowed && n.Options().Retries > 0
	r.deaths[n.Key()] = e
}

// final returns the task's last death when it has killed more workers
// than allowed: it is not run again.
func (r *runState) final(k node.Key) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e := r.deaths[k]; e != nil && e.Final {
		return e
	}
	return nil
}
