package staff_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/sqldb/sqldbtest"
	"fitness/internal/web"
	"fitness/internal/web/staff"
)

// password is every test user's password.
const password = "correct horse battery staple"

// forEachEngine runs fn on SQLite, and on PostgreSQL when
// FITNESS_TEST_POSTGRES holds a URL (skipped with a message otherwise).
func forEachEngine(t *testing.T, fn func(t *testing.T, e sqldb.Engine)) {
	for _, e := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(e), func(t *testing.T) { fn(t, e) })
	}
}

// mustOpenDB opens a fresh, migrated database on engine e.
func mustOpenDB(t *testing.T, e sqldb.Engine) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	target := filepath.Join(t.TempDir(), "staff.db")
	if e == sqldb.Postgres {
		target = mustCreatePostgres(t)
	}
	db, err := sqldb.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	return db
}

// mustCreatePostgres creates a database for one test on the server named by
// FITNESS_TEST_POSTGRES and drops it afterwards.
func mustCreatePostgres(t *testing.T) string {
	return sqldbtest.Target(t, sqldb.Postgres)
}

// fixture is the staff app on real storage with a few users, registrants
// and one case.
type fixture struct {
	srv         *httptest.Server
	db          *sqldb.DB
	users       *sqldb.UserService
	registrants *sqldb.RegistrantService
	cases       *sqldb.CaseService
	requests    *sqldb.RequestService
	documents   *sqldb.DocumentService
	allegations *sqldb.AllegationService
	meetings    *sqldb.MeetingService
	panels      *sqldb.PanelService
	letters     *sqldb.LetterStore
	hearings    *sqldb.HearingService
	inquiries   *sqldb.InquiryService
	process     *fitness.Process
	now         time.Time
	appNow      atomic.Int64 // the app's clock, in Unix nanoseconds
	logs        *strings.Builder

	caseManager, teamLeader, admin fitness.User
	reg, reg2                      fitness.Registrant
	theCase                        fitness.Case
}

