//go:build !unix

package processes

import (
	"errors"
	"os"
	"syscall"
)

func selfExe() (string, error) {
	return "", errors.New("processes: worker processes need a Unix system (they inherit their pipes as file descriptors)")
}

func sysProcAttr() *syscall.SysProcAttr { return nil }
func killProcess(p *os.Process)         { p.Kill() }
func killGroup(int)                     {}
func closeOnExec(int)                   {}

func exitInfo(s *os.ProcessState) (int, syscall.Signal) {
	if s == nil {
		return -1, 0
	}
	return s.ExitCode(), 0
}
