package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func actorOf(u fitness.User) fitness.Actor { return u.Actor() }

// TestPanelComposition: the rule is enforced when the panel is chosen
// (missing lay member, two chairs, a registrant member of another
// profession than a listed case's registrant) and when a case is listed.
func TestPanelComposition(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		swCase := f.mustICPCase(t, f.sw.ID, false)
		m := f.mustMeeting(t, date(2026, 4, 20), nil, swCase)

		tests := []struct {
			name  string
			panel []string
			want  map[string]string
		}{
			{"missing lay member", []string{f.chair.ID, f.swMember.ID},
				map[string]string{"lay": "The panel needs a lay member"}},
			{"two chairs", []string{f.chair.ID, f.chair2.ID, f.swMember.ID}, map[string]string{
				"chair": "The panel has 2 chairs (Jo Bloggs, Alex Chair): it needs exactly one",
				"lay":   "The panel needs a lay member"}},
			{"registrant member of another profession", []string{f.chair.ID, f.lay.ID, f.paMember.ID},
				map[string]string{"registrant": "The panel needs a registrant member who is a Social worker in England"}},
			{"not a panel member", []string{f.chair.ID, f.lay.ID, f.swMember.ID, f.manager.UserID},
				map[string]string{"panel": "Select panel members from the list"}},
		}
		for _, tt := range tests {
			_, err := f.meetings.SetPanel(ctx, f.officer, m.ID, tt.panel)
			if diff := cmp.Diff(tt.want, fitness.ErrorFields(err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		if n := count(t, db, "meeting_panel"); n != 0 {
			t.Errorf("%d panel rows stored by refused changes", n)
		}
		_, err := f.meetings.SetPanel(ctx, f.manager, m.ID, f.swPanel())
		mustCode(t, err, fitness.EForbidden, "")
		m, err = f.meetings.SetPanel(ctx, f.officer, m.ID, f.swPanel())
		if err != nil {
			t.Fatal(err)
		}
		var seats []fitness.PanelKind
		for _, p := range m.Panel {
			seats = append(seats, p.Kind)
		}
		if diff := cmp.Diff(fitness.PanelKinds, seats); diff != "" {
			t.Errorf("seats (-want +got):\n%s", diff)
		}

		// With the panel fixed, a paramedic's case cannot go before it.
		paCase := f.mustICPCase(t, f.pa.ID, false)
		_, err = f.meetings.AddCase(ctx, f.officer, m.ID, paCase.Reference)
		want := paCase.Reference + " cannot go before this panel: The panel needs a registrant member who is a Paramedic"
		if got := fitness.ErrorFields(err)["case"]; got != want {
			t.Errorf("paramedic's case: %q\nwant %q", got, want)
		}
		// A meeting arranged with a panel is checked too.
		_, err = f.meetings.CreateMeeting(ctx, f.officer, fitness.MeetingInput{Committee: fitness.CommitteeInvestigating,
			Date: date(2026, 5, 1), Remote: true, Panel: []string{f.chair.ID, f.chair2.ID, f.lay.ID, f.swMember.ID}})
		if got := fitness.ErrorFields(err)["chair"]; !strings.HasPrefix(got, "The panel has 2 chairs") {
			t.Errorf("create with two chairs: %v", err)
		}
	})
}

// TestAgendaICPOnly: only a case at the Investigating Committee stage goes
// on the agenda, once.
func TestAgendaICPOnly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		early := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: f.sw.ID})[0]
		icp := f.mustICPCase(t, f.sw2.ID, true)
		m := f.mustMeeting(t, date(2026, 4, 20), f.swPanel())

		_, err := f.meetings.AddCase(ctx, f.officer, m.ID, early.Reference)
		want := early.Reference + " is at Received: only cases referred to the Investigating Committee can go on the agenda"
		if got := fitness.ErrorFields(err)["case"]; got != want {
			t.Errorf("early case: %q", got)
		}
		_, err = f.meetings.AddCase(ctx, f.officer, m.ID, "FTP-1999-00001")
		if got := fitness.ErrorFields(err)["case"]; got != "There is no case FTP-1999-00001" {
			t.Errorf("unknown case: %v", err)
		}
		if m, err = f.meetings.AddCase(ctx, f.officer, m.ID, strings.ToLower(icp.Reference)); err != nil {
			t.Fatal(err)
		}
		if len(m.Cases) != 1 || m.Cases[0].CaseID != icp.ID || m.Cases[0].RegistrantName != "Eli Marsh" {
			t.Errorf("agenda %+v", m.Cases)
		}
		_, err = f.meetings.AddCase(ctx, f.officer, m.ID, icp.ID)
		if got := fitness.ErrorFields(err)["case"]; got != icp.Reference+" is already on the agenda" {
			t.Errorf("listed twice: %v", err)
		}
	})
}

