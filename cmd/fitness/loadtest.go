package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Bounds of a load test: it is for measuring on this machine, never for
// hammering anything else.
const (
	loadMaxRate     = 5000
	loadMaxDuration = 10 * time.Minute
)

func loadtestCommand() command {
	return command{summary: "measure a running server under a mixed load (127.0.0.1 only)", run: runLoadtest}
}

// loadConfig is what a load test runs against and how hard.
type loadConfig struct {
	Target   string
	Token    string
	Rate     int
	Duration time.Duration
	Search   string // comma-separated search terms
}

func runLoadtest(ctx context.Context, e env) error {
	lc := loadConfig{Token: e.getenv("FITNESS_TOKEN"), Rate: 50, Duration: 20 * time.Second,
		Search: "Okafor,Sean,Mac,Siobhan,Jones,Price,Thomas,Williams"}
	fs := flagSet("loadtest", e.stderr)
	fs.StringVar(&lc.Target, "target", "http://127.0.0.1:8080", "base URL of the running server (loopback only)")
	fs.StringVar(&lc.Token, "token", lc.Token, "API bearer token from `fitness user token` (FITNESS_TOKEN)")
	fs.IntVar(&lc.Rate, "rate", lc.Rate, "requests per second")
	fs.DurationVar(&lc.Duration, "duration", lc.Duration, "how long to run")
	fs.StringVar(&lc.Search, "search", lc.Search, "comma-separated register search terms")
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if err := lc.validate(); err != nil {
		return err
	}
	rep, err := loadtest(ctx, lc)
	if err != nil {
		return err
	}
	rep.print(e.stdout)
	return nil
}

func (lc loadConfig) validate() error {
	u, err := url.Parse(lc.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--target %q is not an http:// URL", lc.Target)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--target must be on this machine (127.0.0.1, ::1 or localhost), not %s", u.Hostname())
	}
	switch {
	case lc.Token == "":
		return errors.New("give an API token with --token or FITNESS_TOKEN (fitness user token --email …)")
	case lc.Rate < 1 || lc.Rate > loadMaxRate:
		return fmt.Errorf("--rate must be between 1 and %d requests per second", loadMaxRate)
	case lc.Duration <= 0 || lc.Duration > loadMaxDuration:
		return fmt.Errorf("--duration must be more than 0 and at most %s", loadMaxDuration)
	}
	return nil
}

// loadMix builds the requests of the mixed workload: of every 20, 12 case
// pages (60 %), 4 lists (20 %), 3 searches (15 %) and 1 write (5 %) with
// If-Match on the version last seen.
type loadMix struct {
	base   string
	auth   http.Header
	cases  []string
	terms  []string
	n      atomic.Uint64
	mu     sync.Mutex
	etags  map[string]string // case id → last ETag seen
	noteNo atomic.Uint64
}

func (m *loadMix) targeter() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		i := m.n.Add(1) - 1
		id := m.cases[int(i/20)%len(m.cases)]
		t.Header = m.auth.Clone()
		switch k := i % 20; {
		case k < 12:
			t.Method, t.URL = "GET", m.base+"/api/v1/cases/"+id
		case k < 16:
			t.Method, t.URL = "GET", m.base+"/api/v1/cases?open=true&limit=25"
		case k < 19:
			t.Method, t.URL = "GET", m.base+"/api/v1/registrants?q="+url.QueryEscape(m.terms[int(i)%len(m.terms)])
		default:
			m.mu.Lock()
			etag := m.etags[id]
			m.mu.Unlock()
			if etag == "" {
				etag = `"v1"`
			}
			body, _ := json.Marshal(map[string]any{"action": "add_note",
				"input": map[string]string{"note": fmt.Sprintf("Load test note %d", m.noteNo.Add(1))}})
			t.Method, t.URL, t.Body = "POST", m.base+"/api/v1/cases/"+id+"/actions", body
			t.Header.Set("Content-Type", "application/json")
			t.Header.Set("If-Match", etag)
		}
		return nil
	}
}

// observe remembers the ETag a case page or write returned.
func (m *loadMix) observe(r *vegeta.Result) {
	etag := r.Headers.Get("ETag")
	if etag == "" || !strings.Contains(r.URL, "/api/v1/cases/") {
		return
	}
	id := strings.TrimPrefix(r.URL[strings.Index(r.URL, "/api/v1/cases/"):], "/api/v1/cases/")
	id = strings.TrimSuffix(id, "/actions")
	m.mu.Lock()
	m.etags[id] = etag
	m.mu.Unlock()
}

// endpointOf names the endpoint of a result for the report.
func endpointOf(r *vegeta.Result) string {
	switch {
	case r.Method == "POST":
		return "POST /api/v1/cases/{id}/actions"
	case strings.Contains(r.URL, "/api/v1/registrants"):
		return "GET /api/v1/registrants?q="
	case strings.Contains(r.URL, "/api/v1/cases?"):
		return "GET /api/v1/cases"
	}
	return "GET /api/v1/cases/{id}"
}
