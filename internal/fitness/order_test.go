package fitness

import (
	"testing"
	"time"
)

// TestNewOrder checks a final order waits for the appeal period, then runs
// for its length with a review due before it ends.
func TestNewOrder(t *testing.T) {
	r := HCPCRules()
	o := NewOrder(r, OrderSuspension, date(2026, 3, 2), 12, "")
	if o.Status != OrderPending || !o.Start.Equal(date(2026, 3, 31)) || !o.End.Equal(date(2027, 3, 31)) || !o.ReviewDue.Equal(date(2027, 1, 31)) {
		t.Errorf("new order %+v", o)
	}
	// Dismissed on appeal on 1 June: it runs from then.
	o = o.TakeEffect(r, date(2026, 6, 1))
	if o.Status != OrderInForce || !o.Start.Equal(date(2026, 6, 1)) || !o.End.Equal(date(2027, 6, 1)) {
		t.Errorf("in force %+v", o)
	}
	caution := NewOrder(r, OrderCaution, date(2026, 3, 2), 24, "")
	if !caution.ReviewDue.IsZero() || !caution.End.Equal(date(2028, 3, 31)) {
		t.Errorf("caution %+v", caution)
	}
	struck := NewOrder(r, OrderStrikingOff, date(2026, 3, 2), 0, "")
	if !struck.End.IsZero() || struck.Annotation() != "Striking-off order from 31 March 2026" {
		t.Errorf("striking off %+v %q", struck, struck.Annotation())
	}
	cover := InterimOrder(r, OrderInterimSuspension, date(2026, 3, 2), true, "")
	if cover.Status != OrderInForce || !cover.End.IsZero() || cover.Kind.RegisterStatus() != StatusSuspended {
		t.Errorf("cover %+v", cover)
	}
	if got := o.Annotation(); got != "Suspension order from 1 June 2026 to 1 June 2027" {
		t.Errorf("annotation %q", got)
	}
	if e := cover.Ended(OrderExpired, date(2026, 4, 1), "Replaced"); !e.End.Equal(date(2026, 4, 1)) || e.Status != OrderExpired {
		t.Errorf("cover ended %+v", e)
	}
	if e := o.Ended(OrderRevoked, date(2026, 9, 1), "Revoked"); !e.End.Equal(date(2026, 9, 1)) {
		t.Errorf("revoked %+v", e)
	}
	if e := o.Ended(OrderExpired, o.End, "Ran its course"); !e.End.Equal(date(2027, 6, 1)) {
		t.Errorf("expired %+v", e)
	}
	if o.Due(time.Date(2027, 5, 31, 20, 0, 0, 0, time.UTC)) || !o.Due(time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)) {
		t.Error("due on the day it ends")
	}
}

func TestRegisterStatus(t *testing.T) {
	tests := []struct {
		current RegistrantStatus
		orders  []OrderKind
		want    RegistrantStatus
	}{
		{StatusRegistered, nil, StatusRegistered},
		{StatusSuspended, nil, StatusRegistered},
		{StatusRegistered, []OrderKind{OrderCaution, OrderConditions}, StatusRegistered},
		{StatusRegistered, []OrderKind{OrderInterimSuspension}, StatusSuspended},
		{StatusSuspended, []OrderKind{OrderStrikingOff, OrderSuspension}, StatusStruckOff},
		{StatusLapsed, []OrderKind{OrderSuspension}, StatusLapsed},
	}
	for _, tt := range tests {
		var orders []Order
		for _, k := range tt.orders {
			orders = append(orders, Order{Kind: k, Status: OrderInForce})
		}
		if got := RegisterStatus(tt.current, orders); got != tt.want {
			t.Errorf("%s with %v = %s, want %s", tt.current, tt.orders, got, tt.want)
		}
	}
}

// TestRestrictedSince follows a suspension extended twice back to its
// start, and stops at a gap.
func TestRestrictedSince(t *testing.T) {
	now := date(2028, 3, 1)
	first := Order{Kind: OrderSuspension, Status: OrderReplaced, Start: date(2025, 3, 30), End: date(2026, 1, 30)}
	second := Order{Kind: OrderConditions, Status: OrderReplaced, Start: date(2026, 1, 30), End: date(2026, 11, 30)}
	third := Order{Kind: OrderSuspension, Status: OrderInForce, Start: date(2026, 11, 30), End: date(2027, 11, 30)}
	caution := Order{Kind: OrderCaution, Status: OrderInForce, Start: date(2020, 1, 1), End: date(2030, 1, 1)}
	if got := RestrictedSince([]Order{third, first, caution, second}, now); !got.Equal(date(2025, 3, 30)) {
		t.Errorf("continuous: %v", got)
	}
	second.End = date(2026, 10, 1)
	if got := RestrictedSince([]Order{first, second, third}, now); !got.Equal(date(2026, 11, 30)) {
		t.Errorf("after a gap: %v", got)
	}
	if got := RestrictedSince([]Order{first}, now); !got.IsZero() {
		t.Errorf("nothing in force: %v", got)
	}
}

