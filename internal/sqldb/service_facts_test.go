package sqldb

import (
	"context"
	"testing"

	"fitness/internal/fitness"
)

// mustLetterRequest returns the case's request for document, failing the
// test when there is none.
func mustLetterRequest(tb testing.TB, letters *LetterStore, actor fitness.Actor, caseID, document string) fitness.DocumentRequest {
	tb.Helper()
	rs, err := letters.CaseLetters(context.Background(), actor, caseID)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rs {
		if r.Document == document {
			return r
		}
	}
	tb.Fatalf("no %s among the letters of the case: %+v", document, rs)
	return fitness.DocumentRequest{}
}

// TestLetterFactsHearingDecision: the letters of decisions recorded
// through a hearing carry the hearing decision (its reasons and
// conditions); a letter of an action taken directly carries none.
func TestLetterFactsHearingDecision(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		letters := NewLetterStore(db, f.cases, f.clock.Now)
		c := f.mustPreHearingCase(t, f.sw.ID)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20))
		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundMisconduct, 12)
		in.Sanction, in.Conditions, in.InterimCover = fitness.SanctionConditions, "You must not work nights.", true
		f.mustDecide(t, h, in)
		f.at(date(2026, 5, 20))
		if _, err := f.hearings.TakeEffect(ctx, f.registrar, c.ID, f.mustCase(t, c.ID).Version); err != nil {
			t.Fatal(err)
		}
		f.at(date(2027, 2, 1))
		review := f.mustList(t, f.mustCase(t, c.ID), fitness.HearingReview, date(2027, 3, 8))
		f.at(date(2027, 3, 8))
		f.mustDecide(t, review, fitness.HearingDecisionInput{Impairment: fitness.AnswerYes, ReviewOutcome: fitness.ReviewExtend,
			LengthMonths: 6, Conditions: "You must report to a supervisor every week.", Reasons: "Progress, but not yet safe."})

		facts := func(document string) fitness.LetterFacts {
			t.Helper()
			got, err := letters.LetterFacts(ctx, mustLetterRequest(t, letters, f.officer, c.ID, document))
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		rd := facts("review_decision")
		if d := rd.HearingDecision; d == nil || d.Reasons != "Progress, but not yet safe." ||
			d.Conditions != "You must report to a supervisor every week." || d.HearingKind != fitness.HearingReview {
			t.Errorf("review decision's hearing decision: %+v", d)
		}
		if rd.Event.Type != string(fitness.ActionReviewDecision) || rd.Event.Payload["expires_on"] != "2027-09-08" {
			t.Errorf("review decision's event: %+v", rd.Event)
		}
		// The final decision was recorded with two actions (the sanction,
		// then the interim order covering the appeal period).
		if d := facts("hearing_decision").HearingDecision; d == nil || d.Conditions != "You must not work nights." || d.HearingKind != fitness.HearingFinal {
			t.Errorf("hearing decision's hearing decision: %+v", d)
		}
		if d := facts("notice_of_hearing").HearingDecision; d != nil {
			t.Errorf("a listing carries a hearing decision: %+v", d)
		}
		if d := facts("review_notice").HearingDecision; d != nil {
			t.Errorf("a review listing carries a hearing decision: %+v", d)
		}
	})
}
