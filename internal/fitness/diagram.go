package fitness

import (
	"fmt"
	"html"
	"strings"
)

// interimStart is the diagram's name for an interim track not yet opened.
const interimStart = "interim_not_opened"

// DOT returns the process as Graphviz text: one cluster per track, a node
// per stage (closed stages filled and double-bordered), an edge per action
// and stage it can be taken from, labelled with the action, the roles that
// may take it and the deadlines it starts and stops. Actions that keep the
// case where it is are listed as comments. The output depends only on the
// table, so it serves as a golden file: every process change shows in
// review.
func (p *Process) DOT() string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(p.Version))
	fmt.Fprintf(&b, "\tgraph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=%s];\n",
		dotQuote("Fitness to practise process "+p.Version))
	b.WriteString("\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	b.WriteString("\tedge [fontname=\"Helvetica\", fontsize=10];\n")
	for _, t := range []struct {
		track Track
		name  string
	}{{TrackMain, "Main track"}, {TrackInterim, "Interim order track"}} {
		fmt.Fprintf(&b, "\n\tsubgraph cluster_%s {\n\t\tlabel=%s;\n", t.track, dotQuote(t.name))
		if t.track == TrackInterim {
			fmt.Fprintf(&b, "\t\t%s [shape=point, label=\"\"];\n", dotQuote(interimStart))
		}
		for _, s := range p.Stages {
			if s.Track != t.track {
				continue
			}
			attrs := ""
			if s.Closed {
				attrs = ", style=\"rounded,filled\", fillcolor=\"#dddddd\", peripheries=2"
			}
			fmt.Fprintf(&b, "\t\t%s [label=%s%s];\n", dotQuote(string(s.Stage)), dotQuote(s.Label), attrs)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\n")
	var stays []string
	for _, a := range p.Actions {
		label := a.Label + "\n(" + whoNames(a) + ")" + deadlineNote(a)
		if a.To == "" {
			stays = append(stays, fmt.Sprintf("\t// %s %q at %s (%s)\n", a.Name, a.Label, stageNames(a.From), whoNames(a)))
			continue
		}
		from := a.From
		if a.Opens {
			from = append([]Stage{interimStart}, from...)
		}
		for _, f := range from {
			fmt.Fprintf(&b, "\t%s -> %s [label=%s];\n", dotQuote(string(f)), dotQuote(string(a.To)), dotQuote(label))
		}
	}
	if len(stays) > 0 {
		b.WriteString("\n\t// Actions that keep the case at its stage:\n")
		for _, s := range stays {
			b.WriteString(s)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// deadlineNote lists the deadlines an action starts and stops, one line each.
func deadlineNote(a ActionDef) string {
	var start, stop []string
	for _, e := range a.Effects {
		switch e.Kind {
		case EffectStartDeadline:
			start = appendNew(start, e.Deadline)
		case EffectStopDeadline:
			stop = appendNew(stop, e.Deadline)
		}
	}
	s := ""
	if len(start) > 0 {
		s += "\nstarts: " + strings.Join(start, ", ")
	}
	if len(stop) > 0 {
		s += "\nstops: " + strings.Join(stop, ", ")
	}
	return s
}

func appendNew(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// whoNames says who takes an action: its roles, or "automatic" for a
// system action; "automatic" is added for one people take too that the
// system takes when its deadline passes.
func whoNames(a ActionDef) string {
	if a.System {
		return "automatic"
	}
	if a.OnDeadline != "" {
		return roleNames(a.Roles) + "; automatic after " + a.OnDeadline
	}
	return roleNames(a.Roles)
}

func roleNames(roles []Role) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = strings.ToLower(r.Label())
	}
	return strings.Join(words, ", ")
}

func stageNames(stages []Stage) string {
	words := make([]string, len(stages))
	for i, s := range stages {
		words[i] = string(s)
	}
	return strings.Join(words, ", ")
}

// dotQuote returns s as a Graphviz quoted string; line breaks become \n.
func dotQuote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"`
}

// svgEscape escapes text for SVG content and attributes.
func svgEscape(s string) string { return html.EscapeString(s) }

// Sizes of the SVG drawing, in pixels.
const (
	svgBoxW   = 156
	svgBoxH   = 56
	svgGapX   = 60
	svgGapY   = 34
	svgMargin = 24
	svgHead   = 30 // room for a track's heading
)

// svgSlot is where one stage's box sits.
type svgSlot struct {
	col, x, y int
}

// SVG returns a self-contained drawing of the process: the main track
// above the interim-order track, stages in columns by their shortest
// distance from where the track starts, an arrow per move between stages,
// closed stages grey with a dashed border. It is an accessible image (role
// img, labelled by its title and description) and depends only on the
// table, so it is the same every time. Actions that keep the case where it
// is are not drawn: the table beside the drawing lists them.
func (p *Process) SVG() string {
	slots := map[Stage]svgSlot{}
	top := svgMargin + 56
	width := 0
	var bands []int
	for _, t := range []Track{TrackMain, TrackInterim} {
		bands = append(bands, top)
		h, w := p.layoutTrack(t, top+svgHead, slots)
		top += svgHead + h + svgGapY
		width = max(width, w)
	}
	height := top
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="process-diagram-title process-diagram-desc" font-family="Arial, Helvetica, sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, "<title id=\"process-diagram-title\">Fitness to practise process %s</title>\n", svgEscape(p.Version))
	fmt.Fprintf(&b, "<desc id=\"process-diagram-desc\">%s</desc>\n", svgEscape(p.svgSummary()))
	b.WriteString(`<defs><marker id="process-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#505a5f"/></marker></defs>` + "\n")
	p.svgHeader(&b, bands)
	p.svgEdges(&b, slots)
	for _, s := range p.Stages {
		if sl, ok := slots[s.Stage]; ok {
			svgStage(&b, sl, s)
		}
	}
	if sl, ok := slots[interimStart]; ok {
		svgStage(&b, sl, StageDef{Stage: interimStart, Label: "Not opened", Track: TrackInterim,
			Description: "The interim order track has not been opened"})
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// layoutTrack places the stages of track t from y = top and returns the
// height and width they need.
func (p *Process) layoutTrack(t Track, top int, slots map[Stage]svgSlot) (int, int) {
	cols := p.columns(t)
	rows := map[int]int{}
	place := func(s Stage, col int) {
		slots[s] = svgSlot{col: col, x: svgMargin + col*(svgBoxW+svgGapX), y: top + rows[col]*(svgBoxH+svgGapY)}
		rows[col]++
	}
	if t == TrackInterim {
		place(interimStart, 0)
	}
	last := 0
	for _, c := range cols {
		last = max(last, c)
	}
	for _, s := range p.Stages {
		if s.Track != t {
			continue
		}
		c, ok := cols[s.Stage]
		if !ok {
			c = last + 1 // unreachable: the soundness test keeps this from happening
		}
		place(s.Stage, c)
	}
	maxRows, maxCol := 0, 0
	for c, n := range rows {
		maxRows, maxCol = max(maxRows, n), max(maxCol, c)
	}
	return maxRows*(svgBoxH+svgGapY) + svgGapY, 2*svgMargin + (maxCol+1)*(svgBoxW+svgGapX) - svgGapX
}

// columns returns each stage's shortest distance in moves from the start
// of track t: the initial stage, or the interim track not yet opened.
func (p *Process) columns(t Track) map[Stage]int {
	start := p.Initial
	if t == TrackInterim {
		start = interimStart
	}
	col := map[Stage]int{start: 0}
	queue := []Stage{start}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, a := range p.Actions {
			if a.Track != t || a.To == "" || !(containsStage(a.From, s) || (a.Opens && s == interimStart)) {
				continue
			}
			if _, seen := col[a.To]; !seen {
				col[a.To] = col[s] + 1
				queue = append(queue, a.To)
			}
		}
	}
	return col
}

func containsStage(list []Stage, s Stage) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (p *Process) svgSummary() string {
	open, closed := 0, 0
	for _, s := range p.Stages {
		if s.Closed {
			closed++
		} else {
			open++
		}
	}
	return fmt.Sprintf("A diagram of %d open stages and %d closed stages joined by %d actions, on the main track and the interim order track. The table on this page lists the same stages and actions.",
		open, closed, len(p.Actions))
}

func (p *Process) svgHeader(b *strings.Builder, bands []int) {
	fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" font-size=\"18\" font-weight=\"bold\" fill=\"#0b0c0c\">Fitness to practise process %s</text>\n",
		svgMargin, svgMargin+8, svgEscape(p.Version))
	ly := svgMargin + 22
	fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" rx=\"4\" fill=\"#ffffff\" stroke=\"#0b0c0c\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\" fill=\"#0b0c0c\">Open stage</text>\n",
		svgMargin, ly, svgMargin+36, ly+12)
	fmt.Fprintf(b, "<rect x=\"%d\" y=\"%d\" width=\"28\" height=\"16\" rx=\"4\" fill=\"#f3f2f1\" stroke=\"#505a5f\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\" fill=\"#0b0c0c\">Closed stage</text>\n",
		svgMargin+130, ly, svgMargin+166, ly+12)
	for i, name := range []string{"Main track", "Interim order track"} {
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\" fill=\"#0b0c0c\">%s</text>\n",
			svgMargin, bands[i]+18, name)
	}
}

