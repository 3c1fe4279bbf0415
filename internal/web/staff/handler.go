// Package staff is the staff web app: signing in, case lists, the
// register, recording concerns, case pages with their timeline and the
// actions of the process table, and the process diagram. Every route is
// declared once in routes.go with the permission it needs, and every
// request is ruled on by [fitness.Decide].
package staff

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Deps is what the staff app needs. Assets is optional: nil uses the
// embedded build output.
type Deps struct {
	Users       fitness.UserService
	Registrants fitness.RegistrantService
	Cases       fitness.CaseService
	Process     *fitness.Process
	Rules       fitness.Rules
	Sessions    *scs.SessionManager
	Logger      *slog.Logger
	Now         func() time.Time
	Demo        bool
	DemoSignIns []string // shown on the sign-in page in demo mode
	Assets      *web.Assets
	// Clocks places and ends holds and serves the team view; nil uses
	// Cases when it offers them too (storage's case service does).
	Clocks fitness.ClockService
	// Requests, Documents and Allegations serve the investigation: the
	// case page's information requests and allegation; nil leaves them out.
	Requests    fitness.RequestService
	Documents   fitness.DocumentService
	Allegations fitness.AllegationService
	// Meetings and Panels serve Investigating Committee meetings, panel
	// members and conflicts; nil answers those pages "Page not found".
	// Notices renders a notice of decision as a letter; nil shows the
	// staff preview only.
	Meetings fitness.MeetingService
	Panels   fitness.PanelService
	Notices  NoticeRenderer
	// Letters shows the letters issued on a case and their service, and
	// records postings; nil leaves the case page's section out.
	Letters fitness.LetterService
	// Employers serves the employer pages and their service addresses;
	// nil answers those pages "Page not found".
	Employers fitness.EmployerService
	// Hearings serves hearings, their decisions, orders, appeals and
	// publications; nil leaves them out of the case page and answers their
	// pages "Page not found".
	Hearings HearingServices
	// Inquiries serves own-motion inquiries: scope, demands, screening and
	// their bulk steps; nil answers those pages "Page not found".
	// Inquiry lists the register's employers and the other bodies for its
	// forms, and starts bulk steps' jobs at once.
	Inquiries fitness.InquiryService
	Inquiry   InquiryExtras
	// Referrals serves other bodies, referrals in and out, and a case's
	// safeguarding mark and barring decision; nil uses Cases when it offers
	// them (storage's case service does), else leaves them out.
	Referrals fitness.ReferralService
}

// app holds the dependencies of the handlers.
type app struct {
	Deps
	web web.Adapter
}

// NewHandler returns the staff app.
func NewHandler(d Deps) (http.Handler, error) {
	if d.Users == nil || d.Registrants == nil || d.Cases == nil || d.Process == nil || d.Sessions == nil {
		return nil, errors.New("staff: Users, Registrants, Cases, Process and Sessions are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Clocks == nil {
		d.Clocks, _ = d.Cases.(fitness.ClockService)
	}
	if d.Referrals == nil {
		d.Referrals, _ = d.Cases.(fitness.ReferralService)
	}
	if d.Assets == nil {
		assets, err := web.NewAssets(web.DistFS(), d.Logger)
		if err != nil {
			return nil, err
		}
		d.Assets = assets
	}
	a := &app{Deps: d}
	a.web = web.Adapter{Logger: d.Logger, ErrorPage: a.errorPage}

	mux := http.NewServeMux()
	for _, rt := range a.routes() {
		mux.Handle(rt.Pattern, a.guard(rt))
	}
	mux.Handle("/", a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return web.PageNotFound()
	}))

	pages := d.Sessions.LoadAndSave(a.loadActor(mux))
	root := http.NewServeMux()
	root.Handle("GET "+web.AssetPrefix, d.Assets)
	root.Handle("/", web.CSRF(pages, http.HandlerFunc(a.crossOrigin)))
	return web.RequestIDs(d.Logger, web.SecurityHeaders(root)), nil
}

