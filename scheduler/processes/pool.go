package processes

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/scheduler"
)

func init() {
	scheduler.Register("processes", func(n int) (scheduler.Scheduler, error) {
		return New(context.Background(), WithWorkers(n))
	})
}

// Pool is a [scheduler.Scheduler] that runs tasks in worker processes: the
// same executable, re-executed (see [Main]). The graph's bookkeeping stays
// in the calling process; each task's argument values are sent to a
// worker, and its result sent back, with encoding/gob.
//
// A Pool is safe for concurrent use, and may run any number of graphs,
// one after another or at once (they share its workers), until it is
// closed with [Pool.Close] or the context given to [New] ends. Workers
// never outlive the program: they exit when their task pipe closes, which
// happens when the pool closes or the program dies, and on Linux the
// kernel also kills them when the parent dies.
type Pool struct {
	cfg            config
	exe            string
	env            []string
	stdout, stderr *lineWriter

	tokens  chan struct{} // one per idle slot
	closing chan struct{} // closed when Close starts

	mu     sync.Mutex // protects idle, procs and closed
	idle   []*slot    // LIFO: the last used worker goes first, its caches and gob types warm
	procs  map[*proc]bool
	closed bool

	closeOnce sync.Once
	unwatch   func() bool // stops the context watch
}

type slot struct {
	id int
	w  *proc
}

// New starts a pool of worker processes and waits until each serves; it
// fails if one does not within the start timeout (see
// [WithStartTimeout]), which is what happens when the program does not
// call [Main] at the top of main. The pool closes when ctx ends, or with
// [Pool.Close].
//
// Starting a worker costs about what starting the program costs (a few
// milliseconds for a small binary), plus its package init functions.
func New(ctx context.Context, opts ...Option) (*Pool, error) {
	if _, ok := os.LookupEnv(envMarker); ok {
		return nil, errors.New("processes: this process was started as a worker but did not call processes.Main() first: call it at the top of main (and of TestMain in tests), before anything else")
	}
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	exe, err := selfExe()
	if err != nil {
		return nil, err
	}
	p := &Pool{
		cfg:     cfg,
		exe:     exe,
		env:     workerEnv(cfg.env),
		stdout:  &lineWriter{w: cfg.stdout},
		stderr:  &lineWriter{w: cfg.stderr},
		tokens:  make(chan struct{}, cfg.workers),
		closing: make(chan struct{}),
		procs:   map[*proc]bool{},
	}
	errs := make([]error, cfg.workers)
	slots := make([]*slot, cfg.workers)
	var wg sync.WaitGroup
	for i := range cfg.workers {
		slots[i] = &slot{id: i}
		wg.Go(func() {
			slots[i].w, errs[i] = p.start(ctx, i)
		})
	}
	wg.Wait()
	for i := range slots {
		p.release(slots[len(slots)-1-i]) // slot 0 on top
	}
	if err := errors.Join(errs...); err != nil {
		p.Close()
		return nil, err
	}
	p.unwatch = context.AfterFunc(ctx, func() { p.Close() })
	return p, nil
}

// workerEnv is the parent's environment, the options', and the marker.
func workerEnv(extra []string) []string {
	env := append(os.Environ(), extra...)
	if raceEnabled {
		gorace := os.Getenv("GORACE")
		for _, kv := range extra {
			if v, ok := strings.CutPrefix(kv, "GORACE="); ok {
				gorace = v
			}
		}
		if !strings.Contains(gorace, "atexit_sleep_ms") {
			env = append(env, "GORACE="+strings.TrimSpace(gorace+" atexit_sleep_ms=0"))
		}
	}
	return append(env, fmt.Sprintf("%s=%d", envMarker, protocolVersion))
}

// start starts a worker for slot and records it.
func (p *Pool) start(ctx context.Context, slot int) (*proc, error) {
	w, err := p.spawn(ctx, slot)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	closed := p.closed
	if !closed {
		p.procs[w] = true
	}
	p.mu.Unlock()
	if closed {
		w.shutdown(false)
		return nil, ErrClosed
	}
	return w, nil
}

