package staff_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fitness/internal/sqldb"
)

func TestZZShots(t *testing.T) {
	ctx, _ := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	base := f.srv.URL
	err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(base+"/sign-in"),
		chromedp.SetValue(chromedp.ID("email"), f.caseManager.Email),
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/cases/" + f.theCase.ID, "/concerns/new", "/cases/" + f.theCase.ID + "/actions/record_risk_assessment", "/process", "/registrants/" + f.reg.ID} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatal(err)
		}
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		name := strings.NewReplacer("/", "_", "?", "_").Replace(p)
		os.WriteFile("/tmp/shot"+name+".png", b, 0o644)
	}
}
