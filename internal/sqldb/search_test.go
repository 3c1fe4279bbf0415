package sqldb

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// searchPeople are the fictional people the search tests look for; 1,500
// synthetic registrants around them make the indexes realistic.
var searchPeople = []struct{ number, profession, given, family string }{
	{"SW000101", "social-worker", "Seán", "Okafor"},
	{"SW000102", "social-worker", "Sean", "MacDonald"},
	{"PA000103", "paramedic", "Siobhan", "Ó Súilleabháin"},
	{"PH000104", "physiotherapist", "Siobhán Mary", "Pritchard"},
	{"OT000105", "occupational-therapist", "Ffion", "Okafor"},
	{"RA000106", "radiographer", "Dafydd", "Llewellyn-Jones"},
	{"CS000107", "clinical-scientist", "Łukasz", "Wiśniewska"},
}

func mustSearchFixture(t *testing.T, db *DB) *RegistrantService {
	t.Helper()
	s := mustRegisterService(t, db)
	for _, p := range searchPeople {
		mustCreateRegistrant(t, s, p.number, p.profession, p.given, p.family)
	}
	g := synth.NewRegister(11, fitness.HCPCProfessions())
	noise := make([]fitness.Registrant, 1500)
	for i := range noise {
		noise[i] = g.Registrant()
	}
	if err := s.InsertRegistrants(context.Background(), noise); err != nil {
		t.Fatal(err)
	}
	return s
}

// forEachSearch runs fn on each engine with the search fixture, once
// searching with the database's indexes and once with the name index.
func forEachSearch(t *testing.T, fn func(t *testing.T, db *DB, s *RegistrantService)) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		s := mustSearchFixture(t, db)
		t.Run("database", func(t *testing.T) { fn(t, db, s) })
		t.Run("name index", func(t *testing.T) {
			if err := s.UseNameIndex(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			fn(t, db, s)
			if ix, err := s.currentNameIndex(context.Background()); ix == nil || err != nil {
				t.Errorf("name index not current after the searches: %v", err)
			}
		})
	})
}

func hitNumbers(hs []fitness.RegistrantHit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Number
	}
	return out
}

func TestSearchRegistrants(t *testing.T) {
	tests := []struct {
		name    string
		q       string
		first   string   // must be the first hit, when set
		has     []string // must be among the hits
		hasNot  []string // must not be among the hits
		exactly int      // number of hits, when > 0
	}{
		{name: "number", q: "SW000101", first: "SW000101", exactly: 1},
		{name: "number any case and spaces", q: "  sw000101 ", first: "SW000101", exactly: 1},
		{name: "unknown number", q: "SW999999"},
		{name: "Sean finds Seán", q: "Sean", has: []string{"SW000101", "SW000102"}},
		{name: "Seán finds Sean", q: "Seán", has: []string{"SW000101", "SW000102"}},
		{name: "capitals", q: "OKAFOR", has: []string{"SW000101", "OT000105"}},
		{name: "prefix Mac", q: "Mac", has: []string{"SW000102"}},
		{name: "prefix Ok", q: "Ok", has: []string{"SW000101", "OT000105"}},
		{name: "typo Okafro", q: "Okafro", has: []string{"SW000101", "OT000105"}},
		{name: "typo Okafr", q: "Okafr", has: []string{"SW000101", "OT000105"}},
		{name: "typo Siobahn", q: "Siobahn", has: []string{"PA000103", "PH000104"}},
		{name: "typo in first letter", q: "Ikafor", has: []string{"SW000101"}},
		{name: "given and family narrow", q: "Seán Okafor", first: "SW000101", hasNot: []string{"SW000102", "OT000105"}},
		{name: "family then given", q: "okafor ffion", first: "OT000105", hasNot: []string{"SW000101"}},
		{name: "given with typo and family", q: "Siobahn Pritchard", first: "PH000104", hasNot: []string{"PA000103"}},
		{name: "Irish surname unaccented", q: "o suilleabhain", has: []string{"PA000103"}},
		{name: "Irish surname accented", q: "Ó Súilleabháin", has: []string{"PA000103"}},
		{name: "double-barrelled part", q: "Dafydd Jones", first: "RA000106"},
		{name: "letters without decomposition", q: "Lukasz Wisniewska", first: "CS000107"},
		{name: "no such name", q: "Zzyzx Qwerty"},
	}
	forEachSearch(t, func(t *testing.T, db *DB, s *RegistrantService) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				hs, err := s.SearchRegistrants(context.Background(), fitness.RegistrantQuery{Text: tt.q, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				got := hitNumbers(hs)
				if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
					t.Errorf("first hit of %v; want %s", got, tt.first)
				}
				for _, n := range tt.has {
					if !slices.Contains(got, n) {
						t.Errorf("%s not among %v", n, got)
					}
				}
				for _, n := range tt.hasNot {
					if slices.Contains(got, n) {
						t.Errorf("%s among %v", n, got)
					}
				}
				if tt.exactly > 0 && len(got) != tt.exactly {
					t.Errorf("%d hits %v; want %d", len(got), got, tt.exactly)
				}
				if tt.has == nil && tt.first == "" && len(got) != 0 {
					t.Errorf("hits %v; want none", got)
				}
			})
		}
	})
}

