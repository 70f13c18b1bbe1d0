// Package processes runs tasks in worker processes: copies of the running
// executable, re-executed with a marker in their environment. Go has no
// GIL, so this is not for speed ([scheduler.Threads] is faster for every
// kind of work); it is for what goroutines cannot give:
//
//   - isolation: a segfault in cgo, a fatal runtime error (concurrent map
//     writes, stack overflow), os.Exit in a library or the OOM killer ends
//     one worker, not the program; the task fails with a [*WorkerError]
//     that says how the worker died and what it last wrote to stderr;
//   - hard timeouts: a task past its deadline is killed with its worker (a
//     goroutine cannot be killed);
//   - limits per worker (GOMEMLIMIT through [WithEnv]) and non-thread-safe C
//     libraries, one worker each.
//
// # Setting up
//
// Register every function that tasks call, in package init, so that the
// parent and every worker know the same set (a task names its function and
// carries argument values, never code), and call [Main] at the top of main
// and of TestMain:
//
//	func init() { lazy.Register(Resize) }
//
//	func main() {
//		processes.Main() // serves as a worker when started as one
//		pool, err := processes.New(ctx, processes.WithWorkers(4))
//		...
//		defer pool.Close()
//		imgs, err := lazy.GetAll(ctx, nodes, lazy.WithScheduler(pool))
//	}
//
// [Pool.Run] refuses a graph before anything runs when a call's function
// is not registered, is a closure or a method value, or when a parameter
// or result type, or a literal argument, cannot be encoded with
// encoding/gob; the [*RefusedError] names the call, where it was built and
// what to do.
//
// # What crosses, and what it costs
//
// The graph's bookkeeping stays in the parent; a task's argument values are
// encoded with gob, written to the worker on a pipe of its own (not stdout,
// which is forwarded line by line with a "[worker N] " prefix, like
// stderr), decoded, and its result comes back the same way. So every value
// is copied twice per task that reads it, and results of one task reach
// the next through the parent. Values travel as the static types of the
// function's parameters and result; interface-typed values need their
// concrete types registered with gob, which [node.Register] does for the
// concrete parameter and result types of registered functions. Errors a
// task returns cross as text ([*RemoteError]); panics become a
// [*scheduler.PanicError] with the worker's stack.
//
// A round trip for a small value costs some tens of microseconds, so tasks
// should be at least milliseconds long; see the package benchmarks.
//
// # Failures
//
// A worker that dies fails its task with a [*WorkerError] (exit status or
// signal, last lines of stderr) and is replaced when next needed. A task
// whose timeout passes (lazy.Timeout, lazy.WithTaskTimeout) is killed with
// its worker and fails with a [*scheduler.TimeoutError]. Node Retries run a
// failed task again, also after a worker death, until the task has killed
// more workers than [WithAllowedFailures] allows. When the run is cancelled
// or fails, running tasks are killed too, so Run returns promptly.
//
// Workers never outlive their parent: a worker exits as soon as its task
// pipe closes (on [Pool.Close], or when the parent dies for any reason,
// even mid-task), and on Linux the kernel kills it if the parent dies. A
// killed worker's process group goes with it, so processes a task started
// do not linger either.
package processes