// TestPanelMemberSeesAgendaCases: a panel member sees the cases on the
// agendas of their meetings and no other; other members see nothing of a
// meeting they do not sit on.
func TestPanelMemberSeesAgendaCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		listed := f.mustICPCase(t, f.sw.ID, false)
		other := f.mustICPCase(t, f.sw.ID, true)
		m := f.mustMeeting(t, date(2026, 4, 20), f.swPanel(), listed)
		lay := actorOf(f.lay)

		page, err := f.cases.ListCases(ctx, lay, fitness.CaseFilter{})
		if err != nil || len(page.Cases) != 1 || page.Cases[0].ID != listed.ID {
			t.Errorf("panel member's list %+v, %v", page.Cases, err)
		}
		if cs, err := f.cases.CasesForRegistrant(ctx, lay, f.sw.ID); err != nil || len(cs) != 1 {
			t.Errorf("registrant's cases %d, %v", len(cs), err)
		}
		if _, err := f.cases.FindCase(ctx, lay, listed.ID); err != nil {
			t.Errorf("listed case: %v", err)
		}
		_, err = f.cases.FindCase(ctx, lay, other.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")
		// The officer sees both; a panel member off the panel neither.
		if page, _ := f.cases.ListCases(ctx, f.officer, fitness.CaseFilter{}); len(page.Cases) != 2 {
			t.Errorf("officer's list %d", len(page.Cases))
		}
		if page, _ := f.cases.ListCases(ctx, actorOf(f.chair2), fitness.CaseFilter{}); len(page.Cases) != 0 {
			t.Errorf("another member's list %d", len(page.Cases))
		}
		_, err = f.meetings.FindMeeting(ctx, actorOf(f.chair2), m.ID)
		mustCode(t, err, fitness.ENotFound, "Meeting not found")
		_, err = f.meetings.Bundle(ctx, actorOf(f.chair2), m.ID, listed.ID)
		mustCode(t, err, fitness.ENotFound, "")
		mine, err := f.meetings.ListMeetings(ctx, lay)
		if err != nil || len(mine) != 1 || mine[0].ID != m.ID {
			t.Errorf("my meetings %+v, %v", mine, err)
		}
		if none, err := f.meetings.ListMeetings(ctx, actorOf(f.chair2)); err != nil || len(none) != 0 {
			t.Errorf("another member's meetings %+v, %v", none, err)
		}
		_, err = f.meetings.ListMeetings(ctx, f.manager)
		mustCode(t, err, fitness.EForbidden, "")
	})
}

