package web

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
)

// Render writes c as an HTML page with status. It renders into a buffer
// first, so a failing component becomes an error page, not half a page.
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return fmt.Errorf("render %s: %w", r.URL.Path, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w) // the client has gone; nothing more to do
	return nil
}

// Redirect sends the browser to url with 303 See Other (post-redirect-get).
func Redirect(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// StatusFor maps an error to an HTTP status. Not found and forbidden are
// the same to the asker: 404.
func StatusFor(err error) int {
	switch fitness.ErrorCode(err) {
	case fitness.ENotFound, fitness.EForbidden:
		return http.StatusNotFound
	case fitness.EInvalid:
		return http.StatusBadRequest
	case fitness.EConflict:
		return http.StatusConflict
	case fitness.EUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// Adapter turns [HandlerFunc]s into http.Handlers for one surface: an
// error becomes a status and that surface's error page; server errors are
// logged with the request id, and their details never reach the page.
type Adapter struct {
	Logger *slog.Logger
	// ErrorPage returns the page for status, in the surface's layout.
	ErrorPage func(r *http.Request, status int) templ.Component
}

// Handle adapts h.
func (a Adapter) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		err := h(rec, r)
		if err == nil {
			return
		}
		a.Error(rec, r, err)
	})
}

// Error writes the error page for err, unless a response has already
// begun, in which case it only logs.
func (a Adapter) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusFor(err)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	a.Logger.LogAttrs(r.Context(), level, "request failed",
		slog.String("request_id", RequestID(r.Context())),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.String("error", err.Error()),
	)
	if rec, ok := w.(*statusRecorder); ok && rec.wrote {
		return
	}
	if rerr := Render(w, r, status, a.ErrorPage(r, status)); rerr != nil {
		a.Logger.Error("render error page", slog.String("request_id", RequestID(r.Context())),
			slog.String("error", rerr.Error()))
		http.Error(w, http.StatusText(status), status)
	}
}

// PageNotFound is the error of a page that does not exist, that the
// actor may not see, or whose feature is not configured: all three look
// the same, so that nobody learns what exists from the answer.
func PageNotFound() error { return fitness.Errorf(fitness.ENotFound, "Page not found") }
