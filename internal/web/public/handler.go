// Package public is the public site: hearings listed ahead of them and the
// decisions published after them, with private material removed. It shows
// only what storage says is published and not taken down, never an
// Investigating Committee matter. Every route is declared once in routes.go
// with the permission it needs, ruled on by [fitness.Decide].
//
// It imports web and fitness only; never the staff app.
package public

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Deps is what the public site needs. Assets is optional: nil uses the
// embedded build output.
type Deps struct {
	Records fitness.PublicRecords
	Logger  *slog.Logger
	Now     func() time.Time
	Assets  *web.Assets
	// BasePath is the path the site is mounted at, such as "/public"
	// (with the prefix stripped before the site sees a request); links on
	// its pages start with it. "" when mounted at the root.
	BasePath string
}

// app holds the dependencies of the handlers.
type app struct {
	Deps
	web web.Adapter
}

// NewHandler returns the public site.
func NewHandler(d Deps) (http.Handler, error) {
	if d.Records == nil {
		return nil, errors.New("public: Records is required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.Now == nil {
		d.Now = time.Now
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
	mux.Handle("GET "+web.AssetPrefix, d.Assets)
	for _, rt := range a.routes() {
		mux.Handle(rt.Pattern, a.guard(rt))
	}
	mux.Handle("/", a.web.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return web.PageNotFound()
	}))
	return web.RequestIDs(d.Logger, web.SecurityHeaders(mux)), nil
}

// guard rules on every request to rt with [fitness.Decide], for the
// anonymous visitor: what is not allowed is not found.
func (a *app) guard(rt route) http.Handler {
	h := a.web.Handle(rt.handle)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := fitness.Decide(web.ActorFrom(r.Context()), rt.Permission, fitness.Resource{}); !d.Allow {
			a.web.Error(w, r, web.PageNotFound())
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (a *app) errorPage(r *http.Request, status int) templ.Component {
	return web.ErrorPage(a.page(web.ErrorTitle(status)), status)
}

// page returns the layout settings for a page titled title.
func (a *app) page(title string) web.Page {
	return web.Page{Title: title, Assets: a.Assets, HomeURL: a.link("/hearings")}
}

// link returns the path of a page of the site, under its base path.
func (a *app) link(path string) string { return a.BasePath + path }
