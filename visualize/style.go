package visualize

import "strconv"

// look is how a node is painted, in either format.
type look struct {
	fill, stroke, font string
	dashed             bool
	pen                float64 // border width; 0 is the default
}

// Colours are ColorBrewer's (colour-blind safe where it matters: failed
// and done differ in lightness as well as hue).
var (
	callLook      = look{fill: "#dbe8f6", stroke: "#4a6fa5"}
	literalLook   = look{fill: "#f2f2f2", stroke: "#9a9a9a"}
	persistedLook = look{fill: "#dadaeb", stroke: "#6a51a3"}
	stateLooks    = [...]look{
		Unknown:   callLook,
		NotRun:    {fill: "#ffffff", stroke: "#9a9a9a", font: "#6f6f6f", dashed: true},
		Running:   {fill: "#fff3b0", stroke: "#b8860b"},
		Done:      {fill: "#c7e9c0", stroke: "#31a354"},
		Failed:    {fill: "#fb6a4a", stroke: "#a50f15", pen: 2},
		Cancelled: {fill: "#fdd0a2", stroke: "#d94801", dashed: true},
		Persisted: persistedLook,
	}
)

func lookOf(pn pnode) look {
	var l look
	switch pn.kind {
	case pliteral:
		return literalLook
	case ppersisted:
		l = persistedLook
	default:
		l = stateLooks[pn.state]
	}
	if pn.shade > 0 {
		l.fill = durationShades[pn.shade-1]
		if pn.shade == len(durationShades) {
			l.font = "#ffffff"
		}
	}
	return l
}

// legendText is how a legend names a state.
func legendText(e legendEntry) string {
	if e.state == Unknown {
		return plural(e.count, "call") + " not in the run"
	}
	if e.state == Persisted {
		return strconv.Itoa(e.count) + " persisted"
	}
	return strconv.Itoa(e.count) + " " + e.state.String()
}

// legendLook is how a legend shows a state: as the calls in that state are
// drawn.
func legendLook(s State) look {
	if int(s) < len(stateLooks) {
		return stateLooks[s]
	}
	return callLook
}
