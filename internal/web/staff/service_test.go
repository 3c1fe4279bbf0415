package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// mustIssuedLetter returns a letter issued on the fixture's case: the
// acknowledgement to Northshire Council, which gave no email address, so
// it waits to be posted. Triage is started first when the case has not
// been triaged; the letters are issued as the jobs would, with a stand-in
// PDF.
func (f *fixture) mustIssuedLetter(t *testing.T) fitness.DocumentRequest {
	t.Helper()
	ctx := context.Background()
	c, err := f.cases.FindCase(ctx, f.caseManager.Actor(), f.theCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage == fitness.StageReceived {
		if _, err := f.cases.ApplyAction(ctx, f.caseManager.Actor(), c.ID, c.Version, fitness.ActionStartTriage, nil); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := f.letters.ClaimLetters(ctx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if _, err := f.letters.IssueLetter(ctx, r, fitness.IssuedLetter{HTML: []byte("<p>Letter</p>"),
			PDF: []byte("%PDF-1.7 " + r.ID), Filename: "FTP-acknowledgement.pdf", Subject: "Letter",
			BodyText: "Attached.", Engine: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := f.letters.CaseLetters(ctx, f.caseManager.Actor(), c.ID)
	if err != nil || len(ls) == 0 {
		t.Fatalf("letters %v, %v", ls, err)
	}
	return ls[0]
}

// TestLettersOnCasePage: the case page lists each letter with its PDF, its
// hash and its service; a case manager records the posting of a letter
// with no email address, with field errors that keep what was typed, and
// the letter shows as served.
func TestLettersOnCasePage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		l := f.mustIssuedLetter(t)
		c := f.signedIn(t, f.caseManager)
		page := f.get(t, c, "/cases/"+f.theCase.ID)
		postURL := "/cases/" + f.theCase.ID + "/letters/" + l.ID + "/post"
		for _, want := range []string{"Documents and service", "Acknowledgement (PDF)", l.SHA256, "To be posted",
			"Northshire Council (the person who raised the concern), by post", postURL,
			"/cases/" + f.theCase.ID + "/documents/" + l.DocumentID} {
			if !strings.Contains(page.body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		pdf := f.get(t, c, "/cases/"+f.theCase.ID+"/documents/"+l.DocumentID)
		if pdf.status != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") ||
			!strings.HasPrefix(pdf.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %d %v", pdf.status, pdf.header)
		}

		form := f.get(t, c, postURL)
		if form.status != http.StatusOK || !strings.Contains(form.body, "Northshire Council") {
			t.Fatalf("post form: %d\n%s", form.status, form.body)
		}
		tomorrow := f.now.AddDate(0, 0, 1)
		bad := f.post(t, c, postURL, url.Values{"posted_on-day": {strconv.Itoa(tomorrow.Day())},
			"posted_on-month": {strconv.Itoa(int(tomorrow.Month()))}, "posted_on-year": {strconv.Itoa(tomorrow.Year())},
			"address": {""}})
		if bad.status != http.StatusUnprocessableEntity ||
			!strings.Contains(bad.body, "The date the letter was posted must be today or in the past") ||
			!strings.Contains(bad.body, "Enter the address the letter was posted to") ||
			!strings.Contains(bad.body, `value="`+strconv.Itoa(tomorrow.Day())+`"`) {
			t.Errorf("bad posting: %d\n%s", bad.status, bad.body)
		}
		ok := f.post(t, c, postURL, url.Values{"posted_on-day": {strconv.Itoa(f.now.Day())},
			"posted_on-month": {strconv.Itoa(int(f.now.Month()))}, "posted_on-year": {strconv.Itoa(f.now.Year())},
			"address": {"Northshire Council\nCounty Hall\nNorthby NB1 1AA"}})
		if ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/cases/"+f.theCase.ID+"#letters" {
			t.Fatalf("posting: %d %v\n%s", ok.status, ok.header, ok.body)
		}
		page = f.get(t, c, "/cases/"+f.theCase.ID)
		for _, want := range []string{"Posting recorded", "Served", "Posted on 10 March 2026 to Northshire Council, County Hall, Northby NB1 1AA",
			"Acknowledgement sent to the person who raised the concern by post"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("case page after posting lacks %q", want)
			}
		}
		admin := f.signedIn(t, f.admin)
		if got := f.get(t, admin, postURL); got.status != http.StatusNotFound {
			t.Errorf("administrator: %d", got.status)
		}
		if got := f.get(t, c, "/cases/"+f.theCase.ID+"/letters/nope/post"); got.status != http.StatusNotFound {
			t.Errorf("unknown letter: %d", got.status)
		}
	})
}

// TestServiceAccessibility checks the case page with its letters, the
// record-posting form, the registrant page and the service-address form,
// empty and with errors, with axe-core, signed in as a case manager.
func TestServiceAccessibility(t *testing.T) {
	ctx, axe := browser(t)
	f := newFixture(t, sqldb.SQLite, false)
	base := f.srv.URL
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/sign-in"),
		chromedp.SetValue(chromedp.ID("email"), f.caseManager.Email),
		chromedp.SetValue(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS("main form button.govuk-button")),
		chromedp.WaitVisible(chromedp.CSS(".app-header__user")))
	if err != nil {
		t.Fatal(err)
	}
	l := f.mustIssuedLetter(t)
	for _, p := range []string{"/cases/" + f.theCase.ID + "#letters", "/cases/" + f.theCase.ID + "/letters/" + l.ID + "/post"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("posted_on-day"), "99"),
		chromedp.SetValue(chromedp.ID("address"), " "),
		chromedp.Click(chromedp.CSS("main form .govuk-button-group button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "record posting with errors")
	form := "/registrants/" + f.reg.ID + "/service-address"
	for _, p := range []string{"/registrants/" + f.reg.ID, form} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkPage(t, ctx, axe, p)
	}
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("email"), "not an address"),
		chromedp.Click(chromedp.CSS("main form .govuk-button-group button")),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, axe, "service address with errors")
}

// TestServiceAddress: a case manager sets where letters to a registrant
// go; a bad email address is refused with what was typed kept.
func TestServiceAddress(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	c := f.signedIn(t, f.caseManager)
	page := f.get(t, c, "/registrants/"+f.reg.ID)
	formURL := "/registrants/" + f.reg.ID + "/service-address"
	if !strings.Contains(page.body, "Where we send letters") || !strings.Contains(page.body, "None: letters are posted") ||
		!strings.Contains(page.body, formURL) {
		t.Errorf("registrant page:\n%s", page.body)
	}
	bad := f.post(t, c, formURL, url.Values{"email": {"sean at example"}, "postal": {"1 Quay Street\nTruro TR1 1AA"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Enter an email address in the correct format") ||
		!strings.Contains(bad.body, `value="sean at example"`) || !strings.Contains(bad.body, "Truro TR1 1AA") {
		t.Errorf("bad address: %d\n%s", bad.status, bad.body)
	}
	ok := f.post(t, c, formURL, url.Values{"email": {"sean@example.net"}, "postal": {"1 Quay Street\nTruro TR1 1AA"}})
	if ok.status != http.StatusSeeOther {
		t.Fatalf("address: %d\n%s", ok.status, ok.body)
	}
	page = f.get(t, c, "/registrants/"+f.reg.ID)
	if !strings.Contains(page.body, "sean@example.net") || !strings.Contains(page.body, "has been saved") {
		t.Errorf("registrant page after saving:\n%s", page.body)
	}
	if got := f.get(t, f.signedIn(t, f.admin), formURL); got.status != http.StatusNotFound {
		t.Errorf("administrator: %d", got.status)
	}
}
