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

// The parallel floor keeps both goroutines busy: it splits the leaves
// in proportion to the goroutines on each side, never leaving one empty.
func TestSplitAt(t *testing.T) {
	tests := []struct{ lo, hi, par, want int }{
		{0, 10000, 2, 5000},
		{0, 10000, 3, 3333},
		{0, 10000, 4, 5000},
		{100, 110, 2, 105},
		{0, 2, 2, 1},
		{0, 2, 3, 1},
		{0, 3, 4, 1},
		{0, 5, 2, 2},
	}
	for _, tt := range tests {
		if got := bench.SplitAt(tt.lo, tt.hi, tt.par); got != tt.want {
			t.Errorf("SplitAt(%d, %d, %d) = %d, want %d", tt.lo, tt.hi, tt.par, got, tt.want)
		}
	}
	for n := 2; n <= 40; n++ {
		for par := 2; par <= 8; par++ {
			if mid := bench.SplitAt(0, n, par); mid < 1 || mid > n-1 {
				t.Errorf("SplitAt(0, %d, %d) = %d, leaves a part empty", n, par, mid)
			}
		}
	}
}

func TestCheckBlobWrongLength(t *testing.T) {
	for _, got := range [][]byte{nil, make([]byte, 256)} {
		if err := bench.CheckBlob(got, 0); err == nil {
			t.Errorf("CheckBlob(%d zero bytes, 0 leaves) = nil, want an error", len(got))
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