// TestAppealWindow walks the appeal period's boundary for the registrant
// (28 days) and the PSA (40 days more).
func TestAppealWindow(t *testing.T) {
	r := HCPCRules()
	order := Order{ID: "o1", CaseID: "case-1", Kind: OrderSuspension, MadeOn: date(2026, 1, 5)}
	now := date(2026, 3, 31)
	tests := []struct {
		appellant string
		lodged    time.Time
		want      string
	}{
		{"registrant", date(2026, 2, 2), ""},
		{"registrant", date(2026, 2, 3), "The time to appeal ended on 2 February 2026: an appeal lodged after that cannot be recorded"},
		{"psa", date(2026, 3, 14), ""},
		{"psa", date(2026, 3, 15), "The PSA referral period ended on 14 March 2026: a referral lodged after that cannot be recorded"},
		{"registrant", date(2026, 1, 4), "The appeal cannot be lodged before the decision, 5 January 2026"},
	}
	for _, tt := range tests {
		a, err := NewAppeal(r, order, AppealInput{Appellant: tt.appellant, LodgedOn: tt.lodged}, now)
		if got := ErrorFields(err)["lodged_on"]; got != tt.want {
			t.Errorf("%s on %s: %v, want %q", tt.appellant, tt.lodged.Format(time.DateOnly), err, tt.want)
		}
		if err == nil && (a.OrderID != "o1" || !a.LodgedOn.Equal(tt.lodged)) {
			t.Errorf("appeal %+v", a)
		}
	}
}

// TestAppealDecision checks the court's decision and the process action
// recording it, on a case with an appeal before the court.
func TestAppealDecision(t *testing.T) {
	r := HCPCRules()
	pending := NewOrder(r, OrderSuspension, date(2026, 1, 5), 12, "")
	a := Appeal{ID: "a1", CaseID: "case-1", LodgedOn: date(2026, 1, 20)}
	inAppeal := caseAt(StageAppeal)
	tests := []struct {
		in     AppealOutcomeInput
		action ActionName
		stage  Stage
	}{
		{AppealOutcomeInput{Outcome: AppealDismissed}, ActionOrderTakesEffect, StageOrderInForce},
		{AppealOutcomeInput{Outcome: AppealQuashed}, ActionAppealAllowed, StageClosedAppealAllowed},
		{AppealOutcomeInput{Outcome: AppealRemitted}, ActionAppealRemitted, StagePreHearing},
		{AppealOutcomeInput{Outcome: AppealSubstituted, Sanction: SanctionConditions, LengthMonths: 6, Conditions: "Supervision."}, ActionOrderTakesEffect, StageOrderInForce},
		{AppealOutcomeInput{Outcome: AppealSubstituted, Sanction: SanctionStrikingOff}, ActionStrikingOffTakesEffect, StageStruckOff},
	}
	for _, tt := range tests {
		tt.in.DecidedOn, tt.in.Reasons = date(2026, 2, 27), "The panel erred."
		decided, err := a.Decide(r, tt.in, monday)
		if err != nil {
			t.Fatalf("%s: %v", tt.in.Outcome, err)
		}
		step := decided.ProcessStep(r, pending)
		if step.Action != tt.action {
			t.Fatalf("%s: action %s", tt.in.Outcome, step.Action)
		}
		next, _ := MustApply(t, inAppeal, step.Action, registrar, step.Input, monday)
		if next.Stage != tt.stage {
			t.Errorf("%s: stage %s", tt.in.Outcome, next.Stage)
		}
		if _, err := decided.Decide(r, tt.in, monday); ErrorCode(err) != EConflict {
			t.Errorf("decided twice: %v", err)
		}
	}
	_, err := a.Decide(r, AppealOutcomeInput{Outcome: AppealSubstituted, Sanction: SanctionSuspension, LengthMonths: 13,
		DecidedOn: date(2026, 2, 27), Reasons: "Too lenient."}, monday)
	if got := ErrorFields(err)["length_months"]; got != "A suspension order can last no more than 1 year" {
		t.Errorf("substituted too long: %v", err)
	}
	e := Appeal{ID: "a1", CaseID: "case-1", DecidedOn: date(2026, 2, 27), Reasons: "Procedural unfairness"}.
		QuashedEvent(registrar, []Order{{Kind: OrderSuspension}, {Kind: OrderInterimSuspension}}, monday)
	want := "The court quashed the decision on 27 February 2026: Procedural unfairness. Quashed and removed from the register: suspension order and interim suspension order."
	if e.Reason != want || e.Type != EventOrderQuashed {
		t.Errorf("event %q", e.Reason)
	}
}