// String returns "processes:N", which [scheduler.Parse] accepts.
func (p *Pool) String() string { return fmt.Sprintf("processes:%d", p.cfg.workers) }

// Workers returns the number of worker processes.
func (p *Pool) Workers() int { return p.cfg.workers }

// PIDs returns the process ids of the running workers, in no order.
func (p *Pool) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for w := range p.procs {
		if !w.dead() {
			pids = append(pids, w.pid)
		}
	}
	slices.Sort(pids)
	return pids
}

// Run runs g: each call of a registered function in a worker process, the
// library's own glue (collecting the values of lazy.All and of Delayed's
// container arguments) in the calling process. Before anything runs it
// refuses, with a [*RefusedError] saying what to do, a graph that calls
// an unregistered function, a closure or a method value, or that holds a
// literal argument, or a parameter or result type, that gob cannot send.
//
// [scheduler.Config].Workers lowers the number of tasks run at once for
// this run; it cannot raise it above the pool's size.
func (p *Pool) Run(ctx context.Context, g *graph.Graph, cfg scheduler.Config) ([]any, error) {
	select {
	case <-p.closing:
		return nil, ErrClosed
	default:
	}
	r, err := p.prepare(g)
	if err != nil {
		return nil, err
	}
	workers := p.cfg.workers
	if cfg.Workers > 0 {
		workers = min(workers, cfg.Workers)
	}
	return scheduler.RunParallel(ctx, g, cfg, workers, r.invoke)
}

// acquire takes an idle slot, starting its worker if it has none or its
// worker died while idle.
func (p *Pool) acquire(ctx context.Context) (*slot, error) {
	select {
	case <-p.tokens:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	case <-p.closing:
		return nil, ErrClosed
	}
	p.mu.Lock()
	s := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	p.mu.Unlock()
	if s.w != nil && s.w.dead() {
		p.retire(s)
	}
	if s.w == nil {
		w, err := p.start(ctx, s.id)
		if err != nil {
			p.release(s)
			return nil, err
		}
		s.w = w
	}
	return s, nil
}

// release gives the slot back. A worker of no further use (dead, killed,
// or out of step) is replaced first, so that the pool is whole again when
// the task's error is reported (starting one takes a few milliseconds); if
// that fails, acquire tries again.
func (p *Pool) release(s *slot) {
	if s.w != nil && s.w.broken {
		p.retire(s)
		ctx, cancel := context.WithTimeout(context.Background(), p.cfg.startTimeout)
		if w, err := p.start(ctx, s.id); err == nil {
			s.w = w
		}
		cancel()
	}
	p.mu.Lock()
	p.idle = append(p.idle, s)
	p.mu.Unlock()
	p.tokens <- struct{}{}
}

// retire shuts the slot's worker down and forgets it.
func (p *Pool) retire(s *slot) {
	s.w.shutdown(false)
	p.mu.Lock()
	delete(p.procs, s.w)
	p.mu.Unlock()
	s.w = nil
}

// Close stops every worker and waits until they have exited: idle ones
// are asked to exit, running tasks are ended (they fail with
// [ErrClosed]). Runs started after Close fail with ErrClosed. Close is
// safe to call more than once and returns nil.
func (p *Pool) Close() error {
	p.closeOnce.Do(func() {
		if p.unwatch != nil {
			p.unwatch()
		}
		p.mu.Lock()
		p.closed = true
		close(p.closing)
		procs := make([]*proc, 0, len(p.procs))
		for w := range p.procs {
			procs = append(procs, w)
		}
		p.mu.Unlock()
		var wg sync.WaitGroup
		for _, w := range procs {
			wg.Go(func() { w.shutdown(true) })
		}
		wg.Wait()
	})
	return nil
}
