package staff_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestInquiryAccessibility checks every inquiry page with axe-core, in
// their normal and error states: the list, the new inquiry form, the
// overview with its dashboard, the scope with a difference, the demands,
// one demand and its answer form, screening, a person before and after
// screening, and a bulk step.
func TestInquiryAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	m := f.mustMatrixInquiry(t)
	other := f.mustRegistrant(t, "SW900005", "Lowri", "Trevithick")
	if _, err := f.registrants.AddEmployment(context.Background(), fitness.Employment{RegistrantID: other.ID,
		EmployerID: f.employerID(t, "Northshire Council"), Role: "Social work assistant",
		From: time.Date(2017, 2, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.inquiries.RunScope(context.Background(), f.teamLeader.Actor(), m.inq.ID); err != nil {
		t.Fatal(err)
	}
	base := f.srv.URL
	inq := "/inquiries/" + m.inq.ID
	demand := inq + "/demands/" + m.demandID
	browserSignIn(t, ctx, base, f.teamLeader)
	for _, p := range []string{"/inquiries", "/inquiries/new", inq, inq + "/scope", inq + "/demands", demand,
		demand + "/answers/" + m.regID, inq + "/screening", inq + "/screening?screened=not_screened",
		inq + "/people/" + m.regID, inq + "/people/" + other.ID, inq + "/steps/" + m.stepID} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	submitForErrors(t, ctx, axe, base, "/inquiries/new", `form[action="/inquiries/new"] button.govuk-button`)
	submitForErrors(t, ctx, axe, base, inq+"/screening", `main form[method="post"] button.govuk-button`)
	submitForErrors(t, ctx, axe, base, inq+"/people/"+other.ID, `main form[method="post"] button.govuk-button`)
	submitForErrors(t, ctx, axe, base, demand+"/answers/"+m.regID, `main form[method="post"] button.govuk-button`)
	submitForErrors(t, ctx, axe, base, inq+"/demands", `main form[method="post"] button.govuk-button`)
}
