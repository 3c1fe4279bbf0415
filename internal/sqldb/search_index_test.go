package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// TestTypoWordsAgreeWithTypoDistance checks the trie walk of typoWords
// against typoDistance applied to every word, for random words and queries
// over a small alphabet (so that near misses are common).
func TestTypoWordsAgreeWithTypoDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		b := make([]rune, n)
		for i := range b {
			b[i] = []rune("abcdeé")[rng.IntN(6)]
		}
		return string(b)
	}
	b := newNameIndexBuilder(3000)
	for i := range 3000 {
		b.add(int64(i), word(2+rng.IntN(7)), word(2+rng.IntN(9)), fmt.Sprint(i))
	}
	ix := b.finish(1)
	for range 400 {
		q := []rune(word(3 + rng.IntN(8)))
		k := typosAllowed(len(q))
		if k == 0 {
			continue
		}
		want := map[int32]int{}
		for i, w := range ix.runes {
			if d := typoDistance(q, w, k); d <= k {
				want[int32(i)] = d
			}
		}
		got := ix.typoWords(q, k)
		for i, d := range want {
			if g, ok := got[i]; !ok || g != d {
				t.Errorf("%q: %q at %d edits, found %v at %d", string(q), ix.words[i], d, ok, g)
			}
		}
		for i, d := range got {
			if _, ok := want[i]; !ok {
				t.Errorf("%q: %q found at %d edits; typoDistance says more than %d", string(q), ix.words[i], d, k)
			}
		}
	}
}

// TestNameIndexAgreesWithDatabase compares the two ways of searching on
// each engine: the same registrants in the same order for whole words and
// word starts, which rank before any typo; for typos the index finds every
// registrant the database's trigram candidates lead to, and may find more
// (it has no candidate cap or similarity threshold).
func TestNameIndexAgreesWithDatabase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustSearchFixture(t, db)
		if err := s.UseNameIndex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		ix, err := s.currentNameIndex(ctx)
		if err != nil || ix == nil {
			t.Fatalf("name index not current: %v", err)
		}
		for _, q := range []string{"Okafor", "Seán", "sean okafor", "Jones", "Mac", "ok", "a", "Llewellyn Jones", "Siobhán", "o",
			"Okafro", "Siobahn Pritchard", "Willaims", "Smtih", "Ikafor"} {
			words := nameTokens(q)
			fromDB, err := s.searchNamesInDB(ctx, words, 100)
			if err != nil {
				t.Fatal(err)
			}
			fromIndex, current, err := s.hitsInOrder(ctx, ix, ix.match(words, 100))
			if err != nil || !current {
				t.Fatalf("%q: current %v, %v", q, current, err)
			}
			got, want := hitNumbers(fromIndex), hitNumbers(fromDB)
			m := ix.newLooseMatch(words)
			for i, w := range words {
				m.apply(i, ix.startsOf(w))
			}
			exact := len(m.best(100))
			m.release()
			if len(got) < exact || len(want) < exact || !slices.Equal(got[:exact], want[:exact]) {
				t.Errorf("%q: whole words and word starts differ: index %v; database %v", q, got, want)
			}
			for _, n := range want {
				if !slices.Contains(got, n) {
					t.Errorf("%q: database finds %s, index does not (%v)", q, n, got)
				}
			}
		}
	})
}

// TestNameIndexFollowsRegisterChanges checks that a search never uses an
// index older than the register: a new registrant, a new name or a removal
// makes the index stale at once, in whichever process it happens, searches
// meanwhile use the database, and the index is rebuilt in the background.
func TestNameIndexFollowsRegisterChanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		mustCreateRegistrant(t, s, "SW000001", "social-worker", "Aoife", "Brennan")
		built := make(chan error, 10)
		if err := s.UseNameIndex(ctx, func(_ time.Duration, err error) { built <- err }); err != nil {
			t.Fatal(err)
		}
		if err := <-built; err != nil { // the first build is reported too
			t.Fatal(err)
		}
		other := mustRegisterService(t, db) // another process's writes
		r := mustCreateRegistrant(t, other, "SW000002", "social-worker", "Aoife", "Gallagher")
		steps := []struct {
			name   string
			change func()
			want   map[string]int
		}{
			{"added", func() {}, map[string]int{"Aoife": 2, "Gallagher": 1, "Galagher": 1}},
			{"renamed", func() {
				mustExec(t, db, `UPDATE registrants SET family_name = 'Kavanagh' WHERE id = $1`, r.ID)
			}, map[string]int{"Aoife": 2, "Gallagher": 0, "Kavanagh": 1, "Kavanah": 1}},
			{"removed", func() {
				mustExec(t, db, `DELETE FROM registrants WHERE id = $1`, r.ID)
			}, map[string]int{"Aoife": 1, "Kavanagh": 0}},
		}
		for _, st := range steps {
			st.change()
			if ix, err := s.currentNameIndex(ctx); ix != nil || err != nil {
				t.Fatalf("%s: stale index in use (%v)", st.name, err)
			}
			checkSearchCounts(t, s, st.name+", database", st.want)
			s.names.finished.Store(0) // allow the next rebuild at once
			if ix, _ := s.currentNameIndex(ctx); ix != nil {
				t.Fatalf("%s: stale index in use", st.name)
			}
			if err := <-built; err != nil {
				t.Fatal(err)
			}
			if ix, err := s.currentNameIndex(ctx); ix == nil || err != nil {
				t.Fatalf("%s: index not rebuilt (%v)", st.name, err)
			}
			checkSearchCounts(t, s, st.name+", name index", st.want)
		}
	})
}

