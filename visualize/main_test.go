package visualize_test

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Rendering starts processes and goroutines to feed them; none may outlive
// a test.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
