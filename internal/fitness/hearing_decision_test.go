package fitness

import (
	"testing"
	"time"
)

var finalHearing = Hearing{ID: "h1", CaseID: "case-1", Kind: HearingFinal, Committee: CommitteeConductCompetence,
	Start: time.Date(2026, 2, 23, 10, 0, 0, 0, time.UTC), End: date(2026, 2, 25)}

// wellFounded is a final decision that reaches the sanction.
func wellFounded(sanction SanctionKind, months int) HearingDecisionInput {
	return HearingDecisionInput{DecidedOn: date(2026, 2, 27), Ground: GroundMisconduct, GroundFound: AnswerYes,
		Impairment: AnswerYes, Sanction: sanction, LengthMonths: months, Reasons: "Serious and repeated.",
		Facts: []ParticularFinding{{Number: "1", Text: "Missed visits.", Finding: FactProved}}}
}

// TestSanctionLimits walks the boundary of every sanction length in the
// rules, and the striking-off bar at first instance.
func TestSanctionLimits(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		name     string
		sanction SanctionKind
		months   int
		ground   Ground
		field    string
		want     string
	}{
		{"caution 11 months", SanctionCaution, 11, GroundMisconduct, "length_months", "A caution order must last at least 1 year"},
		{"caution 12 months", SanctionCaution, 12, GroundMisconduct, "", ""},
		{"caution 60 months", SanctionCaution, 60, GroundMisconduct, "", ""},
		{"caution 61 months", SanctionCaution, 61, GroundMisconduct, "length_months", "A caution order can last no more than 5 years"},
		{"conditions 36 months", SanctionConditions, 36, GroundMisconduct, "", ""},
		{"conditions 37 months", SanctionConditions, 37, GroundMisconduct, "length_months", "A conditions of practice order can last no more than 3 years"},
		{"suspension 12 months", SanctionSuspension, 12, GroundMisconduct, "", ""},
		{"suspension 13 months", SanctionSuspension, 13, GroundMisconduct, "length_months", "A suspension order can last no more than 1 year"},
		{"suspension without length", SanctionSuspension, 0, GroundMisconduct, "length_months", "Enter the length of the order in months"},
		{"striking off for misconduct", SanctionStrikingOff, 0, GroundMisconduct, "", ""},
		{"striking off for lack of competence", SanctionStrikingOff, 0, GroundLackOfCompetence, "sanction",
			"Striking off is not available at first instance for lack of competence unless there have been at least 2 years of continuous suspension or conditions"},
		{"striking off for health", SanctionStrikingOff, 0, GroundHealth, "sanction",
			"Striking off is not available at first instance on health grounds unless there have been at least 2 years of continuous suspension or conditions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := wellFounded(tt.sanction, tt.months)
			in.Ground = tt.ground
			if tt.sanction == SanctionConditions {
				in.Conditions = "Work under supervision."
			}
			d, err := NewHearingDecision(finalHearing, in, r, OrderContext{}, monday)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				if d.Outcome != HearingSanction || d.Sanction != tt.sanction {
					t.Errorf("outcome %s sanction %s", d.Outcome, d.Sanction)
				}
				return
			}
			if got := ErrorFields(err)[tt.field]; got != tt.want {
				t.Errorf("%s = %q, want %q (all: %v)", tt.field, got, tt.want, err)
			}
		})
	}
}

// TestFinalDecisionStages checks where an allegation falls, and the
// process steps that record each outcome are accepted by the table.
func TestFinalDecisionStages(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		name    string
		edit    func(*HearingDecisionInput)
		outcome HearingOutcome
		fellAt  string
		action  ActionName
	}{
		{"no fact found", func(in *HearingDecisionInput) { in.Facts[0].Finding = FactNotProved }, HearingNotWellFounded, "facts", ActionNotWellFounded},
		{"ground not found", func(in *HearingDecisionInput) { in.GroundFound = AnswerNo }, HearingNotWellFounded, "ground", ActionNotWellFounded},
		{"not impaired", func(in *HearingDecisionInput) { in.Impairment = AnswerNo }, HearingNotWellFounded, "impairment", ActionNotWellFounded},
		{"no order needed", func(in *HearingDecisionInput) { in.Sanction = SanctionNone }, HearingNoFurtherAction, "", ActionNoFurtherAction},
		{"suspension", func(*HearingDecisionInput) {}, HearingSanction, "", ActionRecordSanction},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := wellFounded(SanctionSuspension, 12)
			tt.edit(&in)
			d, err := NewHearingDecision(finalHearing, in, r, OrderContext{}, monday)
			if err != nil {
				t.Fatal(err)
			}
			if d.Outcome != tt.outcome || d.FellAt != tt.fellAt {
				t.Fatalf("outcome %s at %q", d.Outcome, d.FellAt)
			}
			c := caseAt(StageFinalHearing)
			steps := d.ProcessSteps(c, r, OrderContext{})
			if len(steps) != 1 || steps[0].Action != tt.action {
				t.Fatalf("steps %v", steps)
			}
			MustApply(t, c, steps[0].Action, hearingsOfficer, steps[0].Input, monday)
		})
	}
}

