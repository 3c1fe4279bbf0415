package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// schemaChecker is what readiness needs of the database.
type schemaChecker interface {
	Ping(ctx context.Context) error
	Pending(ctx context.Context) (int, error)
}

// health answers /healthz and /readyz.
type health struct {
	db       schemaChecker
	draining atomic.Bool
}

// writeHealth writes a small JSON status that is never cached.
func writeHealth(w http.ResponseWriter, code int, body map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// live reports that the process answers. It checks nothing else.
func (h *health) live(w http.ResponseWriter, r *http.Request) {
	writeHealth(w, http.StatusOK, map[string]string{"status": "ok"})
}

// ready reports whether this process should be sent traffic: not shutting
// down, the database answers, and no migration is pending. The reasons
// never include secrets or versions.
func (h *health) ready(w http.ResponseWriter, r *http.Request) {
	if reason := h.notReady(r.Context()); reason != "" {
		writeHealth(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": reason})
		return
	}
	writeHealth(w, http.StatusOK, map[string]string{"status": "ready"})
}

// notReady returns why the process is not ready, or "".
func (h *health) notReady(ctx context.Context) string {
	if h.draining.Load() {
		return "shutting down"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		return "database not reachable"
	}
	n, err := h.db.Pending(ctx)
	if err != nil {
		return "database not reachable"
	}
	if n > 0 {
		return fmt.Sprintf("%d database migrations pending", n)
	}
	return ""
}