// TestConflictsEnforced: a declared conflict keeps its user off a panel,
// and once the panel sits, excludes them at once: from the case, the list,
// the bundle and the decision. It beats the case manager's grant too.
func TestConflictsEnforced(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		c := f.mustICPCase(t, f.sw.ID, false)
		m := f.mustMeeting(t, date(2026, 4, 20), nil, c)
		chair := actorOf(f.chair)
		if _, err := f.panels.DeclareConflict(ctx, actorOf(f.chair2), fitness.Conflict{UserID: f.chair2.ID,
			RegistrantID: f.sw.ID, Reason: "A friend."}); err != nil {
			t.Fatal(err)
		}
		_, err := f.meetings.SetPanel(ctx, f.officer, m.ID, []string{f.chair2.ID, f.lay.ID, f.swMember.ID})
		if got := fitness.ErrorFields(err)["chair"]; got != "Alex Chair has declared a conflict with this case" {
			t.Errorf("conflicted chair: %v", err)
		}
		if _, err = f.meetings.SetPanel(ctx, f.officer, m.ID, f.swPanel()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.meetings.Bundle(ctx, chair, m.ID, c.ID); err != nil {
			t.Fatalf("bundle before the conflict: %v", err)
		}
		// Sitting on the panel, the chair sees the case but may not act on it.
		_, err = f.cases.ApplyAction(ctx, chair, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustCode(t, err, fitness.EForbidden, "You cannot act on this case")
		// The chair declares a conflict with the registrant's former employer.
		if _, err := f.panels.DeclareConflict(ctx, chair, fitness.Conflict{UserID: f.chair.ID,
			EmployerID: f.council.ID, Reason: "I managed the team."}); err != nil {
			t.Fatal(err)
		}
		_, err = f.cases.FindCase(ctx, chair, c.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")
		_, err = f.cases.ApplyAction(ctx, chair, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustCode(t, err, fitness.ENotFound, "Case not found")
		if page, _ := f.cases.ListCases(ctx, chair, fitness.CaseFilter{}); len(page.Cases) != 0 {
			t.Errorf("conflicted chair still lists %d cases", len(page.Cases))
		}
		_, err = f.meetings.Bundle(ctx, chair, m.ID, c.ID)
		mustCode(t, err, fitness.ENotFound, "")
		_, err = f.meetings.RecordDecision(ctx, f.officer, m.ID, c.ID, c.Version, ncaInput())
		mustCode(t, err, fitness.EInvalid, c.Reference+" cannot go before this panel: Jo Bloggs has declared a conflict with this case")

		// A hearings officer records a conflict for the case manager.
		if _, err := f.panels.DeclareConflict(ctx, f.officer, fitness.Conflict{UserID: f.manager.UserID,
			CaseID: c.Reference, Reason: "Related to the person who raised it."}); err != nil {
			t.Fatal(err)
		}
		_, err = f.cases.FindCase(ctx, f.manager, c.ID)
		mustCode(t, err, fitness.ENotFound, "")
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustCode(t, err, fitness.ENotFound, "")
		if page, _ := f.cases.ListCases(ctx, f.manager, fitness.CaseFilter{}); len(page.Cases) != 0 {
			t.Errorf("conflicted case manager lists %d cases", len(page.Cases))
		}
	})
}

func ncaInput() fitness.ICPDecisionInput {
	return fitness.ICPDecisionInput{Outcome: fitness.OutcomeNoCaseToAnswer, DecidedOn: date(2026, 4, 20),
		Findings: []fitness.ICPFinding{
			{Number: "1", Text: "You did not visit Family A.", RealisticProspect: fitness.AnswerNo, Reasons: "The diary shows the visits."},
			{Number: "2", Text: "You did not record why.", RealisticProspect: fitness.AnswerNo, Reasons: "Nothing to record."},
		},
		Reasons: "There is no realistic prospect of proving the facts."}
}

// TestRecordDecisionNoResponse: a no-case-to-answer decision without a
// response carries the no-inference statement in the decision, on the
// case and in the notice, which goes to the registrant and the raiser. The
// chair may record it; other members may not.
func TestRecordDecisionNoResponse(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		c := f.mustICPCase(t, f.sw.ID, false)
		m := f.mustMeeting(t, date(2026, 4, 20), f.swPanel(), c)
		f.clock.Set(time.Date(2026, 4, 20, 15, 0, 0, 0, time.UTC))

		_, err := f.meetings.RecordDecision(ctx, actorOf(f.lay), m.ID, c.ID, c.Version, ncaInput())
		mustCode(t, err, fitness.EForbidden, "")
		_, err = f.meetings.RecordDecision(ctx, actorOf(f.chair), m.ID, c.ID, c.Version-1, ncaInput())
		mustCode(t, err, fitness.EConflict, "")
		early := ncaInput()
		early.DecidedOn = date(2026, 4, 19)
		_, err = f.meetings.RecordDecision(ctx, actorOf(f.chair), m.ID, c.ID, c.Version, early)
		if got := fitness.ErrorFields(err)["decided_on"]; got != "The date of the decision must be on or after the meeting, 20 April 2026" {
			t.Errorf("decision before the meeting: %v", err)
		}
		if n := count(t, db, "icp_decisions"); n != 0 {
			t.Fatalf("%d decisions stored by refused attempts", n)
		}

		d, err := f.meetings.RecordDecision(ctx, actorOf(f.chair), m.ID, c.ID, c.Version, ncaInput())
		if err != nil {
			t.Fatal(err)
		}
		if d.RegistrantResponded || d.NoInferenceStatement != fitness.NoInferenceStatement || d.Test.Facts != fitness.AnswerNo {
			t.Errorf("decision %+v", d)
		}
		got, err := f.cases.FindCase(ctx, f.officer, c.ID)
		if err != nil || got.Stage != fitness.StageClosedNoCaseToAnswer || got.Open() {
			t.Errorf("case after the decision: %+v, %v", got, err)
		}
		evs, _ := f.cases.CaseEvents(ctx, f.officer, c.ID)
		last := evs[len(evs)-1]
		if last.Type != string(fitness.ActionNoCaseToAnswer) || last.ActorName != "Jo Bloggs" ||
			!strings.Contains(last.Reason, fitness.NoInferenceStatement) || last.Payload["decision_date"] != "2026-04-20" {
			t.Errorf("event %+v", last)
		}
		stored, err := f.meetings.Decision(ctx, actorOf(f.lay), m.ID, c.ID)
		d.RecordedAt = stored.RecordedAt
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d, stored); diff != "" {
			t.Errorf("stored decision (-recorded +loaded):\n%s", diff)
		}
		n, err := f.meetings.Notice(ctx, f.officer, m.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantTo := []fitness.NoticeRecipient{{Role: fitness.NoticeToRegistrant, Name: "Dana Fairweather"},
			{Role: fitness.NoticeToRaiser, Name: "Morgan Public", Email: "morgan@example.net"}}
		if diff := cmp.Diff(wantTo, n.Recipients); diff != "" {
			t.Errorf("recipients (-want +got):\n%s", diff)
		}
		if n.Decision.NoInferenceStatement != fitness.NoInferenceStatement || n.Reconsider != (fitness.Period{Years: 3}) {
			t.Errorf("notice %+v", n)
		}
		_, err = f.meetings.RecordDecision(ctx, f.officer, m.ID, c.ID, got.Version, ncaInput())
		mustCode(t, err, fitness.EConflict, "")
		if m, _ = f.meetings.FindMeeting(ctx, f.officer, m.ID); m.Cases[0].Outcome != fitness.OutcomeNoCaseToAnswer {
			t.Errorf("agenda %+v", m.Cases)
		}
		_, err = f.meetings.SetPanel(ctx, f.officer, m.ID, f.swPanel())
		mustCode(t, err, fitness.EConflict, "")
	})
}

