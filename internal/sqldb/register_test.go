package sqldb

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// mustRegisterService returns the register of db with the HCPC professions stored.
func mustRegisterService(t testing.TB, db *DB) *RegistrantService {
	t.Helper()
	if err := EnsureProfessions(context.Background(), db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	return NewRegistrantService(db)
}

func mustDay(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mustCreateRegistrant stores a registered person with the given names.
func mustCreateRegistrant(t testing.TB, s *RegistrantService, number, profession, given, family string) fitness.Registrant {
	t.Helper()
	r, err := s.CreateRegistrant(context.Background(), fitness.Registrant{
		Number: number, ProfessionCode: profession, GivenNames: given, FamilyName: family,
		Status: fitness.StatusRegistered, RegisteredSince: mustDay(t, "2015-04-01"), Town: "Leeds",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestEnsureProfessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		renamed := []fitness.Profession{{Code: "paramedic", Name: "Paramedic (renamed)", Prefix: "PA"}}
		if err := EnsureProfessions(ctx, db, renamed); err != nil {
			t.Fatal(err)
		}
		ps, err := s.Professions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != len(fitness.HCPCProfessions()) {
			t.Fatalf("%d professions; want %d", len(ps), len(fitness.HCPCProfessions()))
		}
		found := false
		for _, p := range ps {
			found = found || p == renamed[0]
		}
		if !found {
			t.Errorf("paramedic not renamed: %v", ps)
		}
	})
}

func TestCreateAndFindRegistrant(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		in := fitness.Registrant{
			Number: " sw012345 ", ProfessionCode: "social-worker", GivenNames: " Seán ", FamilyName: "Ó Súilleabháin",
			Status: fitness.StatusSuspended, RegisteredSince: mustDay(t, "2019-04-01"), Town: "Cork",
			Annotations: []string{"Interim suspension order", "Order under review"},
		}
		created, err := s.CreateRegistrant(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		want := in
		want.ID, want.Number, want.GivenNames = created.ID, "SW012345", "Seán"
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		byID, err := s.FindRegistrant(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, byID); diff != "" {
			t.Errorf("by id (-want +got):\n%s", diff)
		}
		byNumber, err := s.FindRegistrantByNumber(ctx, "  sw012345")
		if err != nil || byNumber.ID != created.ID {
			t.Errorf("by number = %v, %v", byNumber.ID, err)
		}
		for _, miss := range []func() error{
			func() error { _, err := s.FindRegistrant(ctx, "nobody"); return err },
			func() error { _, err := s.FindRegistrantByNumber(ctx, "SW999999"); return err },
		} {
			if code := fitness.ErrorCode(miss()); code != fitness.ENotFound {
				t.Errorf("missing registrant: code %q; want not_found", code)
			}
		}
		_, err = s.CreateRegistrant(ctx, fitness.Registrant{Number: "Sw012345", ProfessionCode: "social-worker",
			GivenNames: "Ann", FamilyName: "Other", Status: fitness.StatusRegistered, RegisteredSince: mustDay(t, "2020-01-01")})
		if fitness.ErrorCode(err) != fitness.EConflict || fitness.ErrorMessage(err) != "The registration number SW012345 is already on the register" {
			t.Errorf("duplicate number: %v", err)
		}
	})
}

func TestCreateRegistrantInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		s := mustRegisterService(t, db)
		_, err := s.CreateRegistrant(context.Background(), fitness.Registrant{
			Number: "PA123", ProfessionCode: "social-worker", FamilyName: " ", Status: "retired"})
		want := map[string]string{
			"number":           "A registration number for Social worker in England starts with SW",
			"given_names":      "Enter the given names",
			"family_name":      "Enter the family name",
			"status":           "Choose a status",
			"registered_since": "Enter the date of registration",
		}
		if fitness.ErrorCode(err) != fitness.EInvalid {
			t.Fatalf("err = %v; want invalid", err)
		}
		if diff := cmp.Diff(want, fitness.ErrorFields(err)); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
}

