package docs

import (
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// ev is an earlier event of action a on day at, taken with in.
func ev(a fitness.ActionName, at time.Time, in map[string]string) fitness.Event {
	return fitness.Event{Type: string(a), At: at, Payload: in}
}

// TestLetterForOrderKinds: the letters after a final hearing, on interim
// orders and on restoration state what the case's events recorded, with
// every date worked out from the rules; the PDF (pure Go) says the same.
func TestLetterForOrderKinds(t *testing.T) {
	const cond = "You must not work nights.\nYou must tell your employer about this order."
	sanction := ev(fitness.ActionRecordSanction, day(time.January, 10), map[string]string{"decision_date": "2026-01-10",
		"ground": "misconduct", "sanction": "suspension", "length_months": "12", "reason": "Serious failings."})
	inForce := ev(fitness.ActionOrderTakesEffect, day(time.February, 8), map[string]string{"order": "suspension", "expires_on": "2027-02-08"})
	listed := ev(fitness.ActionListReview, day(time.February, 20), map[string]string{"review_type": "early", "hearing_date": "2026-03-09"})
	imposed := ev(fitness.ActionImposeInterim, day(time.January, 5), map[string]string{"decision_date": "2026-01-05",
		"order": "interim_conditions", "conditions": cond, "reason": "Risk to patients."})
	struck := ev(fitness.ActionStrikingOffTakesEffect, day(time.January, 5).AddDate(-6, 0, 0), nil)
	tests := []struct {
		name string
		f    fitness.LetterFacts
		want []string
	}{
		{"consent conditions", factsFor("consent_order", fitness.RecipientRegistrant, fitness.ActionApproveConsent,
			map[string]string{"decision_date": "2026-03-10", "order": "conditions", "length_months": "18", "conditions": cond},
			ev(fitness.ActionProposeConsent, day(time.March, 1), map[string]string{"order": "conditions", "admits_in_full": "yes"})),
			// 28-day appeal window to 7 April; in force 8 April 2026 for 18 months; review 2 months before the end.
			[]string{"Consent order: conditions of practice order", "for 18 months", "8 April 2026", "8 October 2027",
				"You must not work nights.", "You must tell your employer about this order.", "by 7 April 2026", "by 8 August 2027"}},
		{"voluntary removal", factsFor("voluntary_removal_agreement", fitness.RecipientRegistrant, fitness.ActionApproveVoluntaryRemoval,
			map[string]string{"decision_date": "2026-03-10"},
			ev(fitness.ActionProposeVoluntaryRemoval, day(time.March, 1), map[string]string{"basis": "not_practising"})),
			[]string{"because you do not intend to practise again", "removed from the register from 10 March 2026", "5 years", "10 March 2031"}},
		{"review extends", factsFor("review_decision", fitness.RecipientRegistrant, fitness.ActionReviewDecision,
			map[string]string{"decision_date": "2026-03-09", "outcome": "extend", "order": "suspension", "expires_on": "2026-09-09",
				"reason": "Little insight shown."}, sanction, inForce, listed),
			[]string{"review of your suspension order", "due to end on 8 February 2027", "It now ends on 9 September 2026",
				"by 9 July 2026", "Little insight shown.", "by 6 April 2026"}},
		{"review revokes", factsFor("review_decision", fitness.RecipientRegistrant, fitness.ActionReviewRevoke,
			map[string]string{"decision_date": "2026-03-09", "reason": "Full remediation."}, sanction, inForce, listed),
			[]string{"revoked your suspension order from 9 March 2026", "Full remediation.", "removed the order"}},
		{"restoration refused", factsFor("restoration_decision", fitness.RecipientRegistrant, fitness.ActionRefuseRestoration,
			map[string]string{"decision_date": "2026-03-10", "reason": "No evidence of up-to-date skills."}, struck,
			ev(fitness.ActionRefuseRestoration, day(time.January, 5).AddDate(-1, 0, 0), map[string]string{"reason": "Too soon."})),
			[]string{"refused your application", "No evidence of up-to-date skills.", "12 months", "10 March 2027",
				"2 applications refused", "suspend your right to apply again"}},
		{"restored", factsFor("restoration_decision", fitness.RecipientRegistrant, fitness.ActionGrantRestoration,
			map[string]string{"decision_date": "2026-03-10", "with_conditions": "no", "note": "Skills are up to date."}, struck),
			[]string{"granted your application", "restored to the register from 10 March 2026", "Skills are up to date."}},
		{"order notice with conditions", factsFor("order_notice", fitness.RecipientRegistrant, fitness.ActionOrderTakesEffect,
			map[string]string{"order": "conditions", "expires_on": "2027-02-08", "conditions": cond},
			ev(fitness.ActionRecordSanction, day(time.January, 10), map[string]string{"decision_date": "2026-01-10",
				"sanction": "conditions", "length_months": "12", "conditions": "Superseded wording."})),
			[]string{"Conditions of practice order", "8 February 2027", "You must not work nights.", "You must tell your employer about this order."}},
		{"review notice with venue", factsFor("review_notice", fitness.RecipientRegistrant, fitness.ActionListReview,
			map[string]string{"review_type": "mandatory", "hearing_date": "2026-12-07", "mode": "hybrid", "venue": "Hearing Centre, Northby"},
			sanction, inForce),
			[]string{"mandatory review", "7 December 2026", "Hearing Centre, Northby", "some people joining by video"}},
		{"interim application", factsFor("interim_order_application", fitness.RecipientRegistrant, fitness.ActionReferInterim,
			map[string]string{"basis": "public_interest", "reason": "Public confidence."}),
			[]string{"otherwise in the public interest", "Public confidence.", "not a finding", "18 months", "6 months", "3 months",
				"right to attend", "as soon as it is arranged"}},
		{"interim imposed", factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionImposeInterim, imposed.Payload),
			[]string{"made an interim conditions of practice order", "5 January 2026", "5 July 2027", "by 5 July 2026",
				"You must not work nights.", "Risk to patients."}},
		{"interim cover", factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionImposeInterimCover,
			map[string]string{"decision_date": "2026-03-10", "order": "interim_suspension", "reason": "Practice is unsafe until then."}, sanction),
			[]string{"interim suspension order to cover the time to appeal", "10 March 2026", "until the final order takes effect",
				"Practice is unsafe until then.", "Interim suspension order from 10 March 2026"}},
		{"interim reviewed", factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionReviewInterim,
			map[string]string{"decision_date": "2026-03-10", "outcome": "continued", "note": "Still needed."}, imposed),
			[]string{"continues in force unchanged", "by 10 June 2026", "5 July 2027", "You must not work nights.", "Still needed."}},
		{"interim extended", factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionExtendInterim,
			map[string]string{"extended_until": "2028-01-05", "court": "High Court"}, imposed),
			[]string{"extended by the court", "the High Court extended the order on 10 March 2026", "5 January 2028"}},
		{"interim ended", factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionEndInterim,
			map[string]string{"ended_by": "revoked", "note": ""}, imposed),
			[]string{"has ended", "ended on 10 March 2026", "revoked it on review"}},
	}
	r := MustNew(t, PureGo())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := LetterFor(tt.f, testHead)
			if err != nil {
				t.Fatalf("LetterFor: %v", err)
			}
			want := append(tt.want, testRef, "SW100001", "Dana Fairweather")
			if m := missing(visibleText(MustHTML(t, r, l)), want); len(m) > 0 {
				t.Errorf("HTML lacks %q", m)
			}
			if m := missing(normalize(MustPoppler(t, "pdftotext", MustPDF(t, r, l), "-enc", "UTF-8")), want); len(m) > 0 {
				t.Errorf("PDF lacks %q", m)
			}
		})
	}
}

