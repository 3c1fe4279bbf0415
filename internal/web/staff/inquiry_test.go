package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// matrixInquiry is an inquiry with one of everything its pages show: a
// scope run, a demand, a screened person and a bulk step.
type matrixInquiry struct {
	inq                     fitness.Inquiry
	demandID, stepID, regID string
}

// mustInquiry has the team leader open an inquiry into Northshire
// Council's staff from 2018 to 2025, with team as its other members.
func (f *fixture) mustInquiry(t *testing.T, team ...string) fitness.Inquiry {
	t.Helper()
	inq, err := f.inquiries.CreateInquiry(context.Background(), f.teamLeader.Actor(), fitness.InquiryInput{
		Title: "Northshire home visits inquiry", SourceTitle: "Review of home visits in Northshire",
		SourcePublisher: "Northshire Safeguarding Panel", SourcePublished: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
		SourceSummary: "Visits were missed over several years.", EmployerIDs: []string{f.employerID(t, "Northshire Council")},
		From: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		TeamUserIDs: team})
	if err != nil {
		t.Fatal(err)
	}
	return inq
}

// employerID returns the id of the employer called name.
func (f *fixture) employerID(t *testing.T, name string) string {
	t.Helper()
	es, err := f.panels.Employers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name == name {
			return e.ID
		}
	}
	t.Fatalf("no employer %s", name)
	return ""
}

