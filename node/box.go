package node

import (
	"reflect"
	"unsafe"
)

// Boxes is a worker's supply of memory for the results of its tasks.
//
// An interface value holding an int, a float64 or another small value
// without pointers points at a heap copy of it, and allocating that copy
// is a fifth of what a tiny task costs. [Box] carves the copies out of
// blocks instead: one allocation for hundreds of results. A block stays
// in memory while any value boxed in it is referenced, so Box takes only
// values of at most maxBoxed bytes, blocks start at firstBlock words and
// double up to maxBlock (4 KiB), and results that may be kept after the
// run stay out of blocks: a scheduler passes nil Boxes for outputs, and
// gives a task whose Func may pass its arguments on as they are (see
// [Func.CopyingArgs]) boxes of their own ([Func.Rebox]).
//
// A scheduler keeps one Boxes per worker and passes it to [Func.Invoke];
// it is not safe for concurrent use. The zero value is ready to use, and a
// nil *Boxes makes Box allocate as a conversion to any does.
type Boxes struct {
	free []uint64
	size int      // words of the last block
	plan *boxPlan // of the Func being invoked; set by Func.Invoke
}

const (
	firstBlock = 8   // words of the first block
	maxBlock   = 512 // words of the largest blocks: 4 KiB
	maxBoxed   = 16  // bytes: two words
)

// A boxPlan says how to box the results of one Func: the type words of
// the interface values holding its result type and a pointer to it, and
// how many words a result takes. Funcs whose results are pointers,
// interfaces, strings, slices or larger values have none.
type boxPlan struct {
	typ, ptrTyp unsafe.Pointer
	size        uintptr // bytes of a result
	words       int
	// static is the size of the integers and floats that the runtime
	// boxes without allocating while their bits are below 256 (it points
	// at a static table), which Box then leaves to it; 0 for other types.
	static uintptr
}

// eface is the layout of an interface value of type any, as the runtime
// and package reflect keep it: the dynamic type, then a pointer to the
// value (for the types boxPlan admits, which are never pointer-shaped).
type eface struct {
	typ, data unsafe.Pointer
}

func efaceOf(v *any) *eface { return (*eface)(unsafe.Pointer(v)) }

// newBoxPlan returns the plan for results of type out, or nil when they
// are not small values without pointers.
func newBoxPlan(out reflect.Type) *boxPlan {
	if out == nil || out.Size() == 0 || out.Size() > maxBoxed || hasPointers(out) {
		return nil
	}
	var static uintptr
	switch out.Kind() {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		return nil // every value is in the runtime's static table
	case reflect.Int16, reflect.Uint16, reflect.Int32, reflect.Uint32, reflect.Float32,
		reflect.Int, reflect.Uint, reflect.Int64, reflect.Uint64, reflect.Uintptr, reflect.Float64:
		static = out.Size()
	}
	v := reflect.New(out).Elem().Interface()
	p := reflect.New(out).Interface()
	return &boxPlan{
		typ:    efaceOf(&v).typ,
		ptrTyp: efaceOf(&p).typ,
		size:   out.Size(),
		words:  int((out.Size() + 7) / 8),
		static: static,
	}
}

// hasPointers reports whether values of t contain pointers: the garbage
// collector must not find them in a block of plain words.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	}
	return true
}

// Box returns v as an interface value, copied into b's current block when
// R is the result type of the Func being invoked (as it is in the invoker
// given to [NewFunc]) and a small value without pointers; otherwise it
// converts v as any(v) does. Invokers return Box(b, result) instead of
// result so that small results cost no allocation each.
func Box[R any](b *Boxes, v R) any {
	if b == nil || b.plan == nil {
		return v
	}
	// R must be exactly the type the plan is for: compare the type words
	// of *R, which converting a nil *R gives without allocating.
	var np any = (*R)(nil)
	if efaceOf(&np).typ != b.plan.ptrTyp {
		return v
	}
	if b.plan.static != 0 && staticBits(unsafe.Pointer(&v), b.plan.static) {
		return v
	}
	k := b.plan.words
	if len(b.free) < k {
		b.size = min(max(2*b.size, firstBlock), maxBlock)
		b.free = make([]uint64, b.size)
	}
	p := unsafe.Pointer(&b.free[0])
	b.free = b.free[k:]
	*(*R)(p) = v
	var out any
	e := efaceOf(&out)
	e.typ, e.data = b.plan.typ, p
	return out
}

// Rebox returns v, a result of f, in an interface value of its own when
// f's results may be boxed in a block of [Boxes]: for readers that may
// keep the interface value (see [Func.CopyingArgs]). Other values are
// returned as they are.
func (f *Func) Rebox(v any) any {
	p := f.box
	if p == nil {
		return v
	}
	e := efaceOf(&v)
	if e.typ != p.typ {
		return v
	}
	c := make([]uint64, p.words)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&c[0])), p.size), unsafe.Slice((*byte)(e.data), p.size))
	var out any
	o := efaceOf(&out)
	o.typ, o.data = p.typ, unsafe.Pointer(&c[0])
	return out
}

// staticBits reports whether the integer or float of the given size at p
// has bits below 256: a value the runtime boxes from its static table.
func staticBits(p unsafe.Pointer, size uintptr) bool {
	switch size {
	case 2:
		return *(*uint16)(p) < 256
	case 4:
		return *(*uint32)(p) < 256
	case 8:
		return *(*uint64)(p) < 256
	}
	return false
}
