package staff_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
	"fitness/internal/web/staff"
)

// testNotice renders a notice as a small standalone letter.
func testNotice(_ context.Context, n fitness.NoticeOfDecision, to fitness.NoticeRecipient) ([]byte, error) {
	return []byte(`<!doctype html><html lang="en"><head><title>Notice of decision</title></head><body><main>` +
		`<p>Dear ` + html.EscapeString(to.Name) + `</p><p>` + html.EscapeString(n.Decision.Reasons) + `</p><p>` +
		html.EscapeString(n.Decision.NoInferenceStatement) + `</p></main></body></html>`), nil
}

// panelPeople are the hearings officer and a panel for a social worker's
// case, with a second chair.
type panelPeople struct {
	officer, chair, chair2, lay, member fitness.User
}

// ids returns the panel's user ids: chair, lay member, registrant member.
func (pp panelPeople) ids() []string { return []string{pp.chair.ID, pp.lay.ID, pp.member.ID} }

// mustPanelPeople creates the hearings officer and the panel members with
// their seats.
func (f *fixture) mustPanelPeople(t *testing.T) panelPeople {
	t.Helper()
	pp := panelPeople{officer: f.mustUser(t, "hana.hearings@example.org", "Hana Hearings", fitness.RoleHearingsOfficer)}
	member := func(email, name string, kind fitness.PanelKind, profession string) fitness.User {
		u := f.mustUser(t, email, name, fitness.RolePanelMember)
		if _, err := f.panels.SavePanelMember(context.Background(), pp.officer.Actor(), fitness.PanelMember{
			UserID: u.ID, Kind: kind, ProfessionCode: profession}); err != nil {
			t.Fatal(err)
		}
		return u
	}
	pp.chair = member("jo.bloggs@example.org", "Jo Bloggs", fitness.PanelChair, "")
	pp.chair2 = member("alex.chair@example.org", "Alex Chair", fitness.PanelChair, "")
	pp.lay = member("lee.lay@example.org", "Lee Lay", fitness.PanelLay, "")
	pp.member = member("rin.reg@example.org", "Rin Reg", fitness.PanelRegistrant, "social-worker")
	return pp
}

