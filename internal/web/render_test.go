package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
)

func TestAdapter(t *testing.T) {
	tests := []struct {
		err   error
		want  int
		title string
	}{
		{fitness.Errorf(fitness.ENotFound, "Case not found"), 404, "Page not found"},
		{fitness.Errorf(fitness.EForbidden, "You may not"), 404, "Page not found"},
		{fitness.Errorf(fitness.EConflict, "stale"), 409, "This has changed since you opened it"},
		{fitness.Errorf(fitness.EInvalid, "bad"), 400, "There is a problem with what you sent"},
		{errors.New("pq: connection refused at 10.0.0.7"), 500, "Sorry, there is a problem with the service"},
	}
	for _, tt := range tests {
		var logs strings.Builder
		a := Adapter{
			Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			ErrorPage: func(r *http.Request, status int) templ.Component {
				return ErrorPage(Page{Title: ErrorTitle(status)}, status)
			},
		}
		h := RequestIDs(slog.New(slog.DiscardHandler), a.Handle(func(w http.ResponseWriter, r *http.Request) error { return tt.err }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
		body := rec.Body.String()
		if rec.Code != tt.want || !strings.Contains(body, "<h1 class=\"govuk-heading-l\">"+tt.title+"</h1>") {
			t.Errorf("%v: status %d; want %d with %q\n%s", tt.err, rec.Code, tt.want, tt.title, body)
		}
		if !strings.Contains(body, "<title>"+tt.title+" – fitness</title>") {
			t.Errorf("%v: title wrong", tt.err)
		}
		if strings.Contains(body, "10.0.0.7") {
			t.Errorf("%v: error details reached the page", tt.err)
		}
		if id := rec.Header().Get("X-Request-Id"); id == "" || !strings.Contains(logs.String(), "request_id="+id) {
			t.Errorf("%v: log lacks the request id %q:\n%s", tt.err, id, logs.String())
		}
	}
}

func TestAdapterAfterPartialResponse(t *testing.T) {
	a := Adapter{Logger: slog.New(slog.DiscardHandler), ErrorPage: func(*http.Request, int) templ.Component {
		return ErrorPage(Page{}, 500)
	}}
	h := a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		w.WriteHeader(http.StatusAccepted)
		return errors.New("late failure")
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
		t.Errorf("error after the response began rewrote it: %d %q", rec.Code, rec.Body.String())
	}
}
