package sqldb

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

func mustParseCSV(t testing.TB, s string) []fitness.RegistrantImportRow {
	t.Helper()
	rows, problems := fitness.ParseRegistrantCSV(strings.NewReader(s), fitness.HCPCProfessions())
	if len(problems) > 0 {
		t.Fatalf("parse: %v", problems)
	}
	return rows
}

func storedRegistrantCount(t testing.TB, db *DB) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM registrants").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const importHeader = "registration_number,given_names,family_name,profession,status,registered_since,town\n"

func TestImportRegistrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		rows := mustParseCSV(t, importHeader+
			"SW000001,Seán,Ó Súilleabháin,,registered,2019-04-01,Cork\n"+
			"pa000002,Siobhán,Okafor,PA,struck off,2001-12-31,\n")
		n, err := ImportRegistrants(ctx, db, rows)
		if err != nil || n != 2 {
			t.Fatalf("import = %d, %v; want 2", n, err)
		}
		r, err := s.FindRegistrantByNumber(ctx, "PA000002")
		if err != nil {
			t.Fatal(err)
		}
		want := fitness.Registrant{ID: r.ID, Number: "PA000002", ProfessionCode: "paramedic", GivenNames: "Siobhán",
			FamilyName: "Okafor", Status: fitness.StatusStruckOff, RegisteredSince: mustDay(t, "2001-12-31")}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("imported registrant (-want +got):\n%s", diff)
		}
		hs, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "sean suilleabhain"})
		if err != nil || len(hs) != 1 || hs[0].Number != "SW000001" {
			t.Errorf("search after import: %v, %v", hitNumbers(hs), err)
		}
		if n, err := ImportRegistrants(ctx, db, nil); n != 0 || err != nil {
			t.Errorf("empty import = %d, %v", n, err)
		}
	})
}

func TestImportRegistrantsAlreadyStored(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		mustCreateRegistrant(t, s, "SW000002", "social-worker", "Ffion", "Jones")
		mustCreateRegistrant(t, s, "PH000004", "physiotherapist", "Rhys", "Evans")
		rows := mustParseCSV(t, importHeader+
			"SW000001,Seán,Murphy,,registered,2019-04-01,\n"+
			"sw000002,Ffion,Jones,,registered,2019-04-01,\n"+
			"SW000003,Dafydd,Evans,,registered,2019-04-01,\n"+
			"PH000004,Rhys,Evans,,registered,2019-04-01,\n")
		n, err := ImportRegistrants(ctx, db, rows)
		var ie *fitness.ImportError
		if !errors.As(err, &ie) || n != 0 {
			t.Fatalf("import = %d, %v; want an ImportError", n, err)
		}
		want := []fitness.ImportProblem{
			{Line: 3, Field: "registration_number", Reason: "SW000002 is already on the register"},
			{Line: 5, Field: "registration_number", Reason: "PH000004 is already on the register"},
		}
		if diff := cmp.Diff(want, ie.Problems); diff != "" || fitness.ErrorCode(err) != fitness.EConflict {
			t.Errorf("problems (-want +got):\n%s; code %s", diff, fitness.ErrorCode(err))
		}
		if c := storedRegistrantCount(t, db); c != 2 {
			t.Errorf("%d registrants after a refused import; want the 2 stored before", c)
		}
	})
}

// TestImportRegistrantsReportsEveryProblem gives rows that did not come
// through the parser: every problem is reported and nothing is stored.
func TestImportRegistrantsReportsEveryProblem(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustRegisterService(t, db)
		good := fitness.Registrant{Number: "SW000001", ProfessionCode: "social-worker", GivenNames: "Ann",
			FamilyName: "Byrne", Status: fitness.StatusRegistered, RegisteredSince: mustDay(t, "2019-04-01")}
		noFamily, badProfession, dup := good, good, good
		noFamily.Number, noFamily.FamilyName = "SW000002", ""
		badProfession.Number, badProfession.ProfessionCode = "SW000003", "nurse"
		rows := []fitness.RegistrantImportRow{{Line: 2, Registrant: good}, {Line: 3, Registrant: noFamily},
			{Line: 4, Registrant: badProfession}, {Line: 5, Registrant: dup}}
		_, err := ImportRegistrants(ctx, db, rows)
		var ie *fitness.ImportError
		if !errors.As(err, &ie) || fitness.ErrorCode(err) != fitness.EInvalid {
			t.Fatalf("err = %v; want an invalid ImportError", err)
		}
		want := []fitness.ImportProblem{
			{Line: 3, Field: "family_name", Reason: "Enter the family name"},
			{Line: 4, Field: "profession", Reason: "Choose a profession"},
			{Line: 5, Field: "registration_number", Reason: "SW000001 is also on line 2; each registration number may appear once"},
		}
		if diff := cmp.Diff(want, ie.Problems); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if c := storedRegistrantCount(t, db); c != 0 {
			t.Errorf("%d registrants stored; want none", c)
		}
	})
}

// BenchmarkImportRegistrants times parsing and importing a synthetic CSV
// file into a fresh database on each engine: 300,000 rows unless
// FITNESS_BENCH_ROWS says otherwise. Run it once per engine with
//
//	FITNESS_TEST_POSTGRES=postgres://… go test ./internal/sqldb -run '^$' -bench ImportRegistrants -benchtime 1x
func BenchmarkImportRegistrants(b *testing.B) {
	n := 300_000
	if v := os.Getenv("FITNESS_BENCH_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	var csv bytes.Buffer
	if err := synth.WriteSyntheticRegistrantCSV(&csv, n, 1); err != nil {
		b.Fatal(err)
	}
	for _, e := range []Engine{SQLite, Postgres} {
		b.Run(string(e), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := MustOpenTest(b, e)
				s := mustRegisterService(b, db)
				profs, err := s.Professions(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rows, problems := fitness.ParseRegistrantCSV(bytes.NewReader(csv.Bytes()), profs)
				if len(problems) > 0 {
					b.Fatal(problems[0])
				}
				if got, err := ImportRegistrants(context.Background(), db, rows); err != nil || got != n {
					b.Fatalf("imported %d, %v", got, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
