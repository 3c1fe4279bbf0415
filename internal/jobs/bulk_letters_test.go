package jobs

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// TestBulkLettersThroughRunner runs a letters step with the job runner:
// of three people in scope, the one whose screening opened a case has the
// notice of investigation requested on it, and the letters job, kicked by
// the step, makes and stores the letter as for any case letter; the one
// screened no action and the one not screened are skipped. A second step
// over the same people requests nothing more.
func TestBulkLettersThroughRunner(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f0 *fixture) {
		ctx := context.Background()
		f := newInquiryFixture(t, f0.db.Engine, 40)
		if _, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID); err != nil {
			t.Fatal(err)
		}
		people, err := f.inquiries.People(ctx, f.manager, f.inq.ID, fitness.PersonFilter{})
		if err != nil || len(people) < 3 {
			t.Fatalf("%d people in scope, %v", len(people), err)
		}
		opened, noAction, unscreened := people[0].RegistrantID, people[1].RegistrantID, people[2].RegistrantID
		sc, err := f.inquiries.Screen(ctx, f.manager, f.inq.ID, opened, fitness.ScreeningInput{
			Outcome: fitness.ScreenOpenCase, Reasons: "Team manager during the period the inquiry examined."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.inquiries.Screen(ctx, f.manager, f.inq.ID, noAction, fitness.ScreeningInput{
			Outcome: fitness.ScreenNoAction, Reasons: "Administrative role only."}); err != nil {
			t.Fatal(err)
		}
		letters := f.letterStore()
		r, err := New(Config{PostgresURL: f.postgresURL(), OutboxInterval: time.Hour, SweepInterval: time.Hour,
			BulkInterval: time.Hour, LetterInterval: time.Hour, PollInterval: 50 * time.Millisecond},
			Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now,
				Logger: f.logger, Inquiries: f.inquiries, Letters: letters, Renderer: &fakeRenderer{}})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Stop(context.WithoutCancel(ctx)) })
		f.cases.OnLettersRequested(func() { go r.KickLetters(context.WithoutCancel(ctx)) })
		f.runner = r

		run := func(want map[string]string) {
			t.Helper()
			step, err := f.inquiries.StartLetters(ctx, f.manager, f.inq.ID, []string{opened, noAction, unscreened})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.kick(); err != nil {
				t.Fatal(err)
			}
			_, items := f.waitStep(t, step.ID)
			for _, it := range items {
				if it.Outcome != want[it.RegistrantID] {
					t.Errorf("%s: %s %q, want %q", it.Name, it.Status, it.Outcome, want[it.RegistrantID])
				}
			}
		}
		run(map[string]string{opened: fitness.LetterRequested + " on case " + sc.CaseReference,
			noAction: fitness.LetterSkippedNoCase, unscreened: fitness.LetterSkippedNoCase})
		deadline := time.Now().Add(time.Minute)
		for {
			ls, err := letters.CaseLetters(ctx, f.manager, sc.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			var notices []fitness.DocumentRequest
			for _, l := range ls {
				if l.Document == fitness.NoticeDocument {
					notices = append(notices, l)
				}
			}
			if len(notices) == 1 && notices[0].Status == fitness.DocumentIssued {
				if notices[0].RecipientRole != fitness.RecipientRegistrant || notices[0].DocumentID == "" {
					t.Errorf("notice %+v", notices[0])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the notice was not made: %+v", notices)
			}
			time.Sleep(50 * time.Millisecond)
		}
		run(map[string]string{opened: fitness.LetterSkippedAgain,
			noAction: fitness.LetterSkippedNoCase, unscreened: fitness.LetterSkippedNoCase})
		ls, err := letters.CaseLetters(ctx, f.manager, sc.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range ls {
			if l.Document == fitness.NoticeDocument {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d notices of investigation on the case, want 1", n)
		}
	})
}
