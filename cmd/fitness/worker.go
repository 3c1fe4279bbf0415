package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"fitness/internal/jobs"
	"fitness/internal/sqldb"
)

// workerCommand is `fitness worker`.
func workerCommand() command {
	return command{summary: "run the background jobs only: letters, outbox delivery and the deadline sweep", run: runWorker}
}

// defaultJobsConfig returns the jobs' configuration from FITNESS_*
// variables: FITNESS_SMTP_HOST (none: delivery off), FITNESS_SMTP_PORT,
// FITNESS_SMTP_TLS (none, starttls or tls), FITNESS_SMTP_USERNAME,
// FITNESS_SMTP_PASSWORD, FITNESS_MAIL_FROM, FITNESS_MAIL_FROM_NAME,
// FITNESS_MAIL_MAX_ATTEMPTS, FITNESS_OUTBOX_INTERVAL and
// FITNESS_SWEEP_INTERVAL.
func defaultJobsConfig(getenv func(string) string) (jobs.Config, error) {
	c := jobs.Config{SMTP: jobs.SMTPConfig{
		Host: getenv("FITNESS_SMTP_HOST"), TLS: getenv("FITNESS_SMTP_TLS"),
		Username: getenv("FITNESS_SMTP_USERNAME"), Password: getenv("FITNESS_SMTP_PASSWORD"),
		From: getenv("FITNESS_MAIL_FROM"), FromName: getenv("FITNESS_MAIL_FROM_NAME"),
	}}
	var errs []error
	number := func(name string, dst *int) {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want a whole number, got %q", name, v))
			}
			*dst = n
		}
	}
	duration := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: want a duration such as 5s, got %q", name, v))
			}
			*dst = d
		}
	}
	number("FITNESS_SMTP_PORT", &c.SMTP.Port)
	number("FITNESS_MAIL_MAX_ATTEMPTS", &c.Retry.MaxAttempts)
	duration("FITNESS_OUTBOX_INTERVAL", &c.OutboxInterval)
	duration("FITNESS_SWEEP_INTERVAL", &c.SweepInterval)
	return c, errors.Join(errs...)
}

// bindJobs binds the jobs' flags. The SMTP password has no flag: it comes
// only from FITNESS_SMTP_PASSWORD, so it never shows in a process list.
func bindJobs(fs *flag.FlagSet, c *jobs.Config) {
	fs.StringVar(&c.SMTP.Host, "smtp-host", c.SMTP.Host, "mail server `host`; none leaves mail pending (FITNESS_SMTP_HOST)")
	fs.IntVar(&c.SMTP.Port, "smtp-port", c.SMTP.Port, "mail server `port`; default 587, or 25 with --smtp-tls none, 465 with tls (FITNESS_SMTP_PORT)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", c.SMTP.TLS, "TLS `policy`: starttls (default), tls or none (FITNESS_SMTP_TLS)")
	fs.StringVar(&c.SMTP.Username, "smtp-username", c.SMTP.Username, "mail server `user`, with FITNESS_SMTP_PASSWORD (FITNESS_SMTP_USERNAME)")
	fs.StringVar(&c.SMTP.From, "mail-from", c.SMTP.From, "sender `address` of notices and emails (FITNESS_MAIL_FROM)")
	fs.StringVar(&c.SMTP.FromName, "mail-from-name", c.SMTP.FromName, "sender display `name` (FITNESS_MAIL_FROM_NAME)")
	fs.IntVar(&c.Retry.MaxAttempts, "mail-max-attempts", c.Retry.MaxAttempts, "delivery `attempts` before a message is failed; default 10 (FITNESS_MAIL_MAX_ATTEMPTS)")
	fs.DurationVar(&c.OutboxInterval, "outbox-interval", c.OutboxInterval, "how often the outbox is delivered; default 5s (FITNESS_OUTBOX_INTERVAL)")
	fs.DurationVar(&c.SweepInterval, "sweep-interval", c.SweepInterval, "how often passed deadlines are swept; default 1m (FITNESS_SWEEP_INTERVAL)")
}

// startJobs starts the background jobs on a's database, which target
// names, with the letters actions issue made from the document templates;
// the caller stops the runner.
func startJobs(ctx context.Context, a *app, jc jobs.Config, target string) (*jobs.Runner, error) {
	if a.db.Engine == sqldb.Postgres {
		jc.PostgresURL = target
	}
	issuer, err := newLetterIssuer(a.rules, jc.SMTP.From, a.logger)
	if err != nil {
		return nil, err
	}
	r, err := jobs.New(jc, jobs.Deps{
		SQL: a.db.Writer(), Outbox: sqldb.NewOutboxStore(a.db, a.now), Cases: a.cases, Requests: a.requests,
		Orders: a.hearings, Process: a.process, Now: a.now, Logger: a.logger,
		Letters: a.letters, Renderer: issuer, Inquiries: a.inquiries,
	})
	if err != nil {
		return nil, errors.Join(err, issuer.Close())
	}
	if err := r.Start(ctx); err != nil {
		return nil, errors.Join(err, r.Stop(ctx))
	}
	a.cases.OnLettersRequested(kickLetters(r.KickLetters, a.logger))
	kick := r.KickBulk
	a.bulkKick.Store(&kick)
	return r, nil
}

// runWorker runs the jobs until ctx ends (SIGINT or SIGTERM), then stops
// taking work and waits up to the shutdown timeout for work in hand.
func runWorker(ctx context.Context, e env) error {
	cfg, err := defaultConfig(e.getenv)
	jc, jerr := defaultJobsConfig(e.getenv)
	if err = errors.Join(err, jerr); err != nil {
		return err
	}
	fs := flagSet("worker", e.stderr)
	cfg.bindDB(fs)
	cfg.bindLog(fs)
	fs.BoolVar(&cfg.Migrate, "migrate", cfg.Migrate, "apply pending database migrations before starting (FITNESS_MIGRATE)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "longest wait for running jobs at shutdown (FITNESS_SHUTDOWN_TIMEOUT)")
	bindJobs(fs, &jc)
	if err := parseFlags(fs, e.args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(e.stderr, cfg.LogLevel)
	logger.Info("fitness worker starting", "config", cfg)
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("open database %s: %w", redactDB(cfg.DB), err)
	}
	defer db.Close()
	if err := prepareSchema(ctx, db, cfg, logger); err != nil {
		return err
	}
	a, err := newApp(db, logger, time.Now)
	if err != nil {
		return err
	}
	r, err := startJobs(ctx, a, jc, cfg.DB)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "fitness worker started")
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	return r.Stop(sctx)
}
