package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// inquiryWorld is an API environment with the inquiry service, a council
// whose social workers were employed at different times, a team leader,
// a case manager on the inquiry team and one who is not.
type inquiryWorld struct {
	e                      *env
	inquiries              *sqldb.InquiryService
	leader, member, other  *client
	registrar              *client
	memberID               string
	council, elsewhere     string // employer ids
	regs                   map[string]fitness.Registrant
	employments            map[string]string // registrant name → employment id at the council
	wantIn, wantOut        []string          // registrant names
	leaderUser, memberUser fitness.User
}

// newInquiryWorld wires the inquiry service into the API of e and fills
// the register: the boundary cases of the 1997–2013 period.
func newInquiryWorld(t *testing.T, e *env) *inquiryWorld {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return e.now }
	cases := sqldb.NewCaseService(e.db, fitness.HCPCProcess(), fitness.HCPCRules(), clock)
	w := &inquiryWorld{e: e, inquiries: sqldb.NewInquiryService(e.db, cases, fitness.HCPCRules(), clock),
		regs: map[string]fitness.Registrant{}, employments: map[string]string{}}
	h, err := api.NewHandler(api.Deps{Users: e.users, Registrants: e.register, Cases: cases, Process: fitness.HCPCProcess(),
		Idempotency: e.idem, Now: clock, Inquiries: w.inquiries, Employers: sqldb.NewPanelService(e.db, clock), Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.handler = h
	w.leaderUser, w.leader = e.mustUser(t, "Tara Leader", fitness.RoleTeamLeader)
	w.memberUser, w.member = e.mustUser(t, "Casey Member", fitness.RoleCaseManager)
	w.memberID = w.memberUser.ID
	_, w.other = e.mustUser(t, "Otto Outsider", fitness.RoleCaseManager)
	_, w.registrar = e.mustUser(t, "Rae Registrar", fitness.RoleRegistrar)
	w.council = mustEmployer(t, e, "Eastholme Borough Council")
	w.elsewhere = mustEmployer(t, e, "Westholme Care Ltd")
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	people := []struct {
		number, given, family string
		status                fitness.RegistrantStatus
		from, to              time.Time
		in, elsewhereNow      bool
	}{
		{"SW700001", "Ada", "Leftearly", fitness.StatusRegistered, d(1990, 4, 1), d(1996, 12, 31), false, true},
		{"SW700002", "Bea", "Joinedlate", fitness.StatusRegistered, d(2013, 12, 31), time.Time{}, true, false},
		{"SW700003", "Cal", "Stillhere", fitness.StatusRegistered, d(2001, 5, 1), time.Time{}, true, false},
		{"SW700004", "Dee", "Movedon", fitness.StatusRegistered, d(1995, 1, 1), d(2004, 8, 31), true, true},
		{"SW700005", "Eli", "Struckoff", fitness.StatusStruckOff, d(1999, 1, 1), d(2009, 1, 1), true, false},
		{"SW700006", "Fay", "Lapsed", fitness.StatusLapsed, d(2010, 3, 1), d(2012, 3, 1), true, false},
		{"SW700007", "Gus", "Joinedafter", fitness.StatusRegistered, d(2014, 1, 1), time.Time{}, false, false},
	}
	for _, p := range people {
		reg, err := e.register.CreateRegistrant(ctx, fitness.Registrant{Number: p.number, ProfessionCode: "social-worker",
			GivenNames: p.given, FamilyName: p.family, Status: p.status, RegisteredSince: d(1990, 1, 1), Town: "Eastholme"})
		if err != nil {
			t.Fatal(err)
		}
		emp, err := e.register.AddEmployment(ctx, fitness.Employment{RegistrantID: reg.ID, EmployerID: w.council,
			Role: "Social worker", From: p.from, To: p.to})
		if err != nil {
			t.Fatal(err)
		}
		if p.elsewhereNow {
			if _, err := e.register.AddEmployment(ctx, fitness.Employment{RegistrantID: reg.ID, EmployerID: w.elsewhere,
				Role: "Senior social worker", From: p.to.AddDate(0, 0, 1)}); err != nil {
				t.Fatal(err)
			}
		}
		w.regs[reg.Name()], w.employments[reg.Name()] = reg, emp.ID
		if p.in {
			w.wantIn = append(w.wantIn, reg.Name())
		} else {
			w.wantOut = append(w.wantOut, reg.Name())
		}
	}
	return w
}

// mustEmployer puts an employer on the register and returns its id.
func mustEmployer(t *testing.T, e *env, name string) string {
	t.Helper()
	emp, err := e.register.CreateEmployer(context.Background(), fitness.Employer{Name: name, Kind: "council", Town: "Eastholme"})
	if err != nil {
		t.Fatal(err)
	}
	return emp.ID
}

// drain works every running bulk step to its end, as the job does.
func (w *inquiryWorld) drain(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	steps, err := w.inquiries.PendingBulkSteps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range steps {
		for more := true; more; {
			if more, err = w.inquiries.RunBulkItem(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// inquiryBody is a valid body of POST /api/v1/inquiries.
func (w *inquiryWorld) inquiryBody() map[string]any {
	return map[string]any{"title": "Eastholme children's services, 1997 to 2013",
		"source": map[string]any{"title": "Independent review of child protection in Eastholme",
			"publisher": "Eastholme Safeguarding Review Panel", "published": "2014-08-26",
			"link": "https://www.example.org/eastholme-review", "summary": "Failings over many years."},
		"employer_ids": []string{w.council}, "from": "1997-01-01", "to": "2013-12-31",
		"team_user_ids": []string{w.memberID}}
}

// apiInquiry is what the tests read of an inquiry.
type apiInquiry struct {
	ID   string `json:"id"`
	Team []struct {
		ID string `json:"id"`
	} `json:"team"`
}

// apiPerson is what the tests read of a person in scope.
type apiPerson struct {
	RegistrantID string `json:"registrant_id"`
	Name         string `json:"name"`
	Status       string `json:"status"`
	Outcome      string `json:"outcome"`
	Case         *struct {
		ID        string `json:"id"`
		Reference string `json:"reference"`
		Stage     string `json:"stage"`
	} `json:"case"`
}

// TestInquiryAPIValidation refuses a bad inquiry field by field and keeps
// nothing.
func TestInquiryAPIValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		w := newInquiryWorld(t, e)
		body := w.inquiryBody()
		body["title"] = ""
		body["from"] = "1997-13-01"
		body["employer_ids"] = []string{}
		body["source"].(map[string]any)["link"] = "not a link"
		f := problemFields(t, w.leader.do("POST", "/api/v1/inquiries", body).want(t, http.StatusUnprocessableEntity))
		for _, field := range []string{"title", "from", "employer_ids", "source.link"} {
			if f[field] == "" {
				t.Errorf("no error for %s: %v", field, f)
			}
		}
		if f["from"] != "Must be a date, YYYY-MM-DD." {
			t.Errorf("from: %q", f["from"])
		}
		body = w.inquiryBody()
		body["from"], body["to"] = "2013-12-31", "1997-01-01"
		f = problemFields(t, w.leader.do("POST", "/api/v1/inquiries", body).want(t, http.StatusUnprocessableEntity))
		if f["to"] != "The end of the period must be the same as or after its start" {
			t.Errorf("period backwards: %v", f)
		}
		body = w.inquiryBody()
		body["employer_ids"] = []string{"no-such-employer"}
		w.leader.do("POST", "/api/v1/inquiries", body).want(t, http.StatusUnprocessableEntity)
		var list struct{ Items []apiInquiry }
		w.leader.do("GET", "/api/v1/inquiries", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("refused inquiries were stored: %d", len(list.Items))
		}
		w.registrar.do("POST", "/api/v1/inquiries", w.inquiryBody()).want(t, http.StatusForbidden)
		var es struct {
			Items []struct{ ID, Name string }
		}
		w.member.do("GET", "/api/v1/employers", nil).want(t, http.StatusOK).decode(t, &es)
		if len(es.Items) != 2 || es.Items[0].ID != w.council || es.Items[0].Name != "Eastholme Borough Council" {
			t.Errorf("employers: %+v", es.Items)
		}
	})
}

// TestInquiryAPI opens an inquiry, runs its scope, sends the demand,
// records an answer, screens people singly and in bulk, and re-runs the
// scope after a correction, through the API on both engines.
func TestInquiryAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		w := newInquiryWorld(t, e)
		var inq apiInquiry
		res := w.leader.do("POST", "/api/v1/inquiries", w.inquiryBody(), "Idempotency-Key", "inq-1").want(t, http.StatusCreated)
		res.decode(t, &inq)
		if res.Header.Get("Location") != "/api/v1/inquiries/"+inq.ID || len(inq.Team) != 2 {
			t.Errorf("created: Location %q, team %v", res.Header.Get("Location"), inq.Team)
		}
		replay := w.leader.do("POST", "/api/v1/inquiries", w.inquiryBody(), "Idempotency-Key", "inq-1").want(t, http.StatusCreated)
		if replay.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry not replayed")
		}
		base := "/api/v1/inquiries/" + inq.ID
		w.checkAccess(t, base)
		w.member.do("POST", base+"/demands", map[string]any{"details": "Records."}).want(t, http.StatusConflict)

		var run struct {
			Snapshot struct {
				ID      string `json:"id"`
				Rule    string `json:"rule"`
				InScope int    `json:"in_scope"`
				People  []apiPerson
			}
			Diff struct {
				Added   []apiPerson `json:"added"`
				Removed []apiPerson `json:"removed"`
				Changed []any       `json:"changed"`
			}
		}
		w.member.do("POST", base+"/scope-runs", nil).want(t, http.StatusCreated).decode(t, &run)
		if got := names(run.Snapshot.People); strings.Join(got, ",") != strings.Join(sorted(w.wantIn), ",") {
			t.Errorf("scope %v; want %v", got, sorted(w.wantIn))
		}
		if run.Snapshot.Rule != fitness.OverlapRule || len(run.Diff.Added) != len(w.wantIn) {
			t.Errorf("first run: rule %q, %d added", run.Snapshot.Rule, len(run.Diff.Added))
		}
		first := run.Snapshot.ID

		w.demands(t, base)
		w.screen(t, base)
		w.letters(t, base)
		w.rerun(t, base, first)
	})
}

