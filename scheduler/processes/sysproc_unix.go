//go:build unix

package processes

import (
	"os"
	"syscall"
)

func killProcess(p *os.Process) { syscall.Kill(-p.Pid, syscall.SIGKILL) }

// killGroup kills what is left of a worker's process group.
func killGroup(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }

func closeOnExec(fd int) { syscall.CloseOnExec(fd) }

// exitInfo returns the exit code (-1 when signalled) and the signal.
func exitInfo(s *os.ProcessState) (int, syscall.Signal) {
	if s == nil {
		return -1, 0
	}
	if ws, ok := s.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, ws.Signal()
	}
	return s.ExitCode(), 0
}