// mustICPCase takes a new case about the registrant to the Investigating
// Committee on case services with their own clocks, so that the time to
// respond can pass: raised by a member of the public on 2 February 2026,
// the registrant responding or not, referred on 5 March.
func (f *fixture) mustICPCase(t *testing.T, registrantID string, responded bool) fitness.Case {
	t.Helper()
	ctx := context.Background()
	at := func(day int, month time.Month) *sqldb.CaseService {
		now := time.Date(2026, month, day, 11, 0, 0, 0, web.London())
		return sqldb.NewCaseService(f.db, f.process, fitness.HCPCRules(), func() time.Time { return now })
	}
	early, late := at(2, time.February), at(5, time.March)
	cm := f.caseManager.Actor()
	_, cs, err := early.CreateConcern(ctx, cm, fitness.ConcernInput{ReceivedOn: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC),
		Source: fitness.SourcePublic, RaisedByName: "Morgan Public", Summary: "Missed visits to a family.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: registrantID}}})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	apply := func(s *sqldb.CaseService, a fitness.Actor, action fitness.ActionName, in fitness.Input) {
		t.Helper()
		if c, err = s.ApplyAction(ctx, a, c.ID, c.Version, action, in); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	apply(early, cm, fitness.ActionStartTriage, nil)
	apply(early, cm, fitness.ActionStartInvestigation, nil)
	apply(early, cm, fitness.ActionCompleteInvestigation, fitness.Input{"note": "Three visits were missed."})
	apply(early, cm, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct", "allegation": "1. You missed visits."})
	if responded {
		apply(early, cm, fitness.ActionRecordResponse, fitness.Input{"received_on": "2026-02-02", "note": "I was unwell."})
	} else {
		apply(late, fitness.SystemActor, fitness.ActionNoResponse, nil)
	}
	apply(late, cm, fitness.ActionReferToICP, nil)
	return c
}

// mustMeeting arranges a meeting on the app's day with the panel and the
// cases on its agenda.
func (f *fixture) mustMeeting(t *testing.T, pp panelPeople, cases ...fitness.Case) fitness.Meeting {
	t.Helper()
	ctx := context.Background()
	m, err := f.meetings.CreateMeeting(ctx, pp.officer.Actor(), fitness.MeetingInput{Committee: fitness.CommitteeInvestigating,
		Date: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Remote: true, Panel: pp.ids()})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if m, err = f.meetings.AddCase(ctx, pp.officer.Actor(), m.ID, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// wantIn fails unless every string is in the body.
func wantIn(t *testing.T, what string, res response, status int, want ...string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.status, status, res.body)
	}
	for _, s := range want {
		if !strings.Contains(res.body, html.EscapeString(s)) {
			t.Errorf("%s: body lacks %q", what, s)
		}
	}
}

// TestMeetingFlow arranges a meeting, chooses its panel, lists a case,
// reads the bundle and records a no-case-to-answer decision through the
// pages, with errors in the summary pattern along the way.
func TestMeetingFlow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		pp := f.mustPanelPeople(t)
		icp := f.mustICPCase(t, f.reg.ID, false)
		c := f.signedIn(t, pp.officer)

		res := f.post(t, c, "/meetings/new", url.Values{"committee": {"investigating"}})
		wantIn(t, "empty meeting form", res, http.StatusUnprocessableEntity, "There is a problem",
			"Enter the date of the meeting", "Select whether the meeting is held remotely")
		res = f.post(t, c, "/meetings/new", url.Values{"committee": {"investigating"}, "date-day": {"10"},
			"date-month": {"3"}, "date-year": {"2026"}, "remote": {"no"}, "venue": {"Room 4, Eastby"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.status, res.body)
		}
		meeting := res.header.Get("Location")

		res = f.post(t, c, meeting+"/panel", url.Values{"chair": {pp.chair.ID}, "lay": {pp.chair2.ID}, "registrant": {pp.member.ID}})
		wantIn(t, "two chairs", res, http.StatusUnprocessableEntity,
			"The panel has 2 chairs (Jo Bloggs, Alex Chair): it needs exactly one", "The panel needs a lay member")
		res = f.post(t, c, meeting+"/panel", url.Values{"chair": {pp.chair.ID}, "lay": {pp.lay.ID}, "registrant": {pp.member.ID}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("panel: %d\n%s", res.status, res.body)
		}
		res = f.post(t, c, meeting+"/cases", url.Values{"case": {f.theCase.Reference}})
		wantIn(t, "early case", res, http.StatusUnprocessableEntity,
			"only cases referred to the Investigating Committee can go on the agenda")
		res = f.post(t, c, meeting+"/cases", url.Values{"case": {icp.Reference}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add case: %d\n%s", res.status, res.body)
		}
		wantIn(t, "meeting", f.get(t, c, meeting), http.StatusOK, "Jo Bloggs", "Lee Lay", "Rin Reg", icp.Reference,
			"In private, on the papers")

		base := meeting + "/cases/" + icp.ID
		res = f.get(t, c, base+"/bundle")
		wantIn(t, "bundle", res, http.StatusOK, fitness.NoResponseLine, "Case investigation report", "Three visits were missed.")
		if strings.Contains(res.body, "No response received") {
			t.Errorf("the bundle shows a no-response item")
		}
		res = f.get(t, c, base+"/decision")
		wantIn(t, "decision form", res, http.StatusOK, fitness.NoInferenceStatement)
		version := hiddenRE.FindStringSubmatch(res.body)[1]
		res = f.post(t, c, base+"/decision", url.Values{"case_version": {version}, "rows": {"1"},
			"decided_on-day": {"10"}, "decided_on-month": {"3"}, "decided_on-year": {"2026"}})
		wantIn(t, "empty decision", res, http.StatusUnprocessableEntity, "Select the panel's decision",
			"Enter the panel's reasons", "Record the panel's decision on each particular")
		res = f.post(t, c, base+"/decision", url.Values{"case_version": {version}, "rows": {"1"}, "add": {"particular"},
			"finding-1-number": {"1"}})
		if res.status != http.StatusOK || !strings.Contains(res.body, `name="finding-2-prospect"`) ||
			!strings.Contains(res.body, `value="1"`) {
			t.Fatalf("add a particular: %d", res.status)
		}
		res = f.post(t, c, base+"/decision", url.Values{"case_version": {version}, "rows": {"2"},
			"outcome": {"no_case_to_answer"}, "decided_on-day": {"10"}, "decided_on-month": {"3"}, "decided_on-year": {"2026"},
			"finding-1-number": {"1"}, "finding-1-text": {"You missed visits."}, "finding-1-prospect": {"no"},
			"finding-1-reasons": {"The diary shows the visits."}, "reasons": {"No realistic prospect of proving the facts."}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != base+"/notice" {
			t.Fatalf("record: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		wantIn(t, "notice", f.get(t, c, base+"/notice"), http.StatusOK, "No case to answer", fitness.NoInferenceStatement,
			"Morgan Public", "never published", "The diary shows the visits.")
		res = f.get(t, c, base+"/notice/raiser")
		wantIn(t, "letter", res, http.StatusOK, "Dear Morgan Public", fitness.NoInferenceStatement)
		if csp := res.header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
			t.Errorf("letter CSP %q", csp)
		}
		wantIn(t, "decision once recorded", f.get(t, c, base+"/decision"), http.StatusOK, "The panel's decision",
			fitness.NoInferenceStatement)
		if got, _ := f.cases.FindCase(t.Context(), pp.officer.Actor(), icp.ID); got.Stage != fitness.StageClosedNoCaseToAnswer {
			t.Errorf("case stage %s", got.Stage)
		}
	})
}

// TestPanelMemberPages: a panel member sees their meetings and the cases
// on their agendas only; the chair records a decision; a conflict declared
// in the middle of a session shuts the cases at once.
func TestPanelMemberPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		pp := f.mustPanelPeople(t)
		icp := f.mustICPCase(t, f.reg.ID, true)
		m := f.mustMeeting(t, pp, icp)
		lay := f.signedIn(t, pp.lay)

		wantIn(t, "my meetings", f.get(t, lay, "/meetings"), http.StatusOK, "My meetings", "10 March 2026")
		res := f.get(t, lay, "/cases")
		wantIn(t, "case list", res, http.StatusOK, icp.Reference)
		if strings.Contains(res.body, f.theCase.Reference) {
			t.Errorf("a panel member lists a case off their agenda")
		}
		wantIn(t, "agenda case", f.get(t, lay, "/cases/"+icp.ID), http.StatusOK, icp.Reference)
		wantIn(t, "other case", f.get(t, lay, "/cases/"+f.theCase.ID), http.StatusNotFound)
		base := "/meetings/" + m.ID + "/cases/" + icp.ID
		wantIn(t, "bundle", f.get(t, lay, base+"/bundle"), http.StatusOK, "The registrant's response", "I was unwell.")
		wantIn(t, "lay member's decision form", f.get(t, lay, base+"/decision"), http.StatusNotFound)
		other := f.signedIn(t, pp.chair2)
		wantIn(t, "off the panel", f.get(t, other, "/meetings/"+m.ID), http.StatusNotFound)

		// The chair records a case to answer.
		chair := f.signedIn(t, pp.chair)
		res = f.get(t, chair, base+"/decision")
		wantIn(t, "chair's decision form", res, http.StatusOK, "The registrant responded")
		version := hiddenRE.FindStringSubmatch(res.body)[1]
		res = f.post(t, chair, base+"/decision", url.Values{"case_version": {version}, "rows": {"1"},
			"outcome": {"case_to_answer"}, "decided_on-day": {"10"}, "decided_on-month": {"3"}, "decided_on-year": {"2026"},
			"finding-1-number": {"1"}, "finding-1-text": {"You missed visits."}, "finding-1-prospect": {"yes"},
			"finding-1-reasons": {"Consistent accounts."}, "ground": {"yes"}, "impairment": {"yes"},
			"reasons": {"A realistic prospect on all three."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("chair records: %d\n%s", res.status, res.body)
		}
		res = f.get(t, lay, base+"/notice")
		wantIn(t, "notice", res, http.StatusOK, "Case to answer")
		if strings.Contains(res.body, fitness.NoInferenceStatement) {
			t.Errorf("the notice says no inference was drawn, though the registrant responded")
		}

		// The lay member declares a conflict with the registrant: at once,
		// in the same session, the case and its bundle are gone.
		res = f.post(t, lay, "/conflicts/new", url.Values{"with": {"registrant"}, "registrant": {f.reg.Number},
			"reason": {"A neighbour."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("declare: %d\n%s", res.status, res.body)
		}
		wantIn(t, "my conflicts", f.get(t, lay, "/conflicts"), http.StatusOK, "A neighbour.")
		wantIn(t, "case after the conflict", f.get(t, lay, "/cases/"+icp.ID), http.StatusNotFound)
		wantIn(t, "bundle after the conflict", f.get(t, lay, base+"/bundle"), http.StatusNotFound)
		if res := f.get(t, lay, "/cases"); strings.Contains(res.body, icp.Reference) {
			t.Errorf("the case is still listed after the conflict")
		}
	})
}

// TestPanelMemberAdmin: a hearings officer sets up a panel member's seat,
// with field errors kept, and records a conflict for someone else.
func TestPanelMemberAdmin(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	pp := f.mustPanelPeople(t)
	newcomer := f.mustUser(t, "nia.new@example.org", "Nia New", fitness.RolePanelMember)
	c := f.signedIn(t, pp.officer)
	wantIn(t, "list", f.get(t, c, "/panel-members"), http.StatusOK, "Nia New", "Not set up yet", "Social worker in England")
	res := f.post(t, c, "/panel-members/"+newcomer.ID, url.Values{"kind": {"registrant"}})
	wantIn(t, "no profession", res, http.StatusUnprocessableEntity, "Select the profession of the registrant member",
		"Select whether they are legally qualified")
	res = f.post(t, c, "/panel-members/"+newcomer.ID, url.Values{"kind": {"registrant"}, "profession": {"paramedic"},
		"legally_qualified": {"no"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, res.body)
	}
	wantIn(t, "not a panel member", f.get(t, c, "/panel-members/"+f.caseManager.ID), http.StatusNotFound)
	res = f.post(t, c, "/conflicts/new", url.Values{"user": {f.caseManager.ID}, "with": {"case"}, "reason": {"x"}})
	wantIn(t, "no reference", res, http.StatusUnprocessableEntity, "Enter the case reference")
	res = f.post(t, c, "/conflicts/new", url.Values{"user": {f.caseManager.ID}, "with": {"case"},
		"case": {f.theCase.Reference}, "reason": {"Their cousin raised it."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("conflict: %d\n%s", res.status, res.body)
	}
	wantIn(t, "everyone's conflicts", f.get(t, c, "/conflicts"), http.StatusOK, "Casey Manager", "Case "+f.theCase.Reference)
	cm := f.signedIn(t, f.caseManager)
	wantIn(t, "case manager's case", f.get(t, cm, "/cases/"+f.theCase.ID), http.StatusNotFound)
}

// TestNoticeNeverPublic: no public route of the staff app is about
// meetings, notices, panels or conflicts, and someone not signed in is
// sent to sign in rather than shown a notice.
func TestNoticeNeverPublic(t *testing.T) {
	for _, rt := range staff.Routes() {
		_, pattern, _ := strings.Cut(rt.Pattern, " ")
		private := strings.HasPrefix(pattern, "/meetings") || strings.HasPrefix(pattern, "/conflicts") ||
			strings.HasPrefix(pattern, "/panel-members") || strings.Contains(pattern, "notice")
		if private && (rt.Permission == fitness.PermPublic || rt.Permission == fitness.PermSignedIn) {
			t.Errorf("%s is open to %s", rt.Pattern, rt.Permission)
		}
	}
	f := newFixture(t, sqldb.SQLite, false)
	pp := f.mustPanelPeople(t)
	icp := f.mustICPCase(t, f.reg.ID, false)
	m := f.mustMeeting(t, pp, icp)
	base := "/meetings/" + m.ID + "/cases/" + icp.ID
	anon := f.client(t)
	for _, p := range []string{"/meetings", "/meetings/" + m.ID, base + "/bundle", base + "/notice", base + "/notice/raiser"} {
		res := f.get(t, anon, p)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/sign-in") {
			t.Errorf("anonymous GET %s: %d %s", p, res.status, res.header.Get("Location"))
		}
	}
	// A case manager, who may see the case, still sees no notice.
	cm := f.signedIn(t, f.caseManager)
	if res := f.get(t, cm, base+"/notice"); res.status != http.StatusNotFound {
		t.Errorf("case manager GET notice: %d", res.status)
	}
}

// matrixMeeting is a meeting for the route matrix: the given panel member
// chairs it, and its one case is decided.
type matrixMeeting struct {
	meeting fitness.Meeting
	caseID  string
}

// mustMatrixMeeting sets up a decided meeting chaired by chair.
func (f *fixture) mustMatrixMeeting(t *testing.T, chair fitness.User) matrixMeeting {
	t.Helper()
	ctx := context.Background()
	pp := f.mustPanelPeople(t)
	if _, err := f.panels.SavePanelMember(ctx, pp.officer.Actor(), fitness.PanelMember{UserID: chair.ID,
		Kind: fitness.PanelChair}); err != nil {
		t.Fatal(err)
	}
	pp.chair = chair
	return f.mustDecidedMeeting(t, pp)
}

// mustDecidedMeeting sets up a meeting of the panel whose one case is
// decided: no case to answer.
func (f *fixture) mustDecidedMeeting(t *testing.T, pp panelPeople) matrixMeeting {
	t.Helper()
	ctx := context.Background()
	icp := f.mustICPCase(t, f.reg.ID, false)
	m := f.mustMeeting(t, pp, icp)
	_, err := f.meetings.RecordDecision(ctx, pp.officer.Actor(), m.ID, icp.ID, icp.Version, fitness.ICPDecisionInput{
		Outcome: fitness.OutcomeNoCaseToAnswer, DecidedOn: m.Date, Reasons: "No realistic prospect.",
		Findings: []fitness.ICPFinding{{Number: "1", Text: "You missed visits.", RealisticProspect: fitness.AnswerNo, Reasons: "Diary."}}})
	if err != nil {
		t.Fatal(err)
	}
	m, err = f.meetings.FindMeeting(ctx, pp.officer.Actor(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return matrixMeeting{meeting: m, caseID: icp.ID}
}

// TestDecisionFormUsesAllegation: with an allegation drafted, the decision
// form lists its particulars rather than free-text rows.
func TestDecisionFormUsesAllegation(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	pp := f.mustPanelPeople(t)
	icp := f.mustICPCase(t, f.reg.ID, false)
	if _, _, err := f.allegations.AmendAllegation(context.Background(), f.caseManager.Actor(), icp.ID, icp.Version,
		fitness.AllegationInput{Stem: "As a registered social worker:", Grounds: []fitness.Ground{fitness.GroundMisconduct},
			Particulars: []fitness.Particular{{Text: "You did not visit Family A."}, {Text: "You did not record why."}},
			Impairment:  "Your fitness to practise is impaired."}); err != nil {
		t.Fatal(err)
	}
	icp, err := f.cases.FindCase(context.Background(), f.caseManager.Actor(), icp.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := f.mustMeeting(t, pp, icp)
	c := f.signedIn(t, pp.officer)
	base := "/meetings/" + m.ID + "/cases/" + icp.ID
	res := f.get(t, c, base+"/decision")
	wantIn(t, "decision form", res, http.StatusOK, "You did not visit Family A.", "You did not record why.",
		"Is there a realistic prospect of proving particular 2?")
	if strings.Contains(res.body, "Add another particular") {
		t.Errorf("free-text rows offered beside the allegation's particulars")
	}
	wantIn(t, "bundle", f.get(t, c, base+"/bundle"), http.StatusOK, "Allegation, version 1", "2. You did not record why.")
	version := hiddenRE.FindStringSubmatch(res.body)[1]
	res = f.post(t, c, base+"/decision", url.Values{"case_version": {version}, "outcome": {"no_case_to_answer"},
		"decided_on-day": {"10"}, "decided_on-month": {"3"}, "decided_on-year": {"2026"},
		"finding-1-prospect": {"no"}, "finding-1-reasons": {"Diary."}, "reasons": {"No prospect."}})
	wantIn(t, "one particular undecided", res, http.StatusUnprocessableEntity,
		"Select whether there is a realistic prospect of proving particular 2")
	res = f.post(t, c, base+"/decision", url.Values{"case_version": {version}, "outcome": {"no_case_to_answer"},
		"decided_on-day": {"10"}, "decided_on-month": {"3"}, "decided_on-year": {"2026"},
		"finding-1-prospect": {"no"}, "finding-1-reasons": {"Diary."}, "finding-2-prospect": {"no"},
		"finding-2-reasons": {"Nothing to record."}, "reasons": {"No prospect."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", res.status, res.body)
	}
	d, err := f.meetings.Decision(context.Background(), pp.officer.Actor(), m.ID, icp.ID)
	if err != nil || len(d.Findings) != 2 || d.Findings[1].Number != "2" || d.Findings[1].Text != "You did not record why." {
		t.Errorf("decision %+v, %v", d, err)
	}
}