// checkAccess: a case manager not on the team and a registrar cannot see
// the inquiry; the team member can.
func (w *inquiryWorld) checkAccess(t *testing.T, base string) {
	t.Helper()
	w.member.do("GET", base, nil).want(t, http.StatusOK)
	w.other.do("GET", base, nil).want(t, http.StatusNotFound)
	w.other.do("POST", base+"/scope-runs", nil).want(t, http.StatusNotFound)
	w.registrar.do("GET", base, nil).want(t, http.StatusForbidden)
	var list struct{ Items []apiInquiry }
	w.other.do("GET", "/api/v1/inquiries", nil).want(t, http.StatusOK).decode(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("a case manager off the team lists %d inquiries", len(list.Items))
	}
	w.member.do("GET", "/api/v1/inquiries", nil).want(t, http.StatusOK).decode(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("the team member lists %d inquiries", len(list.Items))
	}
}

// demands sends the demand to the council, works the bulk step and
// records an answer.
func (w *inquiryWorld) demands(t *testing.T, base string) {
	t.Helper()
	f := problemFields(t, w.member.do("POST", base+"/demands", map[string]any{"details": ""}).want(t, http.StatusUnprocessableEntity))
	if f["details"] == "" {
		t.Errorf("empty details: %v", f)
	}
	var step struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Total  int    `json:"total"`
	}
	body := map[string]any{"details": "Supervision records, 1997 to 2013.", "due": "2026-03-30"}
	res := w.member.do("POST", base+"/demands", body, "Idempotency-Key", "demands-1").want(t, http.StatusAccepted)
	res.decode(t, &step)
	var again struct{ ID string }
	retry := w.member.do("POST", base+"/demands", body, "Idempotency-Key", "demands-1").want(t, http.StatusAccepted)
	if retry.decode(t, &again); again.ID != step.ID || retry.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("a retried start made another step: %s, %s", again.ID, step.ID)
	}
	if res.Header.Get("Location") != base+"/steps/"+step.ID || step.Status != "running" || step.Total != len(w.wantIn) {
		t.Errorf("demand step: %+v at %s", step, res.Header.Get("Location"))
	}
	w.drain(t)
	w.member.do("GET", base+"/steps/"+step.ID, nil).want(t, http.StatusOK).decode(t, &step)
	if step.Status != "done" {
		t.Errorf("demand step after the job: %+v", step)
	}
	var demands struct {
		Items []struct {
			ID       string `json:"id"`
			Employer struct {
				ID string `json:"id"`
			} `json:"employer"`
			Due    string `json:"due"`
			People []struct {
				RegistrantID string `json:"registrant_id"`
				Name         string `json:"name"`
			} `json:"people"`
		}
	}
	w.member.do("GET", base+"/demands", nil).want(t, http.StatusOK).decode(t, &demands)
	if len(demands.Items) != 1 || demands.Items[0].Employer.ID != w.council || len(demands.Items[0].People) != len(w.wantIn) ||
		demands.Items[0].Due != "2026-03-30" {
		t.Fatalf("one demand to the council listing everyone in scope: %+v", demands.Items)
	}
	q := demands.Items[0]
	answer := base + "/demands/" + q.ID + "/answers/" + q.People[0].RegistrantID
	f = problemFields(t, w.member.do("POST", answer, map[string]any{"answer": "", "received_on": "2026-01-01"}).want(t, http.StatusUnprocessableEntity))
	if f["answer"] == "" || f["received_on"] == "" {
		t.Errorf("bad answer: %v", f)
	}
	var got struct {
		People []struct {
			Answer *string `json:"answer"`
		} `json:"people"`
	}
	w.member.do("POST", answer, map[string]any{"answer": "No concerns on file."}).want(t, http.StatusOK).decode(t, &got)
	if got.People[0].Answer == nil || *got.People[0].Answer != "No concerns on file." {
		t.Errorf("answer not recorded: %+v", got.People)
	}
}

