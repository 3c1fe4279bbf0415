package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"fitness/internal/sqldb"
	"fitness/internal/web"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// requestIDHandler adds the request id of the context to each log record,
// so any handler logging with a request's context is traceable.
type requestIDHandler struct{ slog.Handler }

// Handle implements slog.Handler.
func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := web.RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

// WithGroup implements slog.Handler.
func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// wellFormedID matches a request id a client or proxy may give us.
var wellFormedID = regexp.MustCompile(`^[A-Za-z0-9._:-]{8,64}$`)

// newRequestID returns a random 128-bit id in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader implements http.ResponseWriter.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush implements http.Flusher.
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack implements http.Hijacker.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// httpMetrics holds the request metrics of one server, on its own registry.
type httpMetrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newHTTPMetrics makes a registry with the Go and process collectors and
// the request metrics, labelled by route pattern (never by raw path).
func newHTTPMetrics() *httpMetrics {
	reg := prometheus.NewRegistry()
	m := &httpMetrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fitness_http_requests_total",
			Help: "HTTP requests handled, by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "fitness_http_request_duration_seconds",
			Help:    "Time to handle HTTP requests, by method, route pattern and status code.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "code"}),
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration,
	)
	return m
}

// handler serves the registry in the Prometheus text format.
func (m *httpMetrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// knownMethods bounds the method label.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// observe records one request.
func (m *httpMetrics) observe(method, route string, status int, d time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.duration.WithLabelValues(method, route, code).Observe(d.Seconds())
}

// patternFinder is implemented by http.ServeMux: it tells which pattern
// matches a request without serving it.
type patternFinder interface {
	Handler(r *http.Request) (http.Handler, string)
}

// middleware wraps the whole server: request id, panic recovery, metrics
// and the access log.
type middleware struct {
	logger   *slog.Logger
	metrics  *httpMetrics
	top      patternFinder            // the server's own mux
	surfaces map[string]patternFinder // route patterns of mounted surfaces, by top-level pattern
}

// routeOf returns the route label of a request: the pattern of the
// mounted surface that matches it when the surface tells (not its
// catch-all "/"), else the top-level pattern; "unmatched" when nothing
// matches. It is worked out before serving, as nested muxes overwrite
// r.Pattern.
func (m middleware) routeOf(r *http.Request) string {
	_, p := m.top.Handler(r)
	if p == "" {
		return "unmatched"
	}
	if pf, ok := m.surfaces[p]; ok {
		if _, inner := pf.Handler(r); inner != "" && inner != "/" {
			return inner
		}
	}
	return p
}

// wrap returns next (which m.top routes) with the middleware around it.
func (m middleware) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !wellFormedID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		// One read scope per request: every read of a case the request
		// makes shares one access record (sqldb.WithReadScope).
		r = r.WithContext(sqldb.WithReadScope(web.WithRequestID(r.Context(), id)))
		route := m.routeOf(r)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				m.recovered(sw, r, v)
			}
			m.finish(sw, r, route, time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

// recovered logs a panic with its stack and answers 500 when it still can.
// http.ErrAbortHandler is passed on: it means abort the response quietly.
func (m middleware) recovered(w *statusWriter, r *http.Request, v any) {
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(v)
	}
	m.logger.ErrorContext(r.Context(), "panic while handling request",
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()), "path", r.URL.Path)
	if w.status == 0 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "Sorry, something went wrong. Quote reference %s if you contact us.\n", web.RequestID(r.Context()))
	}
}

// finish records the metrics and writes the access log line.
func (m middleware) finish(w *statusWriter, r *http.Request, route string, d time.Duration) {
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	m.metrics.observe(r.Method, route, status, d)
	level := slog.LevelInfo
	if route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics" {
		level = slog.LevelDebug
	}
	m.logger.LogAttrs(r.Context(), level, "request",
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", w.bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("remote", r.RemoteAddr),
	)
}
