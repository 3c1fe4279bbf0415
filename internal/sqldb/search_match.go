package sqldb

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Matching query words against the name index (search_index.go), with the
// steps and scores of searchNames and nameScore.

// match returns the ordinals of the registrants whose names match every
// query word, best first, at most limit: whole words; then, while fewer
// than limit match, word starts; then typos (searchNames documents the
// steps and nameScore the scores).
func (ix *nameIndex) match(words []string, limit int) []int32 {
	found := ix.wholeWords(words, limit)
	if len(found) >= limit {
		return found
	}
	m := ix.newLooseMatch(words)
	defer m.release()
	for i, w := range words {
		m.apply(i, ix.startsOf(w))
	}
	found = m.best(limit)
	if len(found) >= limit || !anyTypos(words) {
		return found
	}
	for i, w := range words {
		m.apply(i, ix.typosOf(w))
	}
	return m.best(limit)
}

// word returns the place of w in the index's words.
func (ix *nameIndex) word(w string) (int32, bool) {
	i, ok := slices.BinarySearch(ix.words, w)
	return int32(i), ok
}

// wholeWords returns the first limit registrants (in name order) whose
// names contain every word as a whole word: it walks the registrants of the
// rarest word and looks for the others among each one's words.
func (ix *nameIndex) wholeWords(words []string, limit int) []int32 {
	ids := make([]int32, 0, len(words))
	for _, w := range words {
		i, ok := ix.word(w)
		if !ok {
			return nil
		}
		ids = append(ids, i)
	}
	rarest := slices.MinFunc(ids, func(a, b int32) int { return cmp.Compare(len(ix.postings[a]), len(ix.postings[b])) })
	var out []int32
	for _, ord := range ix.postings[rarest] {
		names := ix.names[ix.start[ord]:ix.start[ord+1]]
		if !slices.ContainsFunc(ids, func(id int32) bool { return !slices.Contains(names, id) }) {
			out = append(out, ord)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// looseMatch scores registrants against each query word: the best of
// wordMatch's levels over the words of their names.
type looseMatch struct {
	ix     *nameIndex
	levels []*[]uint8 // per query word: level of each index word
	words  [][]int32  // per query word: index words with a level
}

func (ix *nameIndex) newLooseMatch(words []string) *looseMatch {
	m := &looseMatch{ix: ix, levels: make([]*[]uint8, len(words)), words: make([][]int32, len(words))}
	for i := range words {
		m.levels[i] = scratch[uint8](&ix.levels, len(ix.words))
	}
	return m
}

// scratch returns a zeroed slice of n from pool.
func scratch[T any](pool *sync.Pool, n int) *[]T {
	if s, ok := pool.Get().(*[]T); ok {
		return s
	}
	s := make([]T, n)
	return &s
}

// release zeroes the levels it set and gives them back for reuse.
func (m *looseMatch) release() {
	for i, lv := range m.levels {
		for _, w := range m.words[i] {
			(*lv)[w] = matchNone
		}
		m.ix.levels.Put(lv)
	}
}

// apply sets query word i's level of each of matched (index word →
// level), keeping any higher level set before.
func (m *looseMatch) apply(i int, matched map[int32]uint8) {
	levels := *m.levels[i]
	for w, level := range matched {
		if levels[w] == matchNone {
			m.words[i] = append(m.words[i], w)
		}
		levels[w] = max(levels[w], level)
	}
}

// best returns the limit best registrants that match every query word:
// highest score first, then in name order. It walks the registrants of
// the query word with the fewest and scores each from its names.
func (m *looseMatch) best(limit int) []int32 {
	order := m.byRarity()
	driver := order[0]
	seen := m.ix.bitset()
	defer m.ix.putBitset(seen)
	// The driver's words best first. A registrant met through one of them
	// scores at most that word's level and the best levels of the other
	// query words (rest); once the best limit score more, or as much with
	// a registrant earlier in name order, no later one can be among them.
	levels := *m.levels[driver]
	ws := slices.Clone(m.words[driver])
	slices.SortFunc(ws, func(a, b int32) int { return cmp.Compare(levels[b], levels[a]) })
	rest := 0
	var others []*[]uint8 // the other query words' levels, the rarest first
	for _, i := range order[1:] {
		rest += m.bestLevel(i)
		others = append(others, m.levels[i])
	}
	var best topHits
	for _, w := range ws {
		most := int(levels[w]) + rest
		if !best.reachable(most, -1, limit) {
			break
		}
		for _, ord := range m.ix.postings[w] {
			if !best.reachable(most, ord, limit) {
				break
			}
			if seen.met(ord) {
				continue
			}
			// Met first through its best word of the driver's.
			if score := m.score(ord, others); score > 0 {
				best.offer(scoredHit{ord, int(levels[w]) + score}, limit)
			} else if len(others) == 0 {
				best.offer(scoredHit{ord, int(levels[w])}, limit)
			}
		}
	}
	return best.ords()
}

// bestLevel returns query word i's best level.
func (m *looseMatch) bestLevel(i int) int {
	best := 0
	for _, w := range m.words[i] {
		best = max(best, int((*m.levels[i])[w]))
	}
	return best
}

// byRarity returns the query words, those whose index words have the
// fewest registrants first.
func (m *looseMatch) byRarity() []int {
	size := make([]int, len(m.words))
	order := make([]int, len(m.words))
	for i, ws := range m.words {
		order[i] = i
		for _, w := range ws {
			size[i] += len(m.ix.postings[w])
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[a], size[b]) })
	return order
}

// bitset is a set of ordinals, one bit each.
type bitset []uint64

// met reports whether ord is in the set, and adds it.
func (b bitset) met(ord int32) bool {
	bit := uint64(1) << (ord % 64)
	in := b[ord/64]&bit != 0
	b[ord/64] |= bit
	return in
}

// bitset returns an empty set of the index's ordinals, for putBitset to
// take back when done.
func (ix *nameIndex) bitset() bitset {
	if b, ok := ix.seen.Get().(*bitset); ok {
		return *b
	}
	return make(bitset, (len(ix.seqs)+63)/64)
}

// putBitset empties b and keeps it for reuse.
func (ix *nameIndex) putBitset(b bitset) {
	clear(b)
	ix.seen.Put(&b)
}

// score returns the sum over the query words whose levels are others of
// the best level among the registrant's words; 0 if one matches none of
// them (or others is empty).
func (m *looseMatch) score(ord int32, others []*[]uint8) int {
	names := m.ix.names[m.ix.start[ord]:m.ix.start[ord+1]]
	total := 0
	for _, lv := range others {
		best := uint8(matchNone)
		for _, w := range names {
			best = max(best, (*lv)[w])
		}
		if best == matchNone {
			return 0
		}
		total += int(best)
	}
	return total
}

// scoredHit is a registrant that matched every query word, and its score.
type scoredHit struct {
	ord   int32
	score int
}

// before reports whether h ranks before o: higher score, then name order.
func (h scoredHit) before(o scoredHit) bool {
	return h.score > o.score || h.score == o.score && h.ord < o.ord
}

// topHits is the best hits offered so far, best first.
type topHits []scoredHit

// ords returns the hits' ordinals, in order.
func (t topHits) ords() []int32 {
	out := make([]int32, len(t))
	for i, h := range t {
		out[i] = h.ord
	}
	return out
}

// reachable reports whether a hit scoring at most score, at ordinal ord
// or later (-1: any), could still be among the limit best.
func (t topHits) reachable(score int, ord int32, limit int) bool {
	if len(t) < limit {
		return true
	}
	last := t[limit-1]
	return score > last.score || score == last.score && (ord < 0 || ord < last.ord)
}

// offer keeps h if it is among the limit best so far.
func (t *topHits) offer(h scoredHit, limit int) {
	if len(*t) == limit && !h.before((*t)[limit-1]) {
		return
	}
	i, _ := slices.BinarySearchFunc(*t, h, func(e, h scoredHit) int {
		if e.before(h) {
			return -1
		}
		return 1
	})
	if len(*t) == limit {
		*t = (*t)[:limit-1]
	}
	*t = slices.Insert(*t, i, h)
}

// startsOf returns the index words query word q is the whole of
// (matchWord) or the start of (matchPrefix).
func (ix *nameIndex) startsOf(q string) map[int32]uint8 {
	matched := map[int32]uint8{}
	lo, _ := slices.BinarySearch(ix.words, q)
	for i := lo; i < len(ix.words) && strings.HasPrefix(ix.words[i], q); i++ {
		matched[int32(i)] = matchPrefix
		if ix.words[i] == q {
			matched[int32(i)] = matchWord
		}
	}
	return matched
}

// typosOf returns the index words a typo away from query word q, each at
// matchTypo less its edits; none for a word too short for typos.
func (ix *nameIndex) typosOf(q string) map[int32]uint8 {
	matched := map[int32]uint8{}
	qr := []rune(q)
	if k := typosAllowed(len(qr)); k > 0 {
		for word, edits := range ix.typoWords(qr, k) {
			matched[word] = uint8(matchTypo - edits)
		}
	}
	return matched
}

// typoWords returns the words within k edits of q, or whose start of
// len(q)-1, len(q) or len(q)+1 letters (three or more) is, with the fewest
// edits: typoDistance over the whole index, found by walking the sorted
// words as a trie and stopping wherever k edits are passed.
func (ix *nameIndex) typoWords(q []rune, k int) map[int32]int {
	row := make([]int, len(q)+1)
	for j := range row {
		row[j] = j
	}
	w := typoWalk{ix: ix, q: q, k: k, rows: [][]int{row}, best: map[int32]int{}}
	w.walk(0, len(ix.runes), 0)
	return w.best
}

// typoWalk is one walk of typoWords.
type typoWalk struct {
	ix   *nameIndex
	q    []rune
	k    int
	rows [][]int // rows[d][j]: edits between q[:j] and the path's first d letters
	path []rune
	best map[int32]int
}

func (w *typoWalk) note(word int32, edits int) {
	if old, ok := w.best[word]; !ok || edits < old {
		w.best[word] = edits
	}
}

// walk visits the words ix.runes[lo:hi], which all start with the path's d
// letters.
func (w *typoWalk) walk(lo, hi, d int) {
	n, row := len(w.q), w.rows[d]
	if lo < hi && len(w.ix.runes[lo]) == d {
		if row[n] <= w.k {
			w.note(int32(lo), row[n])
		}
		lo++
	}
	if d >= 3 && d >= n-1 && d <= n+1 && row[n] <= w.k {
		for i := lo; i < hi; i++ {
			w.note(int32(i), row[n])
		}
	}
	if lo >= hi || d >= n+w.k || (slices.Min(row) > w.k && (d == 0 || slices.Min(w.rows[d-1]) >= w.k)) {
		return
	}
	for i := lo; i < hi; {
		c := w.ix.runes[i][d]
		j := i + sort.Search(hi-i, func(x int) bool { return w.ix.runes[i+x][d] > c })
		w.step(c, d)
		w.walk(i, j, d+1)
		i = j
	}
}

// step sets rows[d+1] for the path's first d letters followed by c.
func (w *typoWalk) step(c rune, d int) {
	if len(w.rows) <= d+1 {
		w.rows = append(w.rows, make([]int, len(w.q)+1))
	}
	w.path = append(w.path[:d], c)
	prev, cur := w.rows[d], w.rows[d+1]
	cur[0] = d + 1
	for j := 1; j <= len(w.q); j++ {
		cost := 1
		if w.q[j-1] == c {
			cost = 0
		}
		v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		if d >= 1 && j >= 2 && w.q[j-1] == w.path[d-1] && w.q[j-2] == c {
			v = min(v, w.rows[d-1][j-2]+1)
		}
		cur[j] = v
	}
}
