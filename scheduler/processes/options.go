package processes

import (
	"io"
	"os"
	"runtime"
	"time"
)

// Option configures a [Pool].
type Option func(*config)

type config struct {
	workers        int
	allowed        int
	stdout, stderr io.Writer
	startTimeout   time.Duration
	env            []string
}

func defaults() config {
	return config{
		workers:      runtime.GOMAXPROCS(0),
		allowed:      3,
		stdout:       os.Stdout,
		stderr:       os.Stderr,
		startTimeout: 10 * time.Second,
	}
}

// WithWorkers sets the number of worker processes; n <= 0 means
// runtime.GOMAXPROCS(0), the default.
func WithWorkers(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.workers = n
		}
	}
}

// WithAllowedFailures sets how many worker processes one task may kill in
// a run and still be run again by its node's Retries (dask's
// allowed-failures); default 3. A task that killed n+1 workers fails with
// a final [*WorkerError]. It has no effect on tasks without Retries, which
// are never run twice.
func WithAllowedFailures(n int) Option {
	return func(c *config) { c.allowed = max(n, 0) }
}

// WithOutput sets where the workers' stdout and stderr go, line by line,
// each line prefixed with "[worker N] "; default the parent's os.Stdout
// and os.Stderr. A nil writer discards. The last lines of a worker's stderr
// are kept for its [*WorkerError] either way.
func WithOutput(stdout, stderr io.Writer) Option {
	return func(c *config) {
		c.stdout, c.stderr = orDiscard(stdout), orDiscard(stderr)
	}
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// WithStartTimeout bounds how long a new worker may take to start serving
// (default 10s): the time to load the program and run its package init
// functions.
func WithStartTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.startTimeout = d
		}
	}
}

// WithEnv adds "KEY=value" entries to the workers' environment, on top of
// the parent's: for instance GOMEMLIMIT=2GiB to bound each worker's heap,
// or GOMAXPROCS=1 for single-threaded workers.
func WithEnv(env ...string) Option {
	return func(c *config) { c.env = append(c.env, env...) }
}
