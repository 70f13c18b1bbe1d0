package bench

import (
	"context"
	"crypto/subtle"
	"fmt"
	"runtime"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// MemCase is a memory benchmark: a graph built and computed while the
// heap is watched, with the most heap it may take.
type MemCase struct {
	Name  string
	Impl  string // an Impl name for shape cases, or a lazy scheduler
	Nodes int    // nodes of the graph, for bytes per node; 0 to show none
	Limit uint64 // the acceptance bound on Peak.Heap, 0 for none
	// Run builds and computes the graph; held is the most results the
	// scheduler held at once (see heldCounter), or -1 when not counted.
	Run func(ctx context.Context) (held int, err error)
}

// MiB is a mebibyte.
const MiB = 1 << 20

// MemCases returns the memory benchmarks:
//
//   - "1M nodes": a 1000×1000 wavefront (1,000,000 tasks) built and
//     computed by each Go implementation; lazy's bound is 300 MiB.
//   - "10k×1MiB tree": 10,000 leaves that each return a fresh 1 MiB
//     []byte, reduced pairwise by XOR into fresh 1 MiB slices. Holding
//     every result would take ~20 GiB; releasing each intermediate once
//     read keeps about workers × depth MiB live. Bound: 64 MiB. Beside
//     lazy on Sync and Threads, the same reduction by recursion on one
//     goroutine ("seq") and split between workers goroutines
//     ("goroutines:N"): what a Go program that holds no graph peaks at;
//     and the split recursion run while the tree's lazy nodes and their
//     compiled graph are kept alive beside it ("goroutines:N+graph"): what
//     a Go program holding that graph peaks at, lazy's scheduling aside.
func MemCases(workers int) []MemCase {
	big := Shape{Wavefront, 1000}
	want := Want(big)
	var cases []MemCase
	for _, impl := range Impls(workers) {
		limit := uint64(0)
		if impl.Name == Reference {
			limit = 300 * MiB
		}
		cases = append(cases, MemCase{
			Name: "1M nodes", Impl: impl.Name, Nodes: big.Tasks(), Limit: limit,
			Run: func(ctx context.Context) (int, error) {
				run, err := impl.Build(big)
				if err != nil {
					return -1, err
				}
				got, err := run(ctx)
				if err == nil && got != want {
					err = fmt.Errorf("result %d, want %d", got, want)
				}
				return -1, err
			},
		})
	}
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(workers)} {
		cases = append(cases, MemCase{
			Name: "10k×1MiB tree", Impl: "lazy-" + s.String(), Limit: 64 * MiB,
			Run: func(ctx context.Context) (int, error) { return blobTree(ctx, blobLeaves, s) },
		})
	}
	cases = append(cases, MemCase{
		Name: "10k×1MiB tree", Impl: "seq",
		Run: func(context.Context) (int, error) { return -1, checkBlob(blobSeq(0, blobLeaves), blobLeaves) },
	}, MemCase{
		Name: "10k×1MiB tree", Impl: fmt.Sprintf("goroutines:%d", workers),
		Run: func(context.Context) (int, error) {
			return -1, checkBlob(blobSplit(0, blobLeaves, workers), blobLeaves)
		},
	}, MemCase{
		Name: "10k×1MiB tree", Impl: fmt.Sprintf("goroutines:%d+graph", workers),
		Run: func(context.Context) (int, error) { return -1, blobSplitBeside(blobLeaves, workers) },
	})
	return cases
}

// blobSplitBeside runs blobSplit over n leaves on par goroutines while
// the lazy graph of blobTree, its nodes and the compiled graph, is alive:
// the collector marks it in every cycle, as it does while lazy computes
// it, and while it marks, what the goroutines allocate survives the cycle.
func blobSplitBeside(n, par int) error {
	root := blobNodes(n).Node()
	g, err := graph.Build([]*node.Node{root})
	if err != nil {
		return err
	}
	err = checkBlob(blobSplit(0, n, par), n)
	runtime.KeepAlive(g)
	return err
}

