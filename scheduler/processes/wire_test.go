//go:build unix

package processes_test

import (
	"testing"

	"github.com/lazygraph/lazy/scheduler/processes"
)

// FuzzFrames feeds arbitrary frame bodies to both sides' parsers: a
// malformed frame must be an error, never a panic or a hang.
func FuzzFrames(f *testing.F) {
	f.Add(processes.TaskFrame("github.com/lazygraph/lazy/scheduler/processes_test.norm", Point{3, 4}))
	f.Add(processes.TaskFrame("github.com/lazygraph/lazy/scheduler/processes_test.describe", Point{1, 2}))
	f.Add(processes.TaskFrame("github.com/lazygraph/lazy/scheduler/processes_test.sum", []int{1, 2, 3}))
	f.Add([]byte{3, 0, 1, 0, 5, 'x'})
	f.Add([]byte{4, 1, 2, 3})
	f.Fuzz(func(t *testing.T, body []byte) {
		processes.ParseFrame(body)
	})
}