func TestEmployments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		r := mustCreateRegistrant(t, s, "SW000001", "social-worker", "Ffion", "Evans")
		council, err := s.CreateEmployer(ctx, fitness.Employer{Name: "Bangor Borough Council", Kind: "council", Town: "Bangor"})
		if err != nil {
			t.Fatal(err)
		}
		trust, err := s.CreateEmployer(ctx, fitness.Employer{Name: "Leeds Community Health NHS Trust", Kind: "nhs-trust"})
		if err != nil {
			t.Fatal(err)
		}
		periods := []struct {
			employer       fitness.Employer
			from, to, role string
		}{
			{council, "2012-09-01", "2016-03-31", "Social worker"},
			{trust, "2021-01-04", "", "Senior social worker"},
			{trust, "2016-04-01", "2020-12-31", "Social worker"},
		}
		for _, p := range periods {
			e := fitness.Employment{RegistrantID: r.ID, EmployerID: p.employer.ID, Role: p.role, From: mustDay(t, p.from)}
			if p.to != "" {
				e.To = mustDay(t, p.to)
			}
			if _, err := s.AddEmployment(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		es, err := s.Employments(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, e.From.Format(time.DateOnly)+" "+e.EmployerName+" current="+map[bool]string{true: "yes", false: "no"}[e.Current()])
		}
		want := []string{
			"2021-01-04 Leeds Community Health NHS Trust current=yes",
			"2016-04-01 Leeds Community Health NHS Trust current=no",
			"2012-09-01 Bangor Borough Council current=no",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("employments newest first (-want +got):\n%s", diff)
		}

		_, err = s.AddEmployment(ctx, fitness.Employment{RegistrantID: r.ID, EmployerID: "nope",
			From: mustDay(t, "2020-01-02"), To: mustDay(t, "2020-01-01")})
		wantFields := map[string]string{"to": "The end date must be the same as or after the start date", "employer": "Choose an employer we know"}
		if diff := cmp.Diff(wantFields, fitness.ErrorFields(err)); diff != "" {
			t.Errorf("bad employment fields (-want +got):\n%s", diff)
		}
	})
}

func TestInsertBulk(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		s := mustRegisterService(t, db)
		g := synth.NewRegister(5, fitness.HCPCProfessions())
		regs := make([]fitness.Registrant, 1203) // two full batches and a part
		for i := range regs {
			regs[i] = g.Registrant()
		}
		regs[7].GivenNames, regs[7].FamilyName = "Gwenllian", "Rhydderch-Okoro"
		if err := s.InsertRegistrants(ctx, regs); err != nil {
			t.Fatal(err)
		}
		name, kind, town := g.Employer()
		emps := []fitness.Employer{{Name: name, Kind: kind, Town: town}}
		if err := s.InsertEmployers(ctx, emps); err != nil {
			t.Fatal(err)
		}
		jobs := make([]fitness.Employment, len(regs))
		for i, r := range regs {
			jobs[i] = fitness.Employment{RegistrantID: r.ID, EmployerID: emps[0].ID, Role: "Practitioner", From: r.RegisteredSince}
		}
		if err := s.InsertEmployments(ctx, jobs); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"registrants", "employments"} {
			var n int
			if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != len(regs) {
				t.Errorf("%s: %d rows, %v; want %d", table, n, err, len(regs))
			}
		}
		es, err := s.Employments(ctx, regs[1200].ID)
		if err != nil || len(es) != 1 || es[0].EmployerName != name {
			t.Errorf("employments of the last registrant = %v, %v", es, err)
		}
		// What a write of 10,000 rows or more does before it commits.
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return tidySearch(ctx, db.Engine, tx, tidySearchRows) }); err != nil {
			t.Fatal(err)
		}
		hits, err := s.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "gwenllian okoro"})
		if err != nil || len(hits) != 1 || hits[0].ID != regs[7].ID {
			t.Errorf("search after bulk insert = %v, %v", hits, err)
		}
		again := []fitness.Registrant{regs[3]}
		again[0].ID = ""
		if err := s.InsertRegistrants(ctx, again); fitness.ErrorCode(err) != fitness.EConflict {
			t.Errorf("bulk insert of a stored number: %v; want conflict", err)
		}
	})
}

// TestStatusCheckMatchesDomain checks that the CHECK list of the status
// column accepts every fitness.RegistrantStatuses value and nothing else.
func TestStatusCheckMatchesDomain(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustRegisterService(t, db)
		insert := func(i int, status string) error {
			_, err := db.write.ExecContext(ctx, `INSERT INTO registrants (id, number, profession_code, given_names,
				family_name, status, registered_since) VALUES ($1, $2, 'paramedic', 'A', 'B', $3, '2020-01-01')`,
				newID(), "PA"+string(rune('0'+i)), status)
			return err
		}
		for i, st := range fitness.RegistrantStatuses {
			if err := insert(i, string(st)); err != nil {
				t.Errorf("status %s refused: %v", st, err)
			}
		}
		if err := insert(9, "retired"); err == nil {
			t.Error("status retired accepted")
		}
	})
}
