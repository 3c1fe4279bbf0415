package fitness

import (
	"slices"
	"testing"
)

// inForceAfterDecision returns a case whose suspension order, decided on
// Monday 2 March 2026, took effect when the appeal period ended (31 March):
// the PSA may refer it until 9 May 2026 (28 + 40 days).
func inForceAfterDecision(t *testing.T) Case {
	t.Helper()
	c, _ := MustApply(t, caseAt(StageFinalHearing), ActionRecordSanction, hearingsOfficer, Input{"decision_date": "2026-03-02",
		"ground": "misconduct", "sanction": "suspension", "length_months": "6"}, monday)
	step := NewOrder(HCPCRules(), OrderSuspension, monday, 6, "").EffectStep()
	c, _ = MustApply(t, c, step.Action, SystemActor, step.Input, londonAt(t, 2026, 3, 31, 0, 1))
	if psa, ok := deadlineDue(c, DeadlinePSAWindow); c.Stage != StageOrderInForce || !ok || !today(psa).Equal(date(2026, 5, 9)) {
		t.Fatalf("in force: %s, PSA window %v (%v)", c.Stage, psa, ok)
	}
	return c
}

// TestPSAReferralAfterOrderTakesEffect: once the order is in force, the
// PSA may still refer it, up to and including the last day of its period;
// the registrant may not appeal.
func TestPSAReferralAfterOrderTakesEffect(t *testing.T) {
	c := inForceAfterDecision(t)
	p, r := HCPCProcess(), HCPCRules()
	lastDay, nextDay := londonAt(t, 2026, 5, 9, 12, 0), londonAt(t, 2026, 5, 10, 12, 0)
	_, _, err := c.Apply(p, r, ActionRecordAppeal, registrar, Input{"appellant": "registrant", "lodged_on": "2026-04-02"}, lastDay)
	if got := ErrorFields(err)["appellant"]; got != "The registrant's appeal period has ended and the order is in force: only a PSA referral (section 29) can be recorded now, until 9 May 2026" {
		t.Errorf("registrant after the order took effect: %v", err)
	}
	_, _, err = c.Apply(p, r, ActionRecordAppeal, registrar, Input{"appellant": "psa", "lodged_on": "2026-05-10"}, nextDay)
	if got := ErrorFields(err)["lodged_on"]; got != "The PSA referral period ended on 9 May 2026: a referral lodged after that cannot be recorded" {
		t.Errorf("PSA a day late: %v", err)
	}
	next, e := MustApply(t, c, ActionRecordAppeal, registrar, Input{"appellant": "psa", "lodged_on": "2026-05-09"}, lastDay)
	if next.Stage != StageAppeal || e.Payload["appellant"] != "psa" {
		t.Errorf("PSA on the last day: %s %+v", next.Stage, e.Payload)
	}
	if _, ok := deadlineDue(next, DeadlinePSAWindow); ok {
		t.Error("the PSA window still runs after the referral")
	}
	ends, _ := deadlineDue(c, DeadlineOrderExpires)
	if got, ok := deadlineDue(next, DeadlineOrderExpires); !ok || !got.Equal(ends) {
		t.Errorf("the order's end moved during the referral: %v (%v)", got, ok)
	}

	// Dismissed: back to the order in force, its clocks unchanged.
	dismissed, e := MustApply(t, next, ActionAppealDismissed, registrar, Input{"decision_date": "2026-06-01"}, londonAt(t, 2026, 6, 2, 9, 0))
	if dismissed.Stage != StageOrderInForce || !slices.Equal(dismissed.Deadlines, next.Deadlines) {
		t.Errorf("dismissed: %s, clocks %+v, before %+v", dismissed.Stage, dismissed.Deadlines, next.Deadlines)
	}
	if got := DescribeEvent(p, e); got != "Appeal dismissed: the order stays in force: moved from Appeal to Order in force (Date of the decision: 1 June 2026)" {
		t.Errorf("event %q", got)
	}
	// Remitted: the order's clocks stop with it.
	remitted, _ := MustApply(t, next, ActionAppealRemitted, registrar, Input{"decision_date": "2026-06-01"}, londonAt(t, 2026, 6, 2, 9, 0))
	for _, name := range []string{DeadlineOrderExpires, DeadlineReviewDue} {
		if _, ok := deadlineDue(remitted, name); ok {
			t.Errorf("remitted: %s still running", name)
		}
	}
}

