package bench_test

import (
	"testing"

	"github.com/lazygraph/lazy/bench"
)

// TestDask runs dask_shapes.py on the small shapes, when a Python with dask
// is installed, and checks its results against the sequential loop's.
func TestDask(t *testing.T) {
	py, err := bench.FindPython()
	if err != nil {
		t.Skip(err)
	}
	d, err := bench.StartDask(py, "dask_shapes.py", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i, s := range bench.SmallShapes() {
		cells := bench.DaskCells(s, 2)
		if err := d.Sample(cells, bench.Want(s), i%2 == 1); err != nil {
			t.Errorf("dask %s: %v", s, err)
			continue
		}
		for _, c := range cells {
			if len(c.Samples) != 1 || c.Samples[0].Run <= 0 || c.Samples[0].Build <= 0 {
				t.Errorf("dask %s %s: samples %v; want one with build and run times", s, c.Impl, c.Samples)
			}
		}
	}
}
