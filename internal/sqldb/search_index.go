package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"fitness/internal/fitness"
)

// nameIndex is register search's index of every registrant's name words at
// one version of the register (table register_names, moved on by triggers
// whenever a registrant's names or number change). It holds the distinct
// folded words, sorted, and for each word the ordinals of the registrants
// whose names contain it. A registrant's ordinal is its place in name order
// (compareNameKeys), so the first ordinals a search meets are the first in
// the list it shows, and a common name costs no more than a rare one.
//
// It holds no register entry: a search reads the registrants it found from
// the database, so what it shows is always as stored. The index only
// decides which registrants match and in what order, and is used only while
// its version is the database's.
type nameIndex struct {
	version  int64
	words    []string  // distinct folded name words, sorted
	runes    [][]rune  // words as runes, for typo matching
	postings [][]int32 // per word: ordinals of the registrants with it, ascending
	seqs     []int64   // per ordinal: registrants.seq
	names    []int32   // every ordinal's distinct words, in ordinal order
	start    []int32   // ordinal o's words are names[start[o]:start[o+1]]
	levels   sync.Pool // *[]uint8 of len(words): a query word's level of each word
	seen     sync.Pool // *[]uint64 of len(seqs) bits: registrants met
}

// compareNameKeys is the order of register search results with the same
// score: by family name words, then given name words (each folded, as
// nameTokens gives them); then, where that is the same, by registration
// number. T is string, or a word's place in a sorted word list, which
// orders the same.
func compareNameKeys[T cmp.Ordered](famA, givA, famB, givB []T) int {
	return cmp.Or(slices.Compare(famA, famB), slices.Compare(givA, givB))
}

// numberKey holds the first 16 bytes of a registration number so that
// comparing keys orders as comparing the numbers, without a string per
// registrant while the index is built.
type numberKey [2]uint64

func keyOfNumber(n string) numberKey {
	var b [16]byte
	copy(b[:], n)
	return numberKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

func (k numberKey) compare(o numberKey) int {
	return cmp.Or(cmp.Compare(k[0], o[0]), cmp.Compare(k[1], o[1]))
}

// registerNamesVersion returns the register's names version.
func registerNamesVersion(ctx context.Context, q querier) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT version FROM register_names WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read register names version: %w", err)
	}
	return v, nil
}

// buildNameIndex reads every registrant's names, and the version they are
// at, in one snapshot, and indexes them.
func buildNameIndex(ctx context.Context, db *DB) (*nameIndex, error) {
	opts := &sql.TxOptions{}
	if db.Engine == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("build name index: %w", err)
	}
	defer tx.Rollback()
	version, err := registerNamesVersion(ctx, tx)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrants`).Scan(&n); err != nil {
		return nil, fmt.Errorf("build name index: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, given_names, family_name, number FROM registrants`)
	if err != nil {
		return nil, fmt.Errorf("build name index: %w", err)
	}
	defer rows.Close()
	b := newNameIndexBuilder(n)
	for rows.Next() {
		var seq int64
		var given, family, number string
		if err := rows.Scan(&seq, &given, &family, &number); err != nil {
			return nil, fmt.Errorf("build name index: %w", err)
		}
		b.add(seq, given, family, number)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("build name index: %w", err)
	}
	return b.finish(version), nil
}

// nameIndexBuilder collects registrants' names for a nameIndex.
type nameIndexBuilder struct {
	ids     map[string]int32 // word → its place in words
	words   []string         // in the order first met
	toks    []int32          // every registrant's family words, then given words
	start   []int32          // registrant i's words begin at toks[start[i]]
	nfam    []int32          // how many of them are family name words
	seqs    []int64
	numbers []numberKey
}

// newNameIndexBuilder returns a builder with room for about n registrants.
func newNameIndexBuilder(n int) *nameIndexBuilder {
	return &nameIndexBuilder{ids: map[string]int32{}, toks: make([]int32, 0, 3*n), start: make([]int32, 0, n),
		nfam: make([]int32, 0, n), seqs: make([]int64, 0, n), numbers: make([]numberKey, 0, n)}
}