// loadActor puts the signed-in user, read afresh on every request so that
// a change of roles or a disabled account takes effect at once, into the
// request context.
func (a *app) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if id := web.SessionUserID(ctx, a.Sessions); id != "" {
			u, err := a.Users.FindUser(ctx, id)
			switch {
			case err == nil && u.Active:
				ctx = web.WithActor(ctx, u.Actor())
			case err == nil || fitness.ErrorCode(err) == fitness.ENotFound:
				_ = web.SignOut(ctx, a.Sessions)
			default:
				a.web.Error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// guard rules on every request to rt with [fitness.Decide]: someone not
// signed in is sent to sign in; someone signed in but not allowed sees
// "Page not found", as if the page did not exist.
func (a *app) guard(rt route) http.Handler {
	h := a.web.Handle(rt.handle)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := web.ActorFrom(r.Context())
		d := fitness.Decide(actor, rt.Permission, fitness.Resource{})
		if d.Allow {
			h.ServeHTTP(w, r)
			return
		}
		if actor.Anonymous() {
			http.Redirect(w, r, signInURL(r), http.StatusSeeOther)
			return
		}
		a.Logger.Info("access denied", slog.String("request_id", web.RequestID(r.Context())),
			slog.String("user_id", actor.UserID), slog.String("route", rt.Pattern),
			slog.String("reason", d.Reason))
		a.web.Error(w, r, fitness.Errorf(fitness.EForbidden, "Page not found"))
	})
}

// signInURL returns the sign-in page, coming back to r's page after (for
// a GET; a form posted without a session cannot be replayed).
func signInURL(r *http.Request) string {
	if r.Method != http.MethodGet {
		return "/sign-in"
	}
	return "/sign-in?next=" + url.QueryEscape(r.URL.RequestURI())
}

// localPath returns next when it is a path on this site, else "/", so the
// sign-in page cannot be used to send people elsewhere.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// crossOrigin answers a refused cross-origin form post.
func (a *app) crossOrigin(w http.ResponseWriter, r *http.Request) {
	a.Logger.Warn("cross-origin request refused", slog.String("request_id", web.RequestID(r.Context())),
		slog.String("path", r.URL.Path))
	if err := web.Render(w, r, http.StatusForbidden, a.errorPage(r, http.StatusForbidden)); err != nil {
		http.Error(w, "Forbidden", http.StatusForbidden)
	}
}

func (a *app) errorPage(r *http.Request, status int) templ.Component {
	return web.ErrorPage(a.page(r, web.ErrorTitle(status)), status)
}

// page returns the layout settings for a page titled title.
func (a *app) page(r *http.Request, title string) web.Page {
	p := web.Page{Title: title, Assets: a.Assets, Demo: a.Demo, SignOut: "/sign-out"}
	actor := web.ActorFrom(r.Context())
	if actor.Anonymous() {
		return p
	}
	p.User = actor.Name
	p.Nav = a.nav(r.URL.Path, actor)
	p.Flash = web.PopFlash(r.Context(), a.Sessions)
	return p
}

// nav returns the navigation links actor may follow.
func (a *app) nav(path string, actor fitness.Actor) []web.NavItem {
	links := []struct {
		text, href string
		perm       fitness.Permission
		also       func(fitness.Actor) bool
	}{
		{"My cases", "/", fitness.PermCaseList, nil},
		{"All open cases", "/cases", fitness.PermCaseList, canSeeAllCases},
		{"Register", "/register", fitness.PermRegisterSearch, nil},
		{"Raise a concern", "/concerns/new", fitness.PermConcernCreate, nil},
		{"Team", "/team", fitness.PermTeamView, nil},
		{"Meetings", "/meetings", fitness.PermMeetingView, nil},
		{"Inquiries", "/inquiries", fitness.PermInquiryView, nil},
		{"Referrals", "/referrals", fitness.PermReferralView, nil},
		{"Conflicts", "/conflicts", fitness.PermConflictCreate, nil},
		{"Process", "/process", fitness.PermProcessView, nil},
		{"Users", "/users", fitness.PermUserAdmin, nil},
	}
	var items []web.NavItem
	for _, l := range links {
		if !allowed(actor, l.perm) || (l.also != nil && !l.also(actor)) {
			continue
		}
		current := path == l.href || (l.href != "/" && strings.HasPrefix(path, l.href+"/"))
		items = append(items, web.NavItem{Text: l.text, Href: l.href, Current: current})
	}
	return items
}

// allowed reports whether actor holds permission p.
func allowed(actor fitness.Actor, p fitness.Permission) bool {
	return fitness.Decide(actor, p, fitness.Resource{}).Allow
}

// canSeeAllCases reports whether the actor is offered the list of all open
// cases: team leaders, who oversee the work of case managers.
func canSeeAllCases(actor fitness.Actor) bool {
	return actor.Has(fitness.RoleTeamLeader)
}
