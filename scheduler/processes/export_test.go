package processes

import (
	"encoding/gob"

	"github.com/lazygraph/lazy/node"
)

// ParseFrame feeds a frame body to the worker's task parser and to the
// parent's reply parser, as a fuzz target does.
func ParseFrame(body []byte) {
	s := &server{sigs: map[string]*signature{}}
	s.dec = gob.NewDecoder(&s.pl)
	s.parse(body)
	w := &proc{}
	w.dec = gob.NewDecoder(&w.pl)
	w.reply(&signature{out: anyType}, body)
}

// TaskFrame returns the body of a task frame calling the function
// registered as name with args, as the parent sends it.
func TaskFrame(name string, args ...any) []byte {
	reg, ok := node.Lookup(name)
	if !ok {
		panic("not registered: " + name)
	}
	sig := signatureOf(reg)
	var fb frameBuf
	enc := gob.NewEncoder(&fb)
	fb.start(kindTask)
	fb.byte(0)
	fb.uint(1)
	fb.int(0)
	fb.string(name)
	fb.uint(uint64(len(args)))
	flags := len(fb.b)
	fb.b = append(fb.b, make([]byte, len(args))...)
	for i, a := range args {
		f, err := encodeValue(enc, sig.param(i), a)
		if err != nil {
			panic(err)
		}
		fb.b[flags+i] = f
	}
	return fb.b[4:]
}
