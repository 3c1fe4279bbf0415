package docs

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A block is one paragraph of a plain letter: a heading, paragraph, list
// item or definition, as runs of regular and bold text.
type block struct {
	size   float64 // font size in points
	bold   bool    // the whole block is bold
	keep   bool    // a heading: keep it on a page with what follows
	right  bool    // aligned right (letterhead)
	indent int     // list depth
	marker string  // list marker: "•", "1." or ""
	before float64 // space before, in mm
	runs   []run
}

// run is text in one weight; "\n" is a line break.
type run struct {
	text string
	bold bool
}

// text returns the block's text, runs joined.
func (b block) text() string {
	var s strings.Builder
	for _, r := range b.runs {
		s.WriteString(r.text)
	}
	return s.String()
}

// list is an open ul or ol.
type list struct {
	ordered, plain bool
	n              int
}

// blockWalker turns the HTML of a letter into blocks. It knows the
// elements the templates use; anything else is read as its text.
type blockWalker struct {
	title    string
	blocks   []block
	cur      *block
	bold     int
	lists    []list
	inHeader bool
	afterDT  bool // the last block closed was a dt, so a dd joins it
}

// layoutBlocks reads the letter's HTML and returns its title and blocks.
func layoutBlocks(r io.Reader) (string, []block, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return "", nil, fmt.Errorf("parse html: %w", err)
	}
	w := &blockWalker{}
	w.walk(doc)
	w.flush()
	return w.title, w.blocks, nil
}

func (w *blockWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		w.element(n)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

func (w *blockWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// element handles one element and its children.
func (w *blockWalker) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Title:
		if n.FirstChild != nil {
			w.title = strings.TrimSpace(n.FirstChild.Data)
		}
	case atom.Style, atom.Script:
	case atom.Br:
		w.open(w.style(n))
		w.cur.runs = append(w.cur.runs, run{text: "\n"})
	case atom.Strong, atom.B, atom.Th:
		w.bold++
		w.children(n)
		w.bold--
	case atom.Ul, atom.Ol:
		w.flush()
		w.lists = append(w.lists, list{ordered: n.DataAtom == atom.Ol, plain: hasClass(n, "plain")})
		w.children(n)
		w.flush()
		w.lists = w.lists[:len(w.lists)-1]
	case atom.Header:
		w.inHeader = true
		w.children(n)
		w.flush()
		w.inHeader = false
	case atom.Dd:
		w.definition(n)
	case atom.Dt:
		w.bold++
		w.blockElement(n)
		w.bold--
	case atom.P, atom.H1, atom.H2, atom.H3, atom.Li, atom.Address, atom.Div, atom.Tr:
		w.blockElement(n)
	default:
		w.children(n)
	}
}

// definition adds a dd to the block of the dt before it, as "term:
// definition", or starts a block of its own.
func (w *blockWalker) definition(n *html.Node) {
	if !w.afterDT || len(w.blocks) == 0 {
		w.blockElement(n)
		return
	}
	last := w.blocks[len(w.blocks)-1]
	w.blocks = w.blocks[:len(w.blocks)-1]
	last.runs = append(last.runs, run{text: ": "})
	w.cur = &last
	w.children(n)
	w.flush()
}

// blockElement starts a block for n, fills it and ends it.
func (w *blockWalker) blockElement(n *html.Node) {
	w.flush()
	w.open(w.style(n))
	w.children(n)
	w.flush()
	w.afterDT = n.DataAtom == atom.Dt
}

// style returns the empty block n starts.
func (w *blockWalker) style(n *html.Node) block {
	b := block{size: 11, before: 0}
	switch n.DataAtom {
	case atom.H1:
		b.size, b.bold, b.keep, b.before = 15, true, true, 4
	case atom.H2:
		b.size, b.bold, b.keep, b.before = 12.5, true, true, 4
	case atom.H3:
		b.size, b.bold, b.keep, b.before = 11, true, true, 2
	case atom.Li:
		b.marker = w.marker()
	}
	if hasClass(n, "important") {
		b.bold = true
	}
	if hasClass(n, "signature") {
		b.before = 6
	}
	if w.inHeader {
		b.right, b.size = true, 9
		if hasClass(n, "regulator") {
			b.size, b.bold = 14, true
		}
	}
	b.indent = len(w.lists)
	return b
}

// marker returns the marker of the next item of the innermost list.
func (w *blockWalker) marker() string {
	if len(w.lists) == 0 {
		return ""
	}
	l := &w.lists[len(w.lists)-1]
	l.n++
	switch {
	case l.plain:
		return ""
	case l.ordered:
		return fmt.Sprintf("%d.", l.n)
	}
	return "•"
}

// open starts a block unless one is open.
func (w *blockWalker) open(b block) {
	if w.cur == nil {
		w.cur = &b
		w.afterDT = false
	}
}

// text adds text to the open block, with HTML's white space collapsed.
func (w *blockWalker) text(s string) {
	s = collapseSpace(s)
	if s == "" || (w.cur == nil && s == " ") {
		return
	}
	if w.cur == nil {
		w.open(block{size: 11, indent: len(w.lists)})
	}
	w.cur.runs = append(w.cur.runs, run{text: s, bold: w.bold > 0})
}

// collapseSpace collapses each stretch of white space in s to one space.
func collapseSpace(s string) string {
	if s == "" {
		return ""
	}
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		return " "
	}
	if isSpace(s[0]) {
		out = " " + out
	}
	if isSpace(s[len(s)-1]) {
		out += " "
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// flush ends the open block, dropping it if it holds no text.
func (w *blockWalker) flush() {
	if w.cur == nil {
		return
	}
	b := *w.cur
	w.cur = nil
	b.runs = tidyRuns(b.runs)
	if len(b.runs) > 0 {
		w.blocks = append(w.blocks, b)
	}
}

// tidyRuns merges runs of the same weight and drops white space at the
// start and end, around line breaks and doubled across runs.
func tidyRuns(runs []run) []run {
	var out []run
	space := true // at the start, as after a line break
	for _, r := range runs {
		t := strings.ReplaceAll(strings.ReplaceAll(r.text, " \n", "\n"), "\n ", "\n")
		if space {
			t = strings.TrimPrefix(t, " ")
		}
		if t == "" {
			continue
		}
		if n := len(out); n > 0 && strings.HasPrefix(t, "\n") {
			out[n-1].text = strings.TrimRight(out[n-1].text, " ")
		}
		space = strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\n")
		if n := len(out); n > 0 && out[n-1].bold == r.bold {
			out[n-1].text += t
			continue
		}
		out = append(out, run{text: t, bold: r.bold})
	}
	for len(out) > 0 {
		last := &out[len(out)-1]
		last.text = strings.TrimRight(last.text, " \n")
		if last.text != "" {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}