// TestLetterForHearingDecision: a review decision recorded through its
// hearing takes its reasons and conditions from the hearing decision.
func TestLetterForHearingDecision(t *testing.T) {
	sanction := ev(fitness.ActionRecordSanction, day(time.January, 10), map[string]string{"decision_date": "2026-01-10",
		"sanction": "suspension", "length_months": "12"})
	f := factsFor("review_decision", fitness.RecipientRegistrant, fitness.ActionReviewDecision,
		map[string]string{"decision_date": "2026-03-09", "outcome": "replace", "order": "conditions", "expires_on": "2027-03-09"}, sanction)
	f.HearingDecision = &fitness.HearingDecision{Committee: fitness.CommitteeHealth, HearingDecisionInput: fitness.HearingDecisionInput{
		Reasons: "Health has improved.", Conditions: "You must see your GP monthly.", LengthMonths: 12}}
	l, err := LetterFor(f, testHead)
	if err != nil {
		t.Fatal(err)
	}
	text := visibleText(MustHTML(t, MustNew(t, PureGo()), l))
	want := []string{"A panel of the Health Committee", "replaced your suspension order with a conditions of practice order for 12 months",
		"Health has improved.", "You must see your GP monthly.", "9 March 2027"}
	if m := missing(text, want); len(m) > 0 {
		t.Errorf("letter lacks %q\n%s", m, text)
	}
}

