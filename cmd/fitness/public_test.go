package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServePublicSite: the public site is mounted at /public/ beside the
// staff app, open to everyone.
func TestServePublicSite(t *testing.T) {
	s := startServer(t, "--db", filepath.Join(t.TempDir(), "fitness.db"), "--addr", "127.0.0.1:0", "--migrate")
	res, body := s.get(t, "/public/hearings")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<h1 class=\"govuk-heading-l\">Hearings</h1>") ||
		!strings.Contains(body, `href="/public/hearings"`) {
		t.Errorf("GET /public/hearings = %d\n%s", res.StatusCode, body)
	}
	if res, _ := s.get(t, "/public/decisions/0192f0a0-0000-7000-8000-000000000001"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown decision: %d", res.StatusCode)
	}
	if res, _ := s.get(t, "/sign-in"); res.StatusCode != http.StatusOK {
		t.Errorf("the staff app: %d", res.StatusCode)
	}
}