func TestSearchRegistrantsLimitsAndErrors(t *testing.T) {
	forEachSearch(t, func(t *testing.T, db *DB, s *RegistrantService) {
		ctx := context.Background()
		for _, tt := range []struct{ limit, want int }{{0, 20}, {3, 3}, {500, 100}} {
			hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "a", Limit: tt.limit})
			if err != nil || len(hs) != tt.want {
				t.Errorf("limit %d: %d hits, %v; want %d", tt.limit, len(hs), err, tt.want)
			}
		}
		hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "Seán Okafor"})
		if err != nil || len(hs) == 0 || hs[0].ProfessionName != "Social worker in England" {
			t.Errorf("profession name of hit: %v, %v", hs, err)
		}
		for _, q := range []string{"", "   ", "!?-"} {
			_, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: q})
			want := map[string]string{"q": "Enter a name or registration number"}
			if fitness.ErrorCode(err) != fitness.EInvalid || !cmp.Equal(want, fitness.ErrorFields(err)) {
				t.Errorf("query %q: %v; want invalid q", q, err)
			}
		}
	})
}

// TestSearchFollowsRenames checks that the search indexes follow a change
// of name and a deletion (the SQLite triggers; PostgreSQL's indexes).
func TestSearchFollowsRenames(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		r := mustCreateRegistrant(t, s, "SW000001", "social-worker", "Aoife", "Brennan")
		if _, err := db.write.ExecContext(ctx, `UPDATE registrants SET family_name = 'Gallagher' WHERE id = $1`, r.ID); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"Brennan": 0, "Gallagher": 1, "Aoife": 1} {
			hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: q})
			if err != nil || len(hs) != want {
				t.Errorf("after rename, %q: %v, %v; want %d hits", q, hitNumbers(hs), err, want)
			}
		}
		if _, err := db.write.ExecContext(ctx, `DELETE FROM registrants WHERE id = $1`, r.ID); err != nil {
			t.Fatal(err)
		}
		if hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "Aoife"}); err != nil || len(hs) != 0 {
			t.Errorf("after delete: %v, %v", hitNumbers(hs), err)
		}
	})
}

func TestNameMatching(t *testing.T) {
	tests := []struct {
		q, name string
		want    int
	}{
		{"sean", "Seán Okafor", matchWord},
		{"okafor", "Seán Okafor", matchWord},
		{"ok", "Seán Okafor", matchPrefix},
		{"okafro", "Seán Okafor", matchTypo - 1},
		{"okafr", "Seán Okafor", matchTypo - 1},
		{"okfa", "Seán Okafor", matchTypo - 1},
		{"siobahn", "Siobhán Jones", matchTypo - 1},
		{"willaims", "Ann Williams", matchTypo - 1},
		{"willaims", "Ann William", matchTypo - 2},
		{"ok", "Seán Okoro", matchPrefix},
		{"oka", "Seán Okoro", matchNone},
		{"sullivan", "Ann O'Sullivan", matchWord},
		{"osullivan", "Ann O'Sullivan", matchTypo - 1},
		{"lukasz", "Łukasz Nowak", matchWord},
		{"smith", "Ann Jones", matchNone},
	}
	for _, tt := range tests {
		if got := wordMatch(tt.q, nameTokens(tt.name)); got != tt.want {
			t.Errorf("wordMatch(%q, %q) = %d; want %d", tt.q, tt.name, got, tt.want)
		}
	}
	if d := editDistance([]rune("siobahn"), []rune("siobhan")); d != 1 {
		t.Errorf("swap distance = %d; want 1", d)
	}
	if got, want := nameTokens("Ó Súilleabháin-Jones, Zoë"), []string{"o", "suilleabhain", "jones", "zoe"}; !cmp.Equal(got, want) {
		t.Errorf("nameTokens = %q; want %q", got, want)
	}
}

// BenchmarkSearchRegistrants times searches over an existing register, such
// as 300,000 imported synthetic registrants (see docs/performance.md):
//
//	FITNESS_BENCH_DB=/tmp/import.db go test ./internal/sqldb -run '^$' -bench SearchRegistrants
//
// FITNESS_BENCH_DB is a SQLite path or a postgres:// URL; without it the
// benchmark is skipped.
func BenchmarkSearchRegistrants(b *testing.B) {
	target := os.Getenv("FITNESS_BENCH_DB")
	if target == "" {
		b.Skip("set FITNESS_BENCH_DB to a migrated, populated database")
	}
	ctx := context.Background()
	db, err := Open(ctx, target)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewRegistrantService(db)
	for _, q := range []string{"SW001234", "Seán Okafor", "Sean", "Mac", "Ok", "Okafro", "Okafr", "Siobahn Okafro", "Willaims"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
