package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
	"fitness/internal/web/staff"
)

// mustPreHearingCase returns a case about the registrant with a case to
// answer, recorded by officer.
func (f *fixture) mustPreHearingCase(t *testing.T, registrantID string, officer fitness.User) fitness.Case {
	t.Helper()
	c := f.mustICPCase(t, registrantID, true)
	c, err := f.cases.ApplyAction(context.Background(), officer.Actor(), c.ID, c.Version, fitness.ActionCaseToAnswer,
		fitness.Input{"decision_date": "2026-03-10", "reason": "A realistic prospect."})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustListedHearing lists a hearing, at short notice, of a case about the
// second registrant.
func (f *fixture) mustListedHearing(t *testing.T) fitness.Hearing {
	t.Helper()
	officer := f.mustUser(t, "hugo.hearings@example.org", "Hugo Hearings", fitness.RoleHearingsOfficer)
	c := f.mustPreHearingCase(t, f.reg2.ID, officer)
	h, err := f.hearings.ListHearing(context.Background(), officer.Actor(), c.ID, c.Version, fitness.HearingInput{
		Kind: fitness.HearingFinal, Committee: fitness.CommitteeConductCompetence, Date: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC),
		Remote: true, ShortNoticeAgreed: true, ShortNoticeReason: "The registrant asked for an early date."})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// movingClock is a clock the test moves on.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// at puts the clock at 10:00 in London on day.
func (c *movingClock) at(day time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, web.London())
}

// hearingFixture is the staff app whose services and pages share a clock
// the test moves on, with a hearings officer and a registrar and a case
// with a case to answer.
type hearingFixture struct {
	*fixture
	clock              *movingClock
	officer, registrar fitness.User
	c                  fitness.Case
}

