package fitness

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func icpDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMeetingInputValidate(t *testing.T) {
	m, err := MeetingInput{Committee: CommitteeInvestigating, Date: icpDay(2026, 4, 1), Remote: true}.Validate()
	if err != nil || !m.Private || m.Place() != "Remote, by video" {
		t.Errorf("remote ICP meeting: %+v, %v (must be private)", m, err)
	}
	_, err = MeetingInput{Committee: "star_chamber"}.Validate()
	want := map[string]string{
		"committee": "Select the committee",
		"date":      "Enter the date of the meeting",
		"venue":     "Enter the venue, or say that the meeting is held remotely",
	}
	if diff := cmp.Diff(want, ErrorFields(err)); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestCheckAgendaCase(t *testing.T) {
	p := HCPCProcess()
	m := Meeting{Cases: []AgendaItem{{CaseID: "listed"}}}
	tests := []struct {
		c    Case
		want string
	}{
		{Case{ID: "c1", Reference: "FTP-1", Stage: StageICP, RegistrantID: "r"}, ""},
		{Case{ID: "c2", Reference: "FTP-2", Stage: StageAllegation, RegistrantID: "r"},
			"FTP-2 is at " + p.StageLabel(StageAllegation) + ": only cases referred to the Investigating Committee can go on the agenda"},
		{Case{ID: "listed", Reference: "FTP-3", Stage: StageICP, RegistrantID: "r"}, "FTP-3 is already on the agenda"},
		{Case{ID: "c4", Reference: "FTP-4", Stage: StageICP}, "The registrant of FTP-4 has not been identified yet"},
	}
	for _, tt := range tests {
		if got := ErrorFields(m.CheckAgendaCase(p, tt.c))["case"]; got != tt.want {
			t.Errorf("%s: %q, want %q", tt.c.Reference, got, tt.want)
		}
	}
}

func finding(n, prospect string) ICPFinding {
	return ICPFinding{Number: n, Text: "Particular " + n, RealisticProspect: Answer(prospect), Reasons: "Because."}
}

// TestNewICPDecision checks the decision against the realistic-prospect
// test and the no-inference statement.
func TestNewICPDecision(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	base := func(o ICPOutcome, fs ...ICPFinding) ICPDecisionInput {
		return ICPDecisionInput{Outcome: o, DecidedOn: icpDay(2026, 3, 10), Findings: fs,
			Ground: AnswerYes, Impairment: AnswerYes, Reasons: "The panel's reasons."}
	}
	nca := base(OutcomeNoCaseToAnswer, finding("1", "no"), finding("2", "no"))
	nca.Ground, nca.Impairment = "", ""
	ncaImpairment := base(OutcomeNoCaseToAnswer, finding("1", "yes"))
	ncaImpairment.Impairment = AnswerNo
	ctaNoGround := base(OutcomeCaseToAnswer, finding("1", "yes"))
	ctaNoGround.Ground = AnswerNo
	future := base(OutcomeAdjourned)
	future.DecidedOn, future.Reasons = icpDay(2026, 3, 11), ""
	tests := []struct {
		name string
		in   ICPDecisionInput
		want map[string]string
	}{
		{"case to answer", base(OutcomeCaseToAnswer, finding("1", "yes"), finding("2", "no")), nil},
		{"no case to answer on the facts", nca, nil},
		{"no case to answer on impairment", ncaImpairment, nil},
		{"adjourned without findings", base(OutcomeAdjourned), nil},
		{"adjourned leaving particulars undecided", base(OutcomeAdjourned, ICPFinding{Number: "1", Text: "Particular 1"}), nil},
		{"case to answer without a provable particular", base(OutcomeCaseToAnswer, finding("1", "no")),
			map[string]string{"findings": "A case to answer needs a realistic prospect of proving at least one particular"}},
		{"case to answer without the ground", ctaNoGround,
			map[string]string{"ground": "A case to answer needs a realistic prospect that the facts amount to the statutory ground"}},
		{"no case to answer that is one", base(OutcomeNoCaseToAnswer, finding("1", "yes")), map[string]string{
			"outcome": "The panel found a realistic prospect on the facts, the ground and impairment: that is a case to answer"}},
		{"nothing", ICPDecisionInput{}, map[string]string{
			"outcome": "Select the panel's decision", "decided_on": "Enter the date of the decision",
			"reasons": "Enter the panel's reasons", "findings": "Record the panel's decision on each particular"}},
		{"no findings", base(OutcomeNoCaseToAnswer),
			map[string]string{"findings": "Record the panel's decision on each particular"}},
		{"a particular undecided", base(OutcomeCaseToAnswer, finding("1", "yes"), ICPFinding{Number: "2", Text: "Particular 2"}),
			map[string]string{"finding-2-prospect": "Select whether there is a realistic prospect of proving particular 2",
				"finding-2-reasons": "Enter the panel's reasons on particular 2"}},
		{"a particular twice", base(OutcomeCaseToAnswer, finding("1", "yes"), finding("1", "no")),
			map[string]string{"finding-2-number": "Particular 1 is given more than once"}},
		{"decided tomorrow", future, map[string]string{
			"decided_on": "The date of the decision must be today or in the past",
			"reasons":    "Enter what the panel asked for"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewICPDecision(tt.in, true, now)
			if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
				t.Fatalf("fields (-want +got):\n%s", diff)
			}
			if err == nil && (d.NoInferenceStatement != "" || !d.RegistrantResponded) {
				t.Errorf("responded: %+v", d)
			}
		})
	}
}