// screen opens a case for one person, refers another, and records no
// action for two more in a bulk step; the dashboard counts them.
func (w *inquiryWorld) screen(t *testing.T, base string) {
	t.Helper()
	cal, eli := w.regs["Cal Stillhere"].ID, w.regs["Eli Struckoff"].ID
	f := problemFields(t, w.member.do("POST", base+"/people/"+cal+"/screening", map[string]any{"outcome": "refer",
		"reasons": ""}).want(t, http.StatusUnprocessableEntity))
	if f["reasons"] == "" || f["other_body_id"] == "" {
		t.Errorf("refer without reasons or body: %v", f)
	}
	res := w.member.do("POST", base+"/people/"+cal+"/screening", map[string]any{"outcome": "open_case",
		"reasons": "Allocated worker for two of the children named in the review."}).want(t, http.StatusCreated)
	var sc struct {
		CaseID        *string `json:"case_id"`
		CaseReference *string `json:"case_reference"`
	}
	res.decode(t, &sc)
	if sc.CaseID == nil || sc.CaseReference == nil {
		t.Fatalf("no case opened: %s", res.Body)
	}
	w.member.do("POST", base+"/people/"+cal+"/screening", map[string]any{"outcome": "no_action",
		"reasons": "Again."}).want(t, http.StatusConflict)
	w.member.do("POST", base+"/people/"+eli+"/screening", map[string]any{"outcome": "refer",
		"reasons": "Police to consider.", "other_body_id": fitness.BodyIDPoliceForce}).want(t, http.StatusCreated)
	var p apiPerson
	w.member.do("GET", base+"/people/"+cal, nil).want(t, http.StatusOK).decode(t, &p)
	if p.Outcome != "open_case" || p.Case == nil || p.Case.Reference != *sc.CaseReference {
		t.Errorf("person after screening: %+v", p)
	}
	// The registrant's own record says nothing of the screening.
	reg := w.member.do("GET", "/api/v1/registrants/"+cal, nil).want(t, http.StatusOK)
	if strings.Contains(string(reg.Body), "Allocated worker") || strings.Contains(string(reg.Body), "screen") {
		t.Errorf("screening shows on the registrant: %s", reg.Body)
	}

	bulk := []string{w.regs["Bea Joinedlate"].ID, w.regs["Fay Lapsed"].ID}
	f = problemFields(t, w.member.do("POST", base+"/screenings", map[string]any{"registrant_ids": []string{w.regs["Gus Joinedafter"].ID},
		"outcome": "no_action", "reasons": "Nothing found."}).want(t, http.StatusUnprocessableEntity))
	if f["registrant_ids"] == "" {
		t.Errorf("someone not in scope: %v", f)
	}
	var step struct {
		ID string `json:"id"`
	}
	w.member.do("POST", base+"/screenings", map[string]any{"registrant_ids": bulk, "outcome": "no_action",
		"reasons": "Employed briefly; nothing in the review concerns them."}).want(t, http.StatusAccepted).decode(t, &step)
	w.drain(t)
	var detail struct {
		Status string `json:"status"`
		Done   int    `json:"done"`
		Items  []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	w.member.do("GET", base+"/steps/"+step.ID, nil).want(t, http.StatusOK).decode(t, &detail)
	if detail.Status != "done" || detail.Done != 2 || len(detail.Items) != 2 || detail.Items[0].Status != "done" {
		t.Errorf("bulk screening: %+v", detail)
	}
	var dash struct {
		InScope  int `json:"in_scope"`
		Outcomes struct {
			NotScreened int `json:"not_screened"`
			NoAction    int `json:"no_action"`
			OpenCase    int `json:"open_case"`
			Refer       int `json:"refer"`
		} `json:"outcomes"`
		Cases struct {
			Opened, Open int
		} `json:"cases"`
	}
	w.leader.do("GET", base+"/dashboard", nil).want(t, http.StatusOK).decode(t, &dash)
	o := dash.Outcomes
	if dash.InScope != len(w.wantIn) || o.OpenCase != 1 || o.Refer != 1 || o.NoAction != 2 || o.NotScreened != len(w.wantIn)-4 ||
		dash.Cases.Opened != 1 || dash.Cases.Open != 1 {
		t.Errorf("dashboard: %+v", dash)
	}
	var people struct{ Items []apiPerson }
	w.leader.do("GET", base+"/people?outcome=no_action", nil).want(t, http.StatusOK).decode(t, &people)
	if len(people.Items) != 2 {
		t.Errorf("people with no action: %d", len(people.Items))
	}
	w.leader.do("GET", base+"/people?outcome=maybe", nil).want(t, http.StatusUnprocessableEntity)
}

// rerun corrects an employment record and runs the scope again: the
// difference is exactly that person.
func (w *inquiryWorld) rerun(t *testing.T, base, first string) {
	t.Helper()
	if _, err := w.e.db.Writer().ExecContext(context.Background(),
		`UPDATE employments SET end_date = '1997-01-01' WHERE id = $1`, w.employments["Ada Leftearly"]); err != nil {
		t.Fatal(err)
	}
	var run struct {
		Snapshot struct {
			ID  string `json:"id"`
			Seq int    `json:"seq"`
		}
		Diff struct {
			Added   []apiPerson `json:"added"`
			Removed []apiPerson `json:"removed"`
			Changed []any       `json:"changed"`
		}
	}
	w.leader.do("POST", base+"/scope-runs", nil).want(t, http.StatusCreated).decode(t, &run)
	if run.Snapshot.Seq != 2 || len(run.Diff.Added) != 1 || run.Diff.Added[0].Name != "Ada Leftearly" ||
		len(run.Diff.Removed) != 0 || len(run.Diff.Changed) != 0 {
		t.Errorf("re-run after the correction: %+v", run)
	}
	var diff struct {
		Added []apiPerson `json:"added"`
	}
	w.leader.do("GET", base+"/scope-diff?from="+first+"&to="+run.Snapshot.ID, nil).want(t, http.StatusOK).decode(t, &diff)
	if len(diff.Added) != 1 {
		t.Errorf("scope-diff: %+v", diff)
	}
	w.leader.do("GET", base+"/scope-diff?from="+first, nil).want(t, http.StatusUnprocessableEntity)
	var snaps struct {
		Items []struct {
			ID string `json:"id"`
		}
	}
	w.leader.do("GET", base+"/snapshots", nil).want(t, http.StatusOK).decode(t, &snaps)
	if len(snaps.Items) != 2 || snaps.Items[0].ID != run.Snapshot.ID {
		t.Errorf("snapshots: %+v", snaps)
	}
	w.leader.do("GET", base+"/snapshots/latest", nil).want(t, http.StatusOK)
	w.leader.do("GET", base+"/snapshots/"+first, nil).want(t, http.StatusOK)
}

// names returns the people's names.
func names(ps []apiPerson) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// sorted returns ss sorted.
func sorted(ss []string) []string { return slices.Sorted(slices.Values(ss)) }

// testWriter writes the API's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
