package visualize

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// previewLen is how many characters of a value a literal's label shows.
const previewLen = 24

// preview returns a short, deterministic, one-line text for a literal's
// label. It never prints addresses (pointers show their type) or walks
// large values: containers of more than a few elements show their type and
// length, so a preview costs the same for a 1 GiB slice as for a number.
func preview(v any) string {
	var b strings.Builder
	previewValue(&b, reflect.ValueOf(v), 0)
	return truncate(b.String(), previewLen)
}

const (
	maxPreviewElems = 8 // containers with more show "[]T len=N"
	maxPreviewDepth = 2
)

func previewValue(b *strings.Builder, v reflect.Value, depth int) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	if b.Len() > previewLen {
		return // the rest is cut anyway
	}
	switch v.Kind() {
	case reflect.String:
		// Quote to tell "5" from 5; cut first so a huge string is not copied.
		s := v.String()
		if len(s) > 4*previewLen {
			s = s[:4*previewLen]
		}
		b.WriteString(strconv.Quote(s))
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		if s, ok := stringer(v); ok {
			b.WriteString(s)
			return
		}
		previewBasic(b, v)
	case reflect.Slice, reflect.Array, reflect.Map:
		if v.Kind() != reflect.Array && v.IsNil() {
			fmt.Fprintf(b, "%s(nil)", v.Type().String())
			return
		}
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			raw := v.Bytes()
			b.WriteString(strconv.Quote(string(raw[:min(len(raw), 4*previewLen)])))
			return
		}
		if v.Len() > maxPreviewElems || depth >= maxPreviewDepth || v.Kind() == reflect.Map {
			fmt.Fprintf(b, "%s len=%d", v.Type().String(), v.Len())
			return
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(' ')
			}
			previewValue(b, v.Index(i), depth+1)
		}
		b.WriteByte(']')
	case reflect.Struct:
		if s, ok := stringer(v); ok {
			b.WriteString(s)
			return
		}
		if depth >= maxPreviewDepth || v.NumField() > maxPreviewElems {
			name := v.Type().Name() // without the package: the tooltip has it
			if name == "" {
				name = "struct"
			}
			b.WriteString(name + "{…}")
			return
		}
		b.WriteByte('{')
		for i := range v.NumField() {
			if i > 0 {
				b.WriteByte(' ')
			}
			previewValue(b, v.Field(i), depth+1)
		}
		b.WriteByte('}')
	case reflect.Interface:
		previewValue(b, v.Elem(), depth)
	default: // pointers, channels, functions: their type, never an address
		if v.Kind() == reflect.Pointer && v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(v.Type().String())
	}
}

// previewBasic writes a number or bool through reflect's accessors, which
// work on unexported struct fields too.
func previewBasic(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits()))
	default:
		fmt.Fprint(b, v.Complex())
	}
}

// stringer returns the String of named basic types that have one (enums,
// time.Duration), which say more than the number.
func stringer(v reflect.Value) (s string, ok bool) {
	if !v.CanInterface() || v.Type().PkgPath() == "" {
		return "", false
	}
	st, ok := v.Interface().(fmt.Stringer)
	if !ok {
		return "", false
	}
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	return st.String(), true
}

// truncate cuts s to at most n characters, marking the cut with "…", and
// makes it printable on one line.
func truncate(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return '·'
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}
