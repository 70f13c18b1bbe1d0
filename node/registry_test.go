package node_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/node"
)

func regSquare(x int) int { return x * x }
func regCube(x int) int   { return x * x * x }
func regNever(x int) int  { return -x }

func regFirst[T any](xs []T) T { return xs[0] }

// RegPoint reaches gob only through Register: values of it can then
// travel inside interface values.
type RegPoint struct{ X, Y int }

func regNorm(p RegPoint) int { return p.X*p.X + p.Y*p.Y }

func regFunc(t *testing.T, fn any) *node.Func {
	t.Helper()
	ft := reflect.TypeOf(fn)
	f, err := node.NewFunc(fn, ft.Out(0), func(context.Context, any, []any, *node.Boxes) (any, error) { return nil, nil }, node.Options{})
	require.NoError(t, err)
	return f
}

func TestRegisterAndLookup(t *testing.T) {
	f := regFunc(t, regSquare)
	require.NoError(t, node.Register("", f, regSquare))
	require.NoError(t, node.Register("", f, regSquare), "registering again is a no-op")

	name, ok := node.RegisteredName(f)
	require.True(t, ok)
	assert.Equal(t, "github.com/lazygraph/lazy/node_test.regSquare", name)
	// Another description of the same function has the same name.
	name2, ok := node.RegisteredName(regFunc(t, regSquare))
	assert.True(t, ok)
	assert.Equal(t, name, name2)

	r, ok := node.Lookup(name)
	require.True(t, ok)
	assert.Equal(t, name, r.Name)
	assert.Equal(t, f.Type(), r.Func.Type())

	_, ok = node.Lookup("no.such.function")
	assert.False(t, ok)
	_, ok = node.RegisteredName(regFunc(t, regNever))
	assert.False(t, ok, "an unregistered function has no name")
}

func TestRegisterRefuses(t *testing.T) {
	require.NoError(t, node.Register("reg.taken", regFunc(t, regCube), regCube))
	err := node.Register("reg.taken", regFunc(t, regSquare), regSquare)
	assert.ErrorContains(t, err, `name "reg.taken" is taken by github.com/lazygraph/lazy/node_test.regCube`)

	k := 3
	closure := func(x int) int { return x + k }
	err = node.Register("", regFunc(t, closure), closure)
	assert.ErrorContains(t, err, "closures and method values cannot be registered")
	assert.True(t, node.IsClosure(regFunc(t, closure)))
	assert.False(t, node.IsClosure(regFunc(t, regCube)))

	assert.Error(t, node.Register("x", nil, nil))
}

// Instances of a generic function share a runtime name ("pkg.F[...]");
// each is registered under a name holding its type.
func TestRegisterGenericInstances(t *testing.T) {
	fi, fs := regFunc(t, regFirst[int]), regFunc(t, regFirst[string])
	require.NoError(t, node.Register("", fi, regFirst[int]))
	require.NoError(t, node.Register("", fs, regFirst[string]))
	ni, _ := node.RegisteredName(fi)
	ns, _ := node.RegisteredName(fs)
	assert.Equal(t, "github.com/lazygraph/lazy/node_test.regFirst[func([]int) int]", ni)
	assert.Equal(t, "github.com/lazygraph/lazy/node_test.regFirst[func([]string) string]", ns)
}

// Register registers the concrete parameter and result types with gob,
// so their values can travel as interface values.
func TestRegisterRegistersTypesWithGob(t *testing.T) {
	var in any = RegPoint{1, 2}
	var buf bytes.Buffer
	f := regFunc(t, regNorm)
	if _, done := node.RegisteredName(f); !done { // a repeated test run registered it already
		require.Error(t, gob.NewEncoder(&buf).Encode(&in), "RegPoint is not known to gob before Register")
	}
	require.NoError(t, node.Register("", f, regNorm))
	buf.Reset()
	require.NoError(t, gob.NewEncoder(&buf).Encode(&in))
	var out any
	require.NoError(t, gob.NewDecoder(&buf).Decode(&out))
	assert.Equal(t, in, out)
}
