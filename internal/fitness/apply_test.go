package fitness

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	caseManager     = Actor{UserID: "cm1", Name: "Casey Example", Roles: []Role{RoleCaseManager}}
	teamLeader      = Actor{UserID: "tl1", Name: "Terry Example", Roles: []Role{RoleTeamLeader}}
	hearingsOfficer = Actor{UserID: "ho1", Name: "Harper Example", Roles: []Role{RoleHearingsOfficer}, OnBehalfOf: "panel"}
	registrar       = Actor{UserID: "rg1", Name: "Robin Example", Roles: []Role{RoleRegistrar}}
)

// monday is the clock most tests run at: Monday 2 March 2026, 10:00 UTC.
var monday = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// MustApply applies an action that must succeed and returns the case and
// its one event.
func MustApply(tb testing.TB, c Case, name ActionName, a Actor, in Input, now time.Time) (Case, Event) {
	tb.Helper()
	next, events, err := c.Apply(HCPCProcess(), HCPCRules(), name, a, in, now)
	if err != nil {
		tb.Fatalf("apply %s at %s: %v", name, c.Stage, err)
	}
	if len(events) != 1 {
		tb.Fatalf("apply %s: %d events, want 1", name, len(events))
	}
	return next, events[0]
}

// caseAt returns an open case at stage s, as storage would load it.
func caseAt(s Stage) Case {
	return Case{ID: "case-1", Stage: s, Version: 7, ProcessVersion: HCPCProcessVersion,
		StageEnteredAt: monday.AddDate(0, -1, 0), OpenedAt: monday.AddDate(-1, 0, 0)}
}

func TestNewCase(t *testing.T) {
	p := HCPCProcess()
	concern := Concern{ID: "con-1", ReceivedOn: date(2026, 2, 27), Source: SourceEmployer, Summary: "Missed visits"}
	subject := ConcernSubject{RegistrantID: "reg-1", Name: "Alex Sample", Details: "Example Borough Council"}
	c, e := NewCase(p, concern, subject, caseManager, monday)
	want := Case{ConcernID: "con-1", RegistrantID: "reg-1", SubjectName: "Alex Sample", SubjectDetails: "Example Borough Council",
		Source: SourceEmployer, Summary: "Missed visits", Stage: StageReceived, StageEnteredAt: monday, Version: 1,
		ProcessVersion: HCPCProcessVersion, ReceivedOn: date(2026, 2, 27), OpenedAt: monday}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("case (-want +got):\n%s", diff)
	}
	wantEvent := Event{Seq: 1, Type: EventCaseOpened, ActorID: "cm1", ActorName: "Casey Example", At: monday,
		ToStage: StageReceived, Payload: map[string]string{"source": "employer", "received_on": "2026-02-27"},
		ProcessVersion: HCPCProcessVersion}
	if diff := cmp.Diff(wantEvent, e); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	if got := DescribeEvent(p, e); got != "Case opened in Received" {
		t.Errorf("DescribeEvent = %q", got)
	}
}

// TestApplyFirstSteps walks the path the browser test takes.
func TestApplyFirstSteps(t *testing.T) {
	p := HCPCProcess()
	c, _ := NewCase(p, Concern{ID: "con-1", Source: SourcePublic}, ConcernSubject{Name: "Alex Sample"}, caseManager, monday)
	c.ID = "case-1"
	later := monday.Add(time.Hour)
	c, e := MustApply(t, c, ActionStartTriage, caseManager, Input{}, later)
	if c.Stage != StageTriage || c.Version != 2 || !c.StageEnteredAt.Equal(later) {
		t.Fatalf("after start_triage: stage %s version %d entered %v", c.Stage, c.Version, c.StageEnteredAt)
	}
	want := Event{CaseID: "case-1", Seq: 2, Type: "start_triage", ActorID: "cm1", ActorName: "Casey Example",
		At: later, FromStage: StageReceived, ToStage: StageTriage, ProcessVersion: HCPCProcessVersion}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	c, e = MustApply(t, c, ActionStartInvestigation, caseManager, Input{"note": "  Employer contacted  "}, later)
	if c.Stage != StageInvestigation || c.Version != 3 || e.Seq != 3 {
		t.Fatalf("after start_investigation: stage %s version %d seq %d", c.Stage, c.Version, e.Seq)
	}
	if diff := cmp.Diff(map[string]string{"note": "Employer contacted"}, e.Payload); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if got, want := DescribeEvent(p, e), "Investigation started: moved from Triage to Investigation"; got != want {
		t.Errorf("DescribeEvent = %q, want %q", got, want)
	}
}

