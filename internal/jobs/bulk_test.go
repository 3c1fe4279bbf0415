package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestInquiryScenario is the acceptance scenario of own-motion inquiries:
// a council with 400 social workers employed at different times between
// 1990 and 2020 and an inquiry into 1997–2013. The scope holds exactly
// those whose employment overlaps the period, the boundary cases included;
// the council receives one demand listing them; 20 are screened into
// own-motion cases by a bulk step; the dashboard's counts match.
func TestInquiryScenario(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f0 *fixture) {
		ctx := context.Background()
		f := newInquiryFixture(t, f0.db.Engine, 400)
		want := f.council.inScope(f.inq.From, f.inq.To)
		run, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.checkScope(t, run.Snapshot, want)

		f.startBulk(t, 0)
		step, err := f.inquiries.StartDemands(ctx, f.manager, f.inq.ID, fitness.DemandInput{
			Details: "For each person listed: their roles, teams and dates, any concerns raised about them, and their last known address."})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.kick(); err != nil {
			t.Fatal(err)
		}
		step, items := f.waitStep(t, step.ID)
		if step.Done != len(want) || step.Failed != 0 || len(items) != len(want) {
			t.Fatalf("demands step: %+v", step)
		}
		demands, err := f.inquiries.Demands(ctx, f.manager, f.inq.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(demands) != 1 || demands[0].EmployerID != f.council.employer.ID || len(demands[0].People) != len(want) {
			t.Fatalf("%d demands; first to %s listing %d", len(demands), demands[0].EmployerName, len(demands[0].People))
		}
		for _, p := range demands[0].People {
			if !want[p.RegistrantID] {
				t.Errorf("demand lists %s, not in scope", p.Name)
			}
		}
		if d := demands[0]; !d.Due.Equal(date("2026-03-16")) || d.Status != fitness.RequestOpen {
			t.Errorf("demand due %v, status %s", d.Due, d.Status)
		}
		answered, err := f.inquiries.RecordDemandAnswer(ctx, f.manager, f.inq.ID, demands[0].ID,
			demands[0].People[0].RegistrantID, fitness.DemandAnswerInput{Answer: "Senior social worker in the child protection team, 2001 to 2008."})
		if err != nil || answered.People[0].Answer == "" || answered.Status != fitness.RequestOpen {
			t.Fatalf("answer: %v", err)
		}

		screened := f.screenTwenty(t, want)
		f.checkDashboard(t, want, screened)
	})
}

// checkScope checks the snapshot holds exactly want, boundary cases named.
func (f *inquiryFixture) checkScope(t *testing.T, snap fitness.ScopeSnapshot, want map[string]bool) {
	t.Helper()
	got := map[string]bool{}
	for _, e := range snap.Entries {
		got[e.RegistrantID] = true
		if e.EmployerID != f.council.employer.ID {
			t.Errorf("in scope through %s", e.EmployerName)
		}
	}
	if len(got) != len(want) || snap.People != len(want) || len(want) < 150 || len(want) > 350 {
		t.Errorf("scope holds %d people (snapshot says %d), want %d", len(got), snap.People, len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s missing from the scope", id)
		}
	}
	for _, b := range boundaryCases {
		if got[f.council.named[b.name]] != b.in {
			t.Errorf("%s: in scope %v, want %v", b.name, got[f.council.named[b.name]], b.in)
		}
	}
	for _, e := range snap.Entries {
		if e.RegistrantID == f.council.named["now struck off"] && e.Status != fitness.StatusStruckOff {
			t.Errorf("struck off worker stored as %s", e.Status)
		}
	}
}

// kick asks the runner started by startBulk to work now.
func (f *inquiryFixture) kick() error { return f.runner.KickBulk(context.Background()) }

