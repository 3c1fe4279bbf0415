package staff_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
	"fitness/internal/web/staff"
)

// samplePath turns a route pattern into a path that matches it.
func samplePath(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "x")
	return method, path
}

// TestRoutePolicy fails on any route without a known permission, and checks
// that each registered route is guarded: someone not signed in is sent to
// sign in from every route that is not public.
func TestRoutePolicy(t *testing.T) {
	known := map[fitness.Permission]bool{fitness.PermPublic: true, fitness.PermSignedIn: true}
	for _, r := range fitness.Roles {
		for _, p := range fitness.RolePermissions(r) {
			known[p] = true
		}
	}
	routes := staff.Routes()
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	f := newFixture(t, sqldb.SQLite, false)
	c := f.client(t)
	for _, rt := range routes {
		if !known[rt.Permission] {
			t.Errorf("%s: permission %q is not in the policy table", rt.Pattern, rt.Permission)
		}
		if rt.Permission == fitness.PermPublic {
			continue
		}
		method, path := samplePath(rt.Pattern)
		var res response
		if method == "GET" {
			res = f.get(t, c, path)
		} else {
			res = f.post(t, c, path, url.Values{})
		}
		if loc := res.header.Get("Location"); res.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/sign-in") {
			t.Errorf("%s %s while signed out: status %d, Location %q; want 303 to /sign-in", method, path, res.status, loc)
		}
	}
}

func TestSignInAndOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.client(t)

		res := f.get(t, c, "/cases/"+f.theCase.ID)
		if loc := res.header.Get("Location"); loc != "/sign-in?next="+url.QueryEscape("/cases/"+f.theCase.ID) {
			t.Fatalf("signed-out case page: Location %q", loc)
		}
		res = f.get(t, c, "/sign-in")
		if res.status != 200 || !strings.Contains(res.body, "casey.manager@example.org") {
			t.Errorf("sign-in page: %d, demo sign-ins shown: %v", res.status, strings.Contains(res.body, "casey.manager"))
		}
		before := sessionCookie(t, f, c)

		res = f.post(t, c, "/sign-in", url.Values{"email": {f.caseManager.Email}, "password": {"wrong password!"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Enter a correct email address and password") ||
			!strings.Contains(res.body, `value="casey.manager@example.org"`) || !strings.HasPrefix(title(res.body), "Error: ") {
			t.Errorf("wrong password: status %d, title %q\n%s", res.status, title(res.body), res.body)
		}
		res = f.post(t, c, "/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password!"}})
		if !strings.Contains(res.body, "Enter a correct email address and password") {
			t.Error("unknown email: message differs from wrong password")
		}

		res = f.post(t, c, "/sign-in", url.Values{"email": {f.caseManager.Email}, "password": {password},
			"next": {"/cases/" + f.theCase.ID}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/cases/"+f.theCase.ID {
			t.Fatalf("sign in: %d %q", res.status, res.header.Get("Location"))
		}
		after := sessionCookie(t, f, c)
		if after == "" || after == before {
			t.Errorf("session token not renewed at sign-in: before %q, after %q", before, after)
		}
		res = f.get(t, c, "/")
		if res.status != 200 || !strings.Contains(res.body, "Casey Manager") {
			t.Fatalf("home after sign-in: %d", res.status)
		}

		res = f.post(t, c, "/sign-out", nil)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/sign-in" {
			t.Errorf("sign out: %d %q", res.status, res.header.Get("Location"))
		}
		// The old cookie, replayed, is no longer a session.
		replay := f.client(t)
		u, _ := url.Parse(f.srv.URL)
		replay.Jar.SetCookies(u, []*http.Cookie{{Name: web.SessionCookiePlain, Value: after}})
		if res := f.get(t, replay, "/"); res.status != http.StatusSeeOther {
			t.Errorf("replayed cookie after sign-out: status %d; want 303 to sign in", res.status)
		}
	})
}

func TestSignInNextStaysOnSite(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example"} {
		c := f.client(t)
		res := f.post(t, c, "/sign-in", url.Values{"email": {f.caseManager.Email}, "password": {password}, "next": {next}})
		if loc := res.header.Get("Location"); loc != "/" {
			t.Errorf("next %q: redirected to %q; want /", next, loc)
		}
	}
}

func sessionCookie(t *testing.T, f *fixture, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == web.SessionCookiePlain || ck.Name == web.SessionCookieTLS {
			return ck.Value
		}
	}
	return ""
}

