package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"fitness/internal/web"
)

func TestMiddlewareRecoversPanics(t *testing.T) {
	var logs bytes.Buffer
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom/{id}", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	m := middleware{logger: newLogger(&logs, slog.LevelInfo), metrics: newHTTPMetrics()}
	rec := httptest.NewRecorder()
	m.wrap(mux).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom/42", nil))
	id := rec.Header().Get("X-Request-ID")
	if rec.Code != http.StatusInternalServerError || id == "" || !strings.Contains(rec.Body.String(), id) {
		t.Fatalf("got %d %q (request id %q); want 500 quoting the request id", rec.Code, rec.Body.String(), id)
	}
	for _, want := range []string{`"msg":"panic while handling request"`, `"panic":"kaboom"`, `"request_id":"` + id + `"`, `"route":"GET /boom/{id}"`, `"status":500`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
}

func TestMiddlewareRequestID(t *testing.T) {
	tests := []struct {
		given string
		keep  bool
	}{
		{"", false},
		{"abc", false}, // too short
		{"0123456789abcdef", true},
		{"req-2026.11.22:0001", true},
		{"has space in it", false},
		{strings.Repeat("a", 65), false},
		{"<script>alert(1)</script>", false},
	}
	for _, tt := range tests {
		var seen string
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = web.RequestID(r.Context()) })
		m := middleware{logger: slog.New(slog.DiscardHandler), metrics: newHTTPMetrics()}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if tt.given != "" {
			req.Header.Set("X-Request-ID", tt.given)
		}
		rec := httptest.NewRecorder()
		m.wrap(h).ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-ID")
		if got != seen || got == "" {
			t.Errorf("%q: header %q, context %q; want the same non-empty id", tt.given, got, seen)
		}
		if (got == tt.given) != tt.keep {
			t.Errorf("%q: kept = %t; want %t", tt.given, got == tt.given, tt.keep)
		}
	}
}

func TestRouteOfUsesPatterns(t *testing.T) {
	top := http.NewServeMux()
	nop := func(http.ResponseWriter, *http.Request) {}
	top.HandleFunc("GET /healthz", nop)
	top.HandleFunc("/", nop)
	surfaces := map[string]http.Handler{"/": staffPatterns()}
	tests := []struct{ path, want string }{
		{"/healthz", "GET /healthz"},
		{"/cases/FTP-2026-00001", "GET /cases/{id}"},
		{"/registrants/0192f0a0", "GET /registrants/{id}"},
		{"/no/such/page", "/"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, tt.path, nil)
		top.ServeHTTP(httptest.NewRecorder(), r)
		if got := routeOf(r, surfaces); got != tt.want {
			t.Errorf("routeOf(%s) = %q; want %q", tt.path, got, tt.want)
		}
	}
}
