package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser acceptance test drives Debian's Chromium through the demo as
// a case manager would, and checks every page it visits with axe-core
// (WCAG 2.2 AA). It skips when Chromium is not installed, unless
// FITNESS_TEST_REQUIRE_BROWSER=1 (set by CI), when it fails instead.

// requireBrowser reports whether a missing browser is a failure.
func requireBrowser() bool { return os.Getenv("FITNESS_TEST_REQUIRE_BROWSER") == "1" }

// chromiumPath returns the Chromium binary, or skips or fails the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if requireBrowser() {
		t.Fatal("FITNESS_TEST_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install chromium)")
	}
	t.Skip("browser test skipped: chromium not installed")
	return ""
}

// axeSource returns axe-core from node_modules (installed by npm ci from
// package.json), or skips or fails the test.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if requireBrowser() {
			t.Fatalf("FITNESS_TEST_REQUIRE_BROWSER=1 but axe-core is missing (run npm ci): %v", err)
		}
		t.Skip("browser test skipped: axe-core not installed (run npm ci)")
	}
	return string(b)
}

// newBrowser starts a headless Chromium with a fresh profile; it is closed
// when the test ends, before its profile directory is removed.
func newBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// browser is one signed-out visitor of the server at base.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	axe   string
	pages []string // every page checked, in order
}

// do runs actions and fails the test on error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// visit opens path and checks the page.
func (b *browser) visit(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
	b.checkPage()
}

// follow clicks sel, which leads to another page (a link or a form's
// button), waits for that page to load and checks it.
func (b *browser) follow(sel string) {
	b.t.Helper()
	b.do("mark page", chromedp.Evaluate[chromedp.Void](`window.__e2eOld = true`))
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__e2eOld !== true && document.readyState === "complete"`))
		if err == nil && loaded {
			b.checkPage()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("clicking %s did not load a new page", sel)
}

// axeViolation is one failed axe rule.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeResult is what the test keeps of an axe-core run.
type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// checkPage runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on the
// current page and reports every violation.
func (b *browser) checkPage() {
	b.t.Helper()
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	has, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`typeof window.axe !== "undefined"`))
	if err != nil {
		b.t.Fatalf("%s: %v", loc, err)
	}
	if !has {
		b.do("inject axe-core on "+loc, chromedp.Evaluate[chromedp.Void](b.axe))
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}})
		.then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact || "",
			help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))}))`
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[axeResult](run, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core on %s: %v", loc, err)
	}
	if res.Passes == 0 {
		b.t.Errorf("axe-core checked nothing on %s", loc)
	}
	b.pages = append(b.pages, loc)
	for _, v := range res.Violations {
		b.t.Errorf("accessibility (axe) on %s: %s [%s] %s at %s", loc, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "; "))
	}
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// fill sets the value of the form field with id.
func (b *browser) fill(id, value string) {
	b.t.Helper()
	b.do("fill "+id, chromedp.SetValue(chromedp.ID(id), value))
}

func TestBrowserDemoFlow(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeSource(t)
	forEachTarget(t, func(t *testing.T, target string) {
		s := startServer(t, "--db", target, "--addr", "127.0.0.1:0", "--demo")
		b := &browser{t: t, ctx: newBrowser(t, chromium), base: s.URL, axe: axe}
		caseManagerFlow(b)
		t.Logf("axe-core checked %d pages: %s", len(b.pages), strings.Join(b.pages, " "))
		if t.Failed() {
			t.Logf("server log:\n%s", tail(s.stderr.String(), 40))
		}
	})
}

// caseManagerFlow signs in as the demo case manager, finds a registrant by
// a misspelt surname, raises a concern about her and takes the new case
// through triage into investigation.
func caseManagerFlow(b *browser) {
	t := b.t
	b.visit("/sign-in")
	b.fill("email", "case-manager@demo.test")
	b.fill("password", demoPassword)
	b.follow(`form[action="/sign-in"] button[type=submit]`)

	b.visit("/register")
	b.fill("q", "Siobhan Okafro")
	b.follow(`form[action="/register"] button[type=submit]`)
	b.follow(`table a[href^="/registrants/"]`)
	if got := b.text("h1"); got != demoSearchGiven+" "+demoSearchFamily {
		t.Fatalf("first result for a misspelt Okafor is %q; want %s %s", got, demoSearchGiven, demoSearchFamily)
	}

	b.follow(`a[href^="/concerns/new?registrant="]`)
	if got, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID("subject-0-number"))); got != demoSearchNumber {
		t.Errorf("concern form: registration number %q; want %s", got, demoSearchNumber)
	}
	b.do("choose source", chromedp.Click(chromedp.ID("source"))) // the first option
	b.fill("raiser_name", "Ffion Thornwell")
	b.fill("summary", "A service user's relative reports missed home visits in October, recorded as done.")
	b.follow(`form[action="/concerns/new"] .govuk-button-group button[type=submit]`)

	for _, act := range []struct{ action, event, stage string }{
		{"start_triage", "Triage started", "Triage"},
		{"start_investigation", "Investigation started", "Investigation"},
	} {
		b.follow(`a[href$="/actions/` + act.action + `"]`)
		b.follow(`form[action$="/actions/` + act.action + `"] button[type=submit]`)
		if tl := b.text(".app-timeline"); !strings.Contains(tl, act.event) {
			t.Errorf("after %s the timeline lacks %q:\n%s", act.action, act.event, tl)
		}
		if summary := b.text(".govuk-summary-list"); !strings.Contains(summary, act.stage) {
			t.Errorf("after %s the stage is not %s:\n%s", act.action, act.stage, summary)
		}
	}
	tl := b.text(".app-timeline")
	if i, j := strings.Index(tl, "Investigation started"), strings.Index(tl, "Triage started"); i < 0 || j < 0 {
		t.Errorf("timeline lacks the two steps:\n%s", tl)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
