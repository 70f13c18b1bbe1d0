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

type pair struct{ A, B int32 }

type wide struct{ A, B, C int64 } // 24 bytes: above what Boxes takes

type withPointer struct {
	N int
	P *int
}

// boxFunc describes identity, returning R through node.Box as typed
// invokers do.
func boxFunc[R any](t *testing.T) *node.Func {
	t.Helper()
	f, err := node.NewFunc(identity[R], reflect.TypeFor[R](), func(_ context.Context, fn any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, fn.(func(R) R)(args[0].(R))), nil
	}, node.Options{})
	require.NoError(t, err)
	return f
}

func identity[R any](v R) R { return v }

func checkBox[R any](t *testing.T, v R, wantAllocs float64) {
	t.Run(fmt.Sprintf("%T", v), func(t *testing.T) {
		f := boxFunc[R](t)
		var b node.Boxes
		slot := new(node.Slot)
		args := []any{v}
		var fn any = identity[R] // in generic code, converting it allocates
		b.Into(f, slot)
		got, err := f.Invoke(context.Background(), fn, args, &b)
		require.NoError(t, err)
		assert.Equal(t, v, got)
		assert.IsType(t, v, got)
		allocs := testing.AllocsPerRun(100, func() {
			b.Into(f, slot)
			got, _ = f.Invoke(context.Background(), fn, args, &b)
		})
		assert.Equal(t, wantAllocs, allocs, "allocations per boxed result")
		// Without Boxes, or without a slot, the result is converted as
		// usual.
		got, err = f.Invoke(context.Background(), fn, args, nil)
		require.NoError(t, err)
		assert.Equal(t, v, got)
		got, err = f.Invoke(context.Background(), fn, args, &node.Boxes{})
		require.NoError(t, err)
		assert.Equal(t, v, got)
	})
}

func TestBox(t *testing.T) {
	x := 7
	// Small values without pointers are put in the slot.
	checkBox(t, 123456789, 0)
	checkBox(t, 2.5, 0)
	checkBox(t, float32(-1.5), 0)
	checkBox(t, uint16(60000), 0)
	checkBox(t, pair{1 << 20, -3}, 0)
	checkBox(t, [2]int64{-1, 1 << 40}, 0)
	checkBox(t, complex(1, 2), 0)
	// Single bytes and booleans come from the runtime's static table,
	// as without Boxes.
	checkBox(t, 200, 0)
	checkBox(t, true, 0)
	// Others are converted as any(v) converts them.
	checkBox(t, wide{1, 2, 3}, 1)
	checkBox(t, withPointer{N: 1, P: &x}, 1)
	checkBox(t, "a string", 1)
	checkBox(t, &x, 0) // a pointer is its own interface value
}

// Box falls back to a conversion when its type is not the Func's result
// type: an invoker that boxes something else must not mislabel it.
func TestBoxOtherType(t *testing.T) {
	f, err := node.NewFunc(identity[int], reflect.TypeFor[int](), func(_ context.Context, _ any, args []any, b *node.Boxes) (any, error) {
		return node.Box(b, uint64(args[0].(int))), nil
	}, node.Options{})
	require.NoError(t, err)
	var b node.Boxes
	slot := new(node.Slot)
	b.Into(f, slot)
	got, err := f.Invoke(context.Background(), identity[int], []any{1 << 40}, &b)
	require.NoError(t, err)
	assert.Equal(t, uint64(1<<40), got)
	assert.Equal(t, node.Slot{}, *slot, "the slot is for the Func's result type only")
}

// Values boxed in slots stay intact through collections, and keep the
// array of slots alive, also after the values beside them are dropped.
func TestBoxSurvivesCollections(t *testing.T) {
	f := boxFunc[int](t)
	var b node.Boxes
	slots := make([]node.Slot, 6000)
	kept := make([]any, 0, 3000)
	for i := range slots {
		b.Into(f, &slots[i])
		v, err := f.Invoke(context.Background(), identity[int], []any{i * 1000}, &b)
		require.NoError(t, err)
		if i%2 == 0 {
			kept = append(kept, v)
		}
	}
	slots = nil // the values alone keep the array alive
	for range 3 {
		runtime.GC()
		_ = make([]node.Slot, 6000) // memory the array would be reused for
	}
	for k, v := range kept {
		require.Equal(t, 2*k*1000, v, "value %d", k)
	}
}

// A slot holds one result: Box takes it, and the next Box without a
// slot of its own converts as usual instead of overwriting it.
func TestBoxSlotTakenOnce(t *testing.T) {
	f := boxFunc[int](t)
	var b node.Boxes
	slot := new(node.Slot)
	b.Into(f, slot)
	first, err := f.Invoke(context.Background(), identity[int], []any{1 << 40}, &b)
	require.NoError(t, err)
	second, err := f.Invoke(context.Background(), identity[int], []any{7 << 40}, &b)
	require.NoError(t, err)
	assert.Equal(t, 1<<40, first)
	assert.Equal(t, 7<<40, second)
	b.Into(f, slot)
	b.Into(f, nil)
	third, err := f.Invoke(context.Background(), identity[int], []any{9 << 40}, &b)
	require.NoError(t, err)
	assert.Equal(t, 9<<40, third)
	assert.Equal(t, 1<<40, first, "a slot given up with Into(f, nil) is left as it was")
}

// Rebox gives a result its own box, equal to the one it had; CopyingArgs
// marks a copy of the Func and leaves the Func itself as it was.
func TestReboxAndCopyingArgs(t *testing.T) {
	f := boxFunc[int](t)
	var b node.Boxes
	slot := new(node.Slot)
	b.Into(f, slot)
	var fn any = identity[int]
	v, err := f.Invoke(context.Background(), fn, []any{1 << 40}, &b)
	require.NoError(t, err)
	r := f.Rebox(v)
	slot[0] = 0 // the slot reused: the reboxed value is its own
	assert.Equal(t, 1<<40, r)
	assert.Equal(t, 0, v, "v still points at the slot")
	assert.Equal(t, "other", f.Rebox("other"), "a value of another type is returned as it is")
	s := boxFunc[string](t)
	assert.Equal(t, "x", s.Rebox("x"), "a Func whose results Boxes does not take")

	assert.False(t, f.CopiesArgs())
	c := f.CopyingArgs()
	assert.True(t, c.CopiesArgs())
	assert.False(t, f.CopiesArgs())
	assert.Equal(t, f.Name(), c.Name())
}

func TestSmallResult(t *testing.T) {
	for _, c := range []struct {
		f    *node.Func
		want bool
	}{
		{boxFunc[int](t), true},
		{boxFunc[bool](t), true},
		{boxFunc[pair](t), true},
		{boxFunc[complex128](t), true},
		{boxFunc[struct{}](t), true},
		{boxFunc[wide](t), false},
		{boxFunc[withPointer](t), false},
		{boxFunc[string](t), false},
		{boxFunc[[]byte](t), false},
		{boxFunc[any](t), false},
	} {
		assert.Equal(t, c.want, c.f.SmallResult(), "%s", c.f.Out())
	}
	none, err := node.NewFunc(func() {}, nil, func(context.Context, any, []any, *node.Boxes) (any, error) { return nil, nil }, node.Options{})
	require.NoError(t, err)
	assert.False(t, none.SmallResult(), "a Func without a result type: its invoker may return anything")
}
