package staff_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
)

func TestAdminOnlyRoutes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		cm := f.signedIn(t, f.caseManager)
		if res := f.get(t, cm, "/users"); res.status != 404 || title(res.body) != "Page not found – fitness" {
			t.Errorf("case manager on /users: %d %q; want 404 Page not found", res.status, title(res.body))
		}
		if !strings.Contains(f.logs.String(), "access denied") {
			t.Error("the denial was not logged")
		}
		admin := f.signedIn(t, f.admin)
		if res := f.get(t, admin, "/users"); res.status != 200 || !strings.Contains(res.body, "casey.manager@example.org") {
			t.Errorf("admin on /users: %d", res.status)
		}
		// An administrator holds no case permissions: cases look absent.
		if res := f.get(t, admin, "/cases/"+f.theCase.ID); res.status != 404 {
			t.Errorf("admin on a case: %d; want 404", res.status)
		}
		if res := f.get(t, admin, "/"); res.status != 200 || strings.Contains(res.body, "My cases") {
			t.Errorf("admin home: %d, shows My cases: %v", res.status, strings.Contains(res.body, "My cases"))
		}
	})
}

func TestCrossSitePostRefused(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	c := f.signedIn(t, f.caseManager)
	form := url.Values{"case_version": {"2"}, "note": {"from elsewhere"}}
	path := "/cases/" + f.theCase.ID + "/actions/start_triage"
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
		{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}} {
		res := f.post(t, c, path, form, h...)
		if res.status != http.StatusForbidden {
			t.Errorf("POST with %v: status %d; want 403", h, res.status)
		}
	}
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}} {
		if res := f.post(t, f.client(t), "/sign-in", url.Values{"email": {f.caseManager.Email}, "password": {password}}, h...); res.status != http.StatusForbidden {
			t.Errorf("cross-site sign-in: status %d; want 403", res.status)
		}
	}
	got, err := f.cases.FindCase(t.Context(), f.caseManager.Actor(), f.theCase.ID)
	if err != nil || got.Version != f.theCase.Version {
		t.Errorf("refused posts changed the case: version %d, %v", got.Version, err)
	}
}

func TestConcernFormKeepsValues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		form := url.Values{
			"subjects": {"2"}, "received-day": {"31"}, "received-month": {"2"}, "received-year": {"2026"},
			"raiser_name": {"Pat <Smith>"}, "summary": {"Line one\nline two & more"},
			"subject-0-number": {"SW900001"}, "subject-1-number": {"XX000000"},
		}
		res := f.post(t, c, "/concerns/new", form)
		if res.status != http.StatusUnprocessableEntity || !strings.HasPrefix(title(res.body), "Error: Raise a concern") {
			t.Fatalf("status %d, title %q", res.status, title(res.body))
		}
		for _, want := range []string{
			`class="govuk-error-summary"`,
			`href="#received-day"`, "must be a real date",
			`href="#source"`, "Select who raised the concern",
			`href="#subject-1-number"`, "No one on the register has the registration number XX000000",
			`value="Pat &lt;Smith&gt;"`, "Line one\nline two &amp; more</textarea>",
			`value="SW900001"`, `value="31"`,
		} {
			if !strings.Contains(res.body, want) {
				t.Errorf("re-shown form lacks %q", want)
			}
		}
		// "Add another person" shows one more row and keeps everything.
		res = f.post(t, c, "/concerns/new", url.Values{"subjects": {"1"}, "add": {"person"}, "summary": {"kept"}})
		if res.status != 200 || !strings.Contains(res.body, `name="subject-1-number"`) || !strings.Contains(res.body, "kept</textarea>") ||
			strings.Contains(res.body, "govuk-error-summary") {
			t.Errorf("add another person: status %d", res.status)
		}
	})
}

func TestConcernCreatesLinkedCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		res := f.post(t, c, "/concerns/new", url.Values{
			"subjects": {"3"}, "received-day": {"9"}, "received-month": {"3"}, "received-year": {"2026"},
			"source": {string(fitness.SourcePublic)}, "raiser_name": {"Jo Bloggs"}, "summary": {"Rude to a patient."},
			"subject-0-number": {"pa900002"}, "subject-2-name": {"Alex Unknown"}, "subject-2-details": {"Works at St Elsewhere"},
		})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/cases/") {
			t.Fatalf("create: status %d, Location %q\n%s", res.status, res.header.Get("Location"), res.body)
		}
		res = f.get(t, c, res.header.Get("Location"))
		if !strings.Contains(res.body, "govuk-notification-banner--success") || !strings.Contains(res.body, "opened and linked") {
			t.Errorf("no success banner naming the cases:\n%s", res.body)
		}
		if !strings.Contains(res.body, "Morwenna Tregarthen") {
			t.Error("case page does not name the registrant")
		}
		page, err := f.cases.ListCases(t.Context(), f.teamLeader.Actor(), fitness.CaseFilter{OpenOnly: true})
		if err != nil || len(page.Cases) != 3 {
			t.Fatalf("cases after create: %d, %v; want 3", len(page.Cases), err)
		}
		// The banner shows once.
		if res := f.get(t, c, "/"); strings.Contains(res.body, "opened and linked") {
			t.Error("flash shown twice")
		}
	})
}

func TestStaleVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		path := "/cases/" + f.theCase.ID + "/actions/record_risk_assessment"
		m := hiddenRE.FindStringSubmatch(f.get(t, c, path).body)
		if m == nil {
			t.Fatal("no version field on the form")
		}
		// Someone else moves the case on.
		if _, err := f.cases.ApplyAction(t.Context(), f.teamLeader.Actor(), f.theCase.ID, f.theCase.Version,
			"start_triage", nil); err != nil {
			t.Fatal(err)
		}
		res := f.post(t, c, path, url.Values{"case_version": {m[1]}, "risk": {"high"}, "interim_order_needed": {"yes"},
			"reason": {"Several missed visits to vulnerable adults."}})
		if res.status != http.StatusConflict {
			t.Fatalf("stale post: status %d; want 409\n%s", res.status, res.body)
		}
		for _, want := range []string{
			"This case has changed since you opened it. Check the timeline, then try again.",
			"Several missed visits to vulnerable adults.</textarea>",
			`href="/cases/` + f.theCase.ID + `"`,
			`name="case_version" value="` + m[1] + `"`,
		} {
			if !strings.Contains(res.body, want) {
				t.Errorf("stale form lacks %q", want)
			}
		}
		if !strings.HasPrefix(title(res.body), "Error: ") {
			t.Errorf("title %q lacks Error: prefix", title(res.body))
		}
	})
}

func TestActionAppliedAndFieldErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		path := "/cases/" + f.theCase.ID + "/actions/record_risk_assessment"
		version := hiddenRE.FindStringSubmatch(f.get(t, c, path).body)[1]
		res := f.post(t, c, path, url.Values{"case_version": {version}, "reason": {"typed reason"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `href="#risk"`) ||
			!strings.Contains(res.body, "typed reason</textarea>") {
			t.Fatalf("missing inputs: status %d\n%s", res.status, res.body)
		}
		res = f.post(t, c, path, url.Values{"case_version": {version}, "risk": {"high"},
			"interim_order_needed": {"no"}, "reason": {"typed reason"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("apply: status %d\n%s", res.status, res.body)
		}
		res = f.get(t, c, res.header.Get("Location"))
		if !strings.Contains(res.body, "govuk-notification-banner--success") || !strings.Contains(res.body, "Reason: typed reason") {
			t.Errorf("case page after action lacks banner or timeline entry:\n%s", res.body)
		}
	})
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, true)
	c := f.client(t)
	res := f.post(t, c, "/sign-in", url.Values{"email": {f.caseManager.Email}, "password": {password}})
	var session *http.Cookie
	for _, ck := range res.res.Cookies() {
		if ck.Name == web.SessionCookieTLS {
			session = ck
		}
	}
	if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode ||
		session.Path != "/" || session.Domain != "" {
		t.Fatalf("session cookie over TLS = %+v; want __Host-fitness, Secure, HttpOnly, SameSite=Lax, Path=/", session)
	}
	for _, path := range []string{"/", "/cases/" + f.theCase.ID, "/process", "/sign-in", "/no-such-page"} {
		res := f.get(t, c, path)
		h := res.header
		for _, want := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(h.Get("Content-Security-Policy"), want) {
				t.Errorf("%s: CSP lacks %s", path, want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" ||
			h.Get("Cache-Control") != "no-store" || h.Get("Server") != "" ||
			!strings.Contains(h.Get("Strict-Transport-Security"), "includeSubDomains") ||
			h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestActionDateErrorsShownWithOthers(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	ctx := t.Context()
	tl := f.teamLeader.Actor()
	c := f.theCase
	var err error
	for _, a := range []fitness.ActionName{"start_triage", "start_investigation"} {
		if c, err = f.cases.ApplyAction(ctx, tl, c.ID, c.Version, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	cl := f.signedIn(t, f.caseManager)
	path := "/cases/" + c.ID + "/actions/record_information_received"
	res := f.post(t, cl, path, url.Values{"case_version": {strconv.Itoa(c.Version)},
		"received_on-day": {"30"}, "received_on-month": {"2"}, "received_on-year": {"2026"}, "note": {"kept note"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "must be a real date") ||
		!strings.Contains(res.body, `href="#received_on-day"`) || !strings.Contains(res.body, "kept note</textarea>") {
		t.Errorf("bad date: status %d\n%s", res.status, res.body)
	}
	got, err := f.cases.FindCase(ctx, tl, c.ID)
	if err != nil || got.Version != c.Version {
		t.Errorf("a bad date changed the case: version %d, %v", got.Version, err)
	}
}
