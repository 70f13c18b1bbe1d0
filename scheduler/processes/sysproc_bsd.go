//go:build unix && !linux

package processes

import (
	"os"
	"syscall"
)

func selfExe() (string, error) { return os.Executable() }

// sysProcAttr puts each worker in a process group of its own, so that a
// terminal's Ctrl-C reaches the parent only and a kill takes whatever the
// task started. Workers exit when their task pipe closes, which the parent
// dying does.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
