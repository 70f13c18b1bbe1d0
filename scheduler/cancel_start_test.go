package scheduler_test

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/graph"
	"github.com/lazygraph/lazy/node"
	"github.com/lazygraph/lazy/scheduler"
)

// Cancels the caller's context at random moments around the start of a
// run whose pool takes a while to set up (many outputs), looking for a
// cancellation between RunParallel's check of the context and its first
// spawn: the caller's goroutine then ran a worker that was never counted,
// and the run hung (in about one run in 2,500 here). CANCEL_RUNS sets the
// number of runs (default 1000, about 4 s).
func TestThreadsCancelAtStartStress(t *testing.T) {
	runs := 1000
	if s := os.Getenv("CANCEL_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	f := intFunc(t, func(x int) int { return x })
	outs := make([]*node.Node, 20000)
	for i := range outs {
		outs[i] = node.NewCall(f, []*node.Node{node.NewLiteral(i, node.Options{}, 0)}, node.Options{}, 0)
	}
	g, err := graph.Build(outs)
	require.NoError(t, err)
	start := time.Now()
	_, err = scheduler.Threads(2).Run(context.Background(), g, scheduler.Config{})
	require.NoError(t, err)
	whole := time.Since(start)
	for i := range runs {
		ctx, cancel := context.WithCancel(context.Background())
		d := time.Duration(rand.Int64N(int64(whole) / 4))
		go func() { time.Sleep(d); cancel() }()
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = scheduler.Threads(2).Run(ctx, g, scheduler.Config{})
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("run %d hung (cancelled after %v)\n%s", i, d, buf)
		}
		cancel()
	}
}
