package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fitness/internal/web"
)

func TestMiddlewareRecoversPanics(t *testing.T) {
	var logs bytes.Buffer
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom/{id}", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	m := middleware{logger: newLogger(&logs, slog.LevelInfo), metrics: newHTTPMetrics(), top: mux}
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
		h := http.NewServeMux()
		h.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { seen = web.RequestID(r.Context()) })
		m := middleware{logger: slog.New(slog.DiscardHandler), metrics: newHTTPMetrics(), top: h}
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
	top.HandleFunc("/api/v1/", nop)
	top.HandleFunc("/", nop)
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/cases/{id}", nop)
	api.HandleFunc("/", nop)
	m := middleware{top: top, surfaces: map[string]patternFinder{"/": staffPatterns(), "/api/v1/": api}}
	tests := []struct{ method, path, want string }{
		{"GET", "/healthz", "GET /healthz"},
		{"POST", "/healthz", "/"},
		{"GET", "/cases/FTP-2026-00001", "GET /cases/{id}"},
		{"POST", "/cases/x/actions/start_triage", "POST /cases/{id}/actions/{action}"},
		{"GET", "/registrants/0192f0a0", "GET /registrants/{id}"},
		{"GET", "/api/v1/cases/0192f0a0", "GET /api/v1/cases/{id}"},
		{"GET", "/api/v1/nothing/here", "/api/v1/"},
		{"GET", "/no/such/page", "/"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.path, nil)
		if got := m.routeOf(r); got != tt.want {
			t.Errorf("routeOf(%s %s) = %q; want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

// blockingServer serves a handler that waits for release, through
// serveUntilDone with the given shutdown timeout.
func blockingServer(t *testing.T, timeout time.Duration) (url string, h *health, started, release chan struct{}, cancel context.CancelFunc, done chan error) {
	t.Helper()
	started, release, done = make(chan struct{}), make(chan struct{}), make(chan error, 1)
	h = &health{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	logger := slog.New(slog.DiscardHandler)
	go func() {
		done <- serveUntilDone(ctx, newHTTPServer(handler, logger), ln, h, Config{ShutdownTimeout: timeout}, logger)
	}()
	return "http://" + ln.Addr().String(), h, started, release, cancel, done
}

func TestShutdownDrainsInFlightRequests(t *testing.T) {
	url, h, started, release, cancel, done := blockingServer(t, time.Minute)
	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get(url)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{string(b), err}
	}()
	<-started
	cancel() // as SIGTERM does
	for !h.draining.Load() {
		time.Sleep(time.Millisecond) // wait until shutdown has begun
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "done" {
		t.Errorf("in-flight request: %q, %v; want it to finish", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("serveUntilDone = %v; want nil", err)
	}
}

func TestShutdownGivesUpAfterTimeout(t *testing.T) {
	url, _, started, release, cancel, done := blockingServer(t, time.Nanosecond)
	defer close(release)
	go http.Get(url)
	<-started
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "shut down") {
		t.Errorf("serveUntilDone = %v; want a shutdown timeout error", err)
	}
}
