package staff_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// browserSignIn signs in through the browser as u.
func browserSignIn(t *testing.T, ctx context.Context, base string, u fitness.User) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/sign-in"),
		chromedp.SetValue(chromedp.ID("email"), u.Email),
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}
}

// submitForErrors opens path, submits its main form as it is and checks
// the page with its error summary.
func submitForErrors(t *testing.T, ctx context.Context, axe, base, path, button string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(base+path),
		chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	checkPage(t, ctx, axe, path+" with errors")
}

// TestMeetingAccessibility checks the meeting, bundle, decision, notice,
// panel member and conflict pages with axe-core, in their normal and error
// states, as a hearings officer and as a panel member.
func TestMeetingAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	pp := f.mustPanelPeople(t)
	icp := f.mustICPCase(t, f.reg.ID, false)
	m := f.mustMeeting(t, pp, icp)
	decided := f.mustDecidedMeeting(t, pp)
	base := f.srv.URL
	meeting := "/meetings/" + m.ID
	agendaCase := meeting + "/cases/" + icp.ID
	done := "/meetings/" + decided.meeting.ID + "/cases/" + decided.caseID

	browserSignIn(t, ctx, base, pp.officer)
	for _, p := range []string{"/meetings", "/meetings/new", meeting, meeting + "/panel", agendaCase + "/bundle",
		agendaCase + "/decision", done + "/decision", done + "/notice", "/panel-members", "/panel-members/" + pp.lay.ID,
		"/conflicts", "/conflicts/new"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	submit := "main form button.govuk-button:not(.govuk-button--secondary)"
	submitForErrors(t, ctx, axe, base, "/meetings/new", submit)
	submitForErrors(t, ctx, axe, base, meeting, `form[action$="/cases"] button`)
	submitForErrors(t, ctx, axe, base, "/panel-members/"+f.mustUser(t, "nia.new@example.org", "Nia New", fitness.RolePanelMember).ID, submit)
	submitForErrors(t, ctx, axe, base, "/conflicts/new", submit)
	submitForErrors(t, ctx, axe, base, agendaCase+"/decision", submit)

	// The panel form with a rule broken: no lay member.
	err := chromedp.Do(ctx, chromedp.Navigate(base+meeting+"/panel"),
		chromedp.SetValue(chromedp.ID("lay"), ""),
		chromedp.Click(chromedp.CSS(submit)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "panel form with errors")

	// A panel member's own pages.
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".app-header__user button")), chromedp.WaitVisible(chromedp.ID("email")))
	if err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, base, pp.lay)
	for _, p := range []string{"/meetings", meeting, agendaCase + "/bundle", "/cases", "/conflicts"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, "panel member "+p)
	}
}
