package sqldb

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"fitness/internal/fitness"
)

// TestBulkLettersOncePerCase requests the notice of investigation for a
// selection of people: the one whose screening opened a case gets it
// requested on the case, with a case event, through the letters pipeline;
// the one screened no action and the one not yet screened are skipped;
// resuming the step and a second step over the same people request
// nothing more.
func TestBulkLettersOncePerCase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		var kicked atomic.Int32
		f.cases.OnLettersRequested(func() { kicked.Add(1) })
		opened := f.mustWorker(t, 1, f.council, "2000-01-01", "")
		noAction := f.mustWorker(t, 2, f.council, "2000-01-01", "")
		unscreened := f.mustWorker(t, 3, f.council, "2000-01-01", "")
		_, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		sc, err := f.inquiries.Screen(ctx, f.manager, f.inq.ID, opened, fitness.ScreeningInput{
			Outcome: fitness.ScreenOpenCase, Reasons: "Named in the review as the allocated worker"})
		mustNoErr(t, err)
		_, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, noAction, fitness.ScreeningInput{
			Outcome: fitness.ScreenNoAction, Reasons: "Left before the events the review describes"})
		mustNoErr(t, err)
		_, err = f.inquiries.StartLetters(ctx, f.outsider, f.inq.ID, []string{opened})
		mustCode(t, err, fitness.ENotFound, "")
		_, err = f.inquiries.StartLetters(ctx, f.manager, f.inq.ID, nil)
		if fitness.ErrorFields(err)["registrants"] == "" {
			t.Errorf("nobody selected: %v", err)
		}
		step, err := f.inquiries.StartLetters(ctx, f.manager, f.inq.ID, []string{opened, noAction, unscreened, opened})
		mustNoErr(t, err)
		if step.Total != 3 || step.Kind != fitness.BulkLetters {
			t.Fatalf("step %+v", step)
		}
		// The first person is done, then the runner stops as after a
		// crash; the next run does the others.
		more, err := f.inquiries.RunBulkItem(ctx, step.ID)
		if !more || err != nil {
			t.Fatalf("first person: %v %v", more, err)
		}
		step, items := f.runStep(t, step.ID)
		if step.Status != fitness.BulkDone || step.Done != 1 || step.Failed != 2 {
			t.Errorf("step %+v", step)
		}
		want := map[string]string{opened: fitness.LetterRequested + " on case " + sc.CaseReference,
			noAction: fitness.LetterSkippedNoCase, unscreened: fitness.LetterSkippedNoCase}
		for _, it := range items {
			if it.Outcome != want[it.RegistrantID] {
				t.Errorf("%s: %s %q, want %q", it.Name, it.Status, it.Outcome, want[it.RegistrantID])
			}
		}
		if kicked.Load() != 1 {
			t.Errorf("letters job kicked %d times, want 1", kicked.Load())
		}
		if more, err := f.inquiries.RunBulkItem(ctx, step.ID); more || err != nil {
			t.Errorf("a finished step ran again: %v %v", more, err)
		}
		again, err := f.inquiries.StartLetters(ctx, f.manager, f.inq.ID, []string{opened})
		mustNoErr(t, err)
		again, items = f.runStep(t, again.ID)
		if again.Failed != 1 || len(items) != 1 || items[0].Outcome != fitness.LetterSkippedAgain {
			t.Errorf("second step %+v %+v", again, items)
		}
		mustLettersRequested(t, db, sc.CaseID, 1)
		// Rebuilding bulk_steps (migration 00014) left the foreign keys
		// to it enforced.
		_, err = db.Writer().ExecContext(ctx, `INSERT INTO bulk_step_items (step_id, registrant_id, seq, status)
			VALUES ('no-such-step', $1, 1, 'pending')`, opened)
		if err == nil {
			t.Error("an item of no step was stored")
		}
		var r fitness.DocumentRequest
		mustNoErr(t, db.Reader().QueryRowContext(ctx, `SELECT id FROM document_requests WHERE case_id = $1
			AND document = 'notice_of_investigation'`, sc.CaseID).Scan(&r.ID))
		r, err = loadLetter(ctx, db.Reader(), r.ID)
		mustNoErr(t, err)
		if r.RecipientRole != fitness.RecipientRegistrant || !strings.Contains(r.RecipientName, "Number001") ||
			r.Status != fitness.DocumentPending {
			t.Errorf("request %+v", r)
		}
		facts, err := NewLetterStore(db, f.cases, f.clock.Now).LetterFacts(ctx, r)
		mustNoErr(t, err)
		if facts.Event.Type != fitness.EventNoticeRequested || facts.Event.Payload["inquiry"] != f.inq.ID ||
			facts.Concern.Source != fitness.SourceOwnMotion || facts.Case.Stage != facts.Event.ToStage {
			t.Errorf("facts: event %+v, concern %+v", facts.Event, facts.Concern)
		}
	})
}

// mustLettersRequested checks that case caseID has n notices of
// investigation requested, each with its own case event.
func mustLettersRequested(tb testing.TB, db *DB, caseID string, n int) {
	tb.Helper()
	var requests, events int
	mustNoErr(tb, db.Reader().QueryRowContext(context.Background(), `SELECT
		(SELECT COUNT(*) FROM document_requests WHERE case_id = $1 AND document = 'notice_of_investigation'),
		(SELECT COUNT(*) FROM events WHERE case_id = $1 AND type = 'notice_of_investigation_requested')`,
		caseID).Scan(&requests, &events))
	if requests != n || events != n {
		tb.Errorf("case %s: %d notices requested, %d events, want %d", caseID, requests, events, n)
	}
}