// screenTwenty screens the first 20 people in scope into own-motion cases
// with one bulk step, and returns their ids.
func (f *inquiryFixture) screenTwenty(t *testing.T, want map[string]bool) []string {
	t.Helper()
	ctx := context.Background()
	people, err := f.inquiries.People(ctx, f.manager, f.inq.ID, fitness.PersonFilter{})
	if err != nil || len(people) != len(want) {
		t.Fatalf("%d people, %v", len(people), err)
	}
	var ids []string
	for _, p := range people[:20] {
		ids = append(ids, p.RegistrantID)
	}
	step, err := f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, ids, fitness.ScreeningInput{
		Outcome: fitness.ScreenOpenCase, Reasons: "Worked in the team the inquiry found failed to act."})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.kick(); err != nil {
		t.Fatal(err)
	}
	step, items := f.waitStep(t, step.ID)
	if step.Done != 20 || step.Failed != 0 {
		t.Fatalf("screening step: %+v", step)
	}
	for _, it := range items {
		if it.Status != fitness.BulkItemDone || len(it.Outcome) < len("Case FTP-") || it.Outcome[:9] != "Case FTP-" {
			t.Errorf("item %+v", it)
		}
	}
	var own int
	if err := f.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c JOIN case_inquiries l ON l.case_id = c.id
		WHERE l.inquiry_id = $1 AND c.source = 'own_motion'`, f.inq.ID).Scan(&own); err != nil || own != 20 {
		t.Errorf("%d own-motion cases linked to the inquiry, %v", own, err)
	}
	return ids
}

// checkDashboard checks the dashboard's counts against the scenario.
func (f *inquiryFixture) checkDashboard(t *testing.T, want map[string]bool, screened []string) {
	t.Helper()
	d, err := f.inquiries.Dashboard(context.Background(), f.manager, f.inq.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.InScope != len(want) || d.Outcomes[fitness.ScreenOpenCase] != 20 ||
		d.Outcomes[fitness.ScreenNotScreened] != len(want)-20 || len(d.Outcomes) != 2 {
		t.Errorf("in scope %d, outcomes %v", d.InScope, d.Outcomes)
	}
	if d.Cases.Opened != 20 || d.Cases.Open != 20 || d.Cases.ByStage[fitness.StageReceived] != 20 {
		t.Errorf("cases %+v", d.Cases)
	}
	if d.Demands != (fitness.DemandProgress{Demands: 1, People: len(want), PeopleAnswered: 1}) {
		t.Errorf("demands %+v", d.Demands)
	}
	if len(d.ByEmployer) != 1 || d.ByEmployer[0].Total != len(want) || d.ByEmployer[0].Outcomes[fitness.ScreenOpenCase] != 20 {
		t.Errorf("by employer %+v", d.ByEmployer)
	}
	roles := map[string]int{}
	for _, j := range f.council.jobs {
		if want[j.RegistrantID] && j.EmployerID == f.council.employer.ID {
			roles[j.Role]++ // one council job each
		}
	}
	total, cases := 0, 0
	for _, b := range d.ByRole {
		if roles[b.Key] != b.Total {
			t.Errorf("role %s: %d, want %d", b.Key, b.Total, roles[b.Key])
		}
		total, cases = total+b.Total, cases+b.Outcomes[fitness.ScreenOpenCase]
	}
	if total != len(want) || cases != 20 || len(d.ByRole) != len(councilRoles) {
		t.Errorf("by role %+v", d.ByRole)
	}
	opened, err := f.inquiries.People(context.Background(), f.manager, f.inq.ID,
		fitness.PersonFilter{Outcome: fitness.ScreenOpenCase})
	if err != nil || len(opened) != len(screened) {
		t.Fatalf("%d people with cases opened, %v", len(opened), err)
	}
	for _, p := range opened {
		if !slices.Contains(screened, p.RegistrantID) || p.Screening.CaseReference == "" || p.CaseStage != fitness.StageReceived {
			t.Errorf("person with a case: %+v", p)
		}
	}
}

// TestBulkStepKilledHalfway kills a process working a bulk step halfway
// through (SIGKILL: no clean-up of any kind) and starts another: the step
// finishes, and every person is done exactly once.
func TestBulkStepKilledHalfway(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f0 *fixture) {
		ctx := context.Background()
		f := newInquiryFixture(t, f0.db.Engine, 160)
		if _, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID); err != nil {
			t.Fatal(err)
		}
		people, err := f.inquiries.People(ctx, f.manager, f.inq.ID, fitness.PersonFilter{})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(people))
		for i, p := range people {
			ids[i] = p.RegistrantID
		}
		step, err := f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, ids, fitness.ScreeningInput{
			Outcome: fitness.ScreenOpenCase, Reasons: "In post during the period of the inquiry."})
		if err != nil {
			t.Fatal(err)
		}
		done := f.killHalfway(t, step)
		f.startBulk(t, 0)
		step, items := f.waitStep(t, step.ID)
		t.Logf("%d of %d done when the worker was killed", done, step.Total)
		if step.Done != len(ids) || step.Failed != 0 {
			t.Errorf("step after restart: %+v", step)
		}
		for _, it := range items {
			if it.Status != fitness.BulkItemDone {
				t.Errorf("item %+v", it)
			}
		}
		f.checkOnce(t, ids)
	})
}

// killHalfway runs this test binary as a worker process on the fixture's
// database, kills it once a third of the step is done, and returns how
// many people were done then.
func (f *inquiryFixture) killHalfway(t *testing.T, step fitness.BulkStep) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$") // TestMain runs the worker
	cmd.Env = append(os.Environ(), "FITNESS_BULK_WORKER_DB="+f.target,
		"FITNESS_BULK_WORKER_NOW="+f.clock.Now().Format(time.RFC3339Nano))
	var out bytes.Buffer // not the test's output, which test2json reads
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		n := f.itemsDone(t, step.ID)
		if n >= step.Total/3 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the worker process did %d people in two minutes; it said:\n%s", n, out.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	n := f.itemsDone(t, step.ID)
	if n == 0 || n >= step.Total {
		t.Fatalf("%d of %d done when killed: not halfway; the worker said:\n%s", n, step.Total, out.String())
	}
	return n
}

// itemsDone counts the people of a step done so far.
func (f *inquiryFixture) itemsDone(t *testing.T, stepID string) int {
	t.Helper()
	var n int
	if err := f.db.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM bulk_step_items
		WHERE step_id = $1 AND status <> 'pending'`, stepID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkOnce checks every person was screened once, with one case, one
