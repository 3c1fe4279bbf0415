package fitness

import (
	"fmt"
	"strings"
)

// DiffOp says whether a run of words was kept, added or removed.
type DiffOp int

// Diff operations.
const (
	DiffSame DiffOp = iota
	DiffAdded
	DiffRemoved
)

// DiffPart is a run of words with what happened to it.
type DiffPart struct {
	Op   DiffOp
	Text string
}

// SectionDiff is the change to one section of an allegation between two
// versions, word by word.
type SectionDiff struct {
	Section string // "Stem", "Particular 2", "Statutory grounds", "Impairment"
	Parts   []DiffPart
}

// maxDiffCells bounds the work of a word diff; larger texts are shown as
// removed and added whole.
const maxDiffCells = 4_000_000

// DiffWords compares two texts word by word (a longest common
// subsequence), keeping line breaks as their own words.
func DiffWords(before, after string) []DiffPart {
	a, b := words(before), words(after)
	if len(a)*len(b) > maxDiffCells {
		return mergeParts([]DiffPart{{DiffRemoved, before}, {DiffAdded, after}})
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var parts []DiffPart
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			parts = append(parts, DiffPart{DiffSame, a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			parts = append(parts, DiffPart{DiffRemoved, a[i]})
			i++
		default:
			parts = append(parts, DiffPart{DiffAdded, b[j]})
			j++
		}
	}
	return mergeParts(parts)
}

// words splits s into words and the runs of space between them, so that
// joining them gives s back.
func words(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if i > start && isSpace(r) != isSpace(rune(s[start])) {
			out = append(out, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }

// mergeParts joins neighbouring parts with the same op and drops empty
// ones.
func mergeParts(parts []DiffPart) []DiffPart {
	var out []DiffPart
	for _, p := range parts {
		if p.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == p.Op {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// Changed reports whether any part was added or removed.
func (d SectionDiff) Changed() bool {
	for _, p := range d.Parts {
		if p.Op != DiffSame {
			return true
		}
	}
	return false
}

// DiffAllegations compares two versions section by section and returns
// the sections that changed, in the order of the allegation.
func DiffAllegations(before, after Allegation) []SectionDiff {
	sections := []SectionDiff{{Section: "Stem", Parts: DiffWords(before.Stem, after.Stem)}}
	n := max(len(before.Particulars), len(after.Particulars))
	for i := range n {
		var b, a string
		if i < len(before.Particulars) {
			b = before.Particulars[i].Source()
		}
		if i < len(after.Particulars) {
			a = after.Particulars[i].Source()
		}
		sections = append(sections, SectionDiff{Section: fmt.Sprintf("Particular %d", i+1), Parts: DiffWords(b, a)})
	}
	sections = append(sections,
		SectionDiff{Section: "Statutory grounds", Parts: DiffWords(groundLines(before), groundLines(after))},
		SectionDiff{Section: "Impairment", Parts: DiffWords(before.Impairment, after.Impairment)})
	var out []SectionDiff
	for _, s := range sections {
		if s.Changed() {
			out = append(out, s)
		}
	}
	return out
}

// groundLines returns the grounds one per line, so the diff shows whole
// grounds added and removed.
func groundLines(al Allegation) string {
	lines := make([]string, len(al.Grounds))
	for i, g := range al.Grounds {
		lines[i] = g.Label()
	}
	return strings.Join(lines, "\n")
}
