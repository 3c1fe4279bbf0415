package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
)

// TestBrowserPathOneNoCaseToAnswer walks acceptance path 1 through the
// staff app in Chromium, on both engines, checking every page it visits
// with axe-core: a case manager records a concern from a member of the
// public about two social workers of one council, which opens two linked
// cases; both go through triage and investigation to an allegation served,
// which invites each registrant to respond; the server's clock moves past
// the deadline and the sweep records one neutral "No response received" on
// each; a hearings officer arranges an Investigating Committee meeting,
// chooses its panel and lists both cases; the panel chair records no case
// to answer on each; and the notices of decision say that no inference was
// drawn from the silence.
func TestBrowserPathOneNoCaseToAnswer(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeSource(t)
	forEachTarget(t, func(t *testing.T, target string) {
		s := newScenario(t, target)
		regs := s.mustCouncilSocialWorkers()
		chair := s.mustPanel()
		b := &browser{t: t, ctx: newBrowser(t, chromium), base: s.api.URL, axe: axe}

		b.signIn("casey.manager@example.org")
		cases := b.recordConcern(regs)
		var due time.Time
		for _, c := range cases {
			due = b.serveAllegation(s, c)
		}
		s.clock.Set(due.Add(24 * time.Hour))
		if err := s.runner.SweepNow(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			// The sweep is a job: wait until it has been through the case.
			s.waitFor(func() bool { return slices.Contains(s.events(c.id), string(fitness.ActionNoResponse)) })
			b.checkNoResponse(c, due)
			b.act(c.id, fitness.ActionReferToICP, nil)
		}
		b.signOut()

		meetingOn := s.clock.Now().AddDate(0, 0, 7)
		b.signIn("hal.hearings@example.org")
		meeting := b.arrangeMeeting(meetingOn, cases)
		b.signOut()

		s.clock.Set(time.Date(meetingOn.Year(), meetingOn.Month(), meetingOn.Day(), 14, 0, 0, 0, time.UTC))
		b.signIn(chair)
		for i, c := range cases {
			b.decideNoCaseToAnswer(meeting, c, regs[i], meetingOn)
		}
		t.Logf("axe-core checked %d pages", len(b.pages))
	})
}

// browserCase is a case as the browser test knows it.
type browserCase struct{ id, reference string }

// mustPanel seats three panel members (chair, lay member, social worker),
// who sign in with the scenario's password, and returns the chair's email.
func (s *scenario) mustPanel() string {
	s.t.Helper()
	ctx := context.Background()
	officer, err := s.app.users.FindUserByEmail(ctx, "hal.hearings@example.org")
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range []struct {
		email, name, profession string
		kind                    fitness.PanelKind
	}{
		{"quinn.chair@example.org", "Quinn Chair", "", fitness.PanelChair},
		{"lou.lay@example.org", "Lou Lay", "", fitness.PanelLay},
		{"sam.worker@example.org", "Sam Worker", "social-worker", fitness.PanelRegistrant},
	} {
		u, err := s.app.users.CreateUser(ctx, fitness.User{Email: p.email, Name: p.name,
			Roles: []fitness.Role{fitness.RolePanelMember}}, "correct horse battery staple")
		if err == nil {
			_, err = s.app.panels.SavePanelMember(ctx, officer.Actor(), fitness.PanelMember{UserID: u.ID, Kind: p.kind,
				ProfessionCode: p.profession, LegallyQualified: p.kind == fitness.PanelChair})
		}
		if err != nil {
			s.t.Fatal(err)
		}
	}
	return "quinn.chair@example.org"
}

// signIn signs in as the staff user with email.
func (b *browser) signIn(email string) {
	b.t.Helper()
	b.visit("/sign-in")
	b.fill("email", email)
	b.fill("password", "correct horse battery staple")
	b.follow(`form[action="/sign-in"] button[type=submit]`)
	if got := b.location(); strings.HasSuffix(got, "/sign-in") {
		b.t.Fatalf("%s could not sign in: %s", email, b.text("main"))
	}
}

// signOut signs out with the button in the header.
func (b *browser) signOut() {
	b.t.Helper()
	b.follow(`form[action="/sign-out"] button`)
}

// pageText returns the text of the whole page, as shown.
func (b *browser) pageText() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`document.body.innerText`))
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// location returns the address of the current page.
func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return loc
}

// choose selects the radio button of field name with value.
func (b *browser) choose(name, value string) {
	b.t.Helper()
	b.do("choose "+name+"="+value, chromedp.Click(chromedp.CSS(`input[type=radio][name="`+name+`"][value="`+value+`"]`),
		chromedp.NodeVisible))
}

// fillDate fills the day, month and year boxes of a date field.
func (b *browser) fillDate(name string, t time.Time) {
	b.t.Helper()
	b.fill(name+"-day", fmt.Sprint(t.Day()))
	b.fill(name+"-month", fmt.Sprint(int(t.Month())))
	b.fill(name+"-year", fmt.Sprint(t.Year()))
}

