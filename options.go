package lazy

import (
	"time"

	"github.com/lazygraph/lazy/node"
)

// Option changes how a node is identified or shown. Options given to a Func
// constructor apply to every node it builds; options given to one call add
// to them.
type Option func(*node.Options)

// Impure makes calls never merge, each with a random key: for functions
// with side effects or hidden inputs (random numbers, the clock, I/O whose
// result changes). Closures and method values are impure already.
func Impure() Option { return impure }

func impure(o *node.Options) { o.Impure = true }

// WithKey sets the node's whole key, as dask's dask_key_name does. Nodes
// with the same given key are one node; two different calls given one key
// make Compute fail with a [KeyConflictError].
func WithKey(key string) Option { return func(o *node.Options) { o.Key = key } }

// WithName sets the node's label in pictures and the prefix of its key. It
// does not change what the node is: calls that differ only in name merge.
func WithName(name string) Option { return func(o *node.Options) { o.Name = name } }

// Retries runs a failed call up to n more times before its error fails the
// compute, as dask's retries= does: for flaky I/O.
func Retries(n int) Option { return func(o *node.Options) { o.Retries = n } }

// Timeout bounds each run of the call: its context's deadline is d from
// its start, and a call still running or returning after it fails with a
// [*TimeoutError]. On Threads and Sync the call must watch its context (a
// goroutine cannot be killed); the processes scheduler kills the worker.
func Timeout(d time.Duration) Option { return func(o *node.Options) { o.Timeout = d } }

func nodeOptions(opts []Option) node.Options {
	if len(opts) == 0 {
		return node.Options{} // o below escapes to the heap: skip it when there is nothing to apply
	}
	var o node.Options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