func (b *nameIndexBuilder) add(seq int64, given, family, number string) {
	b.start = append(b.start, int32(len(b.toks)))
	fam := nameTokens(family)
	b.nfam = append(b.nfam, int32(len(fam)))
	for _, w := range fam {
		b.toks = append(b.toks, b.intern(w))
	}
	for _, w := range nameTokens(given) {
		b.toks = append(b.toks, b.intern(w))
	}
	b.seqs = append(b.seqs, seq)
	b.numbers = append(b.numbers, keyOfNumber(number))
}

func (b *nameIndexBuilder) intern(w string) int32 {
	id, ok := b.ids[w]
	if !ok {
		id = int32(len(b.words))
		b.ids[w] = id
		b.words = append(b.words, w)
	}
	return id
}

// names returns registrant i's words (family name words first), and of
// them its family and given name words.
func (b *nameIndexBuilder) names(i int32) (ws, fam, giv []int32) {
	end := int32(len(b.toks))
	if int(i)+1 < len(b.start) {
		end = b.start[i+1]
	}
	ws = b.toks[b.start[i]:end]
	return ws, ws[:b.nfam[i]], ws[b.nfam[i]:]
}

// finish sorts the words and the registrants and builds the postings.
func (b *nameIndexBuilder) finish(version int64) *nameIndex {
	byWord := make([]int32, len(b.words))
	for i := range byWord {
		byWord[i] = int32(i)
	}
	slices.SortFunc(byWord, func(x, y int32) int { return strings.Compare(b.words[x], b.words[y]) })
	place := make([]int32, len(b.words))
	ix := &nameIndex{version: version, words: make([]string, len(b.words)), runes: make([][]rune, len(b.words))}
	for p, id := range byWord {
		place[id] = int32(p)
		ix.words[p] = b.words[id]
		ix.runes[p] = []rune(b.words[id])
	}
	for i, id := range b.toks {
		b.toks[i] = place[id]
	}
	order := make([]int32, len(b.seqs))
	for i := range order {
		order[i] = int32(i)
	}
	// Most comparisons are settled by the first family name word alone.
	first := make([]int32, len(order))
	for i := range first {
		if _, fam, _ := b.names(int32(i)); len(fam) > 0 {
			first[i] = fam[0] + 1
		}
	}
	slices.SortFunc(order, func(x, y int32) int {
		if first[x] != first[y] {
			return cmp.Compare(first[x], first[y])
		}
		_, fx, gx := b.names(x)
		_, fy, gy := b.names(y)
		return cmp.Or(compareNameKeys(fx, gx, fy, gy), b.numbers[x].compare(b.numbers[y]), cmp.Compare(b.seqs[x], b.seqs[y]))
	})
	ix.seqs = make([]int64, len(order))
	ix.postings = make([][]int32, len(ix.words))
	counts := make([]int32, len(ix.words))
	b.eachWord(order, func(_ int32, w int32) { counts[w]++ })
	for w, n := range counts {
		ix.postings[w] = make([]int32, 0, n)
	}
	ix.names = make([]int32, 0, len(b.toks))
	ix.start = make([]int32, len(order)+1)
	b.eachWord(order, func(ord, w int32) {
		ix.postings[w] = append(ix.postings[w], ord)
		ix.names = append(ix.names, w)
		ix.start[ord+1] = int32(len(ix.names))
	})
	for ord, i := range order {
		ix.seqs[ord] = b.seqs[i]
	}
	return ix
}

