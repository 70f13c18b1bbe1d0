package node

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// Invoker runs a task: it calls fn (the user's function, as given to
// [NewFunc]) with the argument values in order. args is only valid during
// the call. Typed invokers assert their argument types, call fn directly,
// without reflection, and return their result through [Box] with b, the
// calling worker's [Boxes] (nil when it keeps none).
type Invoker func(ctx context.Context, fn any, args []any, b *Boxes) (any, error)

// Func describes a Go function once, however many nodes call it: its name,
// its identity for keys, whether its calls can merge, and how to invoke it.
// Funcs are immutable and safe for concurrent use.
type Func struct {
	name   string // full runtime name, e.g. "github.com/x/y.Add"
	short  string // e.g. "Add"
	fn     any    // the function; calls of it pass it to invoke
	typ    reflect.Type
	out    reflect.Type // static result type; nil when the function returns none
	invoke Invoker
	box    *boxPlan // for results small enough for Boxes; nil for others
	small  bool     // results are small values without pointers (see SmallResult)
	ident  Sum      // code identity: name, signature and code offset
	seed   hasher   // a call key's hash after the tag and ident, which every call of f starts with
	pure   bool     // false for closures and method values: captured state is invisible
	// byValue makes the value a call carries (its "function value") part
	// of the call's identity: for calls whose behaviour is data, such as
	// rebuilding a container around argument values.
	byValue bool
	// copies says the invoker copies argument values out of their
	// interfaces (see CopyingArgs).
	copies bool
	opts   Options
}

// NewFunc describes fn, which must be a non-nil function, to be called
// through invoke. out is the type of the value invoke returns (nil for
// none). opts apply to every node that calls it.
func NewFunc(fn any, out reflect.Type, invoke Invoker, opts Options) (*Func, error) {
	if fn == nil {
		return nil, errors.New("nil function")
	}
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("%T is not a function", fn)
	}
	if v.IsNil() {
		return nil, fmt.Errorf("nil function of type %T", fn)
	}
	info := funcInfoOf(v.Pointer(), v.Type())
	seed := newHasher(tagCall)
	seed.sum(info.ident)
	return &Func{
		name:   info.name,
		short:  info.short,
		fn:     fn,
		typ:    v.Type(),
		out:    out,
		invoke: invoke,
		box:    newBoxPlan(out),
		small:  out != nil && out.Size() <= maxBoxed && !hasPointers(out),
		ident:  info.ident,
		seed:   seed,
		pure:   info.pure && !opts.Impure,
		opts:   opts,
	}, nil
}

// NewValueFunc is [NewFunc] for functions whose calls carry a value (given
// to [NewValueCall], and to the invoker in place of the function) that is
// part of what the call is: the value's [Token] goes into the key, and two calls are the
// same only with equal values.
func NewValueFunc(fn any, out reflect.Type, invoke Invoker, opts Options) (*Func, error) {
	f, err := NewFunc(fn, out, invoke, opts)
	if err == nil {
		f.byValue = true
	}
	return f, err
}

// CopyingArgs returns a copy of f whose invoker is declared to copy every
// argument value out of its interface, as a typed invoker does for
// parameters of concrete types: it never returns or keeps an argument's
// interface value. Schedulers hand such a Func results boxed in the run's
// slots (see [Boxes]) as they are; other Funcs get them boxed anew (see
// [Func.Rebox]), since a result passed on as it is would keep the slots
// alive after the run, and change when a later run reuses them.
func (f *Func) CopyingArgs() *Func {
	c := *f
	c.copies = true
	return &c
}

// CopiesArgs reports whether f was made with [Func.CopyingArgs].
func (f *Func) CopiesArgs() bool { return f.copies }

// Name returns the function's full name as the runtime reports it.
func (f *Func) Name() string { return f.name }

// ShortName returns the name without package path, as labels show it.
func (f *Func) ShortName() string { return f.short }

// Type returns the function's type.
func (f *Func) Type() reflect.Type { return f.typ }

// Out returns the static type of the function's result, or nil.
func (f *Func) Out() reflect.Type { return f.out }

// SmallResult reports whether f's results are values of at most 16 bytes
// without pointers: a result like that, kept until the end of a run, holds
// no memory beyond its own box, so schedulers need not count its readers
// to release it early. A Func made without a result type is not: nothing
// stops its invoker from returning a large value.
func (f *Func) SmallResult() bool { return f.small }

// Pure reports whether calls with equal arguments merge.
func (f *Func) Pure() bool { return f.pure }

// Options returns the options every call of f starts from.
func (f *Func) Options() Options { return f.opts }

// Invoke calls the function through its invoker, which boxes small
// results where b says (see [Boxes.Into]); b may be nil.
func (f *Func) Invoke(ctx context.Context, fn any, args []any, b *Boxes) (any, error) {
	return f.invoke(ctx, fn, args, b)
}

type funcInfo struct {
	name, short string
	ident       Sum
	pure        bool
}

type funcInfoKey struct {
	pc  uintptr
	typ reflect.Type
}

var funcInfos sync.Map // funcInfoKey -> *funcInfo

// anchor is a fixed function whose address makes code offsets
// position-independent, so keys stay the same from one run of a binary to
// the next even when it is loaded at a random address.
func anchor() {}

var anchorPC = reflect.ValueOf(anchor).Pointer()

func funcInfoOf(pc uintptr, typ reflect.Type) *funcInfo {
	k := funcInfoKey{pc, typ}
	if v, ok := funcInfos.Load(k); ok {
		return v.(*funcInfo)
	}
	name := "unknown"
	if rf := runtime.FuncForPC(pc); rf != nil {
		name = rf.Name()
	}
	h := newHasher(tagFunc)
	h.string(name)
	h.string(typ.String())
	// Generic instances share a name ("pkg.F[...]") but not their code.
	h.word(uint64(pc - anchorPC))
	info := &funcInfo{name: name, short: shortName(name), ident: h.final(), pure: !isClosure(name)}
	funcInfos.Store(k, info)
	return info
}

// shortName strips the package path: "github.com/x/y.(*T).M" -> "(*T).M".
func shortName(name string) string {
	base := name
	if i := strings.LastIndexByte(stripBrackets(name), '/'); i >= 0 {
		base = name[i+1:]
	}
	if i := strings.IndexByte(base, '.'); i >= 0 {
		return base[i+1:]
	}
	return base
}

// isClosure reports whether a runtime function name is a function literal
// ("pkg.f.func1", "pkg.glob..func1", nested "pkg.f.func1.2"), a method value
// ("pkg.T.M-fm"), a go-statement wrapper, or a reflect.MakeFunc stub: the
// functions whose behaviour may depend on state the key cannot see.
func isClosure(name string) bool {
	if strings.HasPrefix(name, "reflect.") {
		return true
	}
	s := stripBrackets(name)
	if strings.HasSuffix(s, "-fm") {
		return true
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	parts := strings.Split(s, ".")
	for _, p := range parts[1:] { // parts[0] is the package name
		if p == "" {
			continue
		}
		if isDigits(p) || hasDigitSuffix(p, "func") || hasDigitSuffix(p, "gowrap") {
			return true
		}
	}
	return false
}

func hasDigitSuffix(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	return ok && isDigits(rest)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// stripBrackets removes generic instantiation lists, which may contain
// dots and slashes of their own.
func stripBrackets(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
