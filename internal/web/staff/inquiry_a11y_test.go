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
// screening, the letters to the people whose cases were opened, and a
// screening and a letters bulk step.
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
	opened := f.mustRegistrant(t, "SW900006", "Morwenna", "Kitto")
	if _, err := f.registrants.AddEmployment(context.Background(), fitness.Employment{RegistrantID: opened.ID,
		EmployerID: f.employerID(t, "Northshire Council"), Role: "Social worker",
		From: time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.inquiries.RunScope(context.Background(), f.teamLeader.Actor(), m.inq.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.inquiries.Screen(context.Background(), f.teamLeader.Actor(), m.inq.ID, opened.ID,
		fitness.ScreeningInput{Outcome: fitness.ScreenOpenCase, Reasons: "Named in the review."}); err != nil {
		t.Fatal(err)
	}
	letters, err := f.inquiries.StartLetters(context.Background(), f.teamLeader.Actor(), m.inq.ID, []string{opened.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.drainBulk(t)
	base := f.srv.URL
	inq := "/inquiries/" + m.inq.ID
	demand := inq + "/demands/" + m.demandID
	browserSignIn(t, ctx, base, f.teamLeader)
	for _, p := range []string{"/inquiries", "/inquiries/new", inq, inq + "/scope", inq + "/demands", demand,
		demand + "/answers/" + m.regID, inq + "/screening", inq + "/screening?screened=not_screened",
		inq + "/people/" + m.regID, inq + "/people/" + other.ID, inq + "/steps/" + m.stepID,
		inq + "/letters", inq + "/steps/" + letters.ID} {
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
	submitForErrors(t, ctx, axe, base, inq+"/letters", `main form[method="post"] button.govuk-button`)
}
