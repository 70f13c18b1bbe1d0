package visualize

import "fmt"

// Options say how a graph is drawn. The zero value is the default: DOT,
// drawn bottom to top, every node shown up to [DefaultThreshold] nodes and
// a summary above, no run colouring. The [Option] functions set one field
// each; an Option is a func(*Options), so a program may write its own.
type Options struct {
	// Format is the text format [Write] produces: [DOT] (the zero value)
	// or [Mermaid]. [WriteFile] takes it from the file's extension.
	Format Format
	// Direction is where the arrows point, from arguments to the calls that
	// read them. The zero value is [BottomToTop], as dask draws.
	Direction Direction
	// Summary chooses between drawing every node and drawing groups; the
	// zero value, [SummaryAuto], summarizes graphs of more than Threshold
	// nodes.
	Summary SummaryMode
	// Threshold is the node count above which [SummaryAuto] summarizes;
	// zero means [DefaultThreshold].
	Threshold int
	// HideLiterals leaves literal arguments out of the picture, as dask
	// does: only calls (and persisted values) are drawn.
	HideLiterals bool
	// Run colours each call by what happened to it in the run r recorded:
	// done, failed, cancelled, not run. Nil draws the workflow alone.
	Run *Recorder
	// Durations adds each call's duration to its label and shades finished
	// calls by it, darker for longer. It needs Run.
	Durations bool
}

// DefaultThreshold is the node count above which [SummaryAuto] draws a
// summary: Graphviz still lays out a few hundred nodes in a second or two,
// and beyond that the picture is no longer readable anyway.
const DefaultThreshold = 300

// Option sets a field of [Options].
type Option func(*Options)

// WithFormat sets [Options].Format, for [Write].
func WithFormat(f Format) Option { return func(o *Options) { o.Format = f } }

// WithDirection sets [Options].Direction.
func WithDirection(d Direction) Option { return func(o *Options) { o.Direction = d } }

// WithSummary forces the summary view on (true) or off (false), whatever the
// graph's size.
func WithSummary(on bool) Option {
	return func(o *Options) {
		o.Summary = SummaryNever
		if on {
			o.Summary = SummaryAlways
		}
	}
}

// WithThreshold sets [Options].Threshold: graphs of more than n nodes are
// summarized unless [WithSummary] says otherwise.
func WithThreshold(n int) Option { return func(o *Options) { o.Threshold = n } }

// WithoutLiterals sets [Options].HideLiterals.
func WithoutLiterals() Option { return func(o *Options) { o.HideLiterals = true } }

// WithRun sets [Options].Run: the picture shows the run r recorded.
func WithRun(r *Recorder) Option { return func(o *Options) { o.Run = r } }

// WithDurations sets [Options].Durations: labels show how long each call
// ran, and fill colours shade by it.
func WithDurations() Option { return func(o *Options) { o.Durations = true } }

// NewOptions returns the Options the given options set, starting from the
// zero value.
func NewOptions(opts ...Option) Options {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// summarize reports whether a graph of n nodes is drawn as a summary.
func (o Options) summarize(n int) bool {
	switch o.Summary {
	case SummaryAlways:
		return true
	case SummaryNever:
		return false
	}
	t := o.Threshold
	if t <= 0 {
		t = DefaultThreshold
	}
	return n > t
}

// Direction is the direction of the arrows, from arguments to calls.
type Direction uint8

const (
	// BottomToTop draws inputs at the bottom and outputs at the top, as
	// dask does.
	BottomToTop Direction = iota
	// LeftToRight draws inputs on the left: good for long pipelines.
	LeftToRight
	// TopToBottom draws inputs at the top.
	TopToBottom
	// RightToLeft draws inputs on the right.
	RightToLeft
)

var directions = [...]struct{ dot, mermaid string }{
	BottomToTop: {"BT", "BT"},
	LeftToRight: {"LR", "LR"},
	TopToBottom: {"TB", "TD"},
	RightToLeft: {"RL", "RL"},
}

// String returns the Graphviz rankdir of d: "BT", "LR", "TB" or "RL".
func (d Direction) String() string {
	if int(d) < len(directions) {
		return directions[d].dot
	}
	return fmt.Sprintf("Direction(%d)", d)
}

// ParseDirection returns the Direction named by a Graphviz rankdir ("BT",
// "LR", "TB", "RL"; Mermaid's "TD" too), for flags.
func ParseDirection(s string) (Direction, error) {
	for d, names := range directions {
		if s == names.dot || s == names.mermaid {
			return Direction(d), nil
		}
	}
	return 0, fmt.Errorf("visualize: unknown direction %q; want BT, LR, TB or RL", s)
}

// SummaryMode chooses between the full picture and the summary.
type SummaryMode uint8

const (
	// SummaryAuto summarizes graphs of more than [Options].Threshold nodes.
	SummaryAuto SummaryMode = iota
	// SummaryAlways draws the summary whatever the size.
	SummaryAlways
	// SummaryNever draws every node whatever the size.
	SummaryNever
)