func checkSearchCounts(t *testing.T, s *RegistrantService, step string, want map[string]int) {
	t.Helper()
	for q, n := range want {
		hs, err := s.SearchRegistrants(context.Background(), fitness.RegistrantQuery{Text: q})
		if err != nil || len(hs) != n {
			t.Errorf("%s: %q found %v (%v); want %d", step, q, hitNumbers(hs), err, n)
		}
	}
}

// currentNameIndex returns s's name index if it is in use and current;
// otherwise nil, having started a rebuild as a search would.
func (s *RegistrantService) currentNameIndex(ctx context.Context) (*nameIndex, error) {
	ix := s.nameIndexInUse()
	if ix == nil {
		return nil, nil
	}
	v, err := registerNamesVersion(ctx, s.db.read)
	if err != nil || v == ix.version {
		return ix, err
	}
	s.rebuildNameIndex()
	return nil, nil
}

// TestNameIndexUnderConcurrentChange searches from several goroutines while
// registrants are added and the index is rebuilt in the background (run
// with -race): every search sees at least the registrants added before it
// began.
func TestNameIndexUnderConcurrentChange(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		if err := s.UseNameIndex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		var added atomic.Int32
		done := make(chan struct{})
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				for {
					select {
					case <-done:
						errs <- nil
						return
					default:
					}
					want := int(added.Load())
					hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "Niamh Kavanagh", Limit: 100})
					if err == nil && len(hs) < want {
						err = fmt.Errorf("%d found, %d added before the search", len(hs), want)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for i := range 6 {
			mustCreateRegistrant(t, s, fmt.Sprintf("SW%06d", 100+i), "social-worker", "Niamh", "Kavanagh")
			added.Add(1)
			s.names.finished.Store(0)
			time.Sleep(20 * time.Millisecond)
		}
		close(done)
		for range 4 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestNameIndexMatchesBruteForce checks the index's matching and ranking
// against nameScore applied to every registrant, with the steps of
// searchNames (whole words; word starts while fewer than the limit match;
// then typos), for queries made from the register's own names: whole
// words, starts and one or two edits, one to three words.
func TestNameIndexMatchesBruteForce(t *testing.T) {
	g := synth.NewRegister(5, fitness.HCPCProfessions())
	people := make([]fitness.Registrant, 4000)
	b := newNameIndexBuilder(len(people))
	for i := range people {
		people[i] = g.Registrant()
		people[i].Number = fmt.Sprintf("RN%06d", (i*7919)%100000)
		b.add(int64(i), people[i].GivenNames, people[i].FamilyName, people[i].Number)
	}
	ix := b.finish(1)
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		p := people[rng.IntN(len(people))]
		ws := append(nameTokens(p.GivenNames), nameTokens(p.FamilyName)...)
		w := []rune(ws[rng.IntN(len(ws))])
		switch rng.IntN(4) {
		case 1: // a start
			w = w[:max(1, min(len(w), 1+rng.IntN(len(w))))]
		case 2: // a letter changed
			w[rng.IntN(len(w))] = 'a' + rune(rng.IntN(26))
		case 3: // neighbours swapped
			if i := rng.IntN(len(w)); i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
			}
		}
		return string(w)
	}
	for n := range 300 {
		words := make([]string, 1+rng.IntN(3))
		for i := range words {
			words[i] = word()
		}
		limit := []int{5, 20}[n%2]
		var got []string
		for _, ord := range ix.match(words, limit) {
			got = append(got, people[ix.seqs[ord]].Number)
		}
		if want := bruteForceSearch(people, words, limit); !slices.Equal(got, want) {
			t.Errorf("%q, limit %d: index %v; every registrant %v", words, limit, got, want)
		}
	}
}

// bruteForceSearch is searchNames over every registrant, by nameScore.
func bruteForceSearch(people []fitness.Registrant, words []string, limit int) []string {
	type hit struct {
		p     fitness.Registrant
		score int
	}
	var all []hit
	for _, p := range people {
		if score, ok := nameScore(words, p.GivenNames, p.FamilyName); ok {
			all = append(all, hit{p, score})
		}
	}
	slices.SortFunc(all, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.score, a.score),
			compareNameKeys(nameTokens(a.p.FamilyName), nameTokens(a.p.GivenNames), nameTokens(b.p.FamilyName), nameTokens(b.p.GivenNames)),
			cmp.Compare(a.p.Number, b.p.Number))
	})
	perfect := matchWord * len(words)
	startsOnly := func(h hit) bool { // every word whole or a start
		names := append(nameTokens(h.p.GivenNames), nameTokens(h.p.FamilyName)...)
		for _, w := range words {
			if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, w) }) {
				return false
			}
		}
		return true
	}
	steps := []func(hit) bool{func(h hit) bool { return h.score == perfect }, startsOnly, func(hit) bool { return true }}
	var out []string
	for _, keep := range steps {
		out = out[:0]
		for _, h := range all {
			if keep(h) && len(out) < limit {
				out = append(out, h.p.Number)
			}
		}
		if len(out) >= limit {
			break
		}
	}
	return out
}

// TestNameIndexRegistrantWithoutNameWords checks a registrant whose names
// hold no letter or digit: it has no words, and those around it keep theirs.
func TestNameIndexRegistrantWithoutNameWords(t *testing.T) {
	b := newNameIndexBuilder(3)
	b.add(1, "Aoife", "Brennan", "SW000001")
	b.add(2, "-", "'", "SW000002")
	b.add(3, "Aoife", "Zeller", "SW000003")
	ix := b.finish(1)
	var got []int64
	for _, ord := range ix.match([]string{"aoife"}, 20) {
		got = append(got, ix.seqs[ord])
	}
	if !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("aoife finds seqs %v; want [1 3]", got)
	}
}
