package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// meetingWorld is an API environment with a hearings officer, a panel for
// social workers' cases, a paramedic member and a case manager, each with
// a client.
type meetingWorld struct {
	e                                          *env
	officer, chair, lay, member, para, manager *client
	ids                                        map[string]string // name → user id
	social                                     fitness.Registrant
}

func newMeetingWorld(t *testing.T, e *env) *meetingWorld {
	t.Helper()
	ctx := context.Background()
	w := &meetingWorld{e: e, ids: map[string]string{}}
	var officer fitness.User
	officer, w.officer = e.mustUser(t, "Hal Hearings", fitness.RoleHearingsOfficer)
	cm, manager := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
	w.manager, w.ids["manager"] = manager, cm.ID
	panels := sqldb.NewPanelService(e.db, func() time.Time { return e.now })
	member := func(name string, kind fitness.PanelKind, profession string) *client {
		u, c := e.mustUser(t, name, fitness.RolePanelMember)
		if _, err := panels.SavePanelMember(ctx, officer.Actor(), fitness.PanelMember{UserID: u.ID, Kind: kind,
			ProfessionCode: profession}); err != nil {
			t.Fatal(err)
		}
		w.ids[name] = u.ID
		return c
	}
	w.chair = member("Jo Bloggs", fitness.PanelChair, "")
	member("Alex Chair", fitness.PanelChair, "")
	w.lay = member("Lee Lay", fitness.PanelLay, "")
	w.member = member("Rin Reg", fitness.PanelRegistrant, "social-worker")
	w.para = member("Pat Para", fitness.PanelRegistrant, "paramedic")
	var err error
	w.social, err = e.register.CreateRegistrant(ctx, fitness.Registrant{Number: "SW300001", ProfessionCode: "social-worker",
		GivenNames: "Dana", FamilyName: "Fairweather", Status: fitness.StatusRegistered,
		RegisteredSince: time.Date(2014, 5, 1, 0, 0, 0, 0, time.UTC), Town: "Eastby"})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// icpCase takes a new case about the social worker to the Investigating
// Committee, the registrant not responding, on case services with their
// own clocks (January and February 2026).
func (w *meetingWorld) icpCase(t *testing.T) fitness.Case {
	t.Helper()
	ctx := context.Background()
	at := func(month time.Month, day int) *sqldb.CaseService {
		now := time.Date(2026, month, day, 10, 0, 0, 0, time.UTC)
		return sqldb.NewCaseService(w.e.db, fitness.HCPCProcess(), fitness.HCPCRules(), func() time.Time { return now })
	}
	early, late := at(time.January, 20), at(time.February, 25)
	cm := fitness.Actor{UserID: w.ids["manager"], Name: "Casey Manager", Roles: []fitness.Role{fitness.RoleCaseManager}}
	_, cs, err := early.CreateConcern(ctx, cm, fitness.ConcernInput{ReceivedOn: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC),
		Source: fitness.SourcePublic, RaisedByName: "Morgan Public", Summary: "Missed visits.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: w.social.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	steps := []struct {
		s      *sqldb.CaseService
		a      fitness.Actor
		action fitness.ActionName
		in     fitness.Input
	}{
		{early, cm, fitness.ActionStartTriage, nil},
		{early, cm, fitness.ActionStartInvestigation, nil},
		{early, cm, fitness.ActionCompleteInvestigation, nil},
		{early, cm, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct", "allegation": "1. Missed visits."}},
		{late, fitness.SystemActor, fitness.ActionNoResponse, nil},
		{late, cm, fitness.ActionReferToICP, nil},
	}
	for _, st := range steps {
		if c, err = st.s.ApplyAction(ctx, st.a, c.ID, c.Version, st.action, st.in); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	return c
}

// fields returns the problem's error fields as a map.
func problemFields(t *testing.T, r response) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range r.problem(t).Errors {
		out[e.Field] = e.Detail
	}
	return out
}

// TestMeetingAPI arranges a meeting, lists a case and records a decision
// through the API, every response checked against the contract.
func TestMeetingAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		w := newMeetingWorld(t, e)
		icp := w.icpCase(t)
		early := w.icpCase(t)
		body := map[string]any{"committee": "investigating", "date": "2026-03-02", "remote": true,
			"panel": []string{w.ids["Jo Bloggs"], w.ids["Alex Chair"], w.ids["Rin Reg"]}}
		f := problemFields(t, w.officer.do("POST", "/api/v1/meetings", body).want(t, http.StatusUnprocessableEntity))
		if !strings.HasPrefix(f["panel.chair"], "The panel has 2 chairs") || f["panel.lay"] != "The panel needs a lay member" {
			t.Errorf("two chairs: %v", f)
		}
		w.manager.do("POST", "/api/v1/meetings", body).want(t, http.StatusForbidden)
		body["panel"] = []string{w.ids["Jo Bloggs"], w.ids["Lee Lay"], w.ids["Rin Reg"]}
		res := w.officer.do("POST", "/api/v1/meetings", body, "Idempotency-Key", "meeting-1").want(t, http.StatusCreated)
		var m struct {
			ID      string `json:"id"`
			Private bool   `json:"private"`
			Cases   []struct {
				CaseID  string  `json:"case_id"`
				Outcome *string `json:"outcome"`
			} `json:"cases"`
		}
		res.decode(t, &m)
		if !m.Private || res.Header.Get("Location") != "/api/v1/meetings/"+m.ID {
			t.Errorf("meeting %+v, Location %q", m, res.Header.Get("Location"))
		}
		path := "/api/v1/meetings/" + m.ID

		// Only cases at the Investigating Committee stage go on the agenda.
		_, fresh, err := sqldb.NewCaseService(e.db, fitness.HCPCProcess(), fitness.HCPCRules(), func() time.Time { return e.now }).
			CreateConcern(context.Background(), fitness.Actor{UserID: w.ids["manager"], Roles: []fitness.Role{fitness.RoleCaseManager}},
				fitness.ConcernInput{ReceivedOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Source: fitness.SourceSelfReferral,
					RaisedByName: "Dana Fairweather", Summary: "A caution.", Subjects: []fitness.ConcernSubject{{RegistrantID: w.social.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		f = problemFields(t, w.officer.do("POST", path+"/cases", map[string]string{"case": fresh[0].Reference}).
			want(t, http.StatusUnprocessableEntity))
		if !strings.HasSuffix(f["case"], "only cases referred to the Investigating Committee can go on the agenda") {
			t.Errorf("received case: %v", f)
		}
		f = problemFields(t, w.officer.do("POST", path+"/cases", map[string]string{"case": "FTP-1999-00001"}).
			want(t, http.StatusUnprocessableEntity))
		if f["case"] != "There is no case FTP-1999-00001" {
			t.Errorf("unknown case: %v", f)
		}
		w.officer.do("POST", path+"/cases", map[string]string{"case": icp.Reference}).want(t, http.StatusOK)
		w.lay.do("GET", path, nil).want(t, http.StatusOK)
		w.para.do("GET", path, nil).want(t, http.StatusNotFound)
		w.manager.do("GET", path, nil).want(t, http.StatusForbidden)

		// The panel member sees the agenda case, and only it.
		w.lay.do("GET", "/api/v1/cases/"+icp.ID, nil).want(t, http.StatusOK)
		w.lay.do("GET", "/api/v1/cases/"+early.ID, nil).want(t, http.StatusNotFound)
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		w.lay.do("GET", "/api/v1/cases", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != icp.ID {
			t.Errorf("panel member's list %+v", list.Items)
		}

		decision := path + "/cases/" + icp.ID + "/decision"
		in := map[string]any{"outcome": "no_case_to_answer", "decided_on": "2026-03-02",
			"findings": []map[string]string{{"number": "1", "text": "Missed visits.", "realistic_prospect": "no",
				"reasons": "The diary shows the visits."}},
			"reasons": "No realistic prospect of proving the facts."}
		etag := `"v` + strconv.Itoa(icp.Version) + `"`
		w.chair.do("POST", decision, in).want(t, http.StatusPreconditionRequired)
		w.chair.do("POST", decision, in, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		w.lay.do("POST", decision, in, "If-Match", etag).want(t, http.StatusForbidden)
		bad := map[string]any{"outcome": "case_to_answer", "decided_on": "2026-03-02", "reasons": "x",
			"findings": []map[string]string{{"number": "1", "text": "Missed visits.", "realistic_prospect": "maybe", "reasons": "x"}}}
		f = problemFields(t, w.chair.do("POST", decision, bad, "If-Match", etag).want(t, http.StatusUnprocessableEntity))
		if f["findings[0].realistic_prospect"] == "" || f["ground"] == "" {
			t.Errorf("bad decision: %v", f)
		}
		res = w.chair.do("POST", decision, in, "If-Match", etag).want(t, http.StatusCreated)
		var d struct {
			Outcome              string  `json:"outcome"`
			RegistrantResponded  bool    `json:"registrant_responded"`
			NoInferenceStatement *string `json:"no_inference_statement"`
		}
		res.decode(t, &d)
		if d.NoInferenceStatement == nil || *d.NoInferenceStatement != fitness.NoInferenceStatement || d.RegistrantResponded {
			t.Errorf("decision %+v", d)
		}
		w.lay.do("GET", decision, nil).want(t, http.StatusOK)
		var c struct {
			Stage   string `json:"stage"`
			Version int    `json:"version"`
		}
		w.officer.do("GET", "/api/v1/cases/"+icp.ID, nil).want(t, http.StatusOK).decode(t, &c)
		if c.Stage != string(fitness.StageClosedNoCaseToAnswer) {
			t.Errorf("case stage %s", c.Stage)
		}
		w.officer.do("POST", decision, in, "If-Match", `"v`+strconv.Itoa(c.Version)+`"`).want(t, http.StatusConflict)
		w.officer.do("GET", path, nil).want(t, http.StatusOK).decode(t, &m)
		if len(m.Cases) != 1 || m.Cases[0].Outcome == nil || *m.Cases[0].Outcome != "no_case_to_answer" {
			t.Errorf("agenda %+v", m.Cases)
		}
	})
}

// TestMeetingsNeverPublic: no meeting or decision route is public, and a
// request without a token is refused.
func TestMeetingsNeverPublic(t *testing.T) {
	for _, rt := range api.Routes() {
		if strings.Contains(rt.Pattern, "/meetings") && (rt.Permission == fitness.PermPublic || rt.Permission == fitness.PermSignedIn) {
			t.Errorf("%s %s is open to %s", rt.Method, rt.Pattern, rt.Permission)
		}
	}
	e := newEnv(t, sqldb.SQLite)
	anon := e.anonymous(t)
	anon.do("GET", "/api/v1/meetings/x", nil).want(t, http.StatusUnauthorized)
	anon.do("GET", "/api/v1/meetings/x/cases/y/decision", nil).want(t, http.StatusUnauthorized)
}
