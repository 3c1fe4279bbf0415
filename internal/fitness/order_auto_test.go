package fitness

import (
	"slices"
	"testing"
	"time"
)

// dueNames returns the names of the actions due on c at now.
func dueNames(c Case, now time.Time) []ActionName {
	var out []ActionName
	for _, d := range HCPCProcess().DueSystemActions(c, now) {
		out = append(out, d.Name)
	}
	return out
}

// TestOrderTakesEffectWhenAppealPeriodEnds: the appeal period after a
// decision on Monday 2 March 2026 runs to 30 March, that day included;
// the order taking effect (or striking off: storage knows which order
// waits) is due from 31 March, and the system takes it with the inputs
// recorded with the order, not before.
func TestOrderTakesEffectWhenAppealPeriodEnds(t *testing.T) {
	r := HCPCRules()
	c, _ := MustApply(t, caseAt(StageFinalHearing), ActionRecordSanction, hearingsOfficer, Input{"decision_date": "2026-03-02",
		"ground": "misconduct", "sanction": "conditions", "length_months": "6", "conditions": "Work under supervision."}, monday)
	due, ok := deadlineDue(c, DeadlineAppealWindow)
	if !ok || !today(due).Equal(date(2026, 3, 30)) || !AppealCloses(r, monday).Equal(date(2026, 3, 30)) {
		t.Fatalf("appeal period ends %v (%v)", due, ok)
	}
	lastDay, nextDay := londonAt(t, 2026, 3, 30, 23, 59), londonAt(t, 2026, 3, 31, 0, 1)
	if got := dueNames(c, lastDay); len(got) != 0 {
		t.Errorf("due on the last day of the appeal period: %v", got)
	}
	want := []ActionName{ActionOrderTakesEffect, ActionStrikingOffTakesEffect}
	if got := dueNames(c, nextDay); !slices.Equal(got, want) {
		t.Errorf("due the next day: %v, want %v", got, want)
	}
	o := NewOrder(r, OrderConditions, monday, 6, "Work under supervision.")
	step := o.EffectStep()
	if step.Action != ActionOrderTakesEffect || step.Input["order"] != "conditions" || step.Input["expires_on"] != "2026-09-30" ||
		step.Input["conditions"] != "Work under supervision." || !o.Start.Equal(date(2026, 3, 31)) {
		t.Fatalf("step %+v, order %+v", step, o)
	}
	if _, _, err := c.Apply(HCPCProcess(), r, step.Action, SystemActor, step.Input, lastDay); ErrorCode(err) != EConflict {
		t.Errorf("the system on the last day: %v", err)
	}
	next, e := MustApply(t, c, step.Action, SystemActor, step.Input, nextDay)
	if next.Stage != StageOrderInForce || e.ActorID != SystemActor.UserID || e.Payload["conditions"] != "Work under supervision." {
		t.Errorf("after: %s, event %+v", next.Stage, e)
	}
	if _, ok := deadlineDue(next, DeadlineAppealWindow); ok {
		t.Errorf("%s still running", DeadlineAppealWindow)
	}
	// The PSA's referral period runs on after the order takes effect.
	if psa, ok := deadlineDue(next, DeadlinePSAWindow); !ok || !today(psa).Equal(date(2026, 5, 9)) {
		t.Errorf("PSA window %v (%v)", psa, ok)
	}
	if got := dueNames(next, nextDay.AddDate(0, 1, 0)); len(got) != 0 {
		t.Errorf("due after it took effect: %v", got)
	}
	if s := (Order{Kind: OrderStrikingOff}).EffectStep(); s.Action != ActionStrikingOffTakesEffect || len(s.Input) != 0 {
		t.Errorf("striking-off step %+v", s)
	}
	// The system takes no action that follows no deadline.
	if _, _, err := next.Apply(HCPCProcess(), r, ActionAddNote, SystemActor, Input{"note": "x"}, nextDay); ErrorCode(err) != EForbidden {
		t.Errorf("system note: %v", err)
	}
}

