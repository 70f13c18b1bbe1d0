package node

import (
	"fmt"
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

// Register records fn, described by f, under name, or f.Name() when name
// is "". Call it from package init (or before main's worker hook), so that
// the parent and every worker register the same set. Registering the same
// function under the same name again is allowed; another function under a
// taken name, or a closure or method value (their captured state cannot
// travel), is an error.
func Register(name string, f *Func, fn any) error {
	if f == nil {
		return fmt.Errorf("node: Register %q: nil function", name)
	}
	if isClosure(f.name) {
		return fmt.Errorf("node: Register %s: closures and method values cannot be registered, because what they capture cannot be sent to another process; use a top-level function", f.name)
	}
	if name == "" {
		name = f.name
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if prev, ok := registry.byName[name]; ok {
		if prev.Func.ident == f.ident {
			return nil
		}
		return fmt.Errorf("node: Register: name %q is taken by %s", name, prev.Func.name)
	}
	registry.byName[name] = Registered{Name: name, Func: f, Fn: fn}
	registry.byIdent[f.ident] = name
	return nil
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