// TestPSAPeriodEnds: with no referral, the system records, the day after
// the PSA's period, that it ended, once, and its clock stops.
func TestPSAPeriodEnds(t *testing.T) {
	c := inForceAfterDecision(t)
	lastDay, nextDay := londonAt(t, 2026, 5, 9, 23, 59), londonAt(t, 2026, 5, 10, 0, 1)
	if got := dueNames(c, lastDay); len(got) != 0 {
		t.Errorf("due on the PSA's last day: %v", got)
	}
	if got := dueNames(c, nextDay); !slices.Equal(got, []ActionName{ActionPSAPeriodEnded}) {
		t.Errorf("due the day after: %v", got)
	}
	reviewing := c
	reviewing.Stage = StageReview
	if got := dueNames(reviewing, nextDay); !slices.Equal(got, []ActionName{ActionPSAPeriodEnded}) {
		t.Errorf("due during a review: %v", got)
	}
	if _, _, err := c.Apply(HCPCProcess(), HCPCRules(), ActionPSAPeriodEnded, SystemActor, nil, lastDay); ErrorCode(err) != EConflict {
		t.Errorf("the system on the last day: %v", err)
	}
	next, e := MustApply(t, c, ActionPSAPeriodEnded, SystemActor, nil, nextDay)
	if next.Stage != StageOrderInForce || DescribeEvent(HCPCProcess(), e) != "PSA referral period ended" {
		t.Errorf("after: %s, %q", next.Stage, DescribeEvent(HCPCProcess(), e))
	}
	if psa, ok := deadlineDue(next, DeadlinePSAWindow); ok {
		t.Errorf("the PSA clock (%v) runs after the period ended", psa)
	}
	if got := dueNames(next, nextDay.AddDate(0, 0, 7)); len(got) != 0 {
		t.Errorf("due again: %v", got)
	}
	// The order's own actions are not held up by it.
	if _, _, err := next.Apply(HCPCProcess(), HCPCRules(), ActionListReview, hearingsOfficer, Input{"review_type": "early",
		"hearing_date": "2026-06-15"}, nextDay); err != nil {
		t.Errorf("list a review: %v", err)
	}
	_, _, err := next.Apply(HCPCProcess(), HCPCRules(), ActionRecordAppeal, registrar, Input{"appellant": "psa", "lodged_on": "2026-05-09"}, nextDay)
	if ErrorCode(err) != EConflict {
		t.Errorf("a referral after the period ended was recorded: %v", err)
	}
}

// TestAppealStepOfOrderInForce: the court dismissing an appeal against an
// order already in force leaves it so; against a pending order, it takes
// effect. An order not in force cannot be dismissed as if it were.
func TestAppealStepOfOrderInForce(t *testing.T) {
	r := HCPCRules()
	a := Appeal{Outcome: AppealDismissed, DecidedOn: date(2026, 6, 1), Reasons: "No error of law"}
	o := NewOrder(r, OrderSuspension, monday, 6, "")
	if st := a.ProcessStep(r, o); st.Action != ActionOrderTakesEffect {
		t.Errorf("pending: %+v", st)
	}
	o.Status = OrderInForce
	if st := a.ProcessStep(r, o); st.Action != ActionAppealDismissed || st.Input["decision_date"] != "2026-06-01" {
		t.Errorf("in force: %+v", st)
	}
	_, _, err := caseAt(StageAppeal).Apply(HCPCProcess(), r, ActionAppealDismissed, registrar, Input{"decision_date": "2026-03-02"}, monday)
	if ErrorCode(err) != EConflict {
		t.Errorf("dismissed with no order in force: %v", err)
	}
}