// TestRecordDecisionResponded: with a response, a case to answer carries
// no statement and moves the case on.
func TestRecordDecisionResponded(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		c := f.mustICPCase(t, f.sw.ID, true)
		m := f.mustMeeting(t, f.clock.Now(), f.swPanel(), c)
		in := fitness.ICPDecisionInput{Outcome: fitness.OutcomeCaseToAnswer, DecidedOn: f.clock.Now(),
			Findings: []fitness.ICPFinding{{Number: "1", Text: "You did not visit Family A.",
				RealisticProspect: fitness.AnswerYes, Reasons: "The family's account is consistent."}},
			Ground: fitness.AnswerYes, Impairment: fitness.AnswerYes, Reasons: "A realistic prospect on all three."}
		b, err := f.meetings.Bundle(ctx, f.officer, m.ID, c.ID)
		if err != nil || !b.Responded || b.ResponseLine != "" || b.Registrant.ID != f.sw.ID {
			t.Fatalf("bundle %+v, %v", b, err)
		}
		d, err := f.meetings.RecordDecision(ctx, f.officer, m.ID, c.ID, c.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if !d.RegistrantResponded || d.NoInferenceStatement != "" {
			t.Errorf("decision %+v", d)
		}
		if got, _ := f.cases.FindCase(ctx, f.officer, c.ID); got.Stage != fitness.StagePreHearing {
			t.Errorf("stage %s", got.Stage)
		}
		n, err := f.meetings.Notice(ctx, f.officer, m.ID, c.ID)
		if err != nil || n.Reconsider != (fitness.Period{}) || len(n.Recipients) != 2 {
			t.Errorf("notice %+v, %v", n, err)
		}
	})
}

// TestBundleHistoryWindow: a no-case-to-answer decision within three years
// appears in a later bundle, an older one does not; the bundle has no
// "no response" item, only the neutral line.
func TestBundleHistoryWindow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		decideNCA := func(meetingDay time.Time) fitness.Case {
			f.clock.Set(meetingDay.AddDate(0, -2, 0).Add(10 * time.Hour))
			c := f.mustICPCase(t, f.sw.ID, false)
			f.clock.Set(meetingDay.Add(12 * time.Hour))
			m := f.mustMeeting(t, meetingDay, f.swPanel(), c)
			in := ncaInput()
			in.DecidedOn = meetingDay
			if _, err := f.meetings.RecordDecision(ctx, f.officer, m.ID, c.ID, c.Version, in); err != nil {
				t.Fatal(err)
			}
			return c
		}
		old := decideNCA(date(2023, 3, 9))
		recent := decideNCA(date(2023, 3, 10))
		f.clock.Set(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
		now := f.mustICPCase(t, f.sw.ID, false)
		m := f.mustMeeting(t, date(2026, 3, 10), f.swPanel(), now)
		b, err := f.meetings.Bundle(ctx, actorOf(f.swMember), m.ID, now.ID)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, h := range b.History {
			refs = append(refs, h.Reference)
			if h.Outcome != fitness.OutcomeNoCaseToAnswer || !h.DecidedOn.Equal(date(2023, 3, 10)) {
				t.Errorf("history entry %+v", h)
			}
		}
		if diff := cmp.Diff([]string{recent.Reference}, refs); diff != "" {
			t.Errorf("history (-want +got; %s is older than three years):\n%s", old.Reference, diff)
		}
		if b.Responded || b.ResponseLine != fitness.NoResponseLine {
			t.Errorf("response line %q", b.ResponseLine)
		}
		for _, it := range b.Items {
			if it.Kind == fitness.BundleResponse || strings.Contains(strings.ToLower(it.Title), "no response") {
				t.Errorf("a no-response item: %+v", it)
			}
		}
		if len(b.Items) != 2 || b.Items[0].Kind != fitness.BundleInvestigationReport || b.Items[1].Kind != fitness.BundleAllegation {
			t.Errorf("items %+v", b.Items)
		}
	})
}

