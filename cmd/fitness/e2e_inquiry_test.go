package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// TestBrowserInquiryScopeScreen drives Chromium through the demo as a
// team leader: opens an inquiry into the demo council's staff, runs its
// scope, screens one person into a case and two more in a bulk step, and
// reads the dashboard; axe-core checks every page on the way.
func TestBrowserInquiryScopeScreen(t *testing.T) {
	chromium := chromiumPath(t)
	axe := axeSource(t)
	forEachTarget(t, func(t *testing.T, target string) {
		s := startServer(t, "--db", target, "--addr", "127.0.0.1:0", "--demo")
		b := &browser{t: t, ctx: newBrowser(t, chromium), base: s.URL, axe: axe}
		inquiryFlow(b)
		t.Logf("axe-core checked %d pages: %s", len(b.pages), strings.Join(b.pages, " "))
		if t.Failed() {
			t.Logf("server log:\n%s", tail(s.stderr.String(), 40))
		}
	})
}

// The period of the inquiry the browser test opens.
var (
	e2eInquiryFrom = date(2000, time.January, 1)
	e2eInquiryTo   = date(2009, time.December, 31)
)

// wantInScope counts the demo council's social workers whose employment
// there overlaps the browser test's period, by the domain's rule.
func wantInScope() int {
	_, jobs := demoInquiryPeople(synth.New(demoInquirySeed))
	in := map[int]bool{}
	for _, j := range jobs {
		if !j.elsewhere && fitness.EmploymentOverlaps(j.from, j.to, e2eInquiryFrom, e2eInquiryTo) {
			in[j.person] = true
		}
	}
	return len(in)
}

// inquiryFlow signs in as the demo team leader and takes an inquiry from
// its opening to screening.
func inquiryFlow(b *browser) {
	t := b.t
	b.visit("/sign-in")
	b.fill("email", "team-leader@demo.test")
	b.fill("password", demoPassword)
	b.follow(`form[action="/sign-in"] button[type=submit]`)
	b.visit("/inquiries")
	b.follow(`a[href="/inquiries/new"]`)
	b.follow(`form[action="/inquiries/new"] button[type=submit]`) // nothing filled in
	if summary := b.text(".govuk-error-summary"); !strings.Contains(summary, "Select at least one employer") {
		t.Errorf("empty inquiry form: %s", summary)
	}
	fillInquiryForm(b)
	b.follow(`form[action="/inquiries/new"] button[type=submit]`)
	if got := b.text(".govuk-notification-banner"); !strings.Contains(got, "Inquiry opened") {
		t.Fatalf("after opening the inquiry: %q", got)
	}
	b.follow(`nav[aria-label="Inquiry sections"] a[href$="/scope"]`)
	b.follow(`main form[action$="/scope"] button[type=submit]`)
	want := fmt.Sprintf("Scope run: %d people in scope", wantInScope())
	if got := b.text(".govuk-notification-banner"); !strings.Contains(got, want) {
		t.Fatalf("scope run: %q; want %q", got, want)
	}
	screenOne(b)
	screenTwo(b)
	b.follow(`nav[aria-label="Inquiry sections"] li:first-child a`)
	dash := b.text("main")
	for _, w := range []string{"Open a case\n1", "No action\n2", "1 case opened: 1 open, 0 closed"} {
		if !strings.Contains(strings.ReplaceAll(dash, "\t", "\n"), w) {
			t.Errorf("dashboard lacks %q:\n%s", w, dash)
		}
	}
}

// fillInquiryForm fills in the new inquiry form: the demo council, the
// period and the demo case manager on the team.
func fillInquiryForm(b *browser) {
	b.fill("title", "Ravensholme fostering decisions, 2000 to 2009")
	b.fill("source_title", "Serious case review: fostering placements in Ravensholme")
	b.fill("source_publisher", "Ravensholme Safeguarding Review Panel")
	for id, v := range map[string]string{"source_published-day": "14", "source_published-month": "3",
		"source_published-year": "2011", "from-day": "1", "from-month": "1", "from-year": "2000",
		"to-day": "31", "to-month": "12", "to-year": "2009"} {
		b.fill(id, v)
	}
	b.fill("source_summary", "Placements were approved without the checks the council's procedures required.")
	b.tick(demoInquiryCouncil)
	b.tick("Cerys Pritchard (Case manager)")
}

// tick ticks the checkbox or radio whose label is text.
func (b *browser) tick(text string) {
	b.t.Helper()
	js := `(() => { const l = [...document.querySelectorAll("label")].find(l => l.textContent.trim() === ` +
		strconv.Quote(text) + `); if (!l) return false; const i = document.getElementById(l.htmlFor);
		if (!i.checked) i.click(); return i.checked })()`
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
	if err != nil || !ok {
		b.t.Fatalf("tick %q: %v", text, err)
	}
}

// screenOne opens the first person in scope and screens them into a case,
// after a refused attempt without reasons.
func screenOne(b *browser) {
	t := b.t
	b.follow(`#scope-people a[href*="/people/"]`)
	b.tick("Open a case")
	b.follow(`main form[method=post] button[type=submit]`)
	if got := b.text(".govuk-error-summary"); !strings.Contains(got, "Reasons") && !strings.Contains(got, "reasons") {
		t.Errorf("screening without reasons: %q", got)
	}
	b.tick("Open a case")
	b.fill("reasons", "Approved two of the placements the review found unsafe.")
	b.follow(`main form[method=post] button[type=submit]`)
	if got := b.text(".govuk-notification-banner"); !strings.Contains(got, "Screening recorded: Open a case. Case FTP-") {
		t.Errorf("after screening: %q", got)
	}
}

// screenTwo ticks the first two people not yet screened and records no
// action for both in a bulk step, following its progress until it ends.
func screenTwo(b *browser) {
	t := b.t
	b.follow(`nav[aria-label="Inquiry sections"] a[href$="/screening"]`)
	b.do("filter", chromedp.SetValue(chromedp.ID("screened"), string(fitness.ScreenNotScreened)))
	b.follow(`main form[method=get] button[type=submit]`)
	for _, id := range []string{"registrants-1", "registrants-2"} {
		b.do("tick "+id, chromedp.Evaluate[chromedp.Void](`document.getElementById("`+id+`").click()`))
	}
	b.do("outcome", chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="outcome"][value="no_action"]').click()`))
	b.fill("reasons", "Employed in other teams; not named in the review.")
	b.follow(`main form[method=post] button[type=submit]`)
	for i := 0; i < 60 && !strings.Contains(b.text("#step-progress"), "Finished"); i++ {
		time.Sleep(250 * time.Millisecond)
		b.follow(`main a[href*="/steps/"]`) // "Refresh progress"
	}
	if got := b.text("#step-progress"); got != "Finished: 2 of 2 done" {
		t.Errorf("bulk step: %q", got)
	}
}
