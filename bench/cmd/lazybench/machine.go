package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes where the run happens: CPU model and count from
// /proc/cpuinfo, Go version, GOMAXPROCS.
func machine() string {
	model, cpus := "unknown CPU", 0
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			switch k = strings.TrimSpace(k); {
			case !ok:
			case k == "model name":
				model = strings.TrimSpace(v)
			case k == "processor":
				cpus++
			}
		}
		f.Close()
	}
	if cpus == 0 {
		cpus = runtime.NumCPU()
	}
	return fmt.Sprintf("%s × %d (%s/%s), %s, GOMAXPROCS=%d",
		model, cpus, runtime.GOOS, runtime.GOARCH, runtime.Version(), runtime.GOMAXPROCS(0))
}

// coreVersion names the lazy being measured: the commit of the parent
// repository and whether the core (everything outside bench/ and docs/)
// had uncommitted changes.
func coreVersion() string {
	out, err := exec.Command("git", "-C", "..", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "lazy at an unknown commit"
	}
	v := "lazy at " + strings.TrimSpace(string(out))
	dirty, err := exec.Command("git", "-C", "..", "status", "--porcelain", "--", ".", ":!bench", ":!docs").Output()
	if err == nil && len(strings.TrimSpace(string(dirty))) > 0 {
		v += " with uncommitted changes to the core"
	}
	return v
}
