package docs

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// testHead is the letterhead of the issued-letter tests.
var testHead = Letterhead{Regulator: Regulator{Name: "Health and Care Regulator",
	Address: []string{"1 Example Road", "London SE11 9ZZ"}, Email: "ftp@regulator.example",
	InformationPower: "article 25 of the Health Professions Order 2001"}}

// factsFor returns the facts storage would gather for the letter document
// to role, issued by an action of type action taken with in on 10 March
// 2026, on a case whose earlier events are before. The people are
// fictional.
func factsFor(document string, role fitness.RecipientRole, action fitness.ActionName, in map[string]string, before ...fitness.Event) fitness.LetterFacts {
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	ev := fitness.Event{ID: "ev", Seq: len(before) + 2, Type: string(action), At: at, Payload: in}
	names := map[fitness.RecipientRole]string{fitness.RecipientRegistrant: "Dana Fairweather",
		fitness.RecipientComplainant: "Morgan Public", fitness.RecipientEmployer: "Head of Children's Services"}
	evs := append([]fitness.Event{{Type: fitness.EventCaseOpened, At: at.AddDate(0, -2, 0)}}, before...)
	return fitness.LetterFacts{
		Request: fitness.DocumentRequest{ID: "req", Document: document, RecipientRole: role, RecipientName: names[role],
			RecipientEmail: "someone@example.net", Channel: fitness.ChannelEmail},
		Case: fitness.Case{Reference: testRef, SubjectName: "Dana Fairweather", Summary: "Missed visits to a family.",
			ReceivedOn: day(time.January, 5), RegistrantID: "r1"},
		Registrant:     fitness.Registrant{ID: "r1", Number: "SW100001", GivenNames: "Dana", FamilyName: "Fairweather"},
		ProfessionName: "Social worker in England", EmployerName: "Eastshire Council",
		Event: ev, Events: append(evs, ev), CaseManagerName: "Priya Casewell", Rules: testRules,
	}
}

func TestLetterForEveryKind(t *testing.T) {
	sanction := fitness.Event{Type: string(fitness.ActionRecordSanction), Payload: map[string]string{
		"decision_date": "2026-02-20", "ground": "misconduct", "sanction": "suspension", "length_months": "12",
		"reason": "A suspension protects the public."}}
	served := fitness.Event{Type: string(fitness.ActionServeAllegation), Payload: map[string]string{
		"ground": "misconduct", "allegation": "You did not visit Family A."}}
	inForce := fitness.Event{Type: string(fitness.ActionOrderTakesEffect), At: day(time.March, 1),
		Payload: map[string]string{"order": "suspension", "expires_on": "2027-03-01"}}
	tests := []struct {
		f    fitness.LetterFacts
		want []string
	}{
		{factsFor("acknowledgement", fitness.RecipientComplainant, fitness.ActionStartTriage, nil),
			[]string{"Dear Morgan Public", "5 January 2026"}},
		{factsFor("triage_closure_letter", fitness.RecipientComplainant, fitness.ActionCloseOutsideRemit,
			map[string]string{"remit_reason": "service_complaint", "signposting": "The complaints team of the council", "reason": "Internal."}),
			[]string{"The complaints team of the council", "rather than about an individual"}},
		{factsFor("threshold_closure_letter", fitness.RecipientRegistrant, fitness.ActionThresholdNotMet,
			map[string]string{"conviction_or_caution": "no", "factors": "Visits were later made.", "reason": "No suggestion of impairment."}),
			[]string{"No suggestion of impairment.", "Visits were later made."}},
		{factsFor("notice_of_investigation", fitness.RecipientRegistrant, fitness.ActionStartInvestigation, nil),
			[]string{"Missed visits to a family."}},
		{factsFor("allegation_letter", fitness.RecipientRegistrant, fitness.ActionServeAllegation,
			map[string]string{"ground": "misconduct", "allegation": "You did not visit Family A."}),
			[]string{"You did not visit Family A.", "28 days", "7 April 2026"}},
		{factsFor("art25_demand", fitness.RecipientEmployer, fitness.ActionRequestInformation,
			map[string]string{"recipient": "Head of Children's Services", "request": "Supervision records for 2025."}),
			[]string{"Supervision records for 2025.", "article 25", "24 March 2026"}},
		{factsFor("notice_of_hearing", fitness.RecipientRegistrant, fitness.ActionListHearing,
			map[string]string{"hearing_date": "2026-06-01", "committee": "conduct_competence", "mode": "remote"}, served),
			[]string{"1 June 2026", "Conduct and Competence Committee"}},
		{factsFor("hearing_decision", fitness.RecipientRegistrant, fitness.ActionRecordSanction, sanction.Payload),
			[]string{"suspension order for 12 months", "by 20 March 2026"}},
		{factsFor("order_notice", fitness.RecipientRegistrant, fitness.ActionOrderTakesEffect, inForce.Payload, sanction),
			[]string{"Suspension order", "1 March 2027"}},
		{factsFor("review_notice", fitness.RecipientRegistrant, fitness.ActionListReview,
			map[string]string{"review_type": "mandatory", "hearing_date": "2027-01-15", "mode": "remote"}, sanction, inForce),
			[]string{"mandatory review", "15 January 2027"}},
	}
	r := MustNew(t, PureGo())
	for _, tt := range tests {
		t.Run(tt.f.Request.Document, func(t *testing.T) {
			l, err := LetterFor(tt.f, testHead)
			if err != nil {
				t.Fatalf("LetterFor: %v", err)
			}
			html, err := r.HTML(l)
			if err != nil {
				t.Fatal(err)
			}
			text := normalize(string(html))
			if m := missing(text, append(tt.want, testRef)); len(m) > 0 {
				t.Errorf("letter lacks %q\n%s", m, text)
			}
		})
	}
	_, err := LetterFor(factsFor("notice_of_hearing", fitness.RecipientRegistrant, fitness.ActionListHearing,
		map[string]string{"hearing_date": "2026-06-01"}), testHead)
	if fitness.ErrorFields(err)["Hearing.Venue"] == "" {
		t.Errorf("hearing with no venue: %v", err)
	}
}

