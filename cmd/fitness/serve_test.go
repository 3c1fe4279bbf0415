package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/sqldb/sqldbtest"
)

// syncBuffer is a bytes.Buffer safe for concurrent use: the server writes
// while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// noEnv is an environment with no FITNESS_* variables, so the tests see
// only their flags.
func noEnv(string) string { return "" }

// testServer is `fitness serve` running in-process.
type testServer struct {
	URL            string
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan error
	stopped        bool
}

var listeningLine = regexp.MustCompile(`fitness listening on (http://\S+)`)

// startServer runs `fitness serve args…` and waits until it prints the
// address it listens on. The server is stopped when the test ends.
func startServer(t *testing.T, args ...string) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"serve"}, args...), noEnv, strings.NewReader(""), s.stdout, s.stderr)
	}()
	t.Cleanup(func() {
		if !s.stopped {
			_ = s.stop(t)
		}
	})
	deadline := time.Now().Add(3 * time.Minute) // demo seeding on a busy machine
	for time.Now().Before(deadline) {
		if m := listeningLine.FindStringSubmatch(s.stdout.String()); m != nil {
			s.URL = m[1]
			return s
		}
		select {
		case err := <-s.done:
			s.stopped = true
			t.Fatalf("serve ended before listening: %v\nstderr:\n%s", err, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not print its address\nstdout:\n%s\nstderr:\n%s", s.stdout.String(), s.stderr.String())
	return nil
}

// stop cancels the server's context (as SIGTERM does) and returns what
// run returned.
func (s *testServer) stop(t *testing.T) error {
	t.Helper()
	s.stopped = true
	s.cancel()
	select {
	case err := <-s.done:
		return err
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve did not stop\nstderr:\n%s", s.stderr.String())
		return nil
	}
}

// get fetches path from the server and returns the status and body.
func (s *testServer) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// forEachTarget runs fn on a fresh, empty SQLite file and, when
// FITNESS_TEST_POSTGRES is set, on a fresh PostgreSQL database.
func forEachTarget(t *testing.T, fn func(t *testing.T, target string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "fitness.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, mustPostgresDB(t)) })
}

// mustPostgresDB creates an empty database on the server named by
// FITNESS_TEST_POSTGRES, dropped when the test ends, and returns its URL.
func mustPostgresDB(t *testing.T) string {
	return sqldbtest.Target(t, sqldb.Postgres)
}

func TestServeHealthAndShutdown(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		s := startServer(t, "--db", target, "--addr", "127.0.0.1:0", "--migrate")
		for _, path := range []string{"/healthz", "/readyz"} {
			res, body := s.get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET %s = %d %s; want 200", path, res.StatusCode, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("GET %s Content-Type = %q", path, ct)
			}
		}
		res, _ := s.get(t, "/healthz", "X-Request-ID", "trace-0123456789")
		if got := res.Header.Get("X-Request-ID"); got != "trace-0123456789" {
			t.Errorf("well-formed X-Request-ID not honoured: got %q", got)
		}
		res, _ = s.get(t, "/healthz", "X-Request-ID", "bad id\twith spaces")
		if got := res.Header.Get("X-Request-ID"); got == "" || strings.Contains(got, " ") {
			t.Errorf("malformed X-Request-ID: response id %q; want a generated one", got)
		}
		if err := s.stop(t); err != nil {
			t.Fatalf("serve returned %v after cancel; want nil\nstderr:\n%s", err, s.stderr.String())
		}
		logs := s.stderr.String()
		for _, want := range []string{`"msg":"shutting down"`, `"msg":"server stopped"`, `"msg":"database closed"`} {
			if !strings.Contains(logs, want) {
				t.Errorf("logs lack %s:\n%s", want, logs)
			}
		}
		if _, err := http.Get(s.URL + "/healthz"); err == nil {
			t.Error("server still answers after shutdown")
		}
	})
}

func TestServeMetricsByRoutePattern(t *testing.T) {
	s := startServer(t, "--db", filepath.Join(t.TempDir(), "fitness.db"), "--addr", "127.0.0.1:0", "--migrate")
	s.get(t, "/healthz")
	s.get(t, "/cases/0192f0a0-0000-7000-8000-000000000001")
	s.get(t, "/api/v1/no-such-thing")
	res, body := s.get(t, "/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %d", res.StatusCode)
	}
	for _, want := range []string{
		`fitness_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`route="GET /cases/{id}"`,
		`route="/api/v1/"`,
		`fitness_http_request_duration_seconds_bucket`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "0192f0a0-0000") || strings.Contains(body, "no-such-thing") {
		t.Error("/metrics labels hold raw paths")
	}
	logs := s.stderr.String()
	if !strings.Contains(logs, `"route":"GET /cases/{id}"`) || !strings.Contains(logs, `"request_id":`) {
		t.Errorf("no access log line with route and request id:\n%s", logs)
	}
}

func TestServeRefusesPendingMigrations(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		var out, errOut syncBuffer
		err := run(context.Background(), []string{"serve", "--db", target, "--addr", "127.0.0.1:0"}, noEnv,
			strings.NewReader(""), &out, &errOut)
		if err == nil {
			t.Fatal("serve started on an unmigrated database")
		}
		for _, want := range []string{"pending migration", "fitness migrate up --db ", "--migrate"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
		if strings.Contains(out.String(), "listening") {
			t.Errorf("serve printed %q", out.String())
		}
	})
}

func TestReadyzReportsPendingMigrationsAndDraining(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "fitness.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := &health{db: db}
	check := func(wantStatus int, wantReason string) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ready(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("readyz body %q: %v", rec.Body.String(), err)
		}
		if rec.Code != wantStatus || !strings.Contains(body["reason"], wantReason) {
			t.Errorf("readyz = %d %v; want %d with reason %q", rec.Code, body, wantStatus, wantReason)
		}
	}
	check(http.StatusServiceUnavailable, "migrations pending")
	if _, err := migrateUp(ctx, db); err != nil {
		t.Fatal(err)
	}
	check(http.StatusOK, "")
	h.draining.Store(true)
	check(http.StatusServiceUnavailable, "shutting down")
}

// mustMigrated opens the database at target and migrates it; it is closed
// when the test ends.
func mustMigrated(t *testing.T, target string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// mustDemo returns the application on a migrated database at target with
// the demo data seeded.
func mustDemo(t *testing.T, target string) *app {
	t.Helper()
	ctx := context.Background()
	db := mustMigrated(t, target)
	a, err := newApp(db, newLogger(nil, 0), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

// mustActor returns the actor of the user with email.
func mustActor(t *testing.T, a *app, email string) fitness.Actor {
	t.Helper()
	u, err := a.users.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}