// blobSplit is the floor of the blob tree on parallel goroutines: the
// reduction of leaves [lo, hi) split between par goroutines by leaf count
// (see splitAt), so all of them work until the end, each reducing its
// part depth first as blobSeq does. It holds a result per level of each
// part, and what par goroutines allocate at once. XOR being associative,
// the result is the tree's whatever the split.
func blobSplit(lo, hi, par int) []byte {
	if par <= 1 || hi-lo == 1 {
		return blobSeq(lo, hi)
	}
	mid := splitAt(lo, hi, par)
	left := make(chan []byte, 1)
	go func() { left <- blobSplit(lo, mid, par/2) }()
	right := blobSplit(mid, hi, par-par/2)
	return xor(<-left, right)
}

// splitAt returns where blobSplit divides leaves [lo, hi), hi-lo >= 2,
// between par >= 2 goroutines: par/2 of them take the leaves before it,
// the others those after, in proportion, and neither part is empty.
func splitAt(lo, hi, par int) int {
	// par/2 <= par-par/2, so the proportional point never reaches hi.
	return max(lo+(hi-lo)*(par/2)/par, lo+1)
}

// blobSeq is the floor of the blob tree: the same reduction of leaves
// [lo, hi), depth first by recursion, each result dropped once combined.
func blobSeq(lo, hi int) []byte {
	if hi-lo == 1 {
		return blob(lo)
	}
	// The split of the pairwise tree blobTree builds: its left part is
	// the largest power of two below hi-lo.
	half := 1
	for half*2 < hi-lo {
		half *= 2
	}
	return xor(blobSeq(lo, lo+half), blobSeq(lo+half, hi))
}

const blobLeaves = 10_000

// blob returns leaf i's 1 MiB: byte k is byte(i + k).
func blob(i int) []byte {
	b := make([]byte, MiB)
	for k := range 256 {
		b[k] = byte(i + k)
	}
	for n := 256; n < len(b); n *= 2 {
		copy(b[n:], b[:n])
	}
	return b
}

// xor returns a fresh a XOR b.
func xor(a, b []byte) []byte {
	out := make([]byte, len(a))
	subtle.XORBytes(out, a, b)
	return out
}

var (
	blobT = lazy.Func1(blob)
	xorT  = lazy.Func2(xor)
)

// blobTree reduces n blobs pairwise with lazy on s, checks the result and
// returns the most results the scheduler held at once.
func blobTree(ctx context.Context, n int, s scheduler.Scheduler) (int, error) {
	var h heldCounter
	got, err := lazy.Get(ctx, blobNodes(n), lazy.WithScheduler(s), lazy.WithCallbacks(&h))
	if err != nil {
		return -1, err
	}
	return h.max, checkBlob(got, n)
}

// blobNodes returns the lazy reduction of n blobs, pairwise.
func blobNodes(n int) lazy.Node[[]byte] {
	level := make([]lazy.Node[[]byte], n)
	for i := range level {
		level[i] = blobT(lazy.Lit(i))
	}
	for len(level) > 1 {
		next := level[:0]
		for i := 0; i+1 < len(level); i += 2 {
			next = append(next, xorT(level[i], level[i+1]))
		}
		if len(level)%2 == 1 {
			next = append(next, level[len(level)-1])
		}
		level = next
	}
	return level[0]
}

// checkBlob checks got is the reduction of n blobs.
func checkBlob(got []byte, n int) error {
	if len(got) != MiB {
		return fmt.Errorf("the reduction has %d bytes, want %d", len(got), MiB)
	}
	// Byte k of the result is the XOR over i of byte(i + k).
	var want [256]byte
	for i := range n {
		for r := range want {
			want[r] ^= byte(i + r)
		}
	}
	for k, b := range got {
		if b != want[k%256] {
			return fmt.Errorf("byte %d of the reduction is %#x, want %#x", k, b, want[k%256])
		}
	}
	return nil
}