// concern and one screening event.
func (f *inquiryFixture) checkOnce(t *testing.T, ids []string) {
	t.Helper()
	ctx := context.Background()
	counts := func(query string) map[string]int {
		rows, err := f.db.Reader().QueryContext(ctx, query, f.inq.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				t.Fatal(err)
			}
			out[id] = n
		}
		return out
	}
	for name, query := range map[string]string{
		"screenings": `SELECT registrant_id, COUNT(*) FROM inquiry_screenings WHERE inquiry_id = $1 GROUP BY registrant_id`,
		"cases": `SELECT c.registrant_id, COUNT(*) FROM cases c WHERE c.source = 'own_motion' AND $1 <> ''
			GROUP BY c.registrant_id`,
		"linked cases": `SELECT c.registrant_id, COUNT(*) FROM cases c JOIN case_inquiries l ON l.case_id = c.id
			WHERE l.inquiry_id = $1 GROUP BY c.registrant_id`,
		"events": `SELECT registrant_id, COUNT(*) FROM inquiry_events WHERE inquiry_id = $1
			AND type = 'inquiry_person_screened' GROUP BY registrant_id`,
	} {
		got := counts(query)
		if len(got) != len(ids) {
			t.Errorf("%s: %d people, want %d", name, len(got), len(ids))
		}
		for _, id := range ids {
			if got[id] != 1 {
				t.Errorf("%s: %s has %d", name, id, got[id])
			}
		}
	}
	var concerns int
	if err := f.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM concerns WHERE source = 'own_motion'`).Scan(&concerns); err != nil || concerns != len(ids) {
		t.Errorf("%d own-motion concerns, want %d (%v)", concerns, len(ids), err)
	}
}

// TestMain runs the tests, or, when this test binary is started as the
// worker process of TestBulkStepKilledHalfway, that worker instead.
func TestMain(m *testing.M) {
	if target := os.Getenv("FITNESS_BULK_WORKER_DB"); target != "" {
		err := bulkWorkerProcess(target)
		fmt.Fprintln(os.Stderr, "bulk worker process:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// bulkWorkerProcess works bulk steps on the database at target until the
// process is killed; it returns only on failure.
func bulkWorkerProcess(target string) error {
	now, err := time.Parse(time.RFC3339Nano, os.Getenv("FITNESS_BULK_WORKER_NOW"))
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, target)
	if err != nil {
		return err
	}
	clock := &testClock{t: now}
	p := fitness.HCPCProcess()
	cases := sqldb.NewCaseService(db, p, fitness.HCPCRules(), clock.Now)
	pg := ""
	if db.Engine == sqldb.Postgres {
		pg = target
	}
	r, err := New(Config{PostgresURL: pg, OutboxInterval: time.Hour, SweepInterval: time.Hour, BulkInterval: time.Hour,
		BulkPause: 5 * time.Millisecond, PollInterval: 50 * time.Millisecond},
		Deps{SQL: db.Writer(), Outbox: sqldb.NewOutboxStore(db, clock.Now), Cases: cases, Process: p, Now: clock.Now,
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), Inquiries: sqldb.NewInquiryService(db, cases, fitness.HCPCRules(), clock.Now)})
	if err != nil {
		return err
	}
	if err := r.Start(ctx); err != nil {
		return err
	}
	if err := r.KickBulk(ctx); err != nil {
		return err
	}
	time.Sleep(5 * time.Minute) // killed long before
	return errors.New("the worker process was not killed")
}