func TestDecisionChecks(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		name  string
		edit  func(*HearingDecisionInput)
		field string
		want  string
	}{
		{"no facts", func(in *HearingDecisionInput) { in.Facts = nil }, "facts", "Record the panel's finding on each particular"},
		{"finding missing", func(in *HearingDecisionInput) { in.Facts[0].Finding = "" }, "fact-1-finding", "Select the panel's finding on particular 1"},
		{"absence without service", func(in *HearingDecisionInput) {
			in.Preliminary = Preliminary{ProceededInAbsence: true, AbsenceReasons: "No reply."}
		}, "service_proved", "A hearing can only go ahead in the registrant's absence once service of the notice is proved"},
		{"decided before the hearing", func(in *HearingDecisionInput) { in.DecidedOn = date(2026, 2, 20) }, "decided_on",
			"The date of the decision must be on or after the hearing started, 23 February 2026"},
		{"conditions need their text", func(in *HearingDecisionInput) { in.Sanction, in.LengthMonths = SanctionConditions, 12 }, "conditions", "Enter the conditions of practice"},
		{"caution needs no cover", func(in *HearingDecisionInput) { in.Sanction, in.InterimCover = SanctionCaution, true }, "interim_cover",
			"A caution order does not restrict practice, so no interim order is needed to cover the appeal period"},
		{"no reasons", func(in *HearingDecisionInput) { in.Reasons = " " }, "reasons", "Enter the panel's reasons"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := wellFounded(SanctionSuspension, 12)
			tt.edit(&in)
			_, err := NewHearingDecision(finalHearing, in, r, OrderContext{}, monday)
			if got := ErrorFields(err)[tt.field]; got != tt.want {
				t.Errorf("%s = %q, want %q (all: %v)", tt.field, got, tt.want, err)
			}
		})
	}
}

// TestInterimCoverSteps checks a sanction with an interim order covering
// the appeal period records both on the case.
func TestInterimCoverSteps(t *testing.T) {
	r := HCPCRules()
	in := wellFounded(SanctionSuspension, 12)
	in.InterimCover = true
	d, err := NewHearingDecision(finalHearing, in, r, OrderContext{}, monday)
	if err != nil {
		t.Fatal(err)
	}
	c := caseAt(StageFinalHearing)
	for _, s := range d.ProcessSteps(c, r, OrderContext{}) {
		c, _ = MustApply(t, c, s.Action, hearingsOfficer, s.Input, monday)
	}
	if c.Stage != StageAppealWindow || c.InterimStage != StageInterimInForce {
		t.Errorf("stage %s interim %s", c.Stage, c.InterimStage)
	}
}

// TestReviewStrikeOffBar walks the two-year bar on review: 23 months of
// continuous suspension is refused, 24 accepted.
func TestReviewStrikeOffBar(t *testing.T) {
	r := HCPCRules()
	review := Hearing{ID: "h2", CaseID: "case-1", Kind: HearingReview, Committee: CommitteeConductCompetence, Start: finalHearing.Start}
	current := Order{ID: "o1", Kind: OrderSuspension, Status: OrderInForce, Start: date(2025, 3, 1), End: date(2026, 3, 30)}
	in := HearingDecisionInput{DecidedOn: date(2026, 2, 27), Impairment: AnswerYes, ReviewOutcome: ReviewStrikeOff,
		Ground: GroundLackOfCompetence, Reasons: "No insight."}
	_, err := NewHearingDecision(review, in, r, OrderContext{Current: &current, RestrictedSince: date(2024, 4, 2)}, monday)
	want := "Striking off for lack of competence needs at least 2 years of continuous suspension or conditions; practice has been restricted since 2 April 2024"
	if got := ErrorFields(err)["review_outcome"]; got != want {
		t.Errorf("23 months: %v", err)
	}
	oc := OrderContext{Current: &current, RestrictedSince: date(2024, 3, 2)}
	d, err := NewHearingDecision(review, in, r, oc, monday)
	if err != nil {
		t.Fatalf("24 months: %v", err)
	}
	steps := d.ProcessSteps(caseAt(StageReview), r, oc)
	next, _ := MustApply(t, caseAt(StageReview), steps[0].Action, hearingsOfficer, steps[0].Input, monday)
	if next.Stage != StageAppealWindow {
		t.Errorf("stage %s", next.Stage)
	}
}

