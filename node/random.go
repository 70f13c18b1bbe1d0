package node

import (
	"bufio"
	"crypto/rand"
	"sync"
)

// randReader hands out crypto/rand bytes from a buffer, so that a graph of
// many impure nodes costs one system call per 256 keys rather than one per
// key. It is the package's own pool: uuid.EnableRandPool would change the
// behaviour of every other user of github.com/google/uuid in the program.
var randReader = &lockedReader{r: bufio.NewReaderSize(rand.Reader, 16*256)}

type lockedReader struct {
	mu sync.Mutex // protects r
	r  *bufio.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}