// recordConcern raises, as the signed-in case manager, a concern from a
// member of the public about both registrants, and returns the two linked
// cases it opens.
func (b *browser) recordConcern(regs []fitness.Registrant) []browserCase {
	t := b.t
	t.Helper()
	b.visit("/concerns/new")
	b.fillDate("received", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	b.choose("source", string(fitness.SourcePublic))
	b.fill("raiser_name", "Morgan Public")
	b.fill("raiser_email", "morgan@example.net")
	b.fill("summary", "Two social workers of Eastshire Council did not visit my family between May and July 2025.")
	b.fill("subject-0-number", regs[0].Number)
	b.follow(`button[name="add"][value="person"]`)
	if got, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID("summary"))); !strings.Contains(got, "Eastshire") {
		t.Fatalf("adding a person lost the summary: %q", got)
	}
	b.fill("subject-1-number", regs[1].Number)
	b.follow(`form[action="/concerns/new"] .govuk-button-group button[type=submit]`)
	first := browserCase{id: strings.TrimPrefix(b.location(), b.base+"/cases/"), reference: b.text("h1")}
	linked, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`document.querySelector('.govuk-summary-list a[href^="/cases/"]')?.getAttribute('href') ?? ''`))
	if err != nil || linked == "" {
		t.Fatalf("the first case names no linked case (%v):\n%s", err, b.text("main"))
	}
	if banner := b.text(".govuk-notification-banner"); !strings.Contains(banner, "opened and linked") {
		t.Errorf("banner after the concern: %q", banner)
	}
	b.follow(`.govuk-summary-list a[href="` + linked + `"]`)
	second := browserCase{id: strings.TrimPrefix(linked, "/cases/"), reference: b.text("h1")}
	if !strings.Contains(b.text(".govuk-summary-list"), first.reference) {
		t.Errorf("case %s does not link back to %s", second.reference, first.reference)
	}
	return []browserCase{first, second}
}

// act takes an action on a case through its form: it opens the case, follows
// the action's button, lets fill complete the form and submits it.
func (b *browser) act(caseID string, action fitness.ActionName, fill func()) {
	b.t.Helper()
	b.visit("/cases/" + caseID)
	b.follow(`a[href$="/actions/` + string(action) + `"]`)
	if fill != nil {
		fill()
	}
	b.follow(`form[action$="/actions/` + string(action) + `"] button[type=submit]`)
	if loc := b.location(); !strings.HasSuffix(loc, "/cases/"+caseID) {
		b.t.Fatalf("%s on %s did not return to the case (%s): %s", action, caseID, loc, b.pageText())
	}
}

// serveAllegation takes a case from receipt to an allegation served and
// checks that the case page shows the invitation to respond, due the day
// the deadline falls. It returns that deadline.
func (b *browser) serveAllegation(s *scenario, c browserCase) time.Time {
	t := b.t
	t.Helper()
	b.act(c.id, fitness.ActionStartTriage, nil)
	b.act(c.id, fitness.ActionStartInvestigation, nil)
	b.act(c.id, fitness.ActionCompleteInvestigation, nil)
	b.act(c.id, fitness.ActionServeAllegation, func() {
		b.choose("ground", "misconduct")
		b.fill("allegation", "1. Between May and July 2025 you did not visit Family A.")
	})
	var got apiCase
	s.call(fitness.RoleCaseManager, "GET", "/api/v1/cases/"+c.id, nil, 200, &got)
	if len(got.Deadlines) != 1 {
		t.Fatalf("deadlines of %s after serving: %+v", c.reference, got.Deadlines)
	}
	due := got.Deadlines[0].Due
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#requests + table tbody tr').length`)); err != nil || n != 1 {
		t.Errorf("%s: %d information requests after serving the allegation (%v); want the one invitation", c.reference, n, err)
	}
	if strings.Contains(b.text("main"), "Invite the registrant to respond") {
		t.Errorf("%s: the case page offers a second invitation to respond", c.reference)
	}
	row := b.text("#requests + table tbody tr")
	for _, want := range []string{"Invitation to the registrant to respond", fmtDate(due), "Open"} {
		if !strings.Contains(row, want) {
			t.Errorf("%s: the invitation row lacks %q: %q", c.reference, want, row)
		}
	}
	return due
}

// fmtDate writes a date as the staff app does, in the United Kingdom.
func fmtDate(t time.Time) string {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		return t.Format("2 January 2006")
	}
	return t.In(london).Format("2 January 2006")
}

// checkNoResponse checks the case page once the deadline has passed: the
// invitation shows "No response received", and the timeline records it
// once, in neutral words.
func (b *browser) checkNoResponse(c browserCase, due time.Time) {
	t := b.t
	t.Helper()
	b.visit("/cases/" + c.id)
	requests, timeline := b.text("#requests + table"), b.text(".app-timeline")
	if n := strings.Count(requests, "No response received"); n != 1 || !strings.Contains(requests, fmtDate(due)) {
		t.Errorf("%s: requests show %d no-response statuses; want 1:\n%s", c.reference, n, requests)
	}
	if n := strings.Count(timeline, "No response received"); n != 1 {
		t.Errorf("%s: the timeline records no response %d times; want once:\n%s", c.reference, n, timeline)
	}
	page := strings.ToLower(b.text("main"))
	for _, adverse := range []string{"fail", "refus", "non-compliance", "did not engage", "ignored"} {
		if strings.Contains(page, adverse) {
			t.Errorf("%s: the case page says %q after no response", c.reference, adverse)
		}
	}
}