// TestBundleFromInvestigation: the bundle takes the drafted allegation,
// and the registrant's response to an invitation (with the documents the
// reader may see) counts as a response: no neutral line, and no
// no-inference statement on the decision.
func TestBundleFromInvestigation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		requests := NewRequestService(db, fitness.HCPCRules(), f.clock.Now)
		allegations := NewAllegationService(db, f.clock.Now)
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: f.sw.ID})[0]
		c = f.MustApply(t, f.manager, c, fitness.ActionStartTriage, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionStartInvestigation, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionCompleteInvestigation, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct", "allegation": "Served text."})
		_, version, err := allegations.AmendAllegation(ctx, f.manager, c.ID, c.Version, fitness.AllegationInput{
			Stem: "As a registered social worker:", Grounds: []fitness.Ground{fitness.GroundMisconduct},
			Particulars: []fitness.Particular{{Text: "You did not visit Family A."}},
			Impairment:  "Your fitness to practise is impaired by reason of misconduct."})
		if err != nil {
			t.Fatal(err)
		}
		q, err := requests.SendRequest(ctx, f.manager, c.ID, fitness.RequestInput{Kind: fitness.RequestRegistrantInvitation,
			RecipientName: "Dana Fairweather", Details: "Your account, please."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := requests.RecordResponse(ctx, f.manager, c.ID, q.ID, fitness.ResponseInput{
			ReceivedOn: date(2026, 3, 10), Summary: "My account of the visits.",
			Uploads: []fitness.Upload{
				{Filename: "account.txt", Content: []byte("My account\n"), Classification: fitness.ClassOfficial},
				{Filename: "gp letter.pdf", Content: []byte("%PDF-1.7 health"), Classification: fitness.ClassOfficialSensitive},
			}}); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(30 * 24 * time.Hour)
		got, _ := f.cases.FindCase(ctx, f.manager, c.ID)
		if len(got.Deadlines) > 0 {
			got = f.MustApply(t, fitness.SystemActor, got, fitness.ActionNoResponse, nil)
		}
		got = f.MustApply(t, f.manager, got, fitness.ActionReferToICP, nil)
		if got.Version <= version {
			t.Fatalf("case version %d after the allegation's %d", got.Version, version)
		}
		m := f.mustMeeting(t, f.clock.Now(), f.swPanel(), got)

		b, err := f.meetings.Bundle(ctx, actorOf(f.lay), m.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Responded || b.ResponseLine != "" || b.Allegation == nil || b.Allegation.Stem != "As a registered social worker:" {
			t.Fatalf("bundle: responded %v, line %q, allegation %+v", b.Responded, b.ResponseLine, b.Allegation)
		}
		var response *fitness.BundleItem
		for i, it := range b.Items {
			if it.Kind == fitness.BundleAllegation {
				t.Errorf("the served text is shown beside the drafted allegation: %+v", it)
			}
			if it.Kind == fitness.BundleResponse {
				response = &b.Items[i]
			}
		}
		if response == nil || response.Text != "My account of the visits." || len(response.Documents) != 2 {
			t.Fatalf("response item %+v", response)
		}
		// A panel member sees the official-sensitive letter too. The
		// decision carries no statement.
		d, err := f.meetings.RecordDecision(ctx, f.officer, m.ID, c.ID, got.Version, ncaInputOn(f.clock.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if !d.RegistrantResponded || d.NoInferenceStatement != "" {
			t.Errorf("decision %+v", d)
		}
	})
}

// ncaInputOn is ncaInput decided on day.
func ncaInputOn(day time.Time) fitness.ICPDecisionInput {
	in := ncaInput()
	in.DecidedOn = day
	return in
}
