package node

import (
	"reflect"
	"unsafe"
)

// Boxes tells [Box] where to put the result of the call being invoked.
//
// An interface value holding an int, a float64 or another small value
// without pointers points at a heap copy of it. Allocating that copy was
// the largest single cost of a tiny task, and the collector then had to
// reclaim it. A scheduler keeps instead a [Slot] for each call's result,
// in one array of plain words for the run, and gives the worker's Boxes
// the call's Func and slot before invoking it ([Boxes.Into]); Box copies a
// small result there and returns an interface value pointing at it.
//
// The array stays in memory while any value boxed in it is referenced,
// and a scheduler reuses it for later runs, so such values must not
// outlive the run: a scheduler gives outputs no slot, and gives a task
// whose Func may pass its arguments on as they are (see
// [Func.CopyingArgs]) boxes of their own ([Func.Rebox]).
//
// A Boxes is not safe for concurrent use. The zero value, and a nil
// *Boxes, make Box convert as a conversion to any does.
type Boxes struct {
	plan *boxPlan // of the Func whose result goes in slot
	slot *Slot    // where Box puts the next small result, or nil
}

// A Slot is room for one small result (see [Func.SmallResult]).
type Slot [2]uint64

// Into makes the next [Box] through b put its value in s, when it is a
// small result of f (see [Func.SmallResult]); a nil s makes Box convert
// it as usual. A Box that takes the slot clears it: one slot holds one
// result.
func (b *Boxes) Into(f *Func, s *Slot) { b.plan, b.slot = f.box, s }

// maxBoxed is the size of the largest value Box puts in a slot.
const maxBoxed = 16

// A boxPlan says how to box the results of one Func: the type words of
// the interface values holding its result type and a pointer to it, and
// the result's size. Funcs whose results are pointers,
// interfaces, strings, slices or larger values have none.
type boxPlan struct {
	typ, ptrTyp unsafe.Pointer
	size        uintptr // bytes of a result
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
	switch out.Kind() {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		return nil // every value is in the runtime's static table
	}
	v := reflect.New(out).Elem().Interface()
	p := reflect.New(out).Interface()
	return &boxPlan{
		typ:    efaceOf(&v).typ,
		ptrTyp: efaceOf(&p).typ,
		size:   out.Size(),
	}
}

// hasPointers reports whether values of t contain pointers: the garbage
// collector must not find them in an array of plain words.
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

// Box returns v as an interface value, copied into the slot b was given
// (see [Boxes.Into]) when R is the result type of the Func being invoked
// (as it is in the invoker given to [NewFunc]) and a small value without
// pointers; otherwise it converts v as any(v) does. Invokers return
// Box(b, result) instead of result so that small results cost no
// allocation each.
func Box[R any](b *Boxes, v R) any {
	if b == nil || b.plan == nil || b.slot == nil {
		return v
	}
	// R must be exactly the type the plan is for: compare the type words
	// of *R, which converting a nil *R gives without allocating.
	var np any = (*R)(nil)
	if efaceOf(&np).typ != b.plan.ptrTyp {
		return v
	}
	p := unsafe.Pointer(b.slot)
	b.slot = nil
	*(*R)(p) = v
	var out any
	e := efaceOf(&out)
	e.typ, e.data = b.plan.typ, p
	return out
}

// Rebox returns v, a result of f, in an interface value of its own when
// f's results may be boxed in a [Slot]: for readers that may keep the
// interface value (see [Func.CopyingArgs]). Other values are returned as
// they are.
func (f *Func) Rebox(v any) any {
	p := f.box
	if p == nil {
		return v
	}
	e := efaceOf(&v)
	if e.typ != p.typ {
		return v
	}
	c := make([]uint64, (p.size+7)/8)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&c[0])), p.size), unsafe.Slice((*byte)(e.data), p.size))
	var out any
	o := efaceOf(&out)
	o.typ, o.data = p.typ, unsafe.Pointer(&c[0])
	return out
}