// arrangeMeeting arranges, as the signed-in hearings officer, an
// Investigating Committee meeting on date, chooses its panel and puts the
// cases on its agenda. It returns the meeting's path.
func (b *browser) arrangeMeeting(date time.Time, cases []browserCase) string {
	t := b.t
	t.Helper()
	b.visit("/meetings")
	b.follow(`a[href="/meetings/new"]`)
	b.choose("committee", string(fitness.CommitteeInvestigating))
	b.fillDate("date", date)
	b.choose("remote", "yes")
	b.follow(`form[action="/meetings/new"] button[type=submit]`)
	meeting := strings.TrimPrefix(b.location(), b.base)
	if !strings.HasPrefix(meeting, "/meetings/") || strings.Count(meeting, "/") != 2 {
		t.Fatalf("arranging the meeting led to %s:\n%s", meeting, b.text("main"))
	}
	b.visit(meeting)
	b.follow(`a[href="` + meeting + `/panel"]`)
	for field, name := range map[string]string{"chair": "Quinn Chair", "lay": "Lou Lay", "registrant": "Sam Worker"} {
		b.selectByText(field, name)
	}
	b.follow(`form[action="` + meeting + `/panel"] button[type=submit]`)
	for _, c := range cases {
		b.fill("case", c.reference)
		b.follow(`form[action="` + meeting + `/cases"] button[type=submit]`)
	}
	agenda := b.text("main table")
	for _, want := range []string{cases[0].reference, cases[1].reference, "Not decided"} {
		if !strings.Contains(agenda, want) {
			t.Errorf("the agenda lacks %q:\n%s", want, agenda)
		}
	}
	if panel := b.text("main"); !strings.Contains(panel, "Quinn Chair") || !strings.Contains(panel, "Sam Worker") {
		t.Errorf("the meeting page does not show the panel:\n%s", panel)
	}
	return meeting
}

// selectByText chooses the option of select id whose text starts with label.
func (b *browser) selectByText(id, label string) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`[...document.getElementById(%q).options].find(o => o.text.trim().startsWith(%q))?.value ?? ''`, id, label)))
	if err != nil || v == "" {
		b.t.Fatalf("select %s has no option %q (%v)", id, label, err)
	}
	b.do("select "+label, chromedp.SetValue(chromedp.ID(id), v))
}

// decideNoCaseToAnswer records, as the signed-in panel chair, no case to
// answer on c, and checks the notice of decision and the letter to the
// registrant say that no inference was drawn from the silence. on is the
// date of the decision.
func (b *browser) decideNoCaseToAnswer(meeting string, c browserCase, reg fitness.Registrant, on time.Time) {
	t := b.t
	t.Helper()
	b.visit(meeting)
	b.follow(`a[href="` + meeting + `/cases/` + c.id + `/bundle"]`)
	if bundle := b.text("main"); strings.Contains(bundle, "No response received") {
		t.Errorf("%s: the bundle shows the silence as an item:\n%s", c.reference, bundle)
	}
	b.visit(meeting)
	b.follow(`a[href="` + meeting + `/cases/` + c.id + `/decision"]`)
	b.choose("outcome", "no_case_to_answer")
	b.fillDate("decided_on", on)
	b.fill("finding-1-number", "1")
	b.fill("finding-1-text", "Between May and July 2025 you did not visit Family A.")
	b.choose("finding-1-prospect", "no")
	b.fill("finding-1-reasons", "The visit log shows the visits were made.")
	b.fill("reasons", "There is no realistic prospect of proving the facts.")
	b.follow(`form[action$="/cases/` + c.id + `/decision"] button[type=submit]:not([name="add"])`)
	notice := b.text("main")
	if !strings.HasSuffix(b.location(), "/cases/"+c.id+"/notice") {
		t.Fatalf("%s: recording the decision led to %s: %s", c.reference, b.location(), b.pageText())
	}
	for _, want := range []string{"No case to answer", fitness.NoInferenceStatement, "Morgan Public"} {
		if !strings.Contains(notice, want) {
			t.Errorf("%s: the notice lacks %q:\n%s", c.reference, want, notice)
		}
	}
	b.visit(meeting + "/cases/" + c.id + "/notice/registrant")
	if letter := b.pageText(); !strings.Contains(letter, "Dear "+reg.Name()) || !strings.Contains(letter, "no case to answer") ||
		!strings.Contains(letter, "drew no inference from the fact that") {
		t.Errorf("%s: the letter to the registrant lacks their name or the no-inference statement:\n%s", c.reference, letter)
	}
}
