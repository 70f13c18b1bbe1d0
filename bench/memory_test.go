package bench_test

import (
	"context"
	"testing"
	"time"

	"github.com/lazygraph/lazy/bench"
	"github.com/lazygraph/lazy/scheduler"
)

func TestBlobTree(t *testing.T) {
	for _, s := range []scheduler.Scheduler{scheduler.Sync(), scheduler.Threads(2)} {
		for _, n := range []int{1, 2, 5, 8} {
			held, err := bench.BlobTree(context.Background(), n, s)
			if err != nil || held < 0 || held > n {
				t.Errorf("BlobTree(%d leaves, %s) = %d held, %v", n, s, held, err)
			}
		}
	}
}

// The reduction split between goroutines is the sequential one.
func TestBlobSplit(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8, 13} {
		for par := 1; par <= 4; par++ {
			if err := bench.CheckBlob(bench.BlobSplit(0, n, par), n); err != nil {
				t.Errorf("%d leaves on %d goroutines: %v", n, par, err)
			}
		}
	}
}

func TestBlobSplitBeside(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8} {
		if err := bench.BlobSplitBeside(n, 2); err != nil {
			t.Errorf("%d leaves on 2 goroutines beside their graph: %v", n, err)
		}
	}
}

var sink [][]byte

func TestMeasurePeak(t *testing.T) {
	const size = 64 * bench.MiB
	p, err := bench.MeasurePeak(100*time.Microsecond, func() error {
		sink = append(sink, make([]byte, size))
		time.Sleep(5 * time.Millisecond)
		return nil
	})
	sink = nil
	if err != nil || p.Heap < size || p.Heap > 2*size {
		t.Errorf("MeasurePeak(hold 64 MiB) = %+v, %v; want Heap about 64 MiB", p, err)
	}
}