// TestNoInference: without a response the decision, and the reasons it
// puts on the case, carry the neutral sentence.
func TestNoInference(t *testing.T) {
	in := ICPDecisionInput{Outcome: OutcomeNoCaseToAnswer, DecidedOn: icpDay(2026, 3, 9),
		Findings: []ICPFinding{finding("1", "no")}, Reasons: "Nothing supports the particular."}
	d, err := NewICPDecision(in, false, icpDay(2026, 3, 10))
	if err != nil {
		t.Fatal(err)
	}
	if d.NoInferenceStatement != NoInferenceStatement || d.RegistrantResponded || d.Test.Facts != AnswerNo {
		t.Errorf("decision: %+v", d)
	}
	pi := d.ProcessInput()
	if pi["decision_date"] != "2026-03-09" || !strings.HasSuffix(pi["reason"], NoInferenceStatement) ||
		!strings.HasPrefix(pi["reason"], "Nothing supports") {
		t.Errorf("process input: %v", pi)
	}
	if !strings.Contains(NoInferenceStatement, "drew no inference") {
		t.Errorf("statement: %q", NoInferenceStatement)
	}
	act, ok := d.Outcome.Action()
	if !ok || act != ActionNoCaseToAnswer {
		t.Errorf("action %s", act)
	}
	if _, found := HCPCProcess().Action(act); !found {
		t.Errorf("the process has no action %s", act)
	}
}