// TestOrderTakesEffectAfterAppeal: once an appeal is decided, the
// registrar records the order taking effect though no appeal period runs.
func TestOrderTakesEffectAfterAppeal(t *testing.T) {
	c := caseAt(StageAppeal)
	next, e := MustApply(t, c, ActionOrderTakesEffect, registrar, Input{"order": "suspension", "expires_on": "2026-09-02",
		"appeal_outcome": "dismissed"}, monday)
	if next.Stage != StageOrderInForce || e.ActorID != registrar.UserID {
		t.Errorf("after the appeal: %s", next.Stage)
	}
	// While the appeal is before the court nothing takes effect without
	// its outcome, whoever asks.
	_, _, err := c.Apply(HCPCProcess(), HCPCRules(), ActionOrderTakesEffect, SystemActor, Input{"order": "suspension",
		"expires_on": "2026-09-02"}, monday)
	if got := ErrorFields(err)["appeal_outcome"]; got != "Select the outcome of the appeal" {
		t.Errorf("the system during an appeal: %v", err)
	}
}

// TestOrderExpiresWhenItsEndPasses: an order running to 2 September 2026
// expires from 3 September, in force or with a review still to be heard
// (the order lapses: PSA v HCPC & Sharf [2025]).
func TestOrderExpiresWhenItsEndPasses(t *testing.T) {
	c, _ := MustApply(t, caseAt(StageAppealWindow), ActionOrderTakesEffect, registrar,
		Input{"order": "suspension", "expires_on": "2026-09-02"}, monday)
	lastDay, nextDay := londonAt(t, 2026, 9, 2, 23, 59), londonAt(t, 2026, 9, 3, 0, 1)
	reviewing := c
	reviewing.Stage = StageReview
	for _, c := range []Case{c, reviewing} {
		if got := dueNames(c, lastDay); len(got) != 0 {
			t.Errorf("%s: due on its last day: %v", c.Stage, got)
		}
		if got := dueNames(c, nextDay); !slices.Equal(got, []ActionName{ActionOrderExpired}) {
			t.Errorf("%s: due the day after: %v", c.Stage, got)
		}
		next, e := MustApply(t, c, ActionOrderExpired, SystemActor, nil, nextDay)
		if next.Stage != StageClosedOrderEnded || next.Open() || e.ActorID != SystemActor.UserID ||
			DescribeEvent(HCPCProcess(), e) != "Order expired: moved from "+HCPCProcess().StageLabel(c.Stage)+" to Closed: order ended" {
			t.Errorf("%s: after: %s, %q", c.Stage, next.Stage, DescribeEvent(HCPCProcess(), e))
		}
	}
}

// TestInterimExpiryWarning: an interim order's clocks warn
// Rules.InterimExpiryWarning before it ends, and a court's extension moves
// the warning with the end.
func TestInterimExpiryWarning(t *testing.T) {
	r := HCPCRules()
	c := caseAt(StagePreHearing)
	c.InterimStage = StageInterimConsidered
	c, _ = MustApply(t, c, ActionImposeInterim, hearingsOfficer, Input{"decision_date": "2026-03-02", "order": "interim_conditions",
		"conditions": "No lone home visits."}, monday)
	ends, _ := deadlineDue(c, DeadlineInterimExpires)
	warn, ok := deadlineDue(c, DeadlineInterimExpiryWarning)
	if !ok || !today(ends).Equal(date(2027, 9, 2)) || !today(warn).Equal(date(2027, 7, 2)) {
		t.Fatalf("ends %v, warning %v (%v)", ends, warn, ok)
	}
	if review, _ := deadlineDue(c, DeadlineInterimReview); !today(review).Equal(r.InterimFirstReview.After(date(2026, 3, 2), r.Calendar)) {
		t.Errorf("first review %v", review)
	}
	c, _ = MustApply(t, c, ActionExtendInterim, registrar, Input{"extended_until": "2028-03-02", "court": "High Court"}, monday.AddDate(1, 4, 0))
	if warn, _ := deadlineDue(c, DeadlineInterimExpiryWarning); !today(warn).Equal(date(2028, 1, 2)) {
		t.Errorf("warning after the extension %v", warn)
	}
	c, _ = MustApply(t, c, ActionEndInterim, hearingsOfficer, Input{"ended_by": "final_order"}, monday.AddDate(1, 5, 0))
	if len(c.Deadlines) != 0 {
		t.Errorf("clocks after the interim order ended: %+v", c.Deadlines)
	}
}

