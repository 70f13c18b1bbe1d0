package bench

import (
	"context"

	gotaskflow "github.com/noneback/go-taskflow"
)

// buildTaskflow builds s as a go-taskflow TaskFlow: one static task per
// task of the list, with Precede edges, and an executor of the given
// concurrency (a few small allocations, counted in the build). Tasks share
// one constant name: naming each would cost the peer time for nothing.
// Running starts the flow on the executor and waits for it.
func buildTaskflow(s Shape, workers int) (Runner, error) {
	d := s.DAG()
	n := d.Len()
	vals := make([]int, n)
	tf := gotaskflow.NewTaskFlow("shape")
	tasks := make([]*gotaskflow.Task, n)
	for i := range n {
		deps := d.Deps(i)
		tasks[i] = tf.NewTask("task", func() { vals[i] = work(vals, deps) })
		for _, p := range deps {
			tasks[p].Precede(tasks[i])
		}
	}
	ex := gotaskflow.NewExecutor(uint(workers))
	return func(context.Context) (int, error) {
		ex.Run(tf).Wait()
		return vals[n-1], nil
	}, nil
}
