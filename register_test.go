package lazy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/node"
)

func regTwice(x int) int                                    { return 2 * x }
func regCtx(_ context.Context, a, b string) (string, error) { return a + b, nil }
func regVariadic(xs ...int) int                             { return len(xs) }

// Nodes built by any constructor carry the name of a registered function.
func TestRegisterNamesNodes(t *testing.T) {
	lazy.Register(regTwice)
	lazy.Register(regTwice) // again: a no-op
	lazy.RegisterName("lazy_test.concat", regCtx)
	lazy.Register(regVariadic)

	for _, n := range []lazy.AnyNode{
		lazy.Func1(regTwice)(lazy.Lit(1)),
		lazy.Delayed(regTwice)(2),
	} {
		name, ok := node.RegisteredName(n.Node().Func())
		assert.True(t, ok)
		assert.Equal(t, "github.com/lazygraph/lazy_test.regTwice", name)
	}
	name, ok := node.RegisteredName(lazy.Func2Ctx(regCtx)(lazy.Lit("a"), lazy.Lit("b")).Node().Func())
	assert.True(t, ok)
	assert.Equal(t, "lazy_test.concat", name)

	// The registered function runs through its registered description.
	r, ok := node.Lookup("lazy_test.concat")
	require.True(t, ok)
	v, err := r.Func.Invoke(context.Background(), r.Fn, []any{"x", "y"}, nil)
	require.NoError(t, err)
	assert.Equal(t, "xy", v)
	r, _ = node.Lookup("github.com/lazygraph/lazy_test.regVariadic")
	v, err = r.Func.Invoke(context.Background(), r.Fn, []any{1, 2, 3}, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, v)
}

func TestRegisterPanicsOnMisuse(t *testing.T) {
	k := 1
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"closure", func() { lazy.Register(func(x int) int { return x + k }) }, "closures and method values cannot be registered"},
		{"not a function", func() { lazy.Register(42) }, "int is not a function"},
		{"nil", func() { lazy.Register(nil) }, "nil function"},
		{"nil func value", func() { lazy.Register((func(int) int)(nil)) }, "nil function"},
		{"three results", func() { lazy.Register(func3) }, "returns 3 values"},
		{"empty name", func() { lazy.RegisterName("", regTwice) }, "empty name"},
		{"taken name", func() { lazy.RegisterName("lazy_test.concat", regTwice) }, `name "lazy_test.concat" is taken`},
	}
	lazy.RegisterName("lazy_test.concat", regCtx)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p, "Register did not panic")
				assert.Contains(t, p, tt.want)
				assert.Contains(t, p, "lazy: ")
			}()
			tt.f()
		})
	}
}

func func3() (int, int, error) { return 0, 0, nil }
