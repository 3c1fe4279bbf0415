package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// caseFixture is a database with staff users and a case service on a
// hand-moved clock.
type caseFixture struct {
	db      *DB
	clock   *testClock
	users   *UserService
	cases   *CaseService
	manager fitness.Actor // case manager
	leader  fitness.Actor // team leader
	panel   fitness.Actor // panel member: sees no case yet
}

func mustCaseFixture(tb testing.TB, db *DB) *caseFixture {
	tb.Helper()
	clock := newTestClock()
	us := MustUserService(tb, db, clock)
	f := &caseFixture{db: db, clock: clock, users: us,
		cases: NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), clock.Now)}
	f.manager = MustCreateUser(tb, us, "casey.manager@example.org", "Casey Manager", fitness.RoleCaseManager).Actor()
	f.leader = MustCreateUser(tb, us, "terry.leader@example.org", "Terry Leader", fitness.RoleTeamLeader).Actor()
	f.panel = MustCreateUser(tb, us, "pat.panel@example.org", "Pat Panel", fitness.RolePanelMember).Actor()
	return f
}

// mustRegistrantRow inserts a registrant directly and returns its id.
func mustRegistrantRow(tb testing.TB, db *DB, number, given, family string) string {
	tb.Helper()
	ctx := context.Background()
	id := newID()
	_, err := db.Writer().ExecContext(ctx, `INSERT INTO professions (code, name, prefix)
		VALUES ('social-worker', 'Social worker in England', 'SW') ON CONFLICT DO NOTHING`)
	if err == nil {
		_, err = db.Writer().ExecContext(ctx, `INSERT INTO registrants (id, number, profession_code, given_names,
			family_name, status, registered_since) VALUES ($1, $2, 'social-worker', $3, $4, 'registered', '2015-06-01')`,
			id, number, given, family)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// concernInput returns a valid concern about subjects.
func concernInput(subjects ...fitness.ConcernSubject) fitness.ConcernInput {
	return fitness.ConcernInput{
		ReceivedOn:    time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Source:        fitness.SourceEmployer,
		RaisedByName:  "Riverside Council",
		RaisedByEmail: "safeguarding@riverside.example",
		Summary:       "Records of home visits were falsified.",
		Subjects:      subjects,
	}
}

// MustConcern records a concern and returns its cases.
func (f *caseFixture) MustConcern(tb testing.TB, subjects ...fitness.ConcernSubject) []fitness.Case {
	tb.Helper()
	_, cs, err := f.cases.CreateConcern(context.Background(), f.manager, concernInput(subjects...))
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// count returns the number of rows in table.
func count(tb testing.TB, db *DB, table string) int {
	tb.Helper()
	var n int
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestCreateConcernTwoRegistrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		r1 := mustRegistrantRow(t, db, "SW100001", "Dana", "Whitfield")
		r2 := mustRegistrantRow(t, db, "SW100002", "Eli", "Marsh")
		co, cs, err := f.cases.CreateConcern(ctx, f.manager, concernInput(
			fitness.ConcernSubject{RegistrantID: r1}, fitness.ConcernSubject{RegistrantID: r2, Details: "Team lead"}))
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 || cs[0].Reference != "FTP-2026-00001" || cs[1].Reference != "FTP-2026-00002" {
			t.Fatalf("cases %+v", cs)
		}
		for i, c := range cs {
			other := cs[1-i].ID
			got, err := f.cases.FindCase(ctx, f.manager, c.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c, got); diff != "" {
				t.Errorf("stored case (-created +found):\n%s", diff)
			}
			if !cmp.Equal(got.Linked, []string{other}) || got.ConcernID != co.ID || got.Version != 1 ||
				got.Stage != fitness.StageReceived || got.ProcessVersion != fitness.HCPCProcessVersion {
				t.Errorf("case %+v", got)
			}
			evs, err := f.cases.CaseEvents(ctx, f.manager, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 || evs[0].Seq != 1 || evs[0].Type != fitness.EventCaseOpened || evs[0].PrevHash != "" ||
				len(evs[0].Hash) != 64 || evs[0].ActorID != f.manager.UserID {
				t.Errorf("events %+v", evs)
			}
		}
		// The next concern continues the year's sequence.
		cs2 := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: r1})
		if cs2[0].Reference != "FTP-2026-00003" || len(cs2[0].Linked) != 0 {
			t.Errorf("third case %+v", cs2[0])
		}
		regCases, err := f.cases.CasesForRegistrant(ctx, f.manager, r1)
		if err != nil || len(regCases) != 2 || regCases[0].RegistrantName != "Dana Whitfield" ||
			regCases[0].RegistrantNumber != "SW100001" {
			t.Fatalf("CasesForRegistrant = %+v, %v", regCases, err)
		}
		if cs, _ := f.cases.CasesForRegistrant(ctx, f.panel, r1); len(cs) != 0 {
			t.Errorf("panel member sees %d cases", len(cs))
		}
	})
}

func TestCreateConcernUnknownRegistrant(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		in := concernInput(fitness.ConcernSubject{Name: "  Frankie Doyle ", Details: "Works nights at the care home"})
		in.Source, in.RaisedByName, in.RaisedByEmail = fitness.SourceAnonymous, "", ""
		co, cs, err := f.cases.CreateConcern(context.Background(), f.manager, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].RegistrantID != "" || cs[0].SubjectName != "Frankie Doyle" || co.RaisedByName != "" {
			t.Fatalf("case %+v", cs)
		}
	})
}

func TestCreateConcernInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		known := mustRegistrantRow(t, db, "SW100003", "Gale", "Hart")
		tests := []struct {
			name   string
			change func(in *fitness.ConcernInput)
			fields []string
		}{
			{"empty", func(in *fitness.ConcernInput) { *in = fitness.ConcernInput{} },
				[]string{"raised_by_name", "received_on", "source", "subjects", "summary"}},
			{"future", func(in *fitness.ConcernInput) { in.ReceivedOn = time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC) },
				[]string{"received_on"}},
			{"too early", func(in *fitness.ConcernInput) { in.ReceivedOn = time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC) },
				[]string{"received_on"}},
			{"bad source and email", func(in *fitness.ConcernInput) { in.Source, in.RaisedByEmail = "gossip", "not@email" },
				[]string{"raised_by_email", "source"}},
			{"long summary", func(in *fitness.ConcernInput) { in.Summary = strings.Repeat("é", MaxSummaryLength+1) },
				[]string{"summary"}},
			{"subjects", func(in *fitness.ConcernInput) {
				in.Subjects = []fitness.ConcernSubject{{RegistrantID: known}, {Details: "no name"}, {RegistrantID: "no-such-id"}}
			}, []string{"subjects.1.name", "subjects.2.registrant_id"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := concernInput(fitness.ConcernSubject{RegistrantID: known})
				tt.change(&in)
				_, _, err := f.cases.CreateConcern(context.Background(), f.manager, in)
				mustCode(t, err, fitness.EInvalid, "")
				if diff := cmp.Diff(tt.fields, fieldNames(err)); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
			})
		}
		for _, table := range []string{"concerns", "cases", "events", "case_links", "counters"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%d rows in %s after refused input", n, table)
			}
		}
		_, _, err := f.cases.CreateConcern(context.Background(), f.panel, concernInput(fitness.ConcernSubject{Name: "X"}))
		mustCode(t, err, fitness.EForbidden, "")
	})
}