// svgEdges draws one arrow per pair of stages an action moves between,
// titled with the actions' labels.
func (p *Process) svgEdges(b *strings.Builder, slots map[Stage]svgSlot) {
	type pair struct{ from, to Stage }
	var order []pair
	titles := map[pair][]string{}
	for _, a := range p.Actions {
		if a.To == "" {
			continue
		}
		from := a.From
		if a.Opens {
			from = append([]Stage{interimStart}, from...)
		}
		for _, f := range from {
			k := pair{f, a.To}
			if _, seen := titles[k]; !seen {
				order = append(order, k)
			}
			titles[k] = append(titles[k], a.Label)
		}
	}
	for _, k := range order {
		s, okS := slots[k.from]
		t, okT := slots[k.to]
		if !okS || !okT {
			continue
		}
		fmt.Fprintf(b, "<path d=\"%s\" fill=\"none\" stroke=\"#505a5f\" stroke-width=\"1.5\"%s marker-end=\"url(#process-arrow)\"><title>%s</title></path>\n",
			svgEdgePath(s, t), svgBackDash(s, t), svgEscape(strings.Join(titles[k], "; ")))
	}
}

// svgEdgePath runs forward moves from the right of one box to the left of
// the next, moves within a column straight up or down, and moves back
// under the boxes.
func svgEdgePath(s, t svgSlot) string {
	if t.col > s.col {
		x1, y1 := s.x+svgBoxW, s.y+svgBoxH/2
		x2, y2 := t.x, t.y+svgBoxH/2
		return fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1+svgGapX/2, y1, x2-svgGapX/2, y2, x2, y2)
	}
	if t.col == s.col {
		if t.y > s.y {
			return fmt.Sprintf("M%d,%d L%d,%d", s.x+svgBoxW/2+8, s.y+svgBoxH, t.x+svgBoxW/2+8, t.y)
		}
		return fmt.Sprintf("M%d,%d L%d,%d", s.x+svgBoxW/2-8, s.y, t.x+svgBoxW/2-8, t.y+svgBoxH)
	}
	x1, y1 := s.x+svgBoxW/2+8, s.y+svgBoxH
	x2, y2 := t.x+svgBoxW/2-8, t.y+svgBoxH
	cy := max(y1, y2) + svgGapY - 6
	return fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1, cy, x2, cy, x2, y2)
}

func svgBackDash(s, t svgSlot) string {
	if t.col > s.col {
		return ""
	}
	return ` stroke-dasharray="5 3"`
}

// svgStage draws one stage's box with its label wrapped to fit.
func svgStage(b *strings.Builder, sl svgSlot, s StageDef) {
	fill, stroke, dash := "#ffffff", "#0b0c0c", ""
	if s.Closed || s.Stage == interimStart {
		fill, stroke, dash = "#f3f2f1", "#505a5f", ` stroke-dasharray="4 3"`
	}
	fmt.Fprintf(b, "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"%s/>",
		svgEscape(s.Label+": "+s.Description), sl.x, sl.y, svgBoxW, svgBoxH, fill, stroke, dash)
	lines := wrapWords(s.Label, 22)
	y := sl.y + svgBoxH/2 - (len(lines)-1)*7 + 4
	for i, l := range lines {
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#0b0c0c\">%s</text>",
			sl.x+svgBoxW/2, y+i*14, svgEscape(l))
	}
	b.WriteString("</g>\n")
}

// wrapWords breaks s into lines of at most width characters where it can.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
