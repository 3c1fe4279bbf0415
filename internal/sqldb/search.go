package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"fitness/internal/fitness"
)

// Search limits.
const (
	searchDefaultLimit = 20
	searchMaxLimit     = 100
	searchMaxText      = 200 // characters
	searchMaxWords     = 6
	// searchCandidates is how many rows one engine query may return for
	// ranking in Go; it bounds the cost of very common names.
	searchCandidates = 500
)

// registrantSearcher is the engine-specific half of register search: it
// finds candidate registrants for folded query words. The shared half
// (SearchRegistrants) filters and ranks the candidates in Go, so both
// engines behave alike even though their indexes differ.
type registrantSearcher interface {
	// words returns registrants whose names contain every word, as a whole
	// word or, with prefix, as the start of a word.
	words(ctx context.Context, words []string, prefix bool, limit int) ([]fitness.RegistrantHit, error)
	// similar returns registrants whose names share trigrams with the
	// words, the most similar first: candidates for typo matching.
	similar(ctx context.Context, words []string, limit int) ([]fitness.RegistrantHit, error)
}

func newRegistrantSearcher(db *DB) registrantSearcher {
	if db.Engine == Postgres {
		return postgresSearch{db: db}
	}
	return sqliteSearch{db: db}
}

func errSearchText(msg string) error {
	return &fitness.Error{Code: fitness.EInvalid, Message: msg, Fields: map[string]string{"q": msg}}
}

// SearchRegistrants finds registrants by registration number or name. A
// registration number (any case, surrounding space) finds exactly that
// person. Otherwise every word of the query must match one of the person's
// names, accents folded: whole words rank first, then word starts ("Mac"
// finds MacDonald), then names a typo away ("Okafro" finds Okafor), which
// are looked for only when the better matches are fewer than the limit.
// q.Limit defaults to 20 and is at most 100. An empty query is EInvalid
// with field "q".
func (s *RegistrantService) SearchRegistrants(ctx context.Context, q fitness.RegistrantQuery) ([]fitness.RegistrantHit, error) {
	text := strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(text) > searchMaxText {
		return nil, errSearchText(fmt.Sprintf("Search text must be %d characters or fewer", searchMaxText))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = searchDefaultLimit
	}
	limit = min(limit, searchMaxLimit)
	if _, ok := fitness.SplitRegistrationNumber(text); ok {
		h, err := s.findHitByNumber(ctx, text)
		if fitness.ErrorCode(err) == fitness.ENotFound {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []fitness.RegistrantHit{h}, nil
	}
	words := nameTokens(text)
	if len(words) == 0 {
		return nil, errSearchText("Enter a name or registration number")
	}
	if len(words) > searchMaxWords {
		words = words[:searchMaxWords]
	}
	hits, err := s.searchNames(ctx, words, limit)
	if err != nil {
		return nil, fmt.Errorf("search registrants for %q: %w", text, err)
	}
	return hits, nil
}

// rankedHit is a candidate that matched every query word.
type rankedHit struct {
	hit            fitness.RegistrantHit
	score          int
	family, givens []string
}

// searchNames finds the registrants whose names match every query word,
// in three steps from best to loosest match, stopping once limit
// registrants match: whole words, word starts, typos. They are ranked by
// nameScore, then in name order (compareNameKeys). It uses the name index
// while that is current (search_index.go), and otherwise the database's
// search indexes, which cap each step at searchCandidates registrants.
func (s *RegistrantService) searchNames(ctx context.Context, words []string, limit int) ([]fitness.RegistrantHit, error) {
	if ix := s.nameIndexInUse(); ix != nil {
		hits, current, err := s.hitsInOrder(ctx, ix, ix.match(words, limit))
		if err != nil || current {
			return hits, err
		}
		s.rebuildNameIndex()
	}
	return s.searchNamesInDB(ctx, words, limit)
}

// searchNamesInDB is searchNames with the engine's queries.
func (s *RegistrantService) searchNamesInDB(ctx context.Context, words []string, limit int) ([]fitness.RegistrantHit, error) {
	found := map[string]rankedHit{}
	for step := 0; step < 3 && len(found) < limit; step++ {
		hs, err := s.candidates(ctx, step, words)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			if _, dup := found[h.ID]; dup {
				continue
			}
			if score, ok := nameScore(words, h.GivenNames, h.FamilyName); ok {
				found[h.ID] = rankedHit{hit: h, score: score, family: nameTokens(h.FamilyName), givens: nameTokens(h.GivenNames)}
			}
		}
	}
	ranked := make([]rankedHit, 0, len(found))
	for _, r := range found {
		ranked = append(ranked, r)
	}
	slices.SortFunc(ranked, func(a, b rankedHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score),
			compareNameKeys(a.family, a.givens, b.family, b.givens), cmp.Compare(a.hit.Number, b.hit.Number))
	})
	out := make([]fitness.RegistrantHit, 0, min(limit, len(ranked)))
	for i := 0; i < len(ranked) && i < limit; i++ {
		out = append(out, ranked[i].hit)
	}
	return out, nil
}

// candidates runs search step 0 (whole words), 1 (word prefixes) or 2
// (typo candidates, only when some word is long enough to have a typo).
func (s *RegistrantService) candidates(ctx context.Context, step int, words []string) ([]fitness.RegistrantHit, error) {
	switch step {
	case 0:
		return s.search.words(ctx, words, false, searchCandidates)
	case 1:
		return s.search.words(ctx, words, true, searchCandidates)
	}
	if !anyTypos(words) {
		return nil, nil
	}
	return s.search.similar(ctx, words, searchCandidates)
}