// TestPagesRender checks every page a case manager can reach renders with
// a title and one h1.
func TestPagesRender(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		id := f.theCase.ID
		pages := []struct {
			path, title, contains string
		}{
			{"/", "My cases – fitness", f.theCase.Reference},
			{"/cases", "All open cases – fitness", f.theCase.Reference},
			{"/cases?stage=received&manager=" + f.caseManager.ID, "All open cases – fitness", f.theCase.Reference},
			{"/register", "Search the register – fitness", "Search the register"},
			{"/register?q=sean", "Search the register – fitness", "SW900001"},
			{"/register?q=SW900001", "Search the register – fitness", "Seán Ó Briain"},
			{"/register?q=", "Error: Search the register – fitness", "Enter a registration number or a name"},
			{"/registrants/" + f.reg.ID, "Seán Ó Briain – fitness", "Raise a concern about this person"},
			{"/registrants/" + f.reg.ID, "Seán Ó Briain – fitness", "<td class=\"govuk-table__cell\">Present</td>"},
			{"/concerns/new", "Raise a concern – fitness", "Who raised the concern?"},
			{"/concerns/new?registrant=" + f.reg.ID, "Raise a concern – fitness", `value="SW900001"`},
			{"/cases/" + id, "Case " + f.theCase.Reference + " – fitness", "Case manager allocated"},
			{"/cases/" + f.theCase.Reference, "Case " + f.theCase.Reference + " – fitness", "Start triage"},
			{"/cases/" + id + "/actions/start_triage", "Start triage – " + f.theCase.Reference + " – fitness", `name="case_version"`},
			{"/cases/" + id + "/actions/record_risk_assessment", "Record risk assessment – " + f.theCase.Reference + " – fitness", "<legend"},
			{"/cases/" + id + "/actions/allocate", "Allocate case manager – " + f.theCase.Reference + " – fitness", "<select"},
			{"/process", "The process – fitness", "<svg"},
		}
		for _, p := range pages {
			res := f.get(t, c, p.path)
			if res.status != 200 {
				t.Errorf("%s: status %d\n%s", p.path, res.status, res.body)
				continue
			}
			if got := title(res.body); got != p.title {
				t.Errorf("%s: title %q; want %q", p.path, got, p.title)
			}
			if n := strings.Count(res.body, "<h1"); n != 1 {
				t.Errorf("%s: %d h1 elements; want 1", p.path, n)
			}
			if !strings.Contains(res.body, p.contains) {
				t.Errorf("%s: lacks %q", p.path, p.contains)
			}
		}
		for _, path := range []string{"/no-such-page", "/cases/no-such-case", "/registrants/nobody",
			"/cases/" + id + "/actions/no_such_action", "/cases/" + id + "/actions/close_outside_remit"} {
			res := f.get(t, c, path)
			if res.status != 404 || title(res.body) != "Page not found – fitness" {
				t.Errorf("%s: status %d, title %q; want 404 Page not found", path, res.status, title(res.body))
			}
		}
	})
}

func TestOverdueFlagged(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	ctx := t.Context()
	tl := f.teamLeader.Actor()
	c := f.theCase
	var err error
	for _, step := range []struct {
		action fitness.ActionName
		in     fitness.Input
	}{
		{"start_triage", nil},
		{"start_investigation", nil},
		{"request_information", fitness.Input{"recipient": "Northshire Council", "request": "Visit records"}},
	} {
		if c, err = f.cases.ApplyAction(ctx, tl, c.ID, c.Version, step.action, step.in); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	if c.NextDue().IsZero() {
		t.Fatal("no deadline started")
	}
	// A month later the request is overdue.
	f.setAppNow(f.now.AddDate(0, 1, 0))
	cl := f.signedIn(t, f.caseManager)
	res := f.get(t, cl, "/")
	if !strings.Contains(res.body, "Overdue") || !regexp.MustCompile(`\d+ days overdue`).MatchString(res.body) {
		t.Errorf("my cases does not flag the overdue case:\n%s", res.body)
	}
	res = f.get(t, cl, "/cases/"+c.ID)
	if !strings.Contains(res.body, "Overdue") {
		t.Errorf("case page does not flag the overdue deadline")
	}
}

// TestUnbuiltAssets checks pages still render, unstyled, when the front-end
// assets were not built, and that the app says so once.
func TestUnbuiltAssets(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	assets, err := web.NewAssets(fstest.MapFS{".gitkeep": {}}, logger)
	if err != nil {
		t.Fatal(err)
	}
	h, err := staff.NewHandler(staff.Deps{Users: f.users, Registrants: f.registrants, Cases: f.cases,
		Process: f.process, Sessions: web.NewSessionManager(sqldb.NewSessionStore(f.db), false), Logger: logger, Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/sign-in", nil))
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "stylesheet") || title(rec.Body.String()) != "Sign in – fitness" {
		t.Errorf("unstyled sign-in page: %d\n%s", rec.Code, rec.Body.String())
	}
	if n := strings.Count(logs.String(), "assets not built"); n != 1 {
		t.Errorf("warned %d times; want once", n)
	}
}

// TestAssetsServed checks the built assets (when built) are linked with
// fingerprinted names and served with a long cache lifetime.
func TestAssetsServed(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	page := f.get(t, f.client(t), "/sign-in").body
	m := regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(m) == 0 {
		t.Skip("assets not built (run scripts/build-assets.sh)")
	}
	for _, u := range m {
		res := f.get(t, f.client(t), u[1])
		if res.status != 200 || !strings.Contains(res.header.Get("Cache-Control"), "immutable") || res.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: status %d, Cache-Control %q", u[1], res.status, res.header.Get("Cache-Control"))
		}
	}
	if !strings.Contains(page, `<script type="module" src="/assets/fitness.`) {
		t.Error("the init script is not linked")
	}
}