func TestApplyRefusals(t *testing.T) {
	closed := caseAt(StageClosedNoCaseToAnswer)
	closed.ClosedAt = monday.AddDate(0, 0, -3)
	withResponseDue := caseAt(StageAllegation)
	withResponseDue.Deadlines = []Deadline{{Name: DeadlineRegistrantResponse, Due: monday.AddDate(0, 0, 10)}}
	inAppealWindow := caseAt(StageAppealWindow)
	inAppealWindow.Deadlines = []Deadline{{Name: DeadlineAppealWindow, Due: monday.AddDate(0, 0, 5)}}
	struckOff := caseAt(StageStruckOff)
	struckOff.StageEnteredAt, struckOff.ClosedAt = date(2022, 6, 1), date(2022, 6, 1)
	interim := caseAt(StageInvestigation)
	interim.InterimStage = StageInterimInForce
	interim.Deadlines = []Deadline{{Name: DeadlineInterimExpires, Due: date(2026, 9, 1)}}

	tests := []struct {
		name    string
		c       Case
		action  ActionName
		actor   Actor
		in      Input
		code    string
		message string            // exact, when set
		fields  map[string]string // exact, when set
	}{
		{name: "unknown action", c: caseAt(StageTriage), action: "fly", actor: caseManager, code: ENotFound},
		{name: "wrong stage", c: caseAt(StageInvestigation), action: ActionStartInvestigation, actor: caseManager,
			code: EConflict, message: "This case is now in Investigation; 'Start investigation' can only be taken from Triage"},
		{name: "closed case", c: closed, action: ActionAddNote, actor: caseManager, in: Input{"note": "x"},
			code: EConflict, message: "This case is closed (Closed: no case to answer); 'Add a note' can't be taken"},
		{name: "interim track not opened", c: caseAt(StageTriage), action: ActionImposeInterim, actor: hearingsOfficer,
			code: EConflict, message: "No interim order has been considered on this case; 'Record panel decision: interim order imposed' can only be taken from Interim order being considered"},
		{name: "other process version", c: Case{Stage: StageTriage, ProcessVersion: "swe-2020.1"},
			action: ActionStartInvestigation, actor: caseManager, code: EConflict},
		{name: "wrong role", c: caseAt(StageTriage), action: ActionStartInvestigation, actor: hearingsOfficer,
			code: EForbidden, message: "Only a case manager or team leader can take 'Start investigation'"},
		{name: "case manager may not close", c: caseAt(StageTriage), action: ActionCloseOutsideRemit, actor: caseManager,
			code: EForbidden},
		{name: "missing inputs", c: caseAt(StageTriage), action: ActionCloseOutsideRemit, actor: teamLeader,
			in: Input{"reason": "   "}, code: EInvalid, fields: map[string]string{
				"remit_reason": "Select why it is outside our remit",
				"reason":       "Enter the reasons for closing",
			}},
		{name: "bad values", c: caseAt(StageTriage), action: ActionCloseOutsideRemit, actor: teamLeader,
			in: Input{"remit_reason": "bored", "signposting": strings.Repeat("x", 501), "reason": "ok"}, code: EInvalid,
			fields: map[string]string{
				"remit_reason": "Select why it is outside our remit",
				"signposting":  "Where we signposted them must be 500 characters or fewer",
			}},
		{name: "not a real date", c: caseAt(StageInvestigation), action: ActionInformationReceived, actor: caseManager,
			in: Input{"received_on": "31/2/2026"}, code: EInvalid,
			fields: map[string]string{"received_on": "Date received must be a real date"}},
		{name: "date in the future", c: caseAt(StageInvestigation), action: ActionInformationReceived, actor: caseManager,
			in: Input{"received_on": "2026-03-03"}, code: EInvalid,
			fields: map[string]string{"received_on": "Date received must be today or in the past"}},
		{name: "date too long ago", c: caseAt(StageInvestigation), action: ActionInformationReceived, actor: caseManager,
			in: Input{"received_on": "1899-12-31"}, code: EInvalid,
			fields: map[string]string{"received_on": "Date received must be in 1900 or later"}},
		{name: "missing date", c: caseAt(StageInvestigation), action: ActionInformationReceived, actor: caseManager,
			code: EInvalid, fields: map[string]string{"received_on": "Enter the date the information was received"}},
		{name: "not a number", c: caseAt(StageFinalHearing), action: ActionRecordSanction, actor: hearingsOfficer,
			in:   Input{"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "suspension", "length_months": "twelve"},
			code: EInvalid, fields: map[string]string{"length_months": "Length of the order in months must be a whole number"}},
		{name: "conviction always meets the threshold", c: caseAt(StageThreshold), action: ActionThresholdNotMet, actor: teamLeader,
			in: Input{"conviction_or_caution": "Yes", "reason": "Minor"}, code: EInvalid,
			fields: map[string]string{"conviction_or_caution": "A conviction or caution always meets the threshold: serve an allegation instead"}},
		{name: "consent without full admission", c: caseAt(StagePreHearing), action: ActionProposeConsent, actor: caseManager,
			in: Input{"order": "caution", "admits_in_full": "no"}, code: EInvalid,
			fields: map[string]string{"admits_in_full": "A consent order is only possible when the registrant admits the allegation in full"}},
		{name: "no striking off at first hearing for competence", c: caseAt(StageFinalHearing), action: ActionRecordSanction,
			actor: hearingsOfficer, in: Input{"decision_date": "2026-03-02", "ground": "lack_of_competence", "sanction": "striking_off"},
			code: EInvalid, fields: map[string]string{"sanction": "Striking off is not available at first instance for lack of competence unless there have been at least 2 years of continuous suspension or conditions"}},
		{name: "suspension too long", c: caseAt(StageFinalHearing), action: ActionRecordSanction, actor: hearingsOfficer,
			in:   Input{"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "suspension", "length_months": "13"},
			code: EInvalid, fields: map[string]string{"length_months": "A suspension order can last no more than 1 year"}},
		{name: "caution too short", c: caseAt(StageConsent), action: ActionApproveConsent, actor: hearingsOfficer,
			in:   Input{"decision_date": "2026-03-02", "order": "caution", "length_months": "6"},
			code: EInvalid, fields: map[string]string{"length_months": "A caution order must last at least 1 year"}},
		{name: "length missing", c: caseAt(StageFinalHearing), action: ActionRecordSanction, actor: hearingsOfficer,
			in:   Input{"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "conditions"},
			code: EInvalid, fields: map[string]string{"length_months": "Enter the length of the order in months"}},
		{name: "hearing without notice", c: caseAt(StagePreHearing), action: ActionListHearing, actor: hearingsOfficer,
			in: Input{"hearing_date": "2026-03-20", "committee": "ccc"}, code: EInvalid,
			fields: map[string]string{"hearing_date": "The hearing must be on or after 30 March 2026, to give notice of at least 28 days, unless short notice is agreed"}},
		{name: "registrant still has time to respond", c: withResponseDue, action: ActionReferToICP, actor: caseManager,
			code: EConflict, message: "The registrant has until 12 March 2026 to respond to the allegation. Record their response, or refer the case after that date"},
		{name: "order before the appeal period ends", c: inAppealWindow, action: ActionOrderTakesEffect, actor: registrar,
			in: Input{"order": "suspension", "expires_on": "2027-03-01"}, code: EConflict,
			message: "The appeal period ends on 7 March 2026; the order takes effect after that"},
		{name: "restoration too early", c: struckOff, action: ActionApplyRestoration, actor: registrar,
			in: Input{"received_on": "2026-03-01"}, code: EInvalid,
			fields: map[string]string{"received_on": "An application for restoration can be made from 1 June 2027, 5 years after the striking-off order took effect"}},
		{name: "court extension too long", c: interim, action: ActionExtendInterim, actor: registrar,
			in: Input{"extended_until": "2027-09-02"}, code: EInvalid,
			fields: map[string]string{"extended_until": "The court can extend an interim order by at most 12 months at a time"}},
		{name: "strike-off on review needs restriction first", c: caseAt(StageReview), action: ActionReviewStrikeOff,
			actor: hearingsOfficer, in: Input{"decision_date": "2026-03-02", "ground": "health", "restricted_since": "2025-01-01"},
			code: EInvalid, fields: map[string]string{"restricted_since": "Striking off on health grounds needs at least 2 years of continuous suspension or conditions; practice has been restricted since 1 January 2025"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, events, err := tt.c.Apply(HCPCProcess(), HCPCRules(), tt.action, tt.actor, tt.in, monday)
			if code := ErrorCode(err); code != tt.code {
				t.Fatalf("code %q (%v), want %q", code, err, tt.code)
			}
			if tt.message != "" && ErrorMessage(err) != tt.message {
				t.Errorf("message\n got %q\nwant %q", ErrorMessage(err), tt.message)
			}
			if tt.fields != nil {
				if diff := cmp.Diff(tt.fields, ErrorFields(err)); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
			}
			if events != nil || !cmp.Equal(got, tt.c) {
				t.Errorf("refused action changed the case or made events")
			}
		})
	}
}

func TestApplyDeadlines(t *testing.T) {
	r := HCPCRules()
	at := func(c Case, name string) time.Time {
		t.Helper()
		due, ok := deadlineDue(c, name)
		if !ok {
			t.Fatalf("no %s deadline in %+v", name, c.Deadlines)
		}
		return due
	}
	c, _ := MustApply(t, caseAt(StageThreshold), ActionServeAllegation, caseManager, Input{"ground": "misconduct"}, monday)
	if got, want := at(c, DeadlineRegistrantResponse), monday.AddDate(0, 0, 28); !got.Equal(want) {
		t.Errorf("response due %v, want %v", got, want)
	}
	c, _ = MustApply(t, c, ActionRecordResponse, caseManager, Input{"received_on": "2/3/2026"}, monday)
	if _, ok := deadlineDue(c, DeadlineRegistrantResponse); ok {
		t.Error("recording the response did not stop the deadline")
	}

	c, _ = MustApply(t, caseAt(StagePreHearing), ActionListHearing, hearingsOfficer,
		Input{"hearing_date": "2026-05-01", "committee": "ccc"}, monday)
	for name, want := range map[string]time.Time{
		DeadlineHearingNotice: date(2026, 4, 3), DeadlineRegulatorEvidence: date(2026, 3, 20),
		DeadlineRegistrantEvidence: date(2026, 4, 3), DeadlineListingPublication: date(2026, 4, 3),
	} {
		if got := at(c, name); !got.Equal(want) {
			t.Errorf("%s due %v, want %v", name, got, want)
		}
	}

	// Decided just before Christmas 2026: five working days skip the bank
	// holidays of Friday 25 and Monday 28 December.
	decided := time.Date(2026, 12, 22, 15, 0, 0, 0, time.UTC)
	c, _ = MustApply(t, c, ActionRecordSanction, hearingsOfficer, Input{"decision_date": "2026-12-22",
		"ground": "misconduct", "sanction": "suspension", "length_months": "12"}, decided)
	for name, want := range map[string]time.Time{
		DeadlineAppealWindow:        time.Date(2027, 1, 19, 15, 0, 0, 0, time.UTC),
		DeadlinePSAWindow:           time.Date(2027, 2, 28, 15, 0, 0, 0, time.UTC),
		DeadlineDecisionPublication: time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC),
	} {
		if got := at(c, name); !got.Equal(want) {
			t.Errorf("%s due %v, want %v", name, got, want)
		}
	}
	if _, ok := deadlineDue(c, DeadlineHearingNotice); ok {
		t.Error("the hearing deadlines still run after the decision")
	}
	if len(c.Deadlines) != 3 {
		t.Errorf("deadlines %+v, want 3", c.Deadlines)
	}

	after := time.Date(2027, 1, 20, 9, 0, 0, 0, time.UTC)
	c, _ = MustApply(t, c, ActionOrderTakesEffect, registrar, Input{"order": "suspension", "expires_on": "20/1/2028"}, after)
	if got := at(c, DeadlineOrderExpires); !got.Equal(date(2028, 1, 20)) {
		t.Errorf("order ends %v", got)
	}
	if got := at(c, DeadlineReviewDue); !got.Equal(r.ReviewBeforeExpiry.Before(date(2028, 1, 20), r.Calendar)) {
		t.Errorf("review due %v", got)
	}
	if _, ok := deadlineDue(c, DeadlineAppealWindow); ok {
		t.Error("the appeal window still runs once the order is in force")
	}

	caution := caseAt(StageAppealWindow)
	caution, _ = MustApply(t, caution, ActionOrderTakesEffect, registrar, Input{"order": "caution", "expires_on": "2029-03-02"}, monday)
	if _, ok := deadlineDue(caution, DeadlineReviewDue); ok {
		t.Error("a caution order started a review deadline")
	}
}

func TestApplyInterimTrack(t *testing.T) {
	c := caseAt(StageInvestigation)
	c, e := MustApply(t, c, ActionReferInterim, caseManager, Input{"basis": "public_protection", "reason": "Risk to service users"}, monday)
	if c.InterimStage != StageInterimConsidered || c.Stage != StageInvestigation || !c.StageEnteredAt.Equal(caseAt(StageInvestigation).StageEnteredAt) {
		t.Fatalf("after referral: %s / %s", c.Stage, c.InterimStage)
	}
	if e.FromStage != "" || e.ToStage != StageInterimConsidered || e.Reason != "Risk to service users" {
		t.Errorf("event %+v", e)
	}
	if got, want := DescribeEvent(HCPCProcess(), e), "Referred for an interim order: moved to Interim order being considered (Why an order may be needed: To protect the public)"; got != want {
		t.Errorf("DescribeEvent\n got %q\nwant %q", got, want)
	}
	c, _ = MustApply(t, c, ActionImposeInterim, hearingsOfficer, Input{"decision_date": "2026-03-02", "order": "interim_suspension"}, monday)
	if due, _ := deadlineDue(c, DeadlineInterimExpires); !due.Equal(time.Date(2027, 9, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("interim order ends %v", due)
	}
	if due, _ := deadlineDue(c, DeadlineInterimReview); !due.Equal(time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("first review %v", due)
	}
	review := time.Date(2026, 8, 31, 10, 0, 0, 0, time.UTC)
	c, _ = MustApply(t, c, ActionReviewInterim, hearingsOfficer, Input{"decision_date": "2026-08-31", "outcome": "continued"}, review)
	if due, _ := deadlineDue(c, DeadlineInterimReview); !due.Equal(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("next review %v", due)
	}
	c, _ = MustApply(t, c, ActionExtendInterim, registrar, Input{"extended_until": "2028-03-01"}, review)
	if due, _ := deadlineDue(c, DeadlineInterimExpires); !due.Equal(date(2028, 3, 1)) {
		t.Errorf("extended to %v", due)
	}
	c, _ = MustApply(t, c, ActionEndInterim, hearingsOfficer, Input{"ended_by": "revoked"}, review)
	if c.InterimStage != StageInterimEnded || len(c.Deadlines) != 0 {
		t.Errorf("after ending: %s, deadlines %+v", c.InterimStage, c.Deadlines)
	}
	if !c.Open() {
		t.Error("ending the interim track closed the case")
	}
}

func TestApplyClosing(t *testing.T) {
	c := caseAt(StageICP)
	c.InterimStage = StageInterimInForce
	c.Deadlines = []Deadline{{Name: DeadlineInterimReview, Due: monday.AddDate(0, 1, 0)}}
	before := c
	closed, e := MustApply(t, c, ActionNoCaseToAnswer, hearingsOfficer,
		Input{"decision_date": "2026-02-27", "reason": "No realistic prospect; no inference drawn from silence"}, monday)
	if closed.Stage != StageClosedNoCaseToAnswer || !closed.ClosedAt.Equal(monday) || closed.Open() {
		t.Errorf("not closed: %s at %v", closed.Stage, closed.ClosedAt)
	}
	if closed.Deadlines != nil || closed.InterimStage != StageInterimEnded || closed.Version != 8 {
		t.Errorf("deadlines %+v, interim %s, version %d", closed.Deadlines, closed.InterimStage, closed.Version)
	}
	if e.Reason != "No realistic prospect; no inference drawn from silence" {
		t.Errorf("reason %q", e.Reason)
	}
	if !cmp.Equal(before, c) {
		t.Error("Apply changed the case it was given")
	}
}

func TestApplyRestoration(t *testing.T) {
	c := caseAt(StageAppealWindow)
	c, _ = MustApply(t, c, ActionStrikingOffTakesEffect, registrar, Input{}, monday)
	if c.Stage != StageStruckOff || c.Open() {
		t.Fatalf("after striking off: %s, open %v", c.Stage, c.Open())
	}
	fiveYears := monday.AddDate(5, 0, 0)
	c, _ = MustApply(t, c, ActionApplyRestoration, registrar, Input{"received_on": "2031-03-02"}, fiveYears)
	if c.Stage != StageRestoration || !c.Open() {
		t.Fatalf("after application: %s, open %v", c.Stage, c.Open())
	}
	c, _ = MustApply(t, c, ActionRefuseRestoration, hearingsOfficer, Input{"decision_date": "2031-03-02", "reason": "Not yet fit"}, fiveYears)
	_, _, err := c.Apply(HCPCProcess(), HCPCRules(), ActionApplyRestoration, registrar, Input{"received_on": "2031-09-01"}, fiveYears.AddDate(0, 6, 0))
	if got := ErrorFields(err)["received_on"]; got != "An application for restoration can be made from 2 March 2032, 12 months after the last application was refused" {
		t.Errorf("a second application after 6 months: %v", err)
	}
	c, _ = MustApply(t, c, ActionApplyRestoration, registrar, Input{"received_on": "2032-03-02"}, fiveYears.AddDate(1, 0, 0))
	c, _ = MustApply(t, c, ActionGrantRestoration, hearingsOfficer, Input{"decision_date": "2032-03-02", "with_conditions": "no"}, fiveYears.AddDate(1, 0, 0))
	if c.Stage != StageClosedRestored || c.Open() {
		t.Errorf("after restoration: %s", c.Stage)
	}
}

func TestApplyAllocate(t *testing.T) {
	c, e := MustApply(t, caseAt(StageTriage), ActionAllocate, teamLeader, Input{"case_manager": " cm2 ", "csrf": "x"}, monday)
	if c.CaseManagerID != "cm2" || c.Stage != StageTriage || !c.StageEnteredAt.Equal(caseAt(StageTriage).StageEnteredAt) {
		t.Errorf("allocated to %q at %s", c.CaseManagerID, c.Stage)
	}
	if diff := cmp.Diff(map[string]string{"case_manager": "cm2"}, e.Payload); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if e.FromStage != StageTriage || e.ToStage != StageTriage {
		t.Errorf("event stages %s → %s", e.FromStage, e.ToStage)
	}
	if got := DescribeEvent(HCPCProcess(), e); got != "Case manager allocated" {
		t.Errorf("DescribeEvent = %q", got)
	}
	_, _, err := caseAt(StageTriage).Apply(HCPCProcess(), HCPCRules(), ActionAllocate, teamLeader, Input{}, monday)
	if diff := cmp.Diff(map[string]string{"case_manager": "Select a case manager"}, ErrorFields(err)); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestApplyNormalisesInput(t *testing.T) {
	in := Input{"decision_date": " 2/3/2026 ", "ground": "misconduct", "sanction": "conditions",
		"length_months": "012", "reason": "Line one\r\nLine two ", "unknown": "dropped"}
	c, e := MustApply(t, caseAt(StageFinalHearing), ActionRecordSanction, hearingsOfficer, in, monday)
	want := map[string]string{"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "conditions",
		"length_months": "12", "reason": "Line one\nLine two"}
	if diff := cmp.Diff(want, e.Payload); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	if in["decision_date"] != " 2/3/2026 " {
		t.Error("Apply changed the caller's input")
	}
	if e.Reason != "Line one\nLine two" || e.OnBehalfOf != "panel" || c.Stage != StageAppealWindow {
		t.Errorf("event %+v", e)
	}
	wantWords := "Well founded: sanction imposed: moved from Final hearing to Appeal period (Date of the decision: 2 March 2026; " +
		"Statutory ground: Misconduct; Sanction: Conditions of practice order; Length of the order in months: 12)"
	if got := DescribeEvent(HCPCProcess(), e); got != wantWords {
		t.Errorf("DescribeEvent\n got %q\nwant %q", got, wantWords)
	}
}

func TestParseInputDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-02": "2026-03-02", "2026-3-2": "2026-03-02", "2/3/2026": "2026-03-02", "02/03/2026": "2026-03-02",
		"29/2/2024": "2024-02-29", "2.3.2026": "2026-03-02", "29/2/2026": "", "2026/03": "", "2026-03-02-01": "",
		"-2026-03-02": "", "2026-03-0x": "", "20260302": "", "2/3/26": "", "2026-003-02": "", "31/04/2026": "",
		"2026-00-10": "", "2026-01-00": "", "2026-01/02": "", "": "",
	} {
		got := ""
		if d, ok := parseInputDate(in); ok {
			got = d.Format(time.DateOnly)
		}
		if got != want {
			t.Errorf("parseInputDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescribeEventUnknown(t *testing.T) {
	p := HCPCProcess()
	if got := DescribeEvent(p, Event{Type: "case_linked"}); got != "Case linked" {
		t.Errorf("got %q", got)
	}
	a, _ := p.Action(ActionListHearing)
	if got := InputLabel(a, "committee", "hc"); got != "Health Committee" {
		t.Errorf("InputLabel = %q", got)
	}
	if got := InputLabel(a, "committee", "zz"); got != "zz" {
		t.Errorf("InputLabel of an unknown value = %q", got)
	}
}
