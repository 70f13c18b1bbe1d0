package node

import (
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Registered is a function every process of the program knows by name:
// what lets a worker process (or a remote worker) run a call it was sent as
// a name and argument values, never as code.
type Registered struct {
	Name string
	Func *Func // how to invoke it
	Fn   any   // the function value
}

var registry = struct {
	mu      sync.RWMutex // protects the maps
	byName  map[string]Registered
	byIdent map[Sum]string
}{byName: map[string]Registered{}, byIdent: map[Sum]string{}}

// Register records fn, described by f, under name, or under f.Name() when
// name is "" (for an instance of a generic function, whose runtime name
// ends in "[...]" for every instance, the dots are replaced by its type).
// Call it from package init (or before main's worker hook), so that the
// parent and every worker register the same set. Registering the same
// function under the same name again is allowed; another function under a
// taken name, or a closure or method value (their captured state cannot
// travel), is an error.
//
// The concrete types of fn's parameters and results are registered with
// encoding/gob, the codec of worker processes, so that their values can
// also travel inside interface values. Whether the types can be encoded at
// all is checked by the executors, when a graph calling fn is run.
func Register(name string, f *Func, fn any) error {
	if f == nil {
		return fmt.Errorf("node: Register %q: nil function", name)
	}
	if isClosure(f.name) {
		return fmt.Errorf("node: Register %s: closures and method values cannot be registered, because what they capture cannot be sent to another process; use a top-level function", f.name)
	}
	if name == "" {
		name = defaultName(f)
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if prev, ok := registry.byName[name]; ok {
		if prev.Func.ident == f.ident {
			return nil
		}
		return fmt.Errorf("node: Register: name %q is taken by %s; give one of them another name", name, prev.Func.name)
	}
	if err := registerGobTypes(f.typ); err != nil {
		return fmt.Errorf("node: Register %s: %w", name, err)
	}
	registry.byName[name] = Registered{Name: name, Func: f, Fn: fn}
	registry.byIdent[f.ident] = name
	return nil
}

// defaultName is f's runtime name, made unique for generic instances.
func defaultName(f *Func) string {
	if i := strings.Index(f.name, "[...]"); i >= 0 {
		return f.name[:i] + "[" + f.typ.String() + "]" + f.name[i+len("[...]"):]
	}
	return f.name
}

// Lookup returns the function registered under name.
func Lookup(name string) (Registered, bool) {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	r, ok := registry.byName[name]
	return r, ok
}

// RegisteredName returns the name f's function was registered under,
// whichever constructor described it.
func RegisteredName(f *Func) (string, bool) {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	name, ok := registry.byIdent[f.ident]
	return name, ok
}

// IsClosure reports whether f is a function literal or a method value:
// a function whose behaviour may depend on captured state, which can
// neither be registered nor sent to another process.
func IsClosure(f *Func) bool { return isClosure(f.name) }

// registerGobTypes registers with gob the concrete types among fn's
// parameters and results. A type that gob already knows under another name
// is left as it is; a name that another type holds is an error.
func registerGobTypes(fn reflect.Type) error {
	var types []reflect.Type
	for i := range fn.NumIn() {
		t := fn.In(i)
		if fn.IsVariadic() && i == fn.NumIn()-1 {
			types = append(types, t.Elem())
		}
		types = append(types, t)
	}
	for i := range fn.NumOut() {
		types = append(types, fn.Out(i))
	}
	for _, t := range types {
		switch t.Kind() {
		case reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			continue // no values to send, or nothing gob can send
		}
		if err := registerGob(t); err != nil {
			return err
		}
	}
	return nil
}

func registerGob(t reflect.Type) (err error) {
	defer func() {
		p := recover()
		if msg, _ := p.(string); p != nil && !strings.Contains(msg, "duplicate names") {
			err = fmt.Errorf("registering %s with encoding/gob: %v", t, p)
		}
	}()
	gob.Register(reflect.Zero(t).Interface())
	return nil
}