// TestIssueNoticeOfNoCaseToAnswer is scenario 1's letter: the notice of a
// no-case-to-answer decision on a registrant who did not respond, to the
// registrant and to the person who raised the concern, says in its PDF
// that no inference was drawn, with the case reference.
func TestIssueNoticeOfNoCaseToAnswer(t *testing.T) {
	noResponse := fitness.Event{Type: string(fitness.ActionNoResponse)}
	in := map[string]string{"decision_date": "2026-03-10",
		"reason": "There is no realistic prospect of proving the facts.\n\n" + fitness.NoInferenceStatement}
	issuer := NewIssuer(MustNew(t, PureGo()), testHead)
	for _, tt := range []struct {
		role fitness.RecipientRole
		want []string
	}{
		{fitness.RecipientRegistrant, []string{"You did not send a response to the allegation. You did not have to, and the panel drew no inference from the fact that you did not respond."}},
		{fitness.RecipientComplainant, []string{"Dana Fairweather did not send a response to the allegation. Registrants do not have to respond, and the panel drew no inference from the fact that they did not respond."}},
	} {
		t.Run(string(tt.role), func(t *testing.T) {
			f := factsFor("notice_of_decision", tt.role, fitness.ActionNoCaseToAnswer, in, noResponse)
			got, err := issuer.Issue(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			text := normalize(MustPoppler(t, "pdftotext", got.PDF, "-enc", "UTF-8"))
			want := append(tt.want, testRef, "no case to answer", "10 March 2026", "There is no realistic prospect of proving the facts.")
			if m := missing(text, want); len(m) > 0 {
				t.Errorf("PDF text lacks %q\ntext: %s", m, text)
			}
			if strings.Count(text, "drew no inference") != 1 {
				t.Errorf("the no-inference sentence is not said once:\n%s", text)
			}
			if got.Filename != testRef+"-notice-of-decision-"+string(tt.role)+".pdf" ||
				got.Subject != "Notice of decision: "+testRef || !strings.Contains(got.BodyText, testRef) ||
				!strings.Contains(string(got.HTML), "drew no inference") || got.Engine != string(EngineGo) {
				t.Errorf("issued %s %q %q", got.Filename, got.Subject, got.BodyText)
			}
		})
	}
}
