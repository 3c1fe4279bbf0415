package staff_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
)

// axeRun runs axe-core on the page for WCAG 2.2 A and AA (and the
// best-practice rules on landmarks and headings) and returns the violations
// as JSON.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values:
	['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
	.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => n.target.join(' '))}))))`

// browser starts headless Chromium for the test, or skips the test when
// Chromium or axe-core (npm ci) is not installed.
func browser(t *testing.T) (context.Context, string) {
	t.Helper()
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("browser test skipped: chromium is not installed")
	}
	axe, err := os.ReadFile(filepath.Join("..", "..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skip("browser test skipped: axe-core is not installed (run npm ci)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx, string(axe)
}

// checkPage runs axe on the page open in ctx and fails on any violation.
func checkPage(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("%s: inject axe: %v", name, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe: %v", name, err)
	}
	var violations []struct {
		ID, Impact, Help string
		Nodes            []string
	}
	if err := json.Unmarshal([]byte(out), &violations); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, v := range violations {
		t.Errorf("%s: %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
	}
}

// TestAccessibility signs in through the browser and checks every page of
// the staff app, in its normal and its error states, with axe-core.
func TestAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	base := f.srv.URL
	id := f.theCase.ID

	err := chromedp.Do(ctx, chromedp.Navigate(base+"/sign-in"),
		chromedp.SetValue(chromedp.ID("email"), f.caseManager.Email),
		chromedp.SetValue(chromedp.ID("password"), "wrong password!"),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "sign in with an error")
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}

	if assets, err := web.NewAssets(web.DistFS(), slog.New(slog.DiscardHandler)); err == nil && assets.Built() {
		// The GOV.UK Frontend module loaded and ran under the strict CSP.
		ok, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.classList.contains('govuk-frontend-supported')`,
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || !ok {
			t.Errorf("GOV.UK Frontend JavaScript did not run: %v", err)
		}
	}

	pages := []string{"/", "/cases", "/register", "/register?q=sean", "/register?q=", "/registrants/" + f.reg.ID,
		"/concerns/new", "/cases/" + id, "/cases/" + id + "/actions/record_risk_assessment",
		"/cases/" + id + "/actions/allocate", "/cases/" + id + "/actions/start_triage", "/process", "/no-such-page"}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}

	// Forms shown again with errors.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/concerns/new"),
		chromedp.Click(chromedp.CSS(`form[action="/concerns/new"] .govuk-button-group button`)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "concern form with errors")

	err = chromedp.Do(ctx, chromedp.Navigate(base+"/cases/"+id+"/actions/record_risk_assessment"),
		chromedp.SetValue(chromedp.ID("reason"), "Typed before someone else moved the case"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.cases.ApplyAction(t.Context(), f.teamLeader.Actor(), id, f.theCase.Version, "start_triage", fitness.Input{}); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "action form with a stale version")
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/cases/"+id+"/actions/record_risk_assessment"),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "action form with field errors")

	// A success banner after an action.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/cases/"+id+"/actions/add_note"),
		chromedp.SetValue(chromedp.ID("note"), "Spoke to the employer."),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-notification-banner--success")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "case page with a success banner")

	// The investigation: requests, responses, documents, the allegation
	// (request_test.go); each form also with its errors.
	pages, forms := f.investigationPages(t)
	for _, p := range append(pages, forms...) {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	for _, p := range forms {
		err := chromedp.Do(ctx, chromedp.Navigate(base+p),
			chromedp.Click(chromedp.CSS("main form .govuk-button-group button")),
			chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p+" with errors")
	}
	// Documents and service: TestServiceAccessibility (service_test.go).

	// An administrator's pages.
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".app-header__user button")),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SetValue(chromedp.ID("email"), f.admin.Email),
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/users"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, "administrator "+p)
	}
}
