package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// mustOldCase opens a case received on received (long ago, so breached
// against the case age target) and returns it.
func (f *fixture) mustOldCase(t *testing.T, name string, received time.Time) fitness.Case {
	t.Helper()
	_, cs, err := f.cases.CreateConcern(context.Background(), f.caseManager.Actor(), fitness.ConcernInput{
		ReceivedOn: received, Source: fitness.SourcePublic, RaisedByName: "A member of the public",
		Summary: "Rude to a service user.", Subjects: []fitness.ConcernSubject{{Name: name}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cs[0]
}

// versionOf returns the version the team view lists for case id.
func versionOf(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version-` + regexp.QuoteMeta(id) + `" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("case %s is not listed", id)
	}
	return m[1]
}

func TestTeamView(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		old := f.mustOldCase(t, "Quinn Harlow", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
		recent := f.mustOldCase(t, "Rory Tate", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
		second := f.mustUser(t, "alex.second@example.org", "Alex Second", fitness.RoleCaseManager)

		if res := f.get(t, f.signedIn(t, f.caseManager), "/team"); res.status != http.StatusNotFound {
			t.Errorf("case manager on the team view: %d; want 404", res.status)
		}
		tl := f.signedIn(t, f.teamLeader)
		res := f.get(t, tl, "/team")
		if res.status != http.StatusOK {
			t.Fatalf("team view: %d\n%s", res.status, res.body)
		}
		for _, want := range []string{"3 open cases, 1 breached", "Under 3 months", "24 months or more",
			"18 to 24 months", "Not allocated", "Casey Manager", old.Reference, `href="/team?band=5"`,
			"Reassign selected cases", "older than the target of 15 months"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("team view lacks %q", want)
			}
		}
		if !strings.Contains(res.body, `href="/team"`) || !strings.Contains(res.body, ">Team<") {
			t.Errorf("no Team link in the navigation")
		}

		// Filters: breached only lists the old case alone.
		res = f.get(t, tl, "/team?breached=yes")
		if !strings.Contains(res.body, old.Reference) || strings.Contains(res.body, recent.Reference) ||
			!strings.Contains(res.body, `value="yes" checked`) {
			t.Errorf("breached filter: old listed %v, recent listed %v", strings.Contains(res.body, old.Reference),
				strings.Contains(res.body, recent.Reference))
		}

		// Nothing chosen: errors, nothing changed.
		res = f.post(t, tl, "/team/reassign", url.Values{"filters": {"breached=yes"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Select at least one case to reassign") ||
			!strings.Contains(res.body, "Select a case manager") || !strings.HasPrefix(title(res.body), "Error: ") {
			t.Errorf("empty reassignment: %d %q", res.status, title(res.body))
		}

		// One case changed since the list was opened: nothing is reassigned
		// and the ticks and choice are kept.
		res = f.get(t, tl, "/team")
		form := url.Values{"cases": {old.ID, recent.ID}, "case_manager": {second.ID}, "filters": {""},
			"version-" + old.ID: {versionOf(t, res.body, old.ID)}, "version-" + recent.ID: {versionOf(t, res.body, recent.ID)}}
		changed, err := f.cases.ApplyAction(t.Context(), f.caseManager.Actor(), recent.ID, recent.Version,
			fitness.ActionAddNote, fitness.Input{"note": "Called the raiser"})
		if err != nil {
			t.Fatal(err)
		}
		res = f.post(t, tl, "/team/reassign", form)
		if res.status != http.StatusConflict || !strings.Contains(res.body, "No cases were reassigned") ||
			!strings.Contains(res.body, recent.Reference+" (it has changed since you opened the list)") ||
			!strings.Contains(res.body, `value="`+old.ID+`" checked`) || !strings.Contains(res.body, `value="`+second.ID+`" selected`) {
			t.Errorf("stale reassignment: %d\n%s", res.status, res.body)
		}
		for _, c := range []fitness.Case{old, changed} {
			got, _ := f.cases.FindCase(t.Context(), f.teamLeader.Actor(), c.ID)
			if got.CaseManagerID != "" || got.Version != c.Version {
				t.Errorf("%s changed by a refused reassignment", got.Reference)
			}
		}

		// With the versions shown now, both are reassigned.
		form.Set("version-"+recent.ID, versionOf(t, res.body, recent.ID))
		form.Set("filters", "breached=yes")
		res = f.post(t, tl, "/team/reassign", form)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/team?breached=yes" {
			t.Fatalf("reassignment: %d %q\n%s", res.status, res.header.Get("Location"), res.body)
		}
		res = f.get(t, tl, "/team?breached=yes")
		if !strings.Contains(res.body, "2 cases reassigned to Alex Second") {
			t.Errorf("no success message")
		}
		for _, c := range []fitness.Case{old, recent} {
			got, _ := f.cases.FindCase(t.Context(), f.teamLeader.Actor(), c.ID)
			if got.CaseManagerID != second.ID {
				t.Errorf("%s not reassigned", got.Reference)
			}
		}
	})
}

// TestAccessibilityClocks checks the team view, the clocks section and the
// hold forms with axe-core, in their normal and error states.
func TestAccessibilityClocks(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	f.mustDeadlines(t)
	f.mustOldCase(t, "Quinn Harlow", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	base, id := f.srv.URL, f.theCase.ID
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/sign-in"),
		chromedp.SetValue(chromedp.ID("email"), f.teamLeader.Email),
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/team", "/team?breached=yes&band=5", "/cases/" + id, "/cases/" + id + "/hold"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	// Reassigning nothing: the error summary and messages.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/team"),
		chromedp.Click(chromedp.CSS(`form[action="/team/reassign"] button.govuk-button`)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "team view with errors")
	// A hold without a reason.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/cases/"+id+"/hold"),
		chromedp.Click(chromedp.CSS(`form[action="/cases/`+id+`/hold"] button.govuk-button`)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "hold form with errors")
	// The case on hold, and the form that ends it.
	if _, _, err := f.cases.PlaceHold(t.Context(), f.teamLeader.Actor(), id, f.theCase.Version,
		fitness.HoldInput{Reason: fitness.HoldHealth, Details: "Signed off sick until April."}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/cases/" + id, "/cases/" + id + "/hold"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p+" on hold")
	}
}
