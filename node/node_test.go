package node_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lazygraph/lazy/node"
)

func double(x int) int { return 2 * x }

func ident[T any](x int) int { return x }

type counter struct{ n int }

func (c counter) Add(x int) int { return c.n + x }

func invoke1(_ context.Context, fn any, args []any, _ *node.Boxes) (any, error) {
	return fn.(func(int) int)(args[0].(int)), nil
}

func mustFunc(t *testing.T, fn any) *node.Func {
	t.Helper()
	f, err := node.NewFunc(fn, reflect.TypeFor[int](), invoke1, node.Options{})
	require.NoError(t, err)
	return f
}

func call(f *node.Func, fn any, args ...*node.Node) *node.Node {
	return node.NewCall(f, args, node.Options{}, 0)
}

func lit(v any) *node.Node { return node.NewLiteral(v, node.Options{}, 0) }

func TestPurity(t *testing.T) {
	k := 3
	tests := []struct {
		name string
		fn   any
		pure bool
	}{
		{"top-level function", double, true},
		{"generic instance", ident[string], true},
		{"method expression", counter.Add, true},
		{"closure", func(x int) int { return x + k }, false},
		{"method value", counter{1}.Add, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := node.NewFunc(tt.fn, nil, invoke1, node.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.pure, f.Pure(), f.Name())
		})
	}
}

func TestNames(t *testing.T) {
	f := mustFunc(t, double)
	assert.Equal(t, "github.com/lazygraph/lazy/node_test.double", f.Name())
	assert.Equal(t, "double", f.ShortName())
	g, err := node.NewFunc(counter.Add, nil, invoke1, node.Options{})
	require.NoError(t, err)
	assert.Equal(t, "counter.Add", g.ShortName())
}

func TestKeysFollowFunctionAndArguments(t *testing.T) {
	f := mustFunc(t, double)
	a, b := call(f, double, lit(1)), call(f, double, lit(1))
	assert.Equal(t, a.Key(), b.Key(), "same function, same arguments")
	assert.True(t, a.SameCall(b))
	assert.NotEqual(t, a.Key(), call(f, double, lit(2)).Key(), "other argument")
	assert.NotEqual(t, a.Key(), call(f, double, a).Key(), "node argument")

	// Generic instances share a name but not their code.
	i1, i2 := mustFunc(t, ident[int]), mustFunc(t, ident[string])
	assert.Equal(t, i1.Name(), i2.Name())
	assert.NotEqual(t, call(i1, ident[int], lit(1)).Key(), call(i2, ident[string], lit(1)).Key())
}

func TestImpureAndGivenKeys(t *testing.T) {
	f := mustFunc(t, double)
	imp := func() *node.Node { return node.NewCall(f, []*node.Node{lit(1)}, node.Options{Impure: true}, 0) }
	assert.NotEqual(t, imp().Key(), imp().Key())
	assert.Regexp(t, `^double-[0-9a-f-]{36}$`, imp().Key().String())

	given := node.NewCall(f, []*node.Node{lit(1)}, node.Options{Key: "my-key", Impure: true}, 0)
	assert.Equal(t, "my-key", given.Key().String())
	assert.True(t, given.Key().Given())
	assert.Equal(t, given.Key(), node.NewCall(f, []*node.Node{lit(1)}, node.Options{Key: "my-key"}, 0).Key())

	// Literals that cannot be read by value are impure.
	x := 1
	assert.NotEqual(t, lit(&x).Key(), lit(&x).Key())
	assert.Equal(t, lit([]int{1}).Key(), lit([]int{1}).Key())
}

func TestNilArgumentMakesInvalidNode(t *testing.T) {
	f := mustFunc(t, double)
	n := call(f, double, nil)
	assert.Equal(t, node.Invalid, n.Kind())
	var be *node.BuildError
	require.ErrorAs(t, n.Err(), &be)
	assert.Contains(t, be.Error(), "argument 0 is a nil node")
	assert.NoError(t, call(f, double, lit(1)).Err())
}

func TestCallConstructorMustMatchFunc(t *testing.T) {
	plain := mustFunc(t, double)
	valued, err := node.NewValueFunc(double, reflect.TypeFor[int](), invoke1, node.Options{})
	require.NoError(t, err)
	assert.ErrorContains(t, node.NewCall(valued, nil, node.Options{}, 0).Err(), "made with NewValueCall")
	assert.ErrorContains(t, node.NewValueCall(plain, 1, nil, node.Options{}, 0).Err(), "needs a Func made with NewValueFunc")
	v := node.NewValueCall(valued, 7, nil, node.Options{}, 0)
	require.NoError(t, v.Err())
	assert.Equal(t, 7, v.Fn(), "a value call gives its invoker the value")
	assert.False(t, v.SameCall(node.NewCall(plain, nil, node.Options{}, 0)))
}

