// Package bench measures lazy against what its users would pick instead,
// side by side in one run: go-taskflow (the closest Go peer), a hand-written
// errgroup executor (Kahn's algorithm with dependency counters, the "write
// it yourself" baseline), a plain sequential loop (the floor), and dask
// (through dask_shapes.py, when Python with dask is installed).
//
// # Shapes
//
// Every implementation runs the same four graphs from the design, each
// task computing 1 + the sum of its inputs, and its result is checked
// against the sequential loop's:
//
//	chain      t0 → t1 → … → t9999                        10,000 tasks
//	fan-in     t0 … t99999 → sink                         100,001 tasks
//	tree       2^16 leaves, pairwise reduced to one      131,071 tasks
//	wavefront  200×200 grid, (i,j) ← (i-1,j), (i,j-1)      40,000 tasks
//
// Costs are reported per task of the shape (the counts above), whatever
// extra nodes an implementation needs (lazy's literals and its All node).
//
// # Build and run
//
// An [Impl] builds a shape into something it can run (for lazy: the nodes
// and graph.Build; for the peers: their task structures) and then runs it;
// the two are timed separately. A built graph may be run again.
//
// The driver is cmd/lazybench, started by ./run; see docs/performance.md.
package bench
