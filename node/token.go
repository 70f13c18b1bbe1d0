package node

import (
	"cmp"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"
)

// Tokenizer lets a type say what its value is for keys, as dask's
// __dask_tokenize__ does. Tokenize returns a value that stands for the
// receiver and is itself tokenized: typically a string, a number or a small
// struct of the fields that matter. A type whose values hold pointers but
// are logically immutable (a parsed config, a file name wrapper) implements
// it to let calls on its values merge.
type Tokenizer interface {
	Tokenize() any
}

// Domain tags keep values of different kinds apart in the hash.
const (
	tagCall uint64 = iota + 0x6c617a79_00000001
	tagGiven
	tagFunc
	tagNil
	tagBool
	tagInt
	tagUint
	tagFloat
	tagComplex
	tagString
	tagBytes
	tagSeq
	tagMap
	tagStruct
	tagTime
	tagTokenizer
	tagCollect
	tagInt64
	tagLiteral
)

// maxDepth bounds nesting: deeper values (or self-referencing ones, which
// only interfaces can build) are not tokenized and make the node impure.
const maxDepth = 64

// Token returns the 128-bit token of v and whether v could be read
// deterministically. Values of different types never share a token, nor
// do a nil slice or map and an empty one (functions can tell them apart). It is false for pointers, channels, functions, unsafe
// pointers and values that contain them: calls on such values must never
// merge, because the value does not say everything about what it refers to.
func Token(v any) (Sum, bool) {
	h := newHasher(0)
	if !tokenAny(&h, v, 0) {
		return Sum{}, false
	}
	return h.final(), true
}

func tokenAny(h *hasher, v any, depth int) bool {
	// Fast paths for the common unnamed types: no reflection, no allocation.
	switch x := v.(type) {
	case nil:
		h.word(tagNil)
		return true
	case int:
		h.word(tagInt)
		h.word(uint64(x))
		return true
	case int64:
		h.word(tagInt64)
		h.word(uint64(x))
		return true
	case string:
		h.word(tagString)
		h.string(x)
		return true
	case float64:
		h.word(tagFloat)
		h.word(math.Float64bits(x))
		return true
	case bool:
		h.word(tagBool)
		h.word(b2u(x))
		return true
	case []byte:
		h.word(tagBytes)
		if x == nil { // nil and empty differ, as in the reflective path below
			h.word(tagNil)
			return true
		}
		h.bytes(x)
		return true
	case time.Time:
		b, err := x.MarshalBinary()
		if err != nil {
			return false
		}
		h.word(tagTime)
		h.bytes(b)
		return true
	case Tokenizer:
		if depth >= maxDepth {
			return false
		}
		h.word(tagTokenizer)
		h.word(typeHash(reflect.TypeOf(v)))
		return tokenAny(h, x.Tokenize(), depth+1)
	}
	return tokenValue(h, reflect.ValueOf(v), depth)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

var tokenizerType = reflect.TypeFor[Tokenizer]()

// tokenValue hashes v by value; it reads unexported fields too, since they
// are part of the value.
func tokenValue(h *hasher, v reflect.Value, depth int) bool {
	if depth >= maxDepth {
		return false
	}
	t := v.Type()
	if t.Implements(tokenizerType) && v.CanInterface() {
		return tokenAny(h, v.Interface(), depth)
	}
	h.word(typeHash(t))
	switch t.Kind() {
	case reflect.Bool:
		h.word(b2u(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.word(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.word(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.word(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.word(math.Float64bits(real(c)))
		h.word(math.Float64bits(imag(c)))
	case reflect.String:
		h.string(v.String())
	case reflect.Array, reflect.Slice:
		if t.Kind() == reflect.Slice && v.IsNil() {
			h.word(tagNil)
			return true
		}
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			h.bytes(v.Bytes())
			return true
		}
		h.word(tagSeq)
		h.word(uint64(v.Len()))
		for i := range v.Len() {
			if !tokenValue(h, v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		return tokenMap(h, v, depth)
	case reflect.Struct:
		h.word(tagStruct)
		for i := range v.NumField() {
			if !tokenValue(h, v.Field(i), depth+1) {
				return false
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			h.word(tagNil)
			return true
		}
		return tokenValue(h, v.Elem(), depth+1)
	default: // Pointer, Chan, Func, UnsafePointer
		return false
	}
	return true
}

// tokenMap hashes a map in the order of its keys' tokens, so that equal
// maps hash alike whatever their iteration order.
func tokenMap(h *hasher, v reflect.Value, depth int) bool {
	if v.IsNil() {
		h.word(tagNil)
		return true
	}
	type pair struct{ k, v Sum }
	pairs := make([]pair, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		kh, vh := newHasher(0), newHasher(0)
		if !tokenValue(&kh, it.Key(), depth+1) || !tokenValue(&vh, it.Value(), depth+1) {
			return false
		}
		pairs = append(pairs, pair{kh.final(), vh.final()})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(a.k[0], b.k[0]), cmp.Compare(a.k[1], b.k[1]))
	})
	h.word(tagMap)
	h.word(uint64(len(pairs)))
	for _, p := range pairs {
		h.sum(p.k)
		h.sum(p.v)
	}
	return true
}

var typeHashes sync.Map // reflect.Type -> uint64

// typeHash names a type by package path and name, so that equal values of
// different types (int 1 and MyInt 1) get different tokens.
func typeHash(t reflect.Type) uint64 {
	if v, ok := typeHashes.Load(t); ok {
		return v.(uint64)
	}
	h := newHasher(0)
	h.string(t.PkgPath())
	h.string(t.String())
	s := h.final()
	typeHashes.Store(t, s[0])
	return s[0]
}
