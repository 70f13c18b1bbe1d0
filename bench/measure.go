package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"
)

// Sample is one build and one run of a shape.
type Sample struct{ Build, Run time.Duration }

// Total returns build + run.
func (s Sample) Total() time.Duration { return s.Build + s.Run }

// Allocs counts heap allocations of one phase.
type Allocs struct{ Objects, Bytes uint64 }

// Cell is the record of one implementation on one shape.
type Cell struct {
	Shape   Shape
	Impl    string
	Peer    string
	Samples []Sample
	// BuildAllocs and RunAllocs are the allocations of one build and one
	// run (the fewest seen over a few tries).
	BuildAllocs, RunAllocs Allocs
	Err                    error // the first failure; the cell stops sampling
}

// Median returns the medians of the build, run and total times, taken
// separately.
func (c *Cell) Median() (build, run, total time.Duration) {
	pick := func(f func(Sample) time.Duration) time.Duration {
		if len(c.Samples) == 0 {
			return 0
		}
		ds := make([]time.Duration, len(c.Samples))
		for i, s := range c.Samples {
			ds[i] = f(s)
		}
		slices.Sort(ds)
		if n := len(ds); n%2 == 0 {
			return (ds[n/2-1] + ds[n/2]) / 2
		}
		return ds[len(ds)/2]
	}
	return pick(func(s Sample) time.Duration { return s.Build }),
		pick(func(s Sample) time.Duration { return s.Run }),
		pick(Sample.Total)
}

// PerTask returns d divided by the shape's tasks, in nanoseconds.
func (c *Cell) PerTask(d time.Duration) float64 {
	return float64(d) / float64(c.Shape.Tasks())
}

// Sample builds and runs the shape once, checks the result against want
// and records the times.
func (c *Cell) Sample(ctx context.Context, build func(Shape) (Runner, error), want int) error {
	t0 := time.Now()
	run, err := build(c.Shape)
	t1 := time.Now()
	if err != nil {
		return c.fail(fmt.Errorf("build: %w", err))
	}
	got, err := run(ctx)
	t2 := time.Now()
	if err != nil {
		return c.fail(fmt.Errorf("run: %w", err))
	}
	if got != want {
		return c.fail(fmt.Errorf("result %d, want %d (the sequential loop's)", got, want))
	}
	c.Samples = append(c.Samples, Sample{Build: t1.Sub(t0), Run: t2.Sub(t1)})
	return nil
}

func (c *Cell) fail(err error) error {
	if c.Err == nil {
		c.Err = fmt.Errorf("%s on %s: %w", c.Impl, c.Shape, err)
	}
	return c.Err
}

// CountAllocs measures the allocations of one build and one run, keeping
// the fewest of tries attempts. It reads runtime.MemStats, which stops the
// world: it is kept apart from the timed samples.
func (c *Cell) CountAllocs(ctx context.Context, build func(Shape) (Runner, error), tries int) error {
	for i := range tries {
		var m0, m1, m2 runtime.MemStats
		runtime.ReadMemStats(&m0)
		run, err := build(c.Shape)
		runtime.ReadMemStats(&m1)
		if err != nil {
			return c.fail(fmt.Errorf("build: %w", err))
		}
		if _, err := run(ctx); err != nil {
			return c.fail(fmt.Errorf("run: %w", err))
		}
		runtime.ReadMemStats(&m2)
		b := Allocs{m1.Mallocs - m0.Mallocs, m1.TotalAlloc - m0.TotalAlloc}
		r := Allocs{m2.Mallocs - m1.Mallocs, m2.TotalAlloc - m1.TotalAlloc}
		if i == 0 || b.Objects < c.BuildAllocs.Objects {
			c.BuildAllocs = b
		}
		if i == 0 || r.Objects < c.RunAllocs.Objects {
			c.RunAllocs = r
		}
	}
	return nil
}
