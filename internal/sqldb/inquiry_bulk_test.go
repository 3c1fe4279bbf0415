package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// runStep does every person of a bulk step, as the job does.
func (f *inquiryFixture) runStep(tb testing.TB, stepID string) (fitness.BulkStep, []fitness.BulkItem) {
	tb.Helper()
	ctx := context.Background()
	for range 1000 {
		more, err := f.inquiries.RunBulkItem(ctx, stepID)
		mustNoErr(tb, err)
		if !more {
			st, items, err := f.inquiries.FindBulkStep(ctx, f.leader, f.inq.ID, stepID)
			mustNoErr(tb, err)
			return st, items
		}
	}
	tb.Fatal("the step never ended")
	return fitness.BulkStep{}, nil
}

// TestBulkScreeningOutcomePerPerson applies one decision to a selection
// that includes someone already screened: they fail with the reason, the
// others are done, and running the step again does nothing more.
func TestBulkScreeningOutcomePerPerson(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		a := f.mustWorker(t, 1, f.council, "2000-01-01", "")
		b := f.mustWorker(t, 2, f.council, "2000-01-01", "")
		c := f.mustWorker(t, 3, f.council, "2000-01-01", "")
		_, err := f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, []string{a}, fitness.ScreeningInput{
			Outcome: fitness.ScreenNoAction, Reasons: "x"})
		mustCode(t, err, fitness.ENotFound, "The scope of this inquiry has not been run yet")
		_, err = f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		_, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, b, fitness.ScreeningInput{Outcome: fitness.ScreenNoAction,
			Reasons: "Left before the events the report describes"})
		mustNoErr(t, err)
		_, err = f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, []string{a, "someone-else"},
			fitness.ScreeningInput{Outcome: fitness.ScreenNoAction, Reasons: "x"})
		if fitness.ErrorFields(err)["registrants"] == "" {
			t.Errorf("a person not in scope selected: %v", err)
		}
		step, err := f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, []string{a, b, c, a},
			fitness.ScreeningInput{Outcome: fitness.ScreenOpenCase, Reasons: "Named in the report"})
		mustNoErr(t, err)
		if step.Total != 3 || step.Status != fitness.BulkRunning {
			t.Fatalf("step %+v", step)
		}
		step, items := f.runStep(t, step.ID)
		if step.Status != fitness.BulkDone || step.Done != 2 || step.Failed != 1 || step.Percent() != 100 {
			t.Errorf("step %+v", step)
		}
		for _, it := range items {
			switch {
			case it.RegistrantID == b && (it.Status != fitness.BulkItemFailed || !strings.Contains(it.Outcome, "already been screened")):
				t.Errorf("already screened: %+v", it)
			case it.RegistrantID != b && (it.Status != fitness.BulkItemDone || !strings.HasPrefix(it.Outcome, "Case FTP-")):
				t.Errorf("screened: %+v", it)
			}
		}
		if more, err := f.inquiries.RunBulkItem(ctx, step.ID); more || err != nil {
			t.Errorf("a finished step ran again: %v %v", more, err)
		}
		if n := count(t, db, "cases"); n != 2 {
			t.Errorf("%d cases, want 2", n)
		}
		var finished int
		mustNoErr(t, db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiry_events WHERE inquiry_id = $1
			AND type = 'inquiry_bulk_finished'`, f.inq.ID).Scan(&finished))
		if finished != 1 {
			t.Errorf("%d finished events", finished)
		}
	})
}

// TestDemandsChasedAndAnswered sends the demands of an inquiry over two
// employers, chases and escalates the late one and closes the answered one.
func TestDemandsChasedAndAnswered(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		inq, err := f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{Title: "Two employers",
			SourceTitle: "Report", SourcePublisher: "Panel", SourcePublished: day("2015-01-01"), SourceSummary: "Findings",
			EmployerIDs: []string{f.council, f.elsewhere}, From: day("2000-01-01"), To: day("2010-12-31")})
		mustNoErr(t, err)
		f.inq = inq
		both := f.mustWorker(t, 1, f.council, "2001-01-01", "2004-12-31")
		mustNoErr(t, f.regs.InsertEmployments(ctx, []fitness.Employment{{RegistrantID: both, EmployerID: f.elsewhere,
			Role: "Team manager", From: day("2005-01-01")}}))
		only := f.mustWorker(t, 2, f.elsewhere, "2003-01-01", "2009-01-01")
		mustNoErr(t, NewLetterStore(db, f.cases, f.clock.Now).SetEmployerServiceAddress(ctx, f.elsewhere,
			fitness.ServiceAddress{Email: "information@eastwick.example"}))
		_, err = f.inquiries.StartDemands(ctx, f.leader, inq.ID, fitness.DemandInput{Details: "Roles and dates"})
		mustCode(t, err, fitness.EConflict, "Run the scope of the inquiry before sending demands")
		_, err = f.inquiries.RunScope(ctx, f.leader, inq.ID)
		mustNoErr(t, err)
		_, err = f.inquiries.StartDemands(ctx, f.leader, inq.ID, fitness.DemandInput{})
		if fitness.ErrorFields(err)["details"] == "" {
			t.Errorf("no details: %v", err)
		}
		step, err := f.inquiries.StartDemands(ctx, f.leader, inq.ID, fitness.DemandInput{Details: "Roles and dates",
			Due: day("2026-03-24")})
		mustNoErr(t, err)
		step, _ = f.runStep(t, step.ID)
		ds, err := f.inquiries.Demands(ctx, f.leader, inq.ID)
		mustNoErr(t, err)
		if step.Done != 2 || len(ds) != 2 {
			t.Fatalf("step %+v, %d demands", step, len(ds))
		}
		byEmployer := map[string]fitness.InquiryDemand{}
		for _, d := range ds {
			byEmployer[d.EmployerID] = d
		}
		council, other := byEmployer[f.council], byEmployer[f.elsewhere]
		// The employer with an email address is sent its demand listing
		// both people; the other is served by post, outside the system.
		mails := f.inquiryMail(t)
		if len(mails) != 1 || mails[0][0] != "inquiry_demand" || mails[0][1] != "information@eastwick.example" ||
			!strings.Contains(mails[0][2], "Worker Number001 (SW900001): Team manager, 1 January 2005 to date") ||
			!strings.Contains(mails[0][2], "Worker Number002 (SW900002): Social worker, 1 January 2003 to 1 January 2009") {
			t.Errorf("mail after the demands: %q", mails)
		}
		if len(council.People) != 1 || len(other.People) != 2 || !council.Due.Equal(day("2026-03-24")) ||
			council.People[0].Roles != "Social worker, 1 January 2001 to 31 December 2004" {
			t.Errorf("council %+v, other %+v", council, other)
		}
		_, err = f.inquiries.RecordDemandAnswer(ctx, f.leader, inq.ID, council.ID, only, fitness.DemandAnswerInput{Answer: "x"})
		mustCode(t, err, fitness.ENotFound, "This person is not listed on the demand")
		council, err = f.inquiries.RecordDemandAnswer(ctx, f.leader, inq.ID, council.ID, both,
			fitness.DemandAnswerInput{Answer: "Social worker in the duty team."})
		mustNoErr(t, err)
		if council.Status != fitness.RequestAnswered {
			t.Errorf("council demand %s after its one answer", council.Status)
		}
		p, err := f.inquiries.Person(ctx, f.leader, inq.ID, both)
		mustNoErr(t, err)
		if len(p.Listings) != 2 || len(p.Employments) != 2 {
			t.Fatalf("person %+v", p)
		}
		for _, l := range p.Listings {
			answered := l.EmployerName == "Northmere Borough Council"
			if answered != (l.Answer == "Social worker in the duty team.") || answered == l.AnsweredAt.IsZero() {
				t.Errorf("listing %+v", l)
			}
		}
		f.clock.Set(day("2026-03-25").Add(10 * time.Hour)) // the day after the due date
		for i, want := range []int{1, 0} {
			n, err := f.inquiries.SweepDemands(ctx, f.clock.Now())
			if err != nil || n != want {
				t.Errorf("sweep %d: %d steps, %v", i, n, err)
			}
		}
		other, err = f.inquiries.FindDemand(ctx, f.leader, inq.ID, other.ID)
		mustNoErr(t, err)
		if mails := f.inquiryMail(t); len(mails) != 2 || mails[1][0] != "inquiry_demand_chaser" ||
			!strings.Contains(mails[1][2], "by 24 March 2026") {
			t.Errorf("mail after the chase: %q", mails)
		}
		if other.ChasedAt.IsZero() || !other.EscalatedAt.IsZero() || other.Shown(f.clock.Now()) != fitness.RequestOverdue {
			t.Errorf("after the chase: %+v", other)
		}
		f.clock.Add(8 * 24 * time.Hour)
		if n, err := f.inquiries.SweepDemands(ctx, f.clock.Now()); err != nil || n != 1 {
			t.Errorf("escalation sweep: %d %v", n, err)
		}
		other, _ = f.inquiries.FindDemand(ctx, f.leader, inq.ID, other.ID)
		if other.EscalatedAt.IsZero() {
			t.Errorf("not escalated: %+v", other)
		}
		dash, err := f.inquiries.Dashboard(ctx, f.leader, inq.ID)
		mustNoErr(t, err)
		if dash.Demands != (fitness.DemandProgress{Demands: 2, Answered: 1, Overdue: 1, People: 3, PeopleAnswered: 1}) {
			t.Errorf("demand progress %+v", dash.Demands)
		}
	})
}

// inquiryMail returns the kind, recipient and text of the outbox's
// messages, oldest first.
func (f *inquiryFixture) inquiryMail(tb testing.TB) [][3]string {
	tb.Helper()
	rows, err := f.db.Reader().Query(`SELECT kind, recipient_email, body_text FROM outbox_messages ORDER BY created_at, kind`)
	mustNoErr(tb, err)
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var m [3]string
		mustNoErr(tb, rows.Scan(&m[0], &m[1], &m[2]))
		out = append(out, m)
	}
	return out
}

// TestBulkStepStopsForLostAccess: a step acts as the member of staff who
// started it, with the access they have when each person is done.
func TestBulkStepStopsForLostAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		a := f.mustWorker(t, 1, f.council, "2000-01-01", "")
		b := f.mustWorker(t, 2, f.council, "2000-01-01", "")
		_, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		step, err := f.inquiries.StartScreening(ctx, f.manager, f.inq.ID, []string{a, b},
			fitness.ScreeningInput{Outcome: fitness.ScreenNoAction, Reasons: "Not involved"})
		mustNoErr(t, err)
		more, err := f.inquiries.RunBulkItem(ctx, step.ID)
		mustNoErr(t, err)
		mustExec(t, db, `UPDATE users SET active = FALSE WHERE id = $1`, f.manager.UserID)
		for more {
			more, err = f.inquiries.RunBulkItem(ctx, step.ID)
			mustNoErr(t, err)
		}
		step, items := f.runStep(t, step.ID)
		if step.Done != 1 || step.Failed != 1 || items[1].Outcome != "Casey Manager may no longer make changes to this inquiry" {
			t.Errorf("step %+v, items %+v", step, items)
		}
	})
}
