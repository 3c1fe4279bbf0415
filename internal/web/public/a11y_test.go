package public_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/sqldb"
)

// axeRun runs axe-core on the page for WCAG 2.2 A and AA and the
// best-practice rules, returning the violations as JSON (as the staff app's
// accessibility test does).
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values:
	['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
	.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => n.target.join(' '))}))))`

// TestAccessibility checks every page of the public site with axe-core in
// Chromium; it skips without Chromium or axe-core (npm ci).
func TestAccessibility(t *testing.T) {
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("browser test skipped: chromium is not installed")
	}
	axe, err := os.ReadFile(filepath.Join("..", "..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Skip("browser test skipped: axe-core is not installed (run npm ci)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })

	s := newSite(t, sqldb.SQLite)
	check := func(name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
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
	visit := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(s.srv.URL+path)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		check(path)
	}
	s.clock.at(date(2026, 3, 25))
	visit("/hearings")
	visit("/hearings/" + s.hearing.ID)
	visit("/hearings/" + s.private.ID)
	visit("/no-such-page")
	s.clock.at(date(2026, 4, 22))
	visit("/decisions/" + s.decision.ID)
	visit("/hearings")
}
