package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lazygraph/lazy/bench"
)

// What a child prints, its parent reads back whole.
func TestChildResultRoundTrip(t *testing.T) {
	want := childResult{
		MemRun: bench.MemRun{Peak: bench.Peak{Heap: 1<<40 + 1, Live: 3, Base: 4, Samples: 5}, Held: -1, Took: 7 * time.Second},
		Err:    "result 1, want 2",
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got childResult
	if err := json.Unmarshal(b, &got); err != nil || got != want {
		t.Errorf("json round trip of %+v = %+v, %v (%s)", want, got, err, b)
	}
}
