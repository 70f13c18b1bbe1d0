package processes

import (
	"bufio"
	"encoding/gob"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
)

// proc is the parent's handle on one worker process. Tasks are run
// through it by one goroutine at a time (the one that holds its slot);
// kill and shutdown may be called from any goroutine.
type proc struct {
	slot int
	pid  int
	cmd  *exec.Cmd
	in   *os.File // tasks, written by the parent
	out  *os.File // results, read by the parent
	life *os.File // the lifeline: closing it makes the worker exit at once

	// Used by the goroutine holding the slot.
	rd        *bufio.Reader
	rbuf      []byte
	fb        frameBuf
	enc       *gob.Encoder
	newStream bool // the encoder was replaced: tell the worker
	dec       *gob.Decoder
	pl        payload
	seq       uint64
	broken    bool // dead, killed, or its streams are out of step: shut it down

	killed  atomic.Bool // the parent killed it (timeout, cancellation, close)
	stderr  tail
	outputs sync.WaitGroup // the two forwarders
	pipes   [2]*os.File    // read ends of its stdout and stderr

	exited chan struct{}    // closed once the process has been waited for
	state  *os.ProcessState // set before exited is closed

	shutOnce sync.Once
}