// TestReviewExtension checks an extension runs from the review's decision
// and is limited like the order itself.
func TestReviewExtension(t *testing.T) {
	r := HCPCRules()
	review := Hearing{ID: "h2", CaseID: "case-1", Kind: HearingReview, Committee: CommitteeConductCompetence, Start: finalHearing.Start}
	current := Order{ID: "o1", Kind: OrderSuspension, Status: OrderInForce, Start: date(2025, 3, 30), End: date(2026, 3, 30)}
	in := HearingDecisionInput{DecidedOn: date(2026, 3, 2), Impairment: AnswerYes, ReviewOutcome: ReviewExtend, LengthMonths: 13, Reasons: "Not yet safe."}
	_, err := NewHearingDecision(review, in, r, OrderContext{Current: &current}, monday)
	if got := ErrorFields(err)["length_months"]; got != "A suspension order can last no more than 1 year" {
		t.Errorf("13 months: %v", err)
	}
	in.LengthMonths = 12
	d, err := NewHearingDecision(review, in, r, OrderContext{Current: &current}, monday)
	if err != nil {
		t.Fatal(err)
	}
	steps := d.ProcessSteps(caseAt(StageReview), r, OrderContext{})
	if steps[0].Input["expires_on"] != "2027-03-02" || steps[0].Input["order"] != "suspension" {
		t.Errorf("steps %v", steps)
	}
	MustApply(t, caseAt(StageReview), steps[0].Action, hearingsOfficer, steps[0].Input, monday)
	next := ContinuedOrder(r, current, OrderSuspension, d.DecidedOn, 12, "")
	if !next.Start.Equal(date(2026, 3, 2)) || !next.End.Equal(date(2027, 3, 2)) || !next.ReviewDue.Equal(date(2027, 1, 2)) || next.Replaces != "o1" {
		t.Errorf("continued order %+v", next)
	}
	in.Impairment = AnswerNo
	if _, err := NewHearingDecision(review, in, r, OrderContext{Current: &current}, monday); ErrorFields(err)["review_outcome"] == "" {
		t.Errorf("extension without impairment: %v", err)
	}
}

// TestRestorationAndInterimSteps checks the decisions of restoration and
// interim order hearings are recorded by the process table's actions.
func TestRestorationAndInterimSteps(t *testing.T) {
	r := HCPCRules()
	at := func(k HearingKind) Hearing {
		return Hearing{ID: "h", CaseID: "case-1", Kind: k, Start: finalHearing.Start}
	}
	tests := []struct {
		name   string
		kind   HearingKind
		c      Case
		in     HearingDecisionInput
		action ActionName
	}{
		{"restored", HearingRestoration, caseAt(StageRestoration), HearingDecisionInput{Granted: AnswerYes}, ActionGrantRestoration},
		{"restoration refused", HearingRestoration, caseAt(StageRestoration), HearingDecisionInput{Granted: AnswerNo}, ActionRefuseRestoration},
		{"interim order made", HearingInterim, func() Case { c := caseAt(StageInvestigation); c.InterimStage = StageInterimConsidered; return c }(),
			HearingDecisionInput{Granted: AnswerYes, InterimKind: OrderInterimSuspension}, ActionImposeInterim},
		{"no interim order", HearingInterim, func() Case { c := caseAt(StageInvestigation); c.InterimStage = StageInterimConsidered; return c }(),
			HearingDecisionInput{Granted: AnswerNo}, ActionNoInterimOrder},
		{"interim order continued", HearingInterim, func() Case { c := caseAt(StageInvestigation); c.InterimStage = StageInterimInForce; return c }(),
			HearingDecisionInput{Granted: AnswerYes, InterimKind: OrderInterimSuspension}, ActionReviewInterim},
		{"interim order revoked", HearingInterim, func() Case { c := caseAt(StageInvestigation); c.InterimStage = StageInterimInForce; return c }(),
			HearingDecisionInput{Granted: AnswerNo}, ActionEndInterim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.DecidedOn, tt.in.Reasons = date(2026, 2, 27), "Reasons."
			d, err := NewHearingDecision(at(tt.kind), tt.in, r, OrderContext{}, monday)
			if err != nil {
				t.Fatal(err)
			}
			steps := d.ProcessSteps(tt.c, r, OrderContext{})
			if len(steps) != 1 || steps[0].Action != tt.action {
				t.Fatalf("steps %v", steps)
			}
			who := hearingsOfficer
			MustApply(t, tt.c, steps[0].Action, who, steps[0].Input, monday)
		})
	}
	_, err := NewHearingDecision(at(HearingInterim), HearingDecisionInput{DecidedOn: date(2026, 2, 27), Reasons: "R.",
		Granted: AnswerYes, InterimKind: OrderInterimConditions}, r, OrderContext{}, monday)
	if got := ErrorFields(err)["conditions"]; got != "Enter the conditions of practice" {
		t.Errorf("interim conditions without their text: %v", err)
	}
}