// eachWord calls fn with each registrant's ordinal and each distinct word
// of its names, in ordinal order.
func (b *nameIndexBuilder) eachWord(order []int32, fn func(ord, word int32)) {
	for ord, i := range order {
		ws, _, _ := b.names(i)
		for j, w := range ws {
			if !slices.Contains(ws[:j], w) {
				fn(int32(ord), w)
			}
		}
	}
}

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
	if len(found) >= limit || !slices.ContainsFunc(words, func(w string) bool { return typosAllowed(utf8.RuneCountInString(w)) > 0 }) {
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
// names contain every word as a whole word.
func (ix *nameIndex) wholeWords(words []string, limit int) []int32 {
	lists := make([][]int32, 0, len(words))
	for _, w := range words {
		i, ok := ix.word(w)
		if !ok {
			return nil
		}
		lists = append(lists, ix.postings[i])
	}
	slices.SortFunc(lists, func(a, b []int32) int { return cmp.Compare(len(a), len(b)) })
	var out []int32
	for _, ord := range lists[0] {
		if ix.inAll(lists[1:], ord) {
			out = append(out, ord)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// inAll reports whether ord is in every list, dropping from the front of
// each list the ordinals below ord (the caller asks in ascending order).
func (ix *nameIndex) inAll(lists [][]int32, ord int32) bool {
	in := true
	for i, l := range lists {
		p, ok := slices.BinarySearch(l, ord)
		lists[i] = l[p:]
		in = in && ok
	}
	return in
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
	driver, size := 0, -1
	for i, ws := range m.words {
		n := 0
		for _, w := range ws {
			n += len(m.ix.postings[w])
		}
		if size < 0 || n < size {
			driver, size = i, n
		}
	}
	seenp := scratch[uint64](&m.ix.seen, (len(m.ix.seqs)+63)/64)
	seen := *seenp
	defer func() {
		clear(seen)
		m.ix.seen.Put(seenp)
	}()
	// The driver's words best first, so that a registrant is first met
	// through its best word. With one query word that level is its score,
	// and only the first limit registrants of each word (the first in name
	// order) can be among the best.
	levels := *m.levels[driver]
	ws := slices.Clone(m.words[driver])
	slices.SortFunc(ws, func(a, b int32) int { return cmp.Compare(levels[b], levels[a]) })
	single := len(m.levels) == 1
	var best topHits
	for _, w := range ws {
		ords := m.ix.postings[w]
		if single {
			if len(best) == limit && best[limit-1].score > int(levels[w]) {
				break
			}
			ords = ords[:min(limit, len(ords))]
		}
		for _, ord := range ords {
			if seen[ord/64]&(1<<(ord%64)) != 0 {
				continue
			}
			seen[ord/64] |= 1 << (ord % 64)
			score := int(levels[w])
			if !single {
				score = m.score(ord)
			}
			if score > 0 {
				best.offer(scoredHit{ord, score}, limit)
			}
		}
	}
	out := make([]int32, len(best))
	for i, h := range best {
		out[i] = h.ord
	}
	return out
}

// score returns the sum over query words of the best level among the
// registrant's words, or 0 if some query word matches none of them.
func (m *looseMatch) score(ord int32) int {
	names := m.ix.names[m.ix.start[ord]:m.ix.start[ord+1]]
	total := 0
	for _, lv := range m.levels {
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

// nameIndexCache keeps a RegistrantService's name index.
type nameIndexCache struct {
	on       atomic.Bool
	current  atomic.Pointer[nameIndex]
	building atomic.Bool
	finished atomic.Int64 // when the last build finished (Unix nanoseconds)
	took     atomic.Int64 // how long it took
	report   func(took time.Duration, err error)
	ctx      context.Context // of UseNameIndex: rebuilds stop when it ends
}

// nameIndexGap is the least time between the end of one build of the name
// index and the start of the next, and buildsApart the least multiple of
// the last build's time: while registrants are being added one after
// another, searches use the database's indexes rather than the machine
// rebuilding the index without pause.
const (
	nameIndexGap = 5 * time.Second
	buildsApart  = 4
)

// UseNameIndex builds the register's name index now and, from then on, has
// register search use it while it is current. When registrants' names or
// numbers change, the next search finds the index stale, starts a rebuild
// in the background, and searches use the database's search indexes until
// it is done. report, if
// not nil, is told of each background build; rebuilds stop once ctx ends.
// The server calls it at start;
// the index of a million registrants takes a few seconds to build and
// about 30 MB.
func (s *RegistrantService) UseNameIndex(ctx context.Context, report func(took time.Duration, err error)) error {
	start := time.Now()
	ix, err := buildNameIndex(ctx, s.db)
	if err != nil {
		return err
	}
	s.names.report = report
	s.names.ctx = ctx
	s.names.took.Store(int64(time.Since(start)))
	s.names.finished.Store(time.Now().UnixNano())
	s.names.current.Store(ix)
	s.names.on.Store(true)
	return nil
}

// nameIndexInUse returns the name index if it is in use, whatever its
// version.
func (s *RegistrantService) nameIndexInUse() *nameIndex {
	if !s.names.on.Load() {
		return nil
	}
	return s.names.current.Load()
}

// rebuildNameIndex starts a build of the name index in the background,
// unless one is running or the last ended too recently.
func (s *RegistrantService) rebuildNameIndex() {
	c := &s.names
	wait := max(nameIndexGap, buildsApart*time.Duration(c.took.Load()))
	if time.Since(time.Unix(0, c.finished.Load())) < wait || !c.building.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.building.Store(false)
		start := time.Now()
		ix, err := buildNameIndex(c.ctx, s.db)
		took := time.Since(start)
		c.took.Store(int64(took))
		c.finished.Store(time.Now().UnixNano())
		if err == nil {
			c.current.Store(ix)
		}
		if c.report != nil {
			c.report(took, err)
		}
	}()
}

// hitsInOrder reads the registrants at ords of ix, in that order, and
// reports whether ix is current: built at the register's names version read
// in the same statement.
func (s *RegistrantService) hitsInOrder(ctx context.Context, ix *nameIndex, ords []int32) ([]fitness.RegistrantHit, bool, error) {
	out := make([]fitness.RegistrantHit, len(ords))
	version := int64(-1)
	if len(ords) > 0 {
		place := make(map[int64]int, len(ords))
		for i, ord := range ords {
			place[ix.seqs[ord]] = i
		}
		query, args := ix.hitsQuery(ords)
		rows, err := s.db.read.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, false, fmt.Errorf("read registrants found: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			h, err := scanHit(seqFirst{rows, []any{&version, &seq}})
			if err != nil {
				return nil, false, fmt.Errorf("read registrants found: %w", err)
			}
			out[place[seq]] = h
		}
		if err := rows.Err(); err != nil {
			return nil, false, fmt.Errorf("read registrants found: %w", err)
		}
	}
	if version < 0 {
		// Nothing found, or nothing there: read the version alone.
		v, err := registerNamesVersion(ctx, s.db.read)
		if err != nil {
			return nil, false, err
		}
		version = v
	}
	return slices.DeleteFunc(out, func(h fitness.RegistrantHit) bool { return h.ID == "" }), version == ix.version, nil
}

// hitsQuery returns the query for the registrants at ords of ix, each row
// led by the register's names version and the registrant's seq, and its
// arguments.
func (ix *nameIndex) hitsQuery(ords []int32) (string, []any) {
	marks := make([]string, len(ords))
	args := make([]any, len(ords))
	for i, ord := range ords {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = ix.seqs[ord]
	}
	return `SELECT (SELECT version FROM register_names WHERE id = 1), r.seq, ` + strings.TrimPrefix(hitSelect, "SELECT ") +
		`WHERE r.seq IN (` + strings.Join(marks, ", ") + `)`, args
}

// seqFirst scans a row's leading columns into first, then the rest as its
// scanner's caller asks.
type seqFirst struct {
	rows  *sql.Rows
	first []any
}

func (s seqFirst) Scan(dest ...any) error { return s.rows.Scan(append(s.first, dest...)...) }
