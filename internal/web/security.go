package web

import (
	"net/http"
	"strings"
)

// ContentSecurityPolicy is the policy sent with every response: only our
// own scripts, styles and images; no plugins, no <base>, no framing, and
// forms post only to us.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// SecurityHeaders sets the headers every response carries (CSP, nosniff,
// Referrer-Policy, COOP) and refuses TRACE. Responses outside /assets/ are
// marked Cache-Control: no-store, since they may hold case data.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, AssetPrefix) {
			h.Set("Cache-Control", "no-store")
		}
		if r.Method == http.MethodTrace {
			http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// CSRF refuses unsafe cross-origin browser requests (POST, PUT, PATCH,
// DELETE with Sec-Fetch-Site: cross-site, or a foreign Origin) using
// [http.CrossOriginProtection]; deny answers them (403).
func CSRF(next, deny http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(deny)
	return p.Handler(next)
}
