package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	seen     sync.Pool // *bitset of len(seqs) bits: registrants met
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
	// Each ordinal's distinct words, then each word's ordinals from them.
	ix.seqs = make([]int64, len(order))
	ix.names = make([]int32, 0, len(b.toks))
	ix.start = make([]int32, len(order)+1)
	counts := make([]int32, len(ix.words))
	for ord, i := range order {
		ix.seqs[ord] = b.seqs[i]
		ws, _, _ := b.names(i)
		for j, w := range ws {
			if !slices.Contains(ws[:j], w) {
				ix.names = append(ix.names, w)
				counts[w]++
			}
		}
		ix.start[ord+1] = int32(len(ix.names))
	}
	ix.postings = make([][]int32, len(ix.words))
	for w, n := range counts {
		ix.postings[w] = make([]int32, 0, n)
	}
	for ord := range order {
		for _, w := range ix.names[ix.start[ord]:ix.start[ord+1]] {
			ix.postings[w] = append(ix.postings[w], int32(ord))
		}
	}
	return ix
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
// it is done. report, if not nil, is told of each build, this one
// included; rebuilds stop once ctx ends. Call it once: the server does, at
// start. The index of a million registrants takes a few seconds to build
// and about 30 MB.
func (s *RegistrantService) UseNameIndex(ctx context.Context, report func(took time.Duration, err error)) error {
	start := time.Now()
	ix, err := buildNameIndex(ctx, s.db)
	took := time.Since(start)
	if report != nil {
		report(took, err)
	}
	if err != nil {
		return err
	}
	s.names.report = report
	s.names.ctx = ctx
	s.names.took.Store(int64(took))
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
			h, err := scanHit(leadingColumns{rows, []any{&version, &seq}})
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

// leadingColumns scans a row's leading columns into first, then the rest
// as its scanner's caller asks.
type leadingColumns struct {
	rows  *sql.Rows
	first []any
}

func (s leadingColumns) Scan(dest ...any) error { return s.rows.Scan(append(s.first, dest...)...) }