// TestLetterForOrderGaps: a letter that would have to leave out what it
// exists to say is refused with the missing fact, for staff to put right.
func TestLetterForOrderGaps(t *testing.T) {
	tests := []struct {
		f     fitness.LetterFacts
		field string
	}{
		{factsFor("consent_order", fitness.RecipientRegistrant, fitness.ActionApproveConsent,
			map[string]string{"decision_date": "2026-03-10", "order": "conditions", "length_months": "6"}), "Order.Conditions"},
		{factsFor("review_decision", fitness.RecipientRegistrant, fitness.ActionReviewLapse,
			map[string]string{"decision_date": "2026-03-10"}), "Decision.Reasons"},
		{factsFor("interim_order_decision", fitness.RecipientRegistrant, fitness.ActionImposeInterim,
			map[string]string{"decision_date": "2026-03-10", "order": "interim_conditions", "reason": "Risk."}), "Order.Conditions"},
		{factsFor("restoration_decision", fitness.RecipientRegistrant, fitness.ActionGrantRestoration,
			map[string]string{"decision_date": "2026-03-10", "with_conditions": "yes"}), "Order.Conditions"},
	}
	for _, tt := range tests {
		_, err := LetterFor(tt.f, testHead)
		if fitness.ErrorCode(err) != fitness.EInvalid || fitness.ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s by %s: %v, want %s", tt.f.Request.Document, tt.f.Event.Type, err, tt.field)
		}
	}
}

// TestEveryIssuedDocumentHasATemplate walks the process table: every
// document an action issues has a letter kind, so a new document name
// without a template fails here rather than on a case. Each renders to
// PDF from the kind's sample letters.
func TestEveryIssuedDocumentHasATemplate(t *testing.T) {
	r := MustNew(t, PureGo())
	samples := samples()
	for _, a := range fitness.HCPCProcess().Actions {
		for _, e := range a.Effects {
			if e.Kind != fitness.EffectIssueDocument {
				continue
			}
			k := Kind(e.Document)
			_, err := LetterFor(factsFor(e.Document, fitness.DocumentRecipients(e.Document)[0], a.Name, nil), testHead)
			if fitness.ErrorCode(err) == fitness.ENotFound {
				t.Errorf("action %s issues %q, which has no template: %v", a.Name, e.Document, err)
				continue
			}
			if k.Label() == string(k) {
				t.Errorf("%s has no label", k)
			}
			found := false
			for _, l := range samples {
				if l.Kind == k {
					found = true
					if b := MustPDF(t, r, l); !strings.Contains(normalize(MustPoppler(t, "pdftotext", b)), l.Reference) {
						t.Errorf("PDF of the %s sample lacks its reference", k)
					}
					break
				}
			}
			if !found {
				t.Errorf("no sample letter of %s", k)
			}
		}
	}
	_, err := LetterFor(factsFor("memo_to_panel", fitness.RecipientRegistrant, fitness.ActionAddNote, nil), testHead)
	if fitness.ErrorCode(err) != fitness.ENotFound || !strings.Contains(err.Error(), "no template for the memo to panel") {
		t.Errorf("unknown document: %v", err)
	}
}

// TestHearingDecisionFindings: a final hearing's decision letter recorded
// through its hearing gives the finding on each particular, the reasons
// and the conditions the panel recorded; a particular heard in private is
// told to the registrant only.
func TestHearingDecisionFindings(t *testing.T) {
	in := map[string]string{"decision_date": "2026-03-10", "ground": "misconduct", "sanction": "conditions", "length_months": "12"}
	d := &fitness.HearingDecision{Committee: fitness.CommitteeConductCompetence, HearingDecisionInput: fitness.HearingDecisionInput{
		Reasons: "Conditions protect the public.", Conditions: "You must not work nights.",
		Facts: []fitness.ParticularFinding{
			{Number: "1", Text: "You did not visit Family A.", Finding: fitness.FactAdmitted},
			{Number: "2", Text: "Your health affected your work.", Finding: fitness.FactProved, Private: true},
		}}}
	r := MustNew(t, PureGo())
	for role, private := range map[fitness.RecipientRole]bool{fitness.RecipientRegistrant: true, fitness.RecipientComplainant: false} {
		f := factsFor("hearing_decision", role, fitness.ActionRecordSanction, in)
		f.HearingDecision = d
		l, err := LetterFor(f, testHead)
		if err != nil {
			t.Fatal(err)
		}
		text := visibleText(MustHTML(t, r, l))
		want := []string{"You did not visit Family A.", "Admitted and found proved", "Conditions protect the public.", "You must not work nights."}
		if m := missing(text, want); len(m) > 0 {
			t.Errorf("letter to %s lacks %q\n%s", role, m, text)
		}
		if got := strings.Contains(text, "Your health affected your work."); got != private {
			t.Errorf("letter to %s states the private particular: %v", role, got)
		}
	}
}
