package lazy_test

import (
	"context"
	"fmt"
	"os"

	"github.com/lazygraph/lazy"
)

// The examples in docs/concepts.md, verbatim.

func area(w, h int) int { return w * h }

// Identical calls of a top-level function merge.
func Example_merging() {
	areaL := lazy.Func2(area)
	a := areaL(lazy.Lit(3), lazy.Lit(4))
	b := lazy.Func2(area)(lazy.Lit(3), lazy.Lit(4)) // built elsewhere, same call
	c := areaL(lazy.Lit(4), lazy.Lit(3))            // other arguments
	fmt.Println(a.Key() == b.Key(), a.Key() == c.Key())
	// Output: true false
}

// Closures never merge: what they capture is invisible to the key.
func Example_closures() {
	scaleBy := func(k int) func(int) int { return func(x int) int { return k * x } }
	twice := lazy.Func1(scaleBy(2))(lazy.Lit(10))
	thrice := lazy.Func1(scaleBy(3))(lazy.Lit(10))
	fmt.Println(twice.Key() == thrice.Key())
	// Output: false
}

type Point struct{ X, Y int }

// Literals merge by value: numbers, strings, and slices, maps, arrays and
// structs of them. Pointers do not.
func Example_literals() {
	p, q := lazy.Lit(Point{1, 2}), lazy.Lit(Point{1, 2})
	m1 := lazy.Lit(map[string]int{"a": 1, "b": 2})
	m2 := lazy.Lit(map[string]int{"b": 2, "a": 1})
	ptr := &Point{1, 2}
	fmt.Println(p.Key() == q.Key(), m1.Key() == m2.Key(), lazy.Lit(ptr).Key() == lazy.Lit(ptr).Key())
	// Output: true true false
}

// Dataset names a file; its token is the path, so calls on equal Datasets
// merge even though the type holds a pointer.
type Dataset struct {
	Path  string
	cache *[]byte
}

func (d Dataset) Tokenize() any { return d.Path }

func rows(d Dataset) int { return len(d.Path) }

// A type can say what its value is for keys by implementing Tokenizer.
func Example_tokenizer() {
	a := lazy.Func1(rows)(lazy.Lit(Dataset{Path: "sales.csv", cache: new([]byte)}))
	b := lazy.Func1(rows)(lazy.Lit(Dataset{Path: "sales.csv"}))
	fmt.Println(a.Key() == b.Key())
	// Output: true
}

func readConfig(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// Side effects and hidden inputs: mark the function Impure, or give the
// node a key of your own.
func Example_impureAndKeys() {
	load := lazy.Func1E(readConfig, lazy.Impure()) // the file may change between runs
	c1, c2 := load(lazy.Lit("app.toml")), load(lazy.Lit("app.toml"))
	fmt.Println(c1.Key() == c2.Key())

	named := lazy.Func2(area)(lazy.Lit(3), lazy.Lit(4), lazy.WithKey("floor-area"))
	fmt.Println(named.Key())
	// Output:
	// false
	// floor-area
}

// Get runs only what the output needs.
func Example_culling() {
	calls := 0
	count := lazy.Func1(func(x int) int { calls++; return x })
	needed := count(lazy.Lit(1))
	_ = count(lazy.Lit(2)) // built, never needed
	v, _ := lazy.Get(context.Background(), needed)
	fmt.Println(v, calls)
	// Output: 1 1
}
