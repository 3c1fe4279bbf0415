package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Europe/London without the system's zone files (static binary)

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web"
	"fitness/internal/web/public"
	"fitness/internal/web/staff"
)

// app is the wired application: storage services on one database, the
// process table and rules, and the HTTP surfaces built on them. Only this
// package knows every piece.
type app struct {
	db          *sqldb.DB
	logger      *slog.Logger
	now         func() time.Time
	process     *fitness.Process
	rules       fitness.Rules
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
	bulkKick    atomic.Pointer[func(context.Context) error] // set once the jobs run
	health      *health
	secure      bool // the site is served over TLS: __Host- cookie, Secure
}

// londonClock returns now in Europe/London, the zone of every date the
// process shows or counts from.
func londonClock(now func() time.Time) (func() time.Time, error) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil, fmt.Errorf("load time zone Europe/London: %w", err)
	}
	return func() time.Time { return now().In(loc) }, nil
}

// newApp wires the services on db. now is the clock (time.Now in serve).
func newApp(db *sqldb.DB, logger *slog.Logger, now func() time.Time, opts ...sqldb.UserOption) (*app, error) {
	clock, err := londonClock(now)
	if err != nil {
		return nil, err
	}
	p, r := fitness.HCPCProcess(), fitness.HCPCRules()
	cases := sqldb.NewCaseService(db, p, r, clock)
	return &app{
		db:          db,
		logger:      logger,
		now:         clock,
		process:     p,
		rules:       r,
		users:       sqldb.NewUserService(db, clock, opts...),
		registrants: sqldb.NewRegistrantService(db),
		cases:       cases,
		meetings:    sqldb.NewMeetingService(db, cases),
		panels:      sqldb.NewPanelService(db, clock),
		requests:    sqldb.NewRequestService(db, r, clock),
		documents:   sqldb.NewDocumentService(db, clock),
		allegations: sqldb.NewAllegationService(db, clock),
		letters:     sqldb.NewLetterStore(db, cases, clock),
		hearings:    sqldb.NewHearingService(db, cases),
		inquiries:   sqldb.NewInquiryService(db, cases, r, clock),
		health:      &health{db: db},
	}, nil
}

// handler returns the whole HTTP server: the staff app at /, the API at
// /api/v1/, the public site at /public/, health checks and metrics, inside the request-id, recovery,
// metrics and access-log middleware.
func (a *app) handler(demo bool, signIns []demoSignIn) (http.Handler, error) {
	sessions := web.NewSessionManager(sqldb.NewSessionStore(a.db), a.secure)
	notices, err := a.noticeRenderer()
	if err != nil {
		return nil, err
	}
	staffApp, err := staff.NewHandler(staff.Deps{
		Users: a.users, Registrants: a.registrants, Cases: a.cases,
		Process: a.process, Rules: a.rules, Sessions: sessions,
		Logger: a.logger, Now: a.now, Demo: demo, DemoSignIns: signInLines(signIns), Clocks: a.cases,
		Requests: a.requests, Documents: a.documents, Allegations: a.allegations,
		Meetings: a.meetings, Panels: a.panels, Notices: notices, Letters: a.letters, Hearings: a.hearings,
		Employers: sqldb.NewEmployerService(a.db, a.cases, a.letters),
		Inquiries: a.inquiries, Inquiry: staff.InquiryExtras{Employers: a.panels, KickBulk: a.kickBulk},
	})
	if err != nil {
		return nil, fmt.Errorf("staff app: %w", err)
	}
	apiHandler, err := api.NewHandler(api.Deps{
		Users: a.users, Registrants: a.registrants, Cases: a.cases, Process: a.process,
		Idempotency: sqldb.NewIdempotencyStore(a.db), Logger: a.logger, Now: a.now,
		Clocks: a.cases, Rules: a.rules, Requests: a.requests, Allegations: a.allegations,
		Meetings: a.meetings, Hearings: a.hearings, Letters: a.letters,
		Inquiries: a.inquiries, KickBulk: a.kickBulk, Employers: a.panels,
	})
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	publicSite, err := public.NewHandler(public.Deps{Records: a.hearings, Logger: a.logger, Now: a.now, BasePath: "/public"})
	if err != nil {
		return nil, fmt.Errorf("public site: %w", err)
	}
	metrics := newHTTPMetrics()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.health.live)
	mux.HandleFunc("GET /readyz", a.health.ready)
	mux.Handle("GET /metrics", metrics.handler())
	mux.Handle("/api/v1/", apiHandler)
	mux.Handle("/public/", http.StripPrefix("/public", publicSite))
	mux.Handle("/", staffApp)
	mw := middleware{logger: a.logger, metrics: metrics, top: mux, surfaces: map[string]patternFinder{
		"/": staffPatterns(),
	}}
	if pf, ok := apiHandler.(patternFinder); ok {
		mw.surfaces["/api/v1/"] = pf
	}
	return mw.wrap(mux), nil
}

// kickBulk asks the jobs, once they run, to work a bulk step just started
// now rather than at their next interval. It does not wait: a failed kick
// only means the step starts at the next interval.
func (a *app) kickBulk(context.Context) {
	kick := a.bulkKick.Load()
	if kick == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := (*kick)(ctx); err != nil {
			a.logger.Warn("bulk step started; it waits for the next interval", "error", err)
		}
	}()
}

// staffPatterns is a mux with the staff app's route patterns and no real
// handlers: it names the route of a request for the metrics.
func staffPatterns() *http.ServeMux {
	m := http.NewServeMux()
	nop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	m.Handle("GET "+web.AssetPrefix, nop)
	for _, rt := range staff.Routes() {
		m.Handle(rt.Pattern, nop)
	}
	return m
}

// signInLines describes the demo sign-ins for the sign-in page.
func signInLines(signIns []demoSignIn) []string {
	var out []string
	for _, s := range signIns {
		out = append(out, fmt.Sprintf("%s (%s), password %s", s.Email, s.Role, demoPassword))
	}
	return out
}