// TestBundle: papers come from the events; no response gives a neutral
// line and no item; the history keeps a no-case-to-answer decision for
// Rules.PreviousNCAWindow and drops it after.
func TestBundle(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	c := Case{ID: "c1", Stage: StageICP}
	at := time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)
	events := []Event{
		{Type: string(ActionCompleteInvestigation), At: at, Payload: map[string]string{"note": "Report text."}},
		{Type: string(ActionServeAllegation), At: at, Payload: map[string]string{"ground": "misconduct", "allegation": "1. Missed visits."}},
		{Type: string(ActionNoResponse), At: at},
		{Type: string(ActionAddNote), At: at, Payload: map[string]string{"note": "Internal."}},
	}
	meeting := icpDay(2026, 3, 10)
	others := []HistoryCase{
		{CaseID: "c1", Stage: StageICP},
		{CaseID: "nca-edge", Stage: StageClosedNoCaseToAnswer, DecidedOn: icpDay(2023, 3, 10)},
		{CaseID: "nca-old", Stage: StageClosedNoCaseToAnswer, DecidedOn: icpDay(2023, 3, 9)},
		{CaseID: "nca-closed", Stage: StageClosedNoCaseToAnswer, ClosedAt: time.Date(2024, 1, 5, 15, 0, 0, 0, time.UTC)},
		{CaseID: "triage", Stage: StageClosedOutsideRemit},
		{CaseID: "open", Stage: StageInvestigation},
		{CaseID: "sanction", Stage: StageClosedOrderEnded},
	}
	b := NewBundle(p, r, c, events, others, meeting)
	var kinds []BundleItemKind
	for _, it := range b.Items {
		kinds = append(kinds, it.Kind)
	}
	if diff := cmp.Diff([]BundleItemKind{BundleInvestigationReport, BundleAllegation}, kinds); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if b.Responded || b.ResponseLine != NoResponseLine {
		t.Errorf("response: %v %q", b.Responded, b.ResponseLine)
	}
	if !strings.HasPrefix(b.Items[1].Text, "Statutory ground: Misconduct") {
		t.Errorf("allegation text %q", b.Items[1].Text)
	}
	var ids []string
	for _, h := range b.History {
		ids = append(ids, h.CaseID)
	}
	if diff := cmp.Diff([]string{"nca-edge", "nca-closed", "open", "sanction"}, ids); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}

	events = append(events, Event{Type: string(ActionRecordResponse), At: at,
		Payload: map[string]string{"received_on": "2025-10-20", "note": "My account."}})
	b = NewBundle(p, r, c, events, nil, meeting)
	if !b.Responded || b.ResponseLine != "" || b.Items[2].Kind != BundleResponse || !b.Items[2].Date.Equal(icpDay(2025, 10, 20)) {
		t.Errorf("with a response: %+v", b)
	}
}

// TestBundleResponses: a response to an invitation to respond counts as
// the registrant's response; other responses are evidence or comments; a
// drafted allegation replaces the served text.
func TestBundleResponses(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	resp := func(kind RequestKind, id string) Event {
		return Event{Type: EventResponseRecorded, At: at, Payload: map[string]string{"kind": string(kind),
			"response_id": id, "recipient": "Eastshire Council", "received_on": "2026-02-03"}}
	}
	events := []Event{
		{Type: string(ActionServeAllegation), At: at, Payload: map[string]string{"allegation": "First."}},
		{Type: string(ActionServeAmended), At: at, Payload: map[string]string{"allegation": "Second."}},
		resp(RequestArt25Demand, "r1"), resp(RequestComplainantComment, "r2"),
	}
	b := NewBundle(p, r, Case{ID: "c"}, events, nil, at)
	want := []BundleItem{
		{Kind: BundleAllegation, Title: "Amended allegation", Date: at, Text: "Second."},
		{Kind: BundleEvidence, Title: "Information from Eastshire Council", Date: icpDay(2026, 2, 3), ResponseID: "r1"},
		{Kind: BundleComment, Title: "Comments of the person who raised the concern", Date: icpDay(2026, 2, 3), ResponseID: "r2"},
	}
	if diff := cmp.Diff(want, b.Items); diff != "" || b.Responded {
		t.Errorf("items (-want +got):\n%s\nresponded %v", diff, b.Responded)
	}
	events = append(events, resp(RequestRegistrantInvitation, "r3"))
	b = NewBundle(p, r, Case{ID: "c"}, events, nil, at)
	if !b.Responded || b.Items[3].Kind != BundleResponse || !RegistrantResponded(events) {
		t.Errorf("registrant's response: %+v", b)
	}
	b.UseAllegation(Allegation{Version: 2, Stem: "As a registered social worker:"})
	if b.Allegation == nil || b.Items[0].Kind == BundleAllegation {
		t.Errorf("drafted allegation: %+v", b.Items)
	}
}