func newHearingFixture(t *testing.T, e sqldb.Engine) *hearingFixture {
	t.Helper()
	f := newFixture(t, e, false)
	hf := &hearingFixture{fixture: f, clock: &movingClock{t: f.now}}
	hf.officer = f.mustUser(t, "hal.hearings@example.org", "Hal Hearings", fitness.RoleHearingsOfficer)
	hf.registrar = f.mustUser(t, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar)
	hf.c = f.mustPreHearingCase(t, f.reg.ID, hf.officer)
	f.cases = sqldb.NewCaseService(f.db, f.process, fitness.HCPCRules(), hf.clock.Now)
	f.hearings = sqldb.NewHearingService(f.db, f.cases)
	h, err := staff.NewHandler(staff.Deps{
		Users: f.users, Registrants: f.registrants, Cases: f.cases, Process: f.process, Rules: fitness.HCPCRules(),
		Sessions: web.NewSessionManager(sqldb.NewSessionStore(f.db), false), Now: hf.clock.Now,
		Allegations: sqldb.NewAllegationService(f.db, hf.clock.Now), Panels: f.panels, Hearings: f.hearings,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return hf
}

// form posts values with the case's version to path.
func (hf *hearingFixture) form(t *testing.T, c *http.Client, path string, values url.Values) response {
	t.Helper()
	cur, err := hf.cases.FindCase(context.Background(), hf.officer.Actor(), hf.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	values.Set("case_version", strconv.Itoa(cur.Version))
	return hf.post(t, c, path, values)
}

// dateFields sets the three fields of a GOV.UK date input.
func dateFields(v url.Values, name string, t time.Time) url.Values {
	v.Set(name+"-day", strconv.Itoa(t.Day()))
	v.Set(name+"-month", strconv.Itoa(int(t.Month())))
	v.Set(name+"-year", strconv.Itoa(t.Year()))
	return v
}

// mustListThroughPage lists a final hearing on day through the form.
func (hf *hearingFixture) mustListThroughPage(t *testing.T, c *http.Client, day time.Time) fitness.Hearing {
	t.Helper()
	v := dateFields(url.Values{"kind": {"final"}, "committee": {"conduct_competence"}, "mode": {"in_person"},
		"venue": {"Hearing Centre, Northby"}, "privacy": {"public"}, "start_time": {"09:30"}}, "hearing_date", day)
	if res := hf.form(t, c, "/cases/"+hf.c.ID+"/hearings/new", v); res.status != http.StatusSeeOther {
		t.Fatalf("list: %d\n%s", res.status, res.body)
	}
	hs, err := hf.hearings.CaseHearings(context.Background(), hf.officer.Actor(), hf.c.ID)
	if err != nil || len(hs) == 0 {
		t.Fatalf("hearings %v, %v", hs, err)
	}
	return hs[len(hs)-1]
}

// decisionValues is a final decision of a suspension for months on ground.
func decisionValues(day time.Time, ground, sanction, months string) url.Values {
	return dateFields(url.Values{"service_proved": {"yes"}, "proceeded_in_absence": {"no"}, "rows": {"1"},
		"fact-1-number": {"1"}, "fact-1-text": {"You missed visits."}, "fact-1-finding": {"proved"},
		"ground": {ground}, "ground_found": {"yes"}, "impairment": {"yes"}, "sanction": {sanction},
		"length_months": {months}, "interim_cover": {"no"}, "reasons": {"Not yet safe to practise."}}, "decided_on", day)
}

func TestHearingPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		hf := newHearingFixture(t, e)
		c := hf.signedIn(t, hf.officer)
		casePath := "/cases/" + hf.c.ID

		page := hf.get(t, c, casePath)
		if !strings.Contains(page.body, "Hearings and orders") || !strings.Contains(page.body, casePath+"/hearings/new") ||
			strings.Contains(page.body, "/actions/list_hearing") {
			t.Errorf("case page offers listing through the hearing form only:\n%s", page.body)
		}
		if got := hf.get(t, c, casePath+"/hearings/new"); got.status != http.StatusOK || title(got.body) != "List a hearing – "+hf.c.Reference+" – fitness" {
			t.Fatalf("form %d %q", got.status, title(got.body))
		}
		v := dateFields(url.Values{"kind": {"final"}, "committee": {"conduct_competence"}, "mode": {"remote"},
			"privacy": {"public"}, "venue": {"Typed and kept"}}, "hearing_date", time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
		res := hf.form(t, c, casePath+"/hearings/new", v)
		if res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "The hearing must be on or after 7 April 2026, to give notice of at least 28 days, unless short notice is agreed") ||
			!strings.Contains(res.body, `value="Typed and kept"`) {
			t.Fatalf("short notice: %d\n%s", res.status, res.body)
		}
		v.Set("short_notice_agreed", "yes")
		if res = hf.form(t, c, casePath+"/hearings/new", v); !strings.Contains(res.body, "Enter why short notice was agreed") {
			t.Errorf("short notice without a reason: %d", res.status)
		}
		h := hf.mustListThroughPage(t, c, time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC))

		hf.clock.at(time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC))
		decision := "/hearings/" + h.ID + "/decision"
		if got := hf.get(t, c, decision); got.status != http.StatusOK || !strings.Contains(got.body, "A suspension order lasts") &&
			!strings.Contains(got.body, "a suspension order up to 1 year") {
			t.Fatalf("decision form %d\n%s", got.status, got.body)
		}
		day := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
		res = hf.form(t, c, decision, decisionValues(day, "misconduct", "suspension", "13"))
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "A suspension order can last no more than 1 year") {
			t.Errorf("13 months: %d", res.status)
		}
		res = hf.form(t, c, decision, decisionValues(day, "lack_of_competence", "striking_off", ""))
		if !strings.Contains(res.body, "Striking off is not available at first instance for lack of competence unless there have been at least 2 years of continuous suspension or conditions") {
			t.Errorf("striking off at first instance: %d", res.status)
		}
		if res = hf.form(t, c, decision, decisionValues(day, "misconduct", "suspension", "12")); res.status != http.StatusSeeOther {
			t.Fatalf("record: %d\n%s", res.status, res.body)
		}
		page = hf.get(t, c, casePath)
		for _, want := range []string{"Suspension order", "Waiting for the appeal period", "Publish the decision"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		pubs, _ := hf.hearings.CasePublications(context.Background(), hf.officer.Actor(), hf.c.ID)
		if res = hf.form(t, c, casePath+"/publications/"+pubs[0].ID+"/publish", url.Values{}); res.status != http.StatusSeeOther {
			t.Errorf("publish: %d %s", res.status, res.body)
		}

		reg := hf.signedIn(t, hf.registrar)
		page = hf.get(t, reg, casePath)
		for _, want := range []string{"Record an appeal", "Order takes effect"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the registrar's case page lacks %q", want)
			}
		}
		if got := hf.get(t, reg, casePath+"/orders/take-effect"); got.status != http.StatusOK || !strings.Contains(got.body, "Confirm: the order takes effect") {
			t.Fatalf("take effect page %d", got.status)
		}
		res = hf.form(t, reg, casePath+"/orders/take-effect", url.Values{})
		if res.status != http.StatusConflict || !strings.Contains(res.body, "The appeal period ends on 18 May 2026") {
			t.Errorf("too early: %d", res.status)
		}
		hf.clock.at(time.Date(2026, 5, 19, 0, 0, 0, 0, time.UTC))
		if res = hf.form(t, reg, casePath+"/orders/take-effect", url.Values{}); res.status != http.StatusSeeOther {
			t.Fatalf("take effect: %d\n%s", res.status, res.body)
		}
		r, _ := hf.registrants.FindRegistrant(context.Background(), hf.reg.ID)
		if r.Status != fitness.StatusSuspended || strings.Join(r.Annotations, "|") != "Suspension order from 19 May 2026 to 19 May 2027" {
			t.Errorf("register %s %q", r.Status, r.Annotations)
		}
	})
}

