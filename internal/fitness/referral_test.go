package fitness

import (
	"strings"
	"testing"
	"time"
)

var referralNow = time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)

func TestNewReferralFields(t *testing.T) {
	ofsted := OtherBody{ID: BodyIDOfsted, Name: "Ofsted", Active: true, Source: SourceOther}
	ok := ReferralInput{Direction: ReferralOut, BodyID: ofsted.ID, RegistrantID: "r1", ReferredOn: "10/3/2026", Reason: "Why"}
	tests := []struct {
		name string
		in   ReferralInput
		body OtherBody
		want map[string]string
	}{
		{"valid", ok, ofsted, nil},
		{"empty", ReferralInput{}, OtherBody{}, map[string]string{"direction": "Select whether the referral was made or received",
			"body_id": "Select the body from the list", "subject_name": "Enter the name of the person the referral is about",
			"referred_on": "Enter the date of the referral", "reason": "Enter the reason for the referral"}},
		{"inactive body", ok, OtherBody{ID: "b", Name: "Old"}, map[string]string{"body_id": "Select the body from the list"}},
		{"tomorrow", func() ReferralInput { in := ok; in.ReferredOn = "2026-03-11"; return in }(), ofsted,
			map[string]string{"referred_on": "The date of the referral must be today or in the past"}},
		{"not a date", func() ReferralInput { in := ok; in.ReferredOn = "30/2/2026"; return in }(), ofsted,
			map[string]string{"referred_on": "The date of the referral must be a real date, like 27 3 2026"}},
		{"long reference", func() ReferralInput { in := ok; in.TheirReference = strings.Repeat("x", 101); return in }(), ofsted,
			map[string]string{"their_reference": "The reference must be 100 characters or fewer"}},
	}
	for _, tc := range tests {
		r, err := NewReferral(tc.in, tc.body, Actor{UserID: "u", Name: "U"}, referralNow)
		got := ErrorFields(err)
		if len(got) != len(tc.want) {
			t.Errorf("%s: fields %v; want %v", tc.name, got, tc.want)
			continue
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q; want %q", tc.name, k, got[k], v)
			}
		}
		if tc.want == nil && (r.Status != ReferralOpen || r.Version != 1 || !r.ReferredOn.Equal(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))) {
			t.Errorf("%s: %+v", tc.name, r)
		}
	}
}

func TestReferralUpdate(t *testing.T) {
	a := Actor{UserID: "u", Name: "U"}
	r := Referral{Status: ReferralOpen, Version: 1, ReferredOn: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)}
	if _, _, err := r.Update(ReferralUpdateInput{Status: ReferralOpen}, a, referralNow); ErrorFields(err)["status"] == "" {
		t.Errorf("back to open: %v", err)
	}
	if _, _, err := r.Update(ReferralUpdateInput{Status: ReferralAcknowledged, AcknowledgedOn: "4/3/2026"}, a, referralNow); ErrorFields(err)["acknowledged_on"] != "The date it was acknowledged must be on or after 5 March 2026" {
		t.Errorf("acknowledged before it was made: %v", err)
	}
	next, h, err := r.Update(ReferralUpdateInput{Status: ReferralAcknowledged, AcknowledgedOn: "6/3/2026", TheirReference: " X1 "}, a, referralNow)
	if err != nil || next.Version != 2 || next.TheirReference != "X1" || h.Status != ReferralAcknowledged {
		t.Fatalf("acknowledged: %+v, %+v, %v", next, h, err)
	}
	if _, _, err := next.Update(ReferralUpdateInput{Status: ReferralAcknowledged, AcknowledgedOn: "6/3/2026"}, a, referralNow); ErrorCode(err) != EConflict {
		t.Errorf("acknowledged twice: %v", err)
	}
	if _, _, err := next.Update(ReferralUpdateInput{Status: ReferralWithdrawn}, a, referralNow); ErrorFields(err)["note"] != "Enter why the referral was withdrawn" {
		t.Errorf("withdrawn without why: %v", err)
	}
	closed, _, err := next.Update(ReferralUpdateInput{Status: ReferralClosed, Note: "Done"}, a, referralNow)
	if err != nil || closed.Outcome != "Done" || !closed.Status.Final() {
		t.Fatalf("closed: %+v, %v", closed, err)
	}
	if _, _, err := closed.Update(ReferralUpdateInput{Status: ReferralWithdrawn, Note: "x"}, a, referralNow); ErrorCode(err) != EConflict {
		t.Errorf("changed after closing: %v", err)
	}
}

func TestBarringPromptRule(t *testing.T) {
	a := Actor{UserID: "u", Name: "U"}
	c := Case{ID: "c1", Stage: StageFinalHearing, Version: 5, RegistrantID: "r1"}
	c, s, e, err := c.MarkSafeguarding(Safeguarding{CaseID: "c1"}, "Children at risk", a, referralNow)
	if err != nil || !s.Marked() || c.Version != 6 || e.Type != EventSafeguardingMarked {
		t.Fatalf("mark: %+v %+v %v", c, s, err)
	}
	if BarringPromptDue(c, s) {
		t.Error("prompt due before striking off")
	}
	if _, _, err := c.DecideBarring(s, BarringInput{Outcome: BarringNotMade, Reason: "x"}, a, referralNow); ErrorCode(err) != EConflict {
		t.Errorf("decision before striking off: %v", err)
	}
	for _, st := range []Stage{StageStruckOff, StageRestoration, StageRestorationRefused} {
		if c.Stage = st; !BarringPromptDue(c, s) || BarringPromptDue(c, Safeguarding{}) {
			t.Errorf("%s: prompt due %v (marked), %v (not marked)", st, BarringPromptDue(c, s), BarringPromptDue(c, Safeguarding{}))
		}
	}
	c.Stage = StageStruckOff
	decided, ref, err := c.DecideBarring(s, BarringInput{Outcome: BarringMade, ReferredOn: "2026-03-10", Reason: "Harm"}, a, referralNow)
	if err != nil || ref == nil || ref.BodyID != BodyIDBarringService || ref.CaseID != "c1" || ref.RegistrantID != "r1" ||
		decided.Barring != BarringMade || BarringPromptDue(c, decided) {
		t.Fatalf("made: %+v %+v %v", decided, ref, err)
	}
	_, e = c.BarringEvent(decided, a)
	if got := DescribeEvent(HCPCProcess(), e); got != "Barring service: Referral made to the Disclosure and Barring Service" {
		t.Errorf("event in words: %q", got)
	}
	if _, _, err := c.DecideBarring(s, BarringInput{Outcome: BarringNotMade}, a, referralNow); ErrorFields(err)["reason"] != "Enter why no referral was made" {
		t.Errorf("not made without reason: %v", err)
	}
}

func TestNewOtherBody(t *testing.T) {
	_, err := NewOtherBody(OtherBodyInput{Name: "X", Kind: BodyPolice, Source: SourceOwnMotion})
	if ErrorFields(err)["source"] == "" {
		t.Errorf("own motion source accepted: %v", err)
	}
	b, err := NewOtherBody(OtherBodyInput{Name: " Northmoor Constabulary ", Kind: BodyPolice, Source: SourcePolice})
	if err != nil || b.Name != "Northmoor Constabulary" || !b.Active {
		t.Errorf("body %+v, %v", b, err)
	}
}
