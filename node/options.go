package node

import "time"

// Options change how a node is identified and shown. The zero value means
// the defaults: the key is computed from the function and arguments, and
// the node is labelled with the function's short name.
type Options struct {
	// Impure gives the node a random key, so it never merges with another
	// call: for functions with side effects or hidden inputs (random numbers,
	// the clock, writes).
	Impure bool
	// Key sets the node's whole key. Two nodes with the same given key must
	// be the same call; graph.Build fails when they are not. It takes
	// precedence over Impure.
	Key string
	// Name changes the label and the key's prefix, not the node's identity:
	// calls that differ only in Name still merge.
	Name string
	// Retries is how many times a failed call is run again before its
	// error fails the run (dask's retries=).
	Retries int
	// Timeout bounds one run of the call. Every scheduler gives the task a
	// context with this deadline; the processes scheduler also kills the
	// worker. Zero means the run's default (none unless set).
	Timeout time.Duration
}

// merge returns o with the fields set in p replacing its own.
func (o Options) merge(p Options) Options {
	if p.Impure {
		o.Impure = true
	}
	if p.Key != "" {
		o.Key = p.Key
	}
	if p.Name != "" {
		o.Name = p.Name
	}
	if p.Retries != 0 {
		o.Retries = p.Retries
	}
	if p.Timeout != 0 {
		o.Timeout = p.Timeout
	}
	return o
}

// isZero reports whether o is the zero Options, field by field: cheaper
// than comparing with Options{}, which calls the struct's generated
// equality, and it runs for every node made.
func (o *Options) isZero() bool {
	return !o.Impure && o.Retries == 0 && o.Timeout == 0 && len(o.Key) == 0 && len(o.Name) == 0
}
