package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssetsFingerprinted(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json":        {Data: []byte(`{"fitness.css": "fitness.0123abcd.css"}`)},
		"fitness.0123abcd.css": {Data: []byte("body{}")},
		"not-in-manifest.txt":  {Data: []byte("secret")},
	}
	a, err := NewAssets(fsys, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.URL("fitness.css"); got != "/assets/fitness.0123abcd.css" {
		t.Errorf("URL = %q", got)
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/fitness.0123abcd.css", nil))
	if rec.Code != 200 || rec.Body.String() != "body{}" {
		t.Fatalf("serve: %d %q", rec.Code, rec.Body.String())
	}
	if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q", cc)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, p := range []string{"/assets/not-in-manifest.txt", "/assets/manifest.json", "/assets/../web.go"} {
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d; want 404", p, rec.Code)
		}
	}
}

func TestAssetsNotBuilt(t *testing.T) {
	var logs bytes.Buffer
	a, err := NewAssets(fstest.MapFS{".gitkeep": {}}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Built() || a.URL("fitness.css") != "" {
		t.Error("unbuilt assets give URLs")
	}
	if n := strings.Count(logs.String(), "not built"); n != 1 {
		t.Errorf("warnings logged = %d; want 1:\n%s", n, logs.String())
	}
	var buf bytes.Buffer
	if err := Layout(Page{Title: "Test", Assets: a}).Render(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<link rel=\"stylesheet\"") || !strings.Contains(buf.String(), "<title>Test – fitness</title>") {
		t.Errorf("unstyled page wrong:\n%s", buf.String())
	}
}

func TestMissingManifestFile(t *testing.T) {
	fsys := fstest.MapFS{"manifest.json": {Data: []byte(`{"fitness.css": "fitness.gone.css"}`)}}
	if _, err := NewAssets(fsys, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("a manifest naming a missing file was accepted")
	}
}