// TestConsentOrder: approving a consent order makes an order waiting for
// the appeal period, with its length and conditions; a conditions order
// needs its conditions.
func TestConsentOrder(t *testing.T) {
	r := HCPCRules()
	in := Input{"decision_date": "2026-03-02", "order": "conditions", "length_months": "12"}
	_, _, err := caseAt(StageConsent).Apply(HCPCProcess(), r, ActionApproveConsent, hearingsOfficer, in, monday)
	if got := ErrorFields(err)["conditions"]; got != "Enter the conditions of practice the panel approved" {
		t.Errorf("no conditions: %v", err)
	}
	in["conditions"] = "Work under supervision."
	_, e := MustApply(t, caseAt(StageConsent), ActionApproveConsent, hearingsOfficer, in, monday)
	o, ok := ConsentOrder(r, ActionApproveConsent, e.Payload)
	if !ok || o.Kind != OrderConditions || o.Status != OrderPending || o.Months != 12 || o.Conditions != "Work under supervision." ||
		!o.Start.Equal(date(2026, 3, 31)) || !o.End.Equal(date(2027, 3, 31)) {
		t.Errorf("consent order %+v, %v", o, ok)
	}
	if _, ok := ConsentOrder(r, ActionRecordSanction, e.Payload); ok {
		t.Error("an order from another action")
	}
}

// londonAt is a wall-clock time in the United Kingdom.
func londonAt(t *testing.T, y int, m time.Month, d, hour, minute int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, hour, minute, 0, 0, loc).UTC()
}

// TestRestorationAfterVoluntaryRemoval: the wait before restoration runs
// from a voluntary removal agreement as from striking off.
func TestRestorationAfterVoluntaryRemoval(t *testing.T) {
	c, _ := MustApply(t, caseAt(StageVoluntaryRemoval), ActionApproveVoluntaryRemoval, hearingsOfficer,
		Input{"decision_date": "2026-03-02"}, monday)
	early := date(2031, 3, 1)
	_, _, err := c.Apply(HCPCProcess(), HCPCRules(), ActionApplyRestoration, registrar, Input{"received_on": "2031-03-01"}, early)
	if got := ErrorFields(err)["received_on"]; got != "An application for restoration can be made from 2 March 2031, 5 years after the voluntary removal agreement" {
		t.Errorf("early application: %v", err)
	}
	if next, _ := MustApply(t, c, ActionApplyRestoration, registrar, Input{"received_on": "2031-03-02"}, early.AddDate(0, 0, 1)); next.Stage != StageRestoration {
		t.Errorf("stage %s", next.Stage)
	}
}

// TestInterimOrderEndsAtItsMaximum: an interim order the court has not
// extended is due to end, by the system, from the day after its last day.
func TestInterimOrderEndsAtItsMaximum(t *testing.T) {
	c := caseAt(StagePreHearing)
	c.InterimStage = StageInterimConsidered
	c, _ = MustApply(t, c, ActionImposeInterim, hearingsOfficer, Input{"decision_date": "2026-03-02", "order": "interim_suspension"}, monday)
	if got := dueNames(c, londonAt(t, 2027, 9, 2, 23, 59)); len(got) != 0 {
		t.Errorf("due on its last day: %v", got)
	}
	if got := dueNames(c, londonAt(t, 2027, 9, 3, 0, 1)); !slices.Equal(got, []ActionName{ActionEndInterim}) {
		t.Errorf("due the day after: %v", got)
	}
	next, _ := MustApply(t, c, ActionEndInterim, SystemActor, Input{"ended_by": "expired"}, londonAt(t, 2027, 9, 3, 0, 1))
	if next.InterimStage != StageInterimEnded || len(next.Deadlines) != 0 {
		t.Errorf("after: %s, %+v", next.InterimStage, next.Deadlines)
	}
}
