package processes

import "syscall"

// selfExe re-executes the running binary even when its file has been
// replaced or removed since it started (go run removes its binary only at
// exit, but a rebuild may replace it).
func selfExe() (string, error) { return "/proc/self/exe", nil }

// sysProcAttr puts each worker in a process group of its own, so that a
// terminal's Ctrl-C reaches the parent only (which then decides) and a
// kill takes whatever the task started; and asks the kernel to kill the
// worker when the parent dies, in addition to the worker's own exit when
// its task pipe closes.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
