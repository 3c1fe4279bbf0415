package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	h := SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for _, path := range []string{"/", AssetPrefix + "fitness.abc.css"} {
		req := httptest.NewRequest("GET", path, nil)
		req.TLS = &tls.ConnectionState{}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		hd := rec.Header()
		csp := hd.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: nosniff/Referrer-Policy missing: %v", path, hd)
		}
		if !strings.Contains(hd.Get("Strict-Transport-Security"), "max-age=31536000; includeSubDomains") {
			t.Errorf("%s: HSTS = %q", path, hd.Get("Strict-Transport-Security"))
		}
		wantCache := "no-store"
		if path != "/" {
			wantCache = ""
		}
		if got := hd.Get("Cache-Control"); got != wantCache {
			t.Errorf("%s: Cache-Control = %q; want %q", path, got, wantCache)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("TRACE", "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("TRACE status = %d; want 405", rec.Code)
	}
}

func TestCSRF(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	deny := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	h := CSRF(ok, deny)
	tests := []struct {
		name, method string
		headers      map[string]string
		want         int
	}{
		{"same origin post", "POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, 204},
		{"cross site post", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"foreign origin post", "POST", map[string]string{"Origin": "https://evil.example"}, 403},
		{"cross site get", "GET", map[string]string{"Sec-Fetch-Site": "cross-site"}, 204},
		{"no browser headers", "POST", nil, 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://fitness.test/x", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status = %d; want %d", rec.Code, tt.want)
			}
		})
	}
}