// TestAppealPages: an appeal recorded and quashed through the pages takes
// the order off the register, and the case page says why.
func TestAppealPages(t *testing.T) {
	hf := newHearingFixture(t, sqldb.SQLite)
	c := hf.signedIn(t, hf.officer)
	casePath := "/cases/" + hf.c.ID
	h := hf.mustListThroughPage(t, c, time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC))
	day := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
	hf.clock.at(day)
	v := decisionValues(day, "misconduct", "suspension", "6")
	v.Set("interim_cover", "yes")
	if res := hf.form(t, c, "/hearings/"+h.ID+"/decision", v); res.status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", res.status, res.body)
	}
	reg := hf.signedIn(t, hf.registrar)
	res := hf.form(t, reg, casePath+"/appeals/new", url.Values{"appellant": {"registrant"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Enter the date the appeal was lodged") {
		t.Errorf("appeal without a date: %d", res.status)
	}
	lodged := dateFields(url.Values{"appellant": {"registrant"}, "court": {"High Court"}}, "lodged_on", day)
	if res = hf.form(t, reg, casePath+"/appeals/new", lodged); res.status != http.StatusSeeOther {
		t.Fatalf("appeal: %d\n%s", res.status, res.body)
	}
	hf.clock.at(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	quash := dateFields(url.Values{"outcome": {"quashed"}, "reasons": {"The panel did not hear the registrant's witness"}},
		"decided_on", time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
	if res = hf.form(t, reg, casePath+"/appeals/decision", quash); res.status != http.StatusSeeOther {
		t.Fatalf("decide: %d\n%s", res.status, res.body)
	}
	page := hf.get(t, reg, casePath)
	for _, want := range []string{"Quashed on appeal", "The court quashed the decision on 30 June 2026: The panel did not hear the registrant&#39;s witness"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	r, _ := hf.registrants.FindRegistrant(context.Background(), hf.reg.ID)
	if r.Status != fitness.StatusRegistered || len(r.Annotations) != 0 {
		t.Errorf("register %s %q", r.Status, r.Annotations)
	}
}
