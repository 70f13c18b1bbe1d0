#!/usr/bin/env python3
"""The bench shapes with dask.delayed, timed like the Go implementations.

Each task computes 1 + the sum of its inputs, as in package bench (see
doc.go): chain 10,000; fan-in 100,000 -> 1; binary-tree reduce of 2^16
leaves; wavefront 200x200. Build (making the delayed values) and run
(dask.compute) are timed separately; the result is checked against a plain
loop. Delayed calls use dask's default keys (a random token per call), as
dask users write them.

Standalone, it prints one line per shape and scheduler:

    python3 bench/dask_shapes.py [--reps N] [--workers N] [--small]

With --serve it answers the Go driver (cmd/lazybench): one request per
line on stdin, "SHAPE N SCHED,SCHED", one JSON line back per request.
Each build is computed by both schedulers, so a sample costs one build.

Debian's dask 2022.12 builds dependent delayed calls in quadratic time
(HighLevelGraph.from_collections merges every ancestor's layers on each
call): the wavefront takes minutes to build, chain about ten seconds.
"""

import argparse
import gc
import json
import sys
import time

import dask
from dask import delayed

MASK = (1 << 64) - 1


def leaf(i):
    return 1


def step(a):
    return 1 + a


def right(a):
    return 1 + a


def down(a):
    return 1 + a


def join(a, b):
    return 1 + a + b


def total(xs):
    return 1 + sum(xs)


leaf_d, step_d, right_d, down_d = delayed(leaf), delayed(step), delayed(right), delayed(down)
join_d, total_d = delayed(join), delayed(total)


def build(shape, n):
    """Returns the delayed result of shape at size n."""
    if shape == "chain":
        x = leaf_d(0)
        for _ in range(1, n):
            x = step_d(x)
        return x
    if shape == "fan-in":
        return total_d([leaf_d(i) for i in range(n)])
    if shape == "tree":
        level = [leaf_d(i) for i in range(1 << n)]
        while len(level) > 1:
            level = [join_d(level[i], level[i + 1]) for i in range(0, len(level), 2)]
        return level[0]
    if shape == "wavefront":
        row = [None] * n
        for i in range(n):
            for j in range(n):
                if i == 0 and j == 0:
                    row[j] = leaf_d(0)
                elif i == 0:
                    row[j] = right_d(row[j - 1])
                elif j == 0:
                    row[j] = down_d(row[j])
                else:
                    row[j] = join_d(row[j], row[j - 1])
        return row[n - 1]
    raise ValueError("unknown shape %r" % shape)


def tasks(shape, n):
    return {"chain": n, "fan-in": n + 1, "tree": (1 << (n + 1)) - 1, "wavefront": n * n}[shape]


def want(shape, n):
    """The result by a plain loop."""
    if shape == "chain":
        return n
    if shape == "fan-in":
        return n + 1
    if shape == "tree":
        return tasks(shape, n)
    row = [0] * n
    for i in range(n):
        for j in range(n):
            row[j] = 1 + (row[j] if i > 0 else 0) + (row[j - 1] if j > 0 else 0)
    return row[n - 1]


def run(x, scheduler, workers, expected):
    """Computes x on scheduler; returns the seconds taken and the value."""
    gc.collect()
    t0 = time.perf_counter()
    if scheduler == "threads":
        (got,) = dask.compute(x, scheduler="threads", num_workers=workers)
    else:
        (got,) = dask.compute(x, scheduler="sync")
    secs = time.perf_counter() - t0
    if got != expected:
        raise AssertionError("%s: got %r, want %r" % (scheduler, got, expected))
    return secs, got


SIZES = {"chain": 10_000, "fan-in": 100_000, "tree": 16, "wavefront": 200}
SMALL = {"chain": 50, "fan-in": 100, "tree": 5, "wavefront": 8}


def serve(workers):
    """Answers requests "SHAPE N SCHED[,SCHED]": builds the shape once and
    computes it with each scheduler in the order given."""
    print(json.dumps({"ready": True, "dask": dask.__version__, "python": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        shape, n, scheds = line.split()
        n = int(n)
        try:
            gc.collect()
            t0 = time.perf_counter()
            x = build(shape, n)
            out = {"build_ns": int((time.perf_counter() - t0) * 1e9), "run_ns": {}}
            for sched in scheds.split(","):
                r, got = run(x, sched, workers, want(shape, n))
                out["run_ns"][sched] = int(r * 1e9)
            out["result_mod64"] = str(got & MASK)
        except Exception as e:  # reported to the driver, which fails the cell
            out = {"error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(out), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--serve", action="store_true", help="answer the Go driver on stdin/stdout")
    p.add_argument("--small", action="store_true", help="small shapes, for tests")
    p.add_argument("--reps", type=int, default=1, help="samples per shape and scheduler")
    p.add_argument("--workers", type=int, default=2, help="threads of the threaded scheduler")
    p.add_argument("--shapes", default=",".join(SIZES), help="comma-separated shapes")
    args = p.parse_args()
    sizes = SMALL if args.small else SIZES
    if args.serve:
        serve(args.workers)
        return
    print("dask %s, python %s, %d workers" % (dask.__version__, sys.version.split()[0], args.workers))
    for shape in args.shapes.split(","):
        n, k = sizes[shape], tasks(shape, sizes[shape])
        for _ in range(args.reps):
            t0 = time.perf_counter()
            x = build(shape, n)
            b = time.perf_counter() - t0
            line = "%-10s build %9.0f ns/task" % (shape, b * 1e9 / k)
            for scheduler in ("threads", "sync"):
                r, _ = run(x, scheduler, args.workers, want(shape, n))
                line += "  %s run %7.0f ns/task" % (scheduler, r * 1e9 / k)
            print(line + "  (%d tasks)" % k, flush=True)

if __name__ == "__main__":
    main()
