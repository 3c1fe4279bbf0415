package sqldb

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldName lower-cases s and strips its accents ("Seán Ó Súilleabháin" →
// "sean o suilleabhain"), as the engines' search indexes do: FTS5 unicode61
// with remove_diacritics 2 on SQLite, unaccent on PostgreSQL.
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep := foldLetter(r); rep != "" {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldLetter spells letters that have no decomposition (ø, ł, ß…) the way
// PostgreSQL's unaccent does, or returns "" to keep r.
func foldLetter(r rune) string {
	switch r {
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'ħ':
		return "h"
	case 'ı':
		return "i"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ß':
		return "ss"
	case 'þ':
		return "th"
	}
	return ""
}

// nameTokens returns the folded words of s: runs of letters and digits, so
// "O'Sullivan-Jones" gives o, sullivan and jones, as FTS5 unicode61 splits it.
func nameTokens(s string) []string {
	return strings.FieldsFunc(foldName(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// How well a query word matches a name; higher is better. A typo match
// scores matchTypo less its number of edits.
const (
	matchNone   = 0
	matchTypo   = 10
	matchPrefix = 20
	matchWord   = 30
)

// typosAllowed is how many edits a query word of n letters may be from a
// name: none below 4 letters (too many names are one edit apart), one up to
// 7 letters and two from 8.
func typosAllowed(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// anyTypos reports whether some query word is long enough to be matched
// with a typo: search looks for typos only then.
func anyTypos(words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return typosAllowed(utf8.RuneCountInString(w)) > 0 })
}

// wordMatch returns how well query word q matches the best of names: the
// same word, a prefix of one, or within typosAllowed edits of one (or of
// its start, so "Okfa" still finds Okafor).
func wordMatch(q string, names []string) int {
	best := matchNone
	qr := []rune(q)
	k := typosAllowed(len(qr))
	for _, n := range names {
		switch {
		case n == q:
			return matchWord
		case strings.HasPrefix(n, q):
			best = matchPrefix
		case best < matchPrefix && k > 0:
			if d := typoDistance(qr, []rune(n), k); d <= k {
				best = max(best, matchTypo-d)
			}
		}
	}
	return best
}

// typoDistance returns the fewest edits from q to name or to a start of
// name one letter shorter, as long or one longer than q; k+1 when more
// than k.
func typoDistance(q, name []rune, k int) int {
	best := min(editDistance(q, name), k+1)
	for _, n := range []int{len(q) - 1, len(q), len(q) + 1} {
		if n >= 3 && n < len(name) {
			best = min(best, editDistance(q, name[:n]))
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours cost one.
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// nameScore returns how well the query words match a registrant's names,
// and false unless every word matches one of them.
func nameScore(words []string, givenNames, familyName string) (int, bool) {
	names := append(nameTokens(givenNames), nameTokens(familyName)...)
	score := 0
	for _, w := range words {
		m := wordMatch(w, names)
		if m == matchNone {
			return 0, false
		}
		score += m
	}
	return score, true
}

// trigrams returns the distinct three-letter pieces of the words that have
// at least three letters.
func trigrams(words []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+3 <= len(r); i++ {
			t := string(r[i : i+3])
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}
