package lazy

import (
	"fmt"
	"reflect"

	"github.com/lazygraph/lazy/node"
)

// Register makes fn known by name to every process of the program, so
// that executors outside the calling process (worker processes of
// package scheduler/processes) can run its calls: a task names its
// function and carries argument values, never code. The name is fn's
// runtime symbol, such as "github.com/you/app/pkg.Resize"; see
// [RegisterName] to choose one.
//
// Call it from an init function of fn's package (or a package-level var
// declaration), never from main after the worker hook, so that the parent
// and every worker register the same set:
//
//	func init() { lazy.Register(Resize) }
//
// Nodes built for fn by any constructor ([Func2], [Delayed], ...) then
// carry the name. The concrete types of fn's parameters and results are
// registered with encoding/gob. fn must be a top-level function: closures
// and method values are refused, because what they capture cannot travel.
//
// Like gob.Register, Register panics on misuse: fn is not a function, has
// an unsupported shape (see [Delayed]), is a closure or method value, or
// its name is taken by another function. Registering the same function
// again is a no-op.
func Register(fn any) { register("", fn) }

// RegisterName is [Register] under a name of the caller's choice: a name
// that stays the same when the function moves to another package, or one
// that tells instances of a generic function apart.
func RegisterName(name string, fn any) {
	if name == "" {
		panic("lazy: RegisterName: empty name")
	}
	register(name, fn)
}

func register(name string, fn any) {
	if fn == nil {
		panic("lazy: Register: nil function")
	}
	t := reflect.TypeOf(fn)
	if t.Kind() != reflect.Func {
		panic(fmt.Sprintf("lazy: Register: %T is not a function", fn))
	}
	if reflect.ValueOf(fn).IsNil() {
		panic(fmt.Sprintf("lazy: Register: nil function of type %T", fn))
	}
	sh := shapeOf(t)
	if sh.err != nil {
		panic("lazy: Register: " + sh.err.Error())
	}
	f, err := node.NewFunc(fn, sh.out, sh.invoker(), node.Options{})
	if err != nil {
		panic("lazy: Register: " + err.Error())
	}
	if err := node.Register(name, f, fn); err != nil {
		panic("lazy: " + err.Error())
	}
}
