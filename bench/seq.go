package bench

import "context"

// buildSeq builds the floor: the task list, run by a plain loop in
// topological order with no scheduling at all.
func buildSeq(s Shape) (Runner, error) {
	d := s.DAG()
	return func(context.Context) (int, error) {
		vals := make([]int, d.Len())
		for i := range vals {
			vals[i] = work(vals, d.Deps(i))
		}
		return vals[len(vals)-1], nil
	}, nil
}
