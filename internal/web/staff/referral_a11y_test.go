package staff_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"fitness/internal/sqldb"
)

// TestReferralAccessibility checks the referral, other-body and
// barring-prompt pages and the case page's referrals section with
// axe-core, in their normal and error states.
func TestReferralAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	base, casePath := f.srv.URL, "/cases/"+f.theCase.ID
	ref := f.mustReferral(t)
	if _, _, err := f.cases.MarkSafeguarding(t.Context(), f.teamLeader.Actor(), f.theCase.ID, f.theCase.Version,
		"Harm to children on the caseload."); err != nil {
		t.Fatal(err)
	}
	f.mustStrikeOff(t)

	browserSignIn(t, ctx, base, f.teamLeader)
	for _, p := range []string{"/referrals", "/referrals?show=open", "/referrals/" + ref.ID, "/referrals/new?direction=in",
		"/referrals/new?direction=out&case=" + f.theCase.ID, "/other-bodies", "/other-bodies/new",
		"/other-bodies/" + ref.BodyID, "/barring-prompts", casePath, casePath + "/barring", casePath + "/safeguarding"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	submit := "main form button.govuk-button:not(.govuk-button--secondary)"
	for _, p := range []string{"/referrals/new?direction=in", "/referrals/" + ref.ID, "/other-bodies/new",
		casePath + "/barring", casePath + "/safeguarding"} {
		submitForErrors(t, ctx, axe, base, p, submit)
	}
}
