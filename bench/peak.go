package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// Peak is the heap seen while a function ran, in bytes above the heap
// before it started (after a collection).
type Peak struct {
	// Heap is the most heap memory held by objects at any sample, live or
	// dead but not yet swept (runtime/metrics
	// /memory/classes/heap/objects:bytes): what the process really holds,
	// including garbage the collector has not reclaimed yet.
	Heap uint64
	// Live is the most heap found live by a collection that ended during
	// the run (/gc/heap/live:bytes): the program's own need.
	Live uint64
	// Base is the heap objects before the run, subtracted from both.
	Base uint64
	// Samples is how many times the heap was read.
	Samples int
}

const (
	heapObjects = "/memory/classes/heap/objects:bytes"
	heapLive    = "/gc/heap/live:bytes"
)

// MeasurePeak runs f while a goroutine reads the heap every interval and
// returns the highest readings. Reading runtime/metrics does not stop the
// world, so the sampling barely disturbs f.
func MeasurePeak(interval time.Duration, f func() error) (Peak, error) {
	runtime.GC()
	runtime.GC() // the second one sweeps what the first freed
	samples := []metrics.Sample{{Name: heapObjects}, {Name: heapLive}}
	metrics.Read(samples)
	p := Peak{Base: samples[0].Value.Uint64()}
	var mu sync.Mutex // protects p while the sampler runs
	read := func() {
		metrics.Read(samples)
		mu.Lock()
		p.Heap = max(p.Heap, samples[0].Value.Uint64())
		p.Live = max(p.Live, samples[1].Value.Uint64())
		p.Samples++
		mu.Unlock()
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	err := f()
	close(stop)
	<-done
	read()
	p.Heap = sub(p.Heap, p.Base)
	p.Live = sub(p.Live, p.Base)
	return p, err
}

func sub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}
