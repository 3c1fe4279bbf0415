package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"fitness/internal/sqldb"
)

// serveCommand is `fitness serve`.
func serveCommand() command {
	return command{summary: "serve the staff app, the API and the health and metrics endpoints", run: runServe}
}

// runServe starts the server and runs it until ctx ends (SIGINT or
// SIGTERM from main), then shuts down gracefully.
func runServe(ctx context.Context, e env) error {
	cfg, err := defaultConfig(e.getenv)
	jc, jerr := defaultJobsConfig(e.getenv)
	if err = errors.Join(err, jerr); err != nil {
		return err
	}
	fs := flagSet("serve", e.stderr)
	cfg.bindServe(fs)
	bindJobs(fs, &jc)
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(e.stderr, cfg.LogLevel)
	logger.Info("fitness starting", "config", cfg)

	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			logger.Error("close database", "error", err)
		}
		logger.Info("database closed")
	}()
	if err := prepareSchema(ctx, db, cfg, logger); err != nil {
		return err
	}
	a, err := newApp(db, logger, time.Now)
	if err != nil {
		return err
	}
	a.secure = cfg.SecureCookies
	var signIns []demoSignIn
	if cfg.Demo {
		if signIns, err = demoForServe(ctx, a, logger); err != nil {
			return err
		}
	}
	handler, err := a.handler(cfg.Demo, signIns)
	if err != nil {
		return err
	}
	a.startNameIndex(ctx)
	db.ReportCheckpoints(func(err error) {
		if err != nil {
			logger.Warn("background WAL checkpoints fail; the writer copies the log itself meanwhile", "error", err)
		} else {
			logger.Info("background WAL checkpoints work again")
		}
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	runner, err := startJobs(ctx, a, jc, cfg.DB)
	if err != nil {
		ln.Close()
		return fmt.Errorf("start background jobs: %w", err)
	}
	fmt.Fprintf(e.stdout, "fitness listening on http://%s\n", ln.Addr())
	printSignIns(e.stdout, signIns)
	logger.Info("listening", "addr", ln.Addr().String())
	err = serveUntilDone(ctx, newHTTPServer(handler, logger), ln, a.health, cfg, logger)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	return errors.Join(err, runner.Stop(sctx))
}

// startNameIndex builds register search's name index in the background
// (sqldb.RegistrantService.UseNameIndex) and logs each build. Searches use
// the database's own search indexes until it is ready. After each build the
// memory it used for scratch goes back to the system at once rather than
// over minutes: about 100 MB for a million registrants.
func (a *app) startNameIndex(ctx context.Context) {
	report := func(took time.Duration, err error) {
		if err != nil {
			if ctx.Err() == nil {
				a.logger.Warn("name index not built: searches use the database's indexes", "error", err)
			}
			return
		}
		debug.FreeOSMemory()
		a.logger.Info("name index built", "took", took)
	}
	// A failure is reported, and searches go on without the index.
	go func() { _ = a.registrants.UseNameIndex(ctx, report) }()
}

// prepareSchema makes sure the schema is current before serving: it applies
// pending migrations when --migrate is given, or when --demo is given and
// the database is brand new; otherwise it refuses and says what to run.
func prepareSchema(ctx context.Context, db *sqldb.DB, cfg Config, logger *slog.Logger) error {
	states, err := db.Migrations(ctx)
	if err != nil {
		return fmt.Errorf("read migration state: %w", err)
	}
	pending, applied := 0, 0
	for _, s := range states {
		if s.Applied {
			applied++
		} else {
			pending++
		}
	}
	if pending == 0 {
		return nil
	}
	if !cfg.Migrate && !(cfg.Demo && applied == 0) {
		return pendingError(pending, cfg.DB)
	}
	n, err := migrateUp(ctx, db)
	if err != nil {
		return err
	}
	logger.Info("applied migrations", "count", n)
	return nil
}

// pendingError explains how to apply pending migrations.
func pendingError(n int, target string) error {
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Errorf("the database has %d pending migration%s; apply them with\n\n"+
		"    fitness migrate up --db %s\n\nor start the server with --migrate", n, s, shellQuote(redactDB(target)))
}

// shellQuote quotes s for a shell command line when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '-' || r == '_' || r == ':' || r == '@') {
			return "'" + s + "'"
		}
	}
	return s
}

// newHTTPServer returns a server with timeouts against slow clients.
func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serveUntilDone serves on ln until ctx ends, then shuts down: readiness
// turns 503, the drain delay passes, the listener closes and in-flight
// requests get up to the shutdown timeout to finish.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, h *health, cfg Config, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "drain_delay", cfg.DrainDelay.String(), "timeout", cfg.ShutdownTimeout.String())
	h.draining.Store(true)
	if cfg.DrainDelay > 0 {
		time.Sleep(cfg.DrainDelay)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("shut down: %w", err)
	}
	logger.Info("server stopped")
	return nil
}

// printSignIns prints the demo sign-ins for the person who started serve.
func printSignIns(w io.Writer, signIns []demoSignIn) {
	if len(signIns) == 0 {
		return
	}
	fmt.Fprintf(w, "\nDemo sign-ins (password for all: %s):\n", demoPassword)
	for _, s := range signIns {
		fmt.Fprintf(w, "  %-28s %s\n", s.Email, s.Role)
	}
}