// mustMatrixInquiry opens an inquiry (its team: the team leader only),
// runs its scope, sends its demand and screens the registrant in a bulk
// step, the steps' jobs run to the end.
func (f *fixture) mustMatrixInquiry(t *testing.T) matrixInquiry {
	t.Helper()
	ctx := context.Background()
	tl := f.teamLeader.Actor()
	m := matrixInquiry{inq: f.mustInquiry(t), regID: f.reg.ID}
	if _, err := f.inquiries.RunScope(ctx, tl, m.inq.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.inquiries.StartDemands(ctx, tl, m.inq.ID, fitness.DemandInput{Details: "Visit records."}); err != nil {
		t.Fatal(err)
	}
	step, err := f.inquiries.StartScreening(ctx, tl, m.inq.ID, []string{f.reg.ID},
		fitness.ScreeningInput{Outcome: fitness.ScreenNoAction, Reasons: "Joined after the visits in question."})
	if err != nil {
		t.Fatal(err)
	}
	f.drainBulk(t)
	qs, err := f.inquiries.Demands(ctx, tl, m.inq.ID)
	if err != nil || len(qs) != 1 {
		t.Fatalf("demands: %v %v", qs, err)
	}
	m.demandID, m.stepID = qs[0].ID, step.ID
	return m
}

// drainBulk works every running bulk step to its end, as the job does.
func (f *fixture) drainBulk(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	steps, err := f.inquiries.PendingBulkSteps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range steps {
		for more := true; more; {
			if more, err = f.inquiries.RunBulkItem(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// inquiryForm is a valid new inquiry form for Northshire Council.
func (f *fixture) inquiryForm(t *testing.T) url.Values {
	return url.Values{"title": {"Northshire visits"}, "source_title": {"Review of home visits"},
		"source_publisher": {"Northshire Safeguarding Panel"}, "source_published-day": {"3"},
		"source_published-month": {"11"}, "source_published-year": {"2025"}, "source_link": {""},
		"source_summary": {"Visits were missed."}, "employers": {f.employerID(t, "Northshire Council")},
		"from-day": {"1"}, "from-month": {"1"}, "from-year": {"2018"},
		"to-day": {"31"}, "to-month": {"12"}, "to-year": {"2025"}}
}

// TestInquiryPages opens an inquiry through the forms (errors first, with
// what was typed kept), runs its scope, screens one person and two more in
// a bulk step, and reads the dashboard, on both engines.
func TestInquiryPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		ctx := context.Background()
		other := f.mustRegistrant(t, "SW900003", "Ifan", "Rowlands")
		third := f.mustRegistrant(t, "SW900004", "Jory", "Penrose")
		for _, r := range []fitness.Registrant{other, third} {
			if _, err := f.registrants.AddEmployment(ctx, fitness.Employment{RegistrantID: r.ID,
				EmployerID: f.employerID(t, "Northshire Council"), Role: "Social worker",
				From: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2019, 1, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
		}
		c := f.signedIn(t, f.teamLeader)
		bad := f.inquiryForm(t)
		bad.Set("title", "")
		bad.Set("from-month", "13")
		bad.Set("source_link", "example dot org")
		res := f.post(t, c, "/inquiries/new", bad)
		if res.status != http.StatusUnprocessableEntity || !strings.HasPrefix(title(res.body), "Error:") ||
			!strings.Contains(res.body, "Enter title") && !strings.Contains(res.body, "Enter the title") ||
			!strings.Contains(res.body, "must be a real date") || !strings.Contains(res.body, "example dot org") ||
			!strings.Contains(res.body, "Northshire Safeguarding Panel") {
			t.Fatalf("form with errors: %d %s\n%s", res.status, title(res.body), res.body)
		}
		good := f.inquiryForm(t)
		good.Set("team", f.caseManager.ID)
		res = f.post(t, c, "/inquiries/new", good)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/inquiries/") {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		base := res.header.Get("Location")
		if res = f.get(t, c, base); res.status != http.StatusOK || !strings.Contains(res.body, "The scope has not been run yet") {
			t.Fatalf("new inquiry page: %d", res.status)
		}
		if res = f.post(t, c, base+"/scope", url.Values{}); res.status != http.StatusSeeOther {
			t.Fatalf("run scope: %d", res.status)
		}
		res = f.get(t, c, base+"/scope")
		for _, want := range []string{"Scope run: 3 people in scope", "Ifan Rowlands", "Jory Penrose", "Seán Ó Briain",
			"Run 1: 3 people in scope", fitness.OverlapRule} {
			if !strings.Contains(res.body, want) {
				t.Errorf("scope page lacks %q", want)
			}
		}
		f.screenThroughPages(t, c, base, other, third)
		f.lettersThroughPages(t, c, base, other)
		f.rerunThroughPages(t, c, base, other, third)
	})
}

// rerunThroughPages corrects two employment records and runs the scope
// again: one person leaves the scope, one changes, and the page says so.
func (f *fixture) rerunThroughPages(t *testing.T, c *http.Client, base string, gone, changed fitness.Registrant) {
	t.Helper()
	ctx := context.Background()
	for id, end := range map[string]string{gone.ID: "2017-12-31", changed.ID: "2019-06-30"} {
		if _, err := f.db.Writer().ExecContext(ctx, `UPDATE employments SET end_date = $1 WHERE registrant_id = $2`, end, id); err != nil {
			t.Fatal(err)
		}
	}
	if res := f.post(t, c, base+"/scope", url.Values{}); res.status != http.StatusSeeOther {
		t.Fatalf("run the scope again: %d", res.status)
	}
	res := f.get(t, c, base+"/scope")
	for _, want := range []string{"Scope run: 2 people in scope: 0 added, 1 removed, 1 changed", "Changes since run 1",
		"0 added, 1 removed, 1 changed.", "2 people (shown)", "to 30 June 2019"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("scope page after the correction lacks %q", want)
		}
	}
	if i := strings.Index(res.body, `id="scope-diff"`); i < 0 || !strings.Contains(res.body[i:], gone.Name()) {
		t.Errorf("the difference does not name %s", gone.Name())
	}
}

// screenThroughPages screens the registrant singly (a refused form first)
// and the other two in a bulk step, then checks the step and dashboard.
func (f *fixture) screenThroughPages(t *testing.T, c *http.Client, base string, other, third fitness.Registrant) {
	t.Helper()
	person := base + "/people/" + f.reg.ID
	res := f.post(t, c, person, url.Values{"outcome": {"open_case"}, "reasons": {""}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "govuk-error-summary") {
		t.Fatalf("screen without reasons: %d", res.status)
	}
	res = f.post(t, c, person, url.Values{"outcome": {"open_case"}, "reasons": {"Named in the review."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("screen: %d %s", res.status, res.body)
	}
	if res = f.get(t, c, person); !strings.Contains(res.body, "Case opened:") || !strings.Contains(res.body, "Named in the review.") {
		t.Errorf("person page after screening:\n%s", res.body)
	}
	f.checkCaseLinksInquiry(t, c, strings.TrimPrefix(base, "/inquiries/"))
	if res = f.get(t, c, base+"/people/"+other.ID); !strings.Contains(res.body, `value="`+fitness.BodyIDBarringService+`"`) {
		t.Errorf("the screening form offers no barring service to refer to")
	}
	res = f.post(t, c, base+"/screening", url.Values{"outcome": {"no_action"}, "reasons": {"Left before."}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `href="#registrants-1"`) {
		t.Errorf("bulk screening with nobody ticked: %d", res.status)
	}
	res = f.post(t, c, base+"/screening", url.Values{"registrants": {other.ID, third.ID}, "outcome": {"no_action"},
		"reasons": {"Left before the visits in question."}})
	if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "/steps/") {
		t.Fatalf("bulk screening: %d %s", res.status, res.body)
	}
	step := res.header.Get("Location")
	if res = f.get(t, c, step); !strings.Contains(res.body, "Refresh progress") || !strings.Contains(res.body, "0 of 2 done") {
		t.Errorf("step before the job ran lacks its progress:\n%s", res.body)
	}
	f.drainBulk(t)
	if res = f.get(t, c, step); strings.Contains(res.body, "Refresh progress") || !strings.Contains(res.body, "Finished: 2 of 2 done") {
		t.Errorf("step after the job:\n%s", res.body)
	}
	res = f.get(t, c, base)
	for _, want := range []string{"3 people in scope", "Cases opened from screening", "1 case opened: 1 open, 0 closed"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Screening never shows on the registrant's own page.
	if res = f.get(t, c, "/registrants/"+other.ID); strings.Contains(res.body, "Left before the visits") ||
		strings.Contains(res.body, "No action") {
		t.Errorf("screening shows on the registrant's page")
	}
}

// TestInquiryTeamOnly: a case manager off the team sees neither the
// inquiry nor its pages, and lists no inquiries; one on the team does.
func TestInquiryTeamOnly(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	inq := f.mustInquiry(t)
	onTeam := f.mustUser(t, "tam.team@example.org", "Tam Team", fitness.RoleCaseManager)
	shared := f.mustInquiry(t, onTeam.ID)
	off := f.signedIn(t, f.caseManager)
	for _, p := range []string{"/inquiries/" + inq.ID, "/inquiries/" + inq.ID + "/scope", "/inquiries/" + inq.ID + "/screening"} {
		if res := f.get(t, off, p); res.status != http.StatusNotFound {
			t.Errorf("off the team: GET %s: %d", p, res.status)
		}
	}
	if res := f.post(t, off, "/inquiries/"+inq.ID+"/scope", url.Values{}); res.status != http.StatusNotFound {
		t.Errorf("off the team: run scope: %d", res.status)
	}
	if res := f.get(t, off, "/inquiries"); strings.Contains(res.body, "Northshire home visits inquiry") {
		t.Errorf("off the team, the list shows the inquiry")
	}
	on := f.signedIn(t, onTeam)
	if res := f.get(t, on, "/inquiries"); strings.Count(res.body, "Northshire home visits inquiry") != 1 {
		t.Errorf("on the team of one inquiry, the list shows %d", strings.Count(res.body, "Northshire home visits inquiry"))
	}
	if res := f.get(t, on, "/inquiries/"+shared.ID); res.status != http.StatusOK {
		t.Errorf("on the team: %d", res.status)
	}
	reg := f.signedIn(t, f.mustUser(t, "rhys.registrar@example.org", "Rhys Registrar", fitness.RoleRegistrar))
	if res := f.get(t, reg, "/inquiries"); res.status != http.StatusNotFound {
		t.Errorf("registrar: %d", res.status)
	}
}

// checkCaseLinksInquiry: the case screening opened links to the inquiry
// for someone who may see it, and says nothing of it to a registrar.
func (f *fixture) checkCaseLinksInquiry(t *testing.T, c *http.Client, inquiryID string) {
	t.Helper()
	p, err := f.inquiries.Person(context.Background(), f.teamLeader.Actor(), inquiryID, f.reg.ID)
	if err != nil || p.Screening.CaseID == "" {
		t.Fatalf("no case opened: %+v %v", p.Screening, err)
	}
	path := "/cases/" + p.Screening.CaseID
	if res := f.get(t, c, path); !strings.Contains(res.body, `href="/inquiries/`+inquiryID+`"`) {
		t.Errorf("the case opened does not link to its inquiry")
	}
	reg := f.signedIn(t, f.mustUser(t, "rory.registrar@example.org", "Rory Registrar", fitness.RoleRegistrar))
	if res := f.get(t, reg, path); res.status != http.StatusOK || strings.Contains(res.body, "case-inquiry") {
		t.Errorf("registrar: case page %d, shows the inquiry: %v", res.status, strings.Contains(res.body, "case-inquiry"))
	}
	f.signedIn(t, f.teamLeader) // the test clients share one cookie jar
}
