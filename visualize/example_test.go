package visualize_test

import (
	"context"
	"fmt"
	"os"

	"github.com/lazygraph/lazy"
	"github.com/lazygraph/lazy/scheduler"
	"github.com/lazygraph/lazy/visualize"
)

// The seed example as Mermaid: add(4, 5) is drawn once, read by both sub
// and the second add; outputs have a thick border.
func Example() {
	addL, subL := lazy.Func2(add), lazy.Func2(sub)
	x := addL(lazy.Lit(4), lazy.Lit(5))
	a := subL(x, lazy.Lit(5))
	b := addL(x, lazy.Lit(5))
	if err := lazy.Visualize(os.Stdout, []lazy.AnyNode{a, b}, visualize.WithFormat(visualize.Mermaid)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// flowchart BT;
	// 	n1(["4"]);
	// 	style n1 fill:#f2f2f2,stroke:#9a9a9a
	// 	n2(["5"]);
	// 	style n2 fill:#f2f2f2,stroke:#9a9a9a
	// 	n3("add");
	// 	style n3 fill:#dbe8f6,stroke:#4a6fa5
	// 	n4("sub");
	// 	style n4 fill:#dbe8f6,stroke:#4a6fa5,stroke-width:3px
	// 	n5("add");
	// 	style n5 fill:#dbe8f6,stroke:#4a6fa5,stroke-width:3px
	// 	n1-->n3;
	// 	n2-->n3;
	// 	n2-->n4;
	// 	n2-->n5;
	// 	n3-->n4;
	// 	n3-->n5;
	// %% 5 nodes (3 calls), every node drawn.
}

// A chain of 10,000 calls is summarized as one node with an edge to
// itself; the output says what was collapsed.
func ExampleWithSummary() {
	incL := lazy.Func1(inc)
	x := lazy.Lit(0)
	for range 10000 {
		x = incL(x)
	}
	err := lazy.Visualize(os.Stdout, []lazy.AnyNode{x},
		visualize.WithSummary(true), visualize.WithFormat(visualize.Mermaid), visualize.WithDirection(visualize.LeftToRight))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// flowchart LR;
	// 	n1(["0"]);
	// 	style n1 fill:#f2f2f2,stroke:#9a9a9a
	// 	n2("inc ×10000 · 1 output");
	// 	style n2 fill:#dbe8f6,stroke:#4a6fa5,stroke-width:3px
	// 	n1-->n2;
	// 	n2-->|"×9999"|n2;
	// %% Summary: 10001 nodes drawn as 2 groups.
	// %%   inc ×10000: 10000 calls of github.com/lazygraph/lazy/visualize_test.inc
	// %% A group is the calls of one function that read results of the same other functions;
	// %% literals are grouped by the groups that read them. ×N counts nodes, and on edges, arguments.
}

func save(int) (int, error) { return 0, fmt.Errorf("disk full") }

// A Recorder given to a compute remembers what happened to each call;
// WithRun colours the picture by it.
func ExampleRecorder() {
	ctx := context.Background()
	x := lazy.Func1(inc)(lazy.Lit(1))
	bad := lazy.Func1E(save)(x)
	out := lazy.Func2(add)(bad, lazy.Lit(2))

	rec := visualize.NewRecorder()
	_, err := lazy.Compute(ctx, []lazy.AnyNode{out}, lazy.WithCallbacks(rec), lazy.WithScheduler(scheduler.Sync()))
	fmt.Println("failed:", err != nil)
	for _, n := range []lazy.AnyNode{x, bad, out} {
		task, _ := rec.Lookup(n.Node().Key())
		fmt.Println(n.Node().Name(), task.State)
	}
	// Then, for example:
	//	lazy.VisualizeFile(ctx, "run.svg", []lazy.AnyNode{out}, visualize.WithRun(rec))

	// Output:
	// failed: true
	// inc done
	// save failed
	// add not run
}
