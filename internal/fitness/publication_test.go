package fitness

import (
	"strings"
	"testing"
	"time"
)

// TestListingPublication checks a listing goes up Rules.ListingPublication
// before the hearing (or at once at short notice), comes down after it, and
// that Investigating Committee hearings are never published.
func TestListingPublication(t *testing.T) {
	r := HCPCRules()
	h := Hearing{ID: "h1", CaseID: "case-1", Kind: HearingFinal, Committee: CommitteeConductCompetence,
		Start: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), End: date(2026, 6, 3)}
	p, ok := ListingPublication(r, h, monday)
	if !ok || !p.PublishedAt.Equal(date(2026, 5, 4)) || !p.TakeDownAt.Equal(date(2026, 6, 4)) {
		t.Fatalf("listing %+v", p)
	}
	if p.Visible(date(2026, 5, 3)) || !p.Visible(date(2026, 5, 4)) || !p.Visible(time.Date(2026, 6, 3, 23, 0, 0, 0, time.UTC)) || p.Visible(date(2026, 6, 4)) {
		t.Error("visible from 4 May until the end of 3 June")
	}
	soon := h
	soon.Start, soon.End = date(2026, 3, 10), date(2026, 3, 10)
	if p, _ := ListingPublication(r, soon, monday); !p.PublishedAt.Equal(monday) {
		t.Errorf("short notice listing published %v", p.PublishedAt)
	}
	h.Committee = CommitteeInvestigating
	if _, ok := ListingPublication(r, h, monday); ok {
		t.Error("an Investigating Committee hearing was listed")
	}
}

// TestDecisionPublication checks the due date in working days (over the
// Easter bank holidays), the take-down by outcome, and what is never
// published.
func TestDecisionPublication(t *testing.T) {
	r := HCPCRules()
	h := Hearing{ID: "h1", CaseID: "case-1", Kind: HearingFinal, Committee: CommitteeConductCompetence, Start: date(2026, 3, 30)}
	d := HearingDecision{ID: "d1", HearingKind: HearingFinal, Outcome: HearingSanction,
		HearingDecisionInput: HearingDecisionInput{DecidedOn: date(2026, 4, 1), Sanction: SanctionSuspension, LengthMonths: 12}}
	p, ok := DecisionPublication(r, h, d, monday)
	// 5 working days after Wednesday 1 April 2026, skipping Good Friday
	// (3 April) and Easter Monday (6 April): Friday 10 April.
	if !ok || !p.DueBy.Equal(date(2026, 4, 10)) || !p.PublishedAt.IsZero() {
		t.Fatalf("publication %+v", p)
	}
	if p.Late(time.Date(2026, 4, 10, 20, 0, 0, 0, time.UTC)) || !p.Late(time.Date(2026, 4, 13, 9, 0, 0, 0, time.UTC)) {
		t.Error("late after 10 April")
	}
	at := time.Date(2026, 4, 8, 9, 0, 0, 0, time.UTC)
	p, err := p.Publish(r, at)
	if err != nil || !p.TakeDownAt.Equal(at.AddDate(5, 0, 0)) || !p.Visible(at) {
		t.Fatalf("published %+v: %v", p, err)
	}
	if _, err := p.Publish(r, at); ErrorCode(err) != EConflict {
		t.Errorf("published twice: %v", err)
	}
	nwf := d
	nwf.Outcome = HearingNotWellFounded
	if _, ok := DecisionPublication(r, h, nwf, monday); ok {
		t.Error("not well founded published with no period")
	}
	h.Committee = CommitteeInvestigating
	if _, ok := DecisionPublication(r, h, d, monday); ok {
		t.Error("Investigating Committee decision published")
	}
}

// TestPublishedTextLeavesOutPrivateParts uses canary strings in every
// private part.
func TestPublishedTextLeavesOutPrivateParts(t *testing.T) {
	h := Hearing{Kind: HearingFinal, Committee: CommitteeHealth, Privacy: PrivacyPartly}
	d := HearingDecision{HearingKind: HearingFinal, Outcome: HearingSanction, HearingDecisionInput: HearingDecisionInput{
		DecidedOn: date(2026, 4, 1), Ground: GroundMisconduct, GroundFound: AnswerYes, Impairment: AnswerYes,
		Sanction: SanctionConditions, LengthMonths: 12, Conditions: "Work under supervision.",
		Preliminary: Preliminary{ServiceProved: true, PrivateSessions: "CANARY-SESSION heard in private"},
		Facts: []ParticularFinding{
			{Number: "1", Text: "Missed two home visits.", Finding: FactProved, Reasons: "The records show it."},
			{Number: "2", Text: "CANARY-PARTICULAR health condition", Finding: FactAdmitted, Reasons: "CANARY-FACT-REASON", Private: true},
		},
		Reasons: "Public reasons for the order.", PrivateReasons: "CANARY-PRIVATE-REASONS"}}
	text := PublishedDecisionText(h, d)
	for _, canary := range []string{"CANARY-SESSION", "CANARY-PARTICULAR", "CANARY-FACT-REASON", "CANARY-PRIVATE-REASONS"} {
		if strings.Contains(text, canary) {
			t.Errorf("published text holds %s:\n%s", canary, text)
		}
	}
	for _, want := range []string{"Missed two home visits.", "Particular 2: " + PrivateParticular, "Public reasons for the order.",
		"Conditions of practice order.", "Work under supervision.", "heard in private"} {
		if !strings.Contains(text, want) {
			t.Errorf("published text lacks %q:\n%s", want, text)
		}
	}
}