// newFixture starts the staff app on engine e; tls serves it over TLS.
func newFixture(t *testing.T, e sqldb.Engine, tls bool) *fixture {
	t.Helper()
	ctx := context.Background()
	db := mustOpenDB(t, e)
	now := time.Date(2026, 3, 10, 10, 0, 0, 0, web.London())
	clock := func() time.Time { return now }
	f := &fixture{
		db:          db,
		users:       sqldb.NewUserService(db, clock, sqldb.WithArgonParams(1024, 1, 1)),
		registrants: sqldb.NewRegistrantService(db),
		process:     fitness.HCPCProcess(),
		now:         now,
		logs:        &strings.Builder{},
	}
	f.cases = sqldb.NewCaseService(db, f.process, fitness.HCPCRules(), clock)
	f.requests = sqldb.NewRequestService(db, fitness.HCPCRules(), clock)
	f.documents = sqldb.NewDocumentService(db, clock)
	f.allegations = sqldb.NewAllegationService(db, clock)
	f.meetings, f.panels = sqldb.NewMeetingService(db, f.cases), sqldb.NewPanelService(db, clock)
	f.letters = sqldb.NewLetterStore(db, f.cases, clock)
	f.hearings = sqldb.NewHearingService(db, f.cases)
	f.inquiries = sqldb.NewInquiryService(db, f.cases, fitness.HCPCRules(), clock)
	f.setAppNow(now)
	f.caseManager = f.mustUser(t, "casey.manager@example.org", "Casey Manager", fitness.RoleCaseManager)
	f.teamLeader = f.mustUser(t, "terry.leader@example.org", "Terry Leader", fitness.RoleTeamLeader)
	f.admin = f.mustUser(t, "ada.admin@example.org", "Ada Admin", fitness.RoleAdmin)
	f.reg = f.mustRegistrant(t, "SW900001", "Seán", "Ó Briain")
	f.reg2 = f.mustRegistrant(t, "PA900002", "Morwenna", "Tregarthen")
	emp, err := f.registrants.CreateEmployer(ctx, fitness.Employer{Name: "Northshire Council", Kind: "council", Town: "Northby"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = f.registrants.AddEmployment(ctx, fitness.Employment{RegistrantID: f.reg.ID, EmployerID: emp.ID,
		Role: "Senior social worker", From: time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	_, cases, err := f.cases.CreateConcern(ctx, f.caseManager.Actor(), fitness.ConcernInput{
		ReceivedOn: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Source: fitness.SourceEmployer,
		RaisedByName: "Northshire Council", Summary: "Missed home visits.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: f.reg.ID}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.theCase, err = f.cases.ApplyAction(ctx, f.teamLeader.Actor(), cases[0].ID, cases[0].Version,
		fitness.ActionAllocate, fitness.Input{"case_manager": f.caseManager.ID})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(f.logs, nil))
	h, err := staff.NewHandler(staff.Deps{
		Users: f.users, Registrants: f.registrants, Cases: f.cases, Process: f.process,
		Rules: fitness.HCPCRules(), Sessions: web.NewSessionManager(sqldb.NewSessionStore(db), tls),
		Logger: logger, Now: f.appClock, Demo: true, DemoSignIns: []string{"casey.manager@example.org"},
		Requests: f.requests, Documents: f.documents, Allegations: f.allegations,
		Meetings: f.meetings, Panels: f.panels, Notices: testNotice, Letters: f.letters, Hearings: f.hearings,
		Employers: sqldb.NewEmployerService(db, f.cases, f.letters),
		Inquiries: f.inquiries, Inquiry: staff.InquiryExtras{Employers: f.panels},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tls {
		f.srv = httptest.NewTLSServer(h)
	} else {
		f.srv = httptest.NewServer(h)
	}
	t.Cleanup(f.srv.Close)
	return f
}

// setAppNow sets the time the app thinks it is.
func (f *fixture) setAppNow(t time.Time) { f.appNow.Store(t.UnixNano()) }

func (f *fixture) appClock() time.Time { return time.Unix(0, f.appNow.Load()).In(web.London()) }

func (f *fixture) mustUser(t *testing.T, email, name string, roles ...fitness.Role) fitness.User {
	t.Helper()
	u, err := f.users.CreateUser(context.Background(), fitness.User{Email: email, Name: name, Roles: roles}, password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (f *fixture) mustRegistrant(t *testing.T, number, given, family string) fitness.Registrant {
	t.Helper()
	code := "social-worker"
	if strings.HasPrefix(number, "PA") {
		code = "paramedic"
	}
	r, err := f.registrants.CreateRegistrant(context.Background(), fitness.Registrant{
		Number: number, ProfessionCode: code, GivenNames: given, FamilyName: family,
		Status: fitness.StatusRegistered, RegisteredSince: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), Town: "Truro",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// client returns a browser-like client with its own cookies that does not
// follow redirects.
func (f *fixture) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := f.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// signedIn returns a client signed in as u.
func (f *fixture) signedIn(t *testing.T, u fitness.User) *http.Client {
	t.Helper()
	c := f.client(t)
	res := f.post(t, c, "/sign-in", url.Values{"email": {u.Email}, "password": {password}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", u.Email, res.status, res.body)
	}
	return c
}

// response is what a test reads from a reply.
type response struct {
	status int
	header http.Header
	body   string
	res    *http.Response
}

func (f *fixture) do(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b), res: res}
}

func (f *fixture) get(t *testing.T, c *http.Client, path string) response {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(t, c, req)
}

// post sends a form the way a browser on the same site would.
func (f *fixture) post(t *testing.T, c *http.Client, path string, form url.Values, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return f.do(t, c, req)
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// title returns the page's <title>.
func title(body string) string {
	m := titleRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

var hiddenRE = regexp.MustCompile(`name="case_version" value="(\d+)"`)
