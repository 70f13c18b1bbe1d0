// Command quickstart builds two small graphs, computes them on the
// default (threads) scheduler and draws them: the main job of lazy, on
// data embedded in the program.
//
// The first is dask's example: x is shared by a and b and runs once.
//
//	a = x - 5   b = x + 5
//	     \       /
//	   x = add(4, 5)
//
// The second reads monthly price lists and finds the highest price: one
// read and one max per file, run in parallel, then a max of the maxima.
//
//	         highest
//	    /       |       \
//	maxPrice maxPrice maxPrice
//	   |        |        |
//	readCSV  readCSV  readCSV
//
// It writes quickstart.dot, and quickstart.svg when Graphviz is installed,
// into the directory given by -out.
package main

import (
	"context"
	"embed"
	"encoding/csv"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/lazygraph/lazy"
)

//go:embed data/*.csv
var data embed.FS

var addCalls atomic.Int32

func add(a, b int) int { addCalls.Add(1); return a + b }
func sub(a, b int) int { return a - b }

// readCSV returns the prices of one embedded price list.
func readCSV(name string) ([]float64, error) {
	f, err := data.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var prices []float64
	for _, r := range records[1:] { // skip the header
		p, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		prices = append(prices, p)
	}
	return prices, nil
}

func maxPrice(prices []float64) float64 { return slices.Max(prices) }
func highest(maxima []float64) float64  { return slices.Max(maxima) }

func main() {
	out := flag.String("out", ".", "directory to write the pictures to")
	flag.Parse()
	ctx := context.Background()

	// dask's example: x is computed once for both a and b.
	addL, subL := lazy.Func2(add), lazy.Func2(sub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	a := subL(x, lazy.Lit(5))
	b := addL(x, lazy.Lit(5))
	vals, err := lazy.Compute(ctx, []lazy.AnyNode{a, b})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("a = %v, b = %v (add ran %d times: once for x, once for b)\n", vals[0], vals[1], addCalls.Load())

	// One read and one max per file, then the max of the maxima.
	files, err := fs.Glob(data, "data/*.csv")
	if err != nil {
		log.Fatal(err)
	}
	read, maxL := lazy.Func1E(readCSV), lazy.Func1(maxPrice)
	var maxima []lazy.Node[float64]
	for _, f := range files {
		maxima = append(maxima, maxL(read(lazy.Lit(f))))
	}
	top := lazy.Func1(highest)(lazy.All(maxima))
	v, err := lazy.Get(ctx, top)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("highest price in %d files: %.2f\n", len(files), v)

	// Draw both graphs in one picture.
	outputs := []lazy.AnyNode{a, b, top}
	pictures := []string{"quickstart.dot"}
	if _, err := exec.LookPath("dot"); err == nil {
		pictures = append(pictures, "quickstart.svg")
	}
	for _, name := range pictures {
		path := filepath.Join(*out, name)
		if err := lazy.VisualizeFile(ctx, path, outputs); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", path)
	}
	if len(pictures) == 1 {
		fmt.Fprintln(os.Stderr, "Graphviz is not installed: wrote DOT only (apt-get install graphviz for SVG)")
	}
}