func TestNewFuncRejects(t *testing.T) {
	var nilFn func(int) int
	for name, fn := range map[string]any{"nil": nil, "nil func": nilFn, "not a func": 3} {
		_, err := node.NewFunc(fn, nil, invoke1, node.Options{})
		assert.Error(t, err, name)
	}
}

func TestPersistedIsSameAsOrigin(t *testing.T) {
	f := mustFunc(t, double)
	c := call(f, double, lit(1))
	p := node.NewPersisted(c, 2)
	assert.Equal(t, c.Key(), p.Key())
	assert.True(t, p.SameCall(c))
	assert.True(t, c.SameCall(p))
	assert.Equal(t, "double", p.Name())
	assert.Same(t, c, p.Origin())
	assert.True(t, p.IsData())
	assert.Equal(t, 2, p.Value())
}

func total(xs ...int) int { return len(xs) }

func TestTreeSize(t *testing.T) {
	f := mustFunc(t, total)
	impure, err := node.NewFunc(total, reflect.TypeFor[int](), invoke1, node.Options{Impure: true})
	require.NoError(t, err)
	x := call(f, total, lit(1))    // 2
	y := call(f, total, x, lit(2)) // 4
	wide := make([]*node.Node, 10)
	for i := range wide {
		wide[i] = x
	}
	doubling := lit(0)
	for range 40 {
		doubling = call(f, total, doubling, doubling)
	}
	for _, c := range []struct {
		name string
		n    *node.Node
		want int
	}{
		{"literal", lit(1), 1},
		{"persisted", node.NewPersisted(y, 5), 1},
		{"call without arguments", call(f, total), 1},
		{"call of a literal", x, 2},
		{"nested", y, 4},
		{"argument read twice counts twice", call(f, total, y, y), 9},
		{"many arguments", call(f, total, wide...), 21},
		{"impure", node.NewCall(impure, []*node.Node{y}, node.Options{}, 0), 5},
		{"given key", node.NewCall(f, []*node.Node{y}, node.Options{Key: "k"}, 0), 5},
		{"too large to count", doubling, node.MaxTreeSize},
		{"invalid", call(f, total, nil), 1},
	} {
		assert.Equal(t, c.want, c.n.TreeSize(), c.name)
	}
}

func TestSameCallDetectsDifferentCalls(t *testing.T) {
	f := mustFunc(t, double)
	g := mustFunc(t, ident[int])
	a := node.NewCall(f, []*node.Node{lit(1)}, node.Options{Key: "k"}, 0)
	b := node.NewCall(g, []*node.Node{lit(1)}, node.Options{Key: "k"}, 0)
	c := node.NewCall(f, []*node.Node{lit(2)}, node.Options{Key: "k"}, 0)
	assert.Equal(t, a.Key(), b.Key())
	assert.False(t, a.SameCall(b), "other function")
	assert.False(t, a.SameCall(c), "other argument")
	l1 := node.NewLiteral(1, node.Options{Key: "v"}, 0)
	l2 := node.NewLiteral(2, node.Options{Key: "v"}, 0)
	assert.False(t, l1.SameCall(l2), "other value")
}

// literalHere builds a literal whose site is literalHere's caller, as
// constructors do.
func literalHere() *node.Node { return node.NewLiteral(1, node.Options{}, node.Caller(0)) }

func TestSiteIsTheCaller(t *testing.T) {
	_, _, line, _ := runtime.Caller(0)
	n := literalHere()
	assert.Equal(t, fmt.Sprintf("node/node_test.go:%d", line+1), n.Site())
	assert.Empty(t, lit(1).Site(), "no site given")
}

func BenchmarkNewCall(b *testing.B) {
	f, _ := node.NewFunc(double, reflect.TypeFor[int](), invoke1, node.Options{})
	x := lit(1)
	args := []*node.Node{x}
	b.ReportAllocs()
	for b.Loop() {
		node.NewCall(f, args, node.Options{}, 0)
	}
}

func BenchmarkCaller(b *testing.B) {
	for b.Loop() {
		node.Caller(0)
	}
}

// Every field of Options counts: a node given any one of them has options.
// (Options are checked field by field for speed; a new field must be
// added there.)
func TestEveryOptionCounts(t *testing.T) {
	typ := reflect.TypeFor[node.Options]()
	for i := range typ.NumField() {
		field := typ.Field(i)
		t.Run(field.Name, func(t *testing.T) {
			var opts node.Options
			v := reflect.ValueOf(&opts).Elem().Field(i)
			switch v.Kind() {
			case reflect.Bool:
				v.SetBool(true)
			case reflect.String:
				v.SetString("x")
			case reflect.Int, reflect.Int64:
				v.SetInt(1)
			default:
				t.Fatalf("no test value for a field of kind %s", v.Kind())
			}
			assert.True(t, node.NewLiteral(1, opts, 0).HasOptions())
		})
	}
	assert.False(t, node.NewLiteral(1, node.Options{}, 0).HasOptions())
}
