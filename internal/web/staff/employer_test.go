package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// mustEmployerID returns the id of the fixture's employer, Northshire
// Council, where the fixture's registrant works.
func (f *fixture) mustEmployerID(t *testing.T) string {
	t.Helper()
	es, err := f.panels.Employers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name == "Northshire Council" {
			return e.ID
		}
	}
	t.Fatal("the fixture has no Northshire Council")
	return ""
}

// TestEmployerPages: the employer page shows the employer, its staff on
// the register, now and in the past, and the cases about them; the
// service-address form refuses a malformed email, keeping what was typed,
// and saves a good one.
func TestEmployerPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		ctx := context.Background()
		id := f.mustEmployerID(t)
		past, err := f.registrants.AddEmployment(ctx, fitness.Employment{RegistrantID: f.reg2.ID, EmployerID: id,
			Role: "Paramedic", From: time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2018, 3, 31, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		c := f.signedIn(t, f.caseManager)
		page := "/employers/" + id
		res := f.get(t, c, page)
		wantIn(t, "employer page", res, http.StatusOK, "Northshire Council", "Local council", "Northby",
			"Staff on the register now", "Seán Ó Briain (SW900001)", "Senior social worker",
			"Staff on the register in the past", "Morwenna Tregarthen (PA900002)", "31 March 2018",
			f.theCase.Reference, "None: letters are posted")
		if now, _, _ := strings.Cut(res.body, "in the past"); strings.Contains(now, past.Role) {
			t.Errorf("a past employment is listed with the current staff")
		}
		wantIn(t, "registrant links the employer", f.get(t, c, "/registrants/"+f.reg.ID), http.StatusOK, "/employers/"+id)

		form := page + "/service-address"
		res = f.post(t, c, form, url.Values{"email": {"hr at northshire"}, "postal": {"Town Hall\nNorthby"}})
		wantIn(t, "bad email", res, http.StatusUnprocessableEntity, "There is a problem",
			"Enter an email address in the correct format", "hr at northshire", "Town Hall")
		res = f.post(t, c, form, url.Values{"email": {"ftp@northshire.example.test"}, "postal": {"Town Hall\r\nNorthby"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page {
			t.Fatalf("save: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		wantIn(t, "saved", f.get(t, c, page), http.StatusOK, "ftp@northshire.example.test", "Town Hall",
			"Where letters to Northshire Council are sent has been saved")
		wantIn(t, "form filled in", f.get(t, c, form), http.StatusOK, "ftp@northshire.example.test")

		registrar := f.signedIn(t, f.mustUser(t, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar))
		res = f.get(t, registrar, page)
		wantIn(t, "registrar", res, http.StatusOK, "Northshire Council", "ftp@northshire.example.test")
		if strings.Contains(res.body, form) {
			t.Errorf("the registrar is offered the service-address form")
		}
		wantIn(t, "registrar's form", f.post(t, registrar, form, url.Values{"email": {"x@example.test"}}), http.StatusNotFound)
		wantIn(t, "no such employer", f.get(t, c, "/employers/no-such-id"), http.StatusNotFound)
	})
}

// TestEmployerAccessibility checks the employer page and its
// service-address form, empty and with errors, with axe-core.
func TestEmployerAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	base, page := f.srv.URL, "/employers/"+f.mustEmployerID(t)
	browserSignIn(t, ctx, base, f.caseManager)
	for _, p := range []string{page, page + "/service-address"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("email"), "not an email"),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, page+"/service-address with errors")
}
