// Package lazy records ordinary Go function calls as a task graph and runs
// them later, in parallel, computing shared work once: dask.delayed and
// joblib.Parallel for Go.
//
// # Building a graph
//
// A Func constructor turns a function into a lazy one. Calling the lazy
// function records the call as a [Node] and runs nothing:
//
//	add := lazy.Func2(func(a, b int) int { return a + b })
//	x := add(lazy.Lit(4), lazy.Lit(5))   // Node[int], not computed
//	a := lazy.Func2(sub)(x, lazy.Lit(5))
//
// [Func0] to [Func4] take func(...) R, [Func0E] to [Func4E] take
// func(...) (R, error), and [Func0Ctx] to [Func4Ctx] take
// func(context.Context, ...) (R, error). Their argument types are checked
// by the compiler and their tasks run without reflection. [Delayed] takes
// a function of any signature, as dask.delayed does, and checks its
// arguments when the call is recorded. [Lit] lifts a value; [All] gathers
// nodes into a slice.
//
// # Keys and merging
//
// Every node has a [Key], "name-hash" as in dask. Two calls of the same
// top-level function with equal arguments have the same key and are one
// node: the graph computes it once for all its users. Closures, method
// values and calls given [Impure] get random keys and never merge, nor do
// literals that cannot be compared by content (pointers, channels). See
// docs/concepts.md for the rules and why.
//
// # Computing
//
// [Get], [GetAll] and [Compute] build the graph the outputs need and run
// it; [Persist] computes now and returns nodes that hold their values. The
// scheduler is [scheduler.Threads] by default (goroutines, GOMAXPROCS at
// once); [WithScheduler] picks another, such as [scheduler.Sync] for
// debugging, and [SetDefaultScheduler] changes the default. The first task
// error or panic stops the run: no new task starts, the tasks' context is
// cancelled, and Compute returns a [*TaskError] once every started task
// has returned. Mistakes in building nodes are returned before anything
// runs.
//
// # Cost
//
// Recording a call of up to four arguments costs 100 to 200 nanoseconds
// and one allocation of 64 or 80 bytes; compiling the graph and running it
// on Threads costs 200 to 350 nanoseconds a task more (measured on 2
// cores; see docs/performance.md). Tasks much shorter than a microsecond
// are better batched into one task.
package lazy
