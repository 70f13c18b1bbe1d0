package lazy_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expectations holds what some example programs must print and write;
// every program under examples/ must at least run and exit 0.
var expectations = map[string]struct {
	stdout []string
	files  []string
	absent []string // files it must not leave behind
}{
	"quickstart": {
		stdout: []string{
			"a = 4, b = 14 (add ran 2 times: once for x, once for b)",
			"highest price in 3 files: 119.00",
		},
		files: []string{"quickstart.dot"},
	},
	"isolation": {
		stdout: []string{
			"the pool replaced it: 2 workers",
			"report: a.img:191 b.img:190 c.img:191 e.img:191 f.img:190 total 953 bytes",
			"the report computes again unchanged",
		},
		files:  []string{"isolation.dot"},
		absent: []string{"c.img.crashed"},
	},
}

// TestExamplesRun runs every program under examples/ as a user would, with
// go run, writing its files to a temporary directory.
func TestExamplesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every program under examples/; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	entries, err := os.ReadDir("examples")
	require.NoError(t, err)
	ran := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		ran++
		t.Run(e.Name(), func(t *testing.T) {
			out := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, goTool, "run", "./examples/"+e.Name(), "-out", out)
			stdout, err := cmd.Output()
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			want := expectations[e.Name()]
			for _, line := range want.stdout {
				assert.Contains(t, string(stdout), line)
			}
			for _, f := range want.files {
				b, err := os.ReadFile(filepath.Join(out, f))
				require.NoError(t, err)
				assert.Contains(t, string(b), "digraph")
			}
			for _, f := range want.absent {
				assert.NoFileExists(t, filepath.Join(out, f))
			}
		})
	}
	require.NotZero(t, ran, "no example programs found")
}
