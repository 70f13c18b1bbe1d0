package processes

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The protocol between the parent and a worker: frames on two dedicated
// pipes (the worker's file descriptors 3 and 4), never on stdout or
// stderr, so nothing a task prints can corrupt it.
//
// A frame is a 4-byte little-endian length and that many bytes: a kind
// byte, a header of varints and strings, and for values a gob payload. Each
// direction keeps one gob stream for the life of the worker, so a type's
// description crosses once; a frame whose flags hold flagNewStream starts a
// new stream (the sender's encoder failed halfway and was replaced).
//
//	hello   worker→parent  version, pid
//	task    parent→worker  flags, seq, timeout ns, function name, one nil-flag per argument, gob
//	result  worker→parent  flags, seq, nil-flag, gob
//	failure worker→parent  seq, failure kind, error type, message, stack, retire
const protocolVersion = 1

const (
	kindHello byte = iota + 1
	kindTask
	kindResult
	kindFailure
)

const flagNewStream byte = 1

// maxFrame bounds a frame; larger values belong in files whose names the
// tasks pass around.
const maxFrame = 1 << 30

// Failure kinds, for errors a task or the worker reports.
const (
	failError   byte = iota + 1 // the function returned an error
	failPanic                   // the function panicked
	failGoexit                  // the function called runtime.Goexit
	failCodec                   // a value could not be encoded or decoded
	failUnknown                 // the function is not registered in the worker
)

var errFrameTooLarge = fmt.Errorf("processes: frame larger than %d bytes; pass large data through files", maxFrame)

// keepBuf bounds the buffers kept from one frame to the next, so that one
// huge value does not pin its memory for the worker's life.
const keepBuf = 1 << 20

// frameBuf builds one frame: reserve the length, append, then finish.
type frameBuf struct{ b []byte }

func (f *frameBuf) start(kind byte) {
	if cap(f.b) > keepBuf {
		f.b = nil
	}
	f.b = append(f.b[:0], 0, 0, 0, 0, kind)
}

func (f *frameBuf) byte(c byte)     { f.b = append(f.b, c) }
func (f *frameBuf) uint(x uint64)   { f.b = binary.AppendUvarint(f.b, x) }
func (f *frameBuf) int(x int64)     { f.b = binary.AppendVarint(f.b, x) }
func (f *frameBuf) string(s string) { f.uint(uint64(len(s))); f.b = append(f.b, s...) }
func (f *frameBuf) Write(p []byte) (int, error) {
	f.b = append(f.b, p...)
	return len(p), nil
}

// finish writes the length and returns the frame.
func (f *frameBuf) finish() ([]byte, error) {
	n := len(f.b) - 4
	if n > maxFrame {
		return nil, errFrameTooLarge
	}
	binary.LittleEndian.PutUint32(f.b, uint32(n))
	return f.b, nil
}

// readFrame reads one frame into buf (grown as needed) and returns its
// body: the kind byte and what follows.
func readFrame(r io.Reader, buf []byte) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return buf, err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if n == 0 || n > maxFrame {
		return buf, fmt.Errorf("processes: bad frame length %d", n)
	}
	if cap(buf) < int(n) || (cap(buf) > keepBuf && n <= keepBuf) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return buf, err
	}
	return buf, nil
}

// parser reads a frame body. The first malformed field sets err, and
// every later read returns zero.
type parser struct {
	b   []byte
	err error
}

var errShortFrame = errors.New("processes: malformed frame")

func (p *parser) byte() byte {
	if p.err != nil || len(p.b) == 0 {
		p.err = errShortFrame
		return 0
	}
	c := p.b[0]
	p.b = p.b[1:]
	return c
}

func (p *parser) uint() uint64 {
	if p.err != nil {
		return 0
	}
	x, n := binary.Uvarint(p.b)
	if n <= 0 {
		p.err = errShortFrame
		return 0
	}
	p.b = p.b[n:]
	return x
}

func (p *parser) int() int64 {
	if p.err != nil {
		return 0
	}
	x, n := binary.Varint(p.b)
	if n <= 0 {
		p.err = errShortFrame
		return 0
	}
	p.b = p.b[n:]
	return x
}

func (p *parser) bytes() []byte {
	n := p.uint()
	if p.err != nil || uint64(len(p.b)) < n {
		p.err = errShortFrame
		return nil
	}
	s := p.b[:n]
	p.b = p.b[n:]
	return s
}

func (p *parser) string() string { return string(p.bytes()) }

// payload is the rest of a frame, read by a gob decoder that outlives
// frames: set it to each frame's gob bytes before decoding. It implements
// io.ByteReader so that gob reads exactly what it needs, never ahead.
type payload struct{ b []byte }

func (r *payload) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func (r *payload) ReadByte() (byte, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c, nil
}
