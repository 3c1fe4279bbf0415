package staff_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/sqldb"
)

// TestHearingAccessibility checks the hearing, decision, order and appeal
// pages and the case page's hearings section with axe-core, in their
// normal and error states.
func TestHearingAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	hf := newHearingFixture(t, sqldb.SQLite)
	base, casePath := hf.srv.URL, "/cases/"+hf.c.ID
	c := hf.signedIn(t, hf.officer)
	h := hf.mustListThroughPage(t, c, time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC))
	day := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
	hf.clock.at(day)

	browserSignIn(t, ctx, base, hf.officer)
	submit := "main form button.govuk-button:not(.govuk-button--secondary)"
	for _, p := range []string{casePath, casePath + "/hearings/new", "/hearings/" + h.ID + "/decision"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	submitForErrors(t, ctx, axe, base, casePath+"/hearings/new", submit)
	submitForErrors(t, ctx, axe, base, "/hearings/"+h.ID+"/decision", submit)

	v := decisionValues(day, "misconduct", "conditions", "12")
	v.Set("conditions", "Work under supervision.")
	v.Set("interim_cover", "yes")
	if res := hf.form(t, c, "/hearings/"+h.ID+"/decision", v); res.status != 303 {
		t.Fatalf("record: %d\n%s", res.status, res.body)
	}
	for _, p := range []string{casePath, "/hearings/" + h.ID + "/decision"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p+" decided")
	}

	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".app-header__user button")), chromedp.WaitVisible(chromedp.ID("email")))
	if err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, base, hf.registrar)
	for _, p := range []string{casePath, casePath + "/orders/take-effect", casePath + "/appeals/new", casePath + "/orders/expire"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	// Too early: the appeal period is still running.
	submitForErrors(t, ctx, axe, base, casePath+"/orders/take-effect", submit)
	submitForErrors(t, ctx, axe, base, casePath+"/appeals/new", submit)
	reg := hf.signedIn(t, hf.registrar)
	lodged := dateFields(url.Values{"appellant": {"psa"}}, "lodged_on", day)
	if res := hf.form(t, reg, casePath+"/appeals/new", lodged); res.status != 303 {
		t.Fatalf("appeal: %d\n%s", res.status, res.body)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+casePath+"/appeals/decision")); err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "appeal decision")
	submitForErrors(t, ctx, axe, base, casePath+"/appeals/decision", submit)
}