// sqliteSearch finds candidates with FTS5: registrants_fts (unicode61,
// accents folded, prefix indexes for 2 and 3 letters) for words and
// prefixes, registrants_trgm (trigram) for typo candidates.
type sqliteSearch struct{ db *DB }

func (s sqliteSearch) words(ctx context.Context, words []string, prefix bool, limit int) ([]fitness.RegistrantHit, error) {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = `"` + w + `"`
		if prefix {
			terms[i] += "*"
		}
	}
	return s.query(ctx, hitSelect+"WHERE r.seq IN (SELECT rowid FROM registrants_fts WHERE registrants_fts MATCH $1 LIMIT $2)",
		strings.Join(terms, " AND "), limit)
}

// similar ranks rows by the trigrams of the words they contain, each
// weighted by its rarity, counting in Go: FTS5's own bm25 ranking costs
// about ten times more once a common trigram matches tens of thousands of
// rows.
func (s sqliteSearch) similar(ctx context.Context, words []string, limit int) ([]fitness.RegistrantHit, error) {
	tri := trigrams(words)
	if len(tri) == 0 {
		return nil, nil
	}
	parts := make([]string, len(tri))
	args := make([]any, len(tri))
	for i, t := range tri {
		parts[i] = fmt.Sprintf("SELECT %d, rowid FROM registrants_trgm WHERE registrants_trgm MATCH $%d", i, i+1)
		args[i] = `"` + t + `"`
	}
	rows, err := s.db.read.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	seqs, err := rankTrigramRows(rows, len(tri), limit)
	if err != nil || len(seqs) == 0 {
		return nil, err
	}
	marks := make([]string, len(seqs))
	for i := range seqs {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	return s.query(ctx, hitSelect+"WHERE r.seq IN ("+strings.Join(marks, ", ")+")", seqs...)
}

// rankTrigramRows reads (trigram index, seq) rows and returns the seqs of
// the limit best rows: a trigram found in fewer rows weighs more.
func rankTrigramRows(rows *sql.Rows, ntri, limit int) ([]any, error) {
	defer rows.Close()
	found := make([][]int64, ntri)
	for rows.Next() {
		var t int
		var seq int64
		if err := rows.Scan(&t, &seq); err != nil {
			return nil, err
		}
		found[t] = append(found[t], seq)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	most := 1
	for _, f := range found {
		most = max(most, len(f))
	}
	score := map[int64]float64{}
	for _, f := range found {
		w := 1 + math.Log(float64(most)/float64(max(len(f), 1)))
		for _, seq := range f {
			score[seq] += w
		}
	}
	seqs := make([]int64, 0, len(score))
	for seq := range score {
		seqs = append(seqs, seq)
	}
	slices.SortFunc(seqs, func(a, b int64) int { return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(a, b)) })
	out := make([]any, 0, min(limit, len(seqs)))
	for _, seq := range seqs[:min(limit, len(seqs))] {
		out = append(out, seq)
	}
	return out, nil
}

// query returns the registrants that q selects.
func (s sqliteSearch) query(ctx context.Context, q string, args ...any) ([]fitness.RegistrantHit, error) {
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanHits(rows)
}

// postgresSearch finds candidates with GIN indexes on search_name, the
// generated lower-cased, unaccented full name (see
// migrations/postgres/00001_init.sql): tsvector for words and prefixes,
// pg_trgm for typo candidates. pgNameTSV must stay identical to the
// indexed expression.
type postgresSearch struct{ db *DB }

const (
	pgNameTSV  = `to_tsvector('simple'::regconfig, r.search_name)`
	pgNameTrgm = `r.search_name`
)

// pgWordSimilarity is the pg_trgm word_similarity a name needs to be a
// typo candidate for a word of n letters. Measured: "Okafro" against
// Okafor scores 0.57, "Siobahn" against Siobhan 0.5, "Willaims" against
// Williams 0.44, "Okfa" against Okafor 0.4, "Jonse" against Jones 0.5.
func pgWordSimilarity(n int) float64 {
	if n < 6 {
		return 0.35
	}
	return 0.4
}

func (s postgresSearch) words(ctx context.Context, words []string, prefix bool, limit int) ([]fitness.RegistrantHit, error) {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w
		if prefix {
			terms[i] += ":*"
		}
	}
	rows, err := s.db.read.QueryContext(ctx, hitSelect+"WHERE "+pgNameTSV+" @@ to_tsquery('simple'::regconfig, $1) LIMIT $2",
		strings.Join(terms, " & "), limit)
	if err != nil {
		return nil, err
	}
	return scanHits(rows)
}

// similar asks for names similar to every word of three or more letters
// (shorter ones are left to the filter in Go), most similar first.
func (s postgresSearch) similar(ctx context.Context, words []string, limit int) ([]fitness.RegistrantHit, error) {
	var match, rank []string
	var args []any
	threshold := 1.0
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 3 {
			continue
		}
		threshold = min(threshold, pgWordSimilarity(n))
		args = append(args, w)
		p := fmt.Sprintf("$%d", len(args))
		match = append(match, p+" <% "+pgNameTrgm)
		rank = append(rank, "word_similarity("+p+", "+pgNameTrgm+")")
	}
	if len(args) == 0 {
		return nil, nil
	}
	args = append(args, limit)
	q := hitSelect + "WHERE " + strings.Join(match, " AND ") + " ORDER BY " + strings.Join(rank, " + ") +
		fmt.Sprintf(" DESC LIMIT $%d", len(args))
	tx, err := s.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	settings := fmt.Sprintf("SET LOCAL pg_trgm.word_similarity_threshold = %.2f", threshold)
	if _, err := tx.ExecContext(ctx, settings); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = '5s'"); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanHits(rows)
}
