// Package jobs runs fitness's background work on River: delivering the
// outbox (notices and emails written in business transactions) through a
// mail server, and the deadline sweep that takes the system actions the
// process table says follow a passed deadline. It works on SQLite through
// the single writer connection and on PostgreSQL through a pgx pool, where
// several processes may share the work.
//
// Storage comes in through small interfaces declared here ([Outbox],
// [Cases]); only cmd/fitness wires the sqldb implementations in.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"fitness/internal/fitness"
)

// Config is the configuration of the background jobs.
type Config struct {
	// PostgresURL is the postgres:// URL of the database when it is
	// PostgreSQL; River opens its own pgx pool on it. "" means SQLite,
	// through Deps.SQL.
	PostgresURL    string
	SMTP           SMTPConfig
	Retry          RetryPolicy
	OutboxInterval time.Duration // how often the outbox is drained; default 5s
	SweepInterval  time.Duration // how often deadlines are swept; default 1m
	LetterInterval time.Duration // how often requested letters are made; default 5s
	BulkInterval   time.Duration // how often inquiries' bulk steps are looked for; default 5s
	BulkPause      time.Duration // pause between the people of a bulk step; default none
	BatchSize      int           // messages claimed at a time; default 10
	Workers        int           // jobs worked at once by this process; default 4
	PollInterval   time.Duration // how often to look for new jobs; default 1s
}

// withDefaults fills in every zero setting.
func (c Config) withDefaults() Config {
	if c.OutboxInterval <= 0 {
		c.OutboxInterval = 5 * time.Second
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = time.Minute
	}
	if c.LetterInterval <= 0 {
		c.LetterInterval = 5 * time.Second
	}
	if c.BulkInterval <= 0 {
		c.BulkInterval = 5 * time.Second
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 10
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	c.Retry = c.Retry.withDefaults()
	if c.SMTP.Host != "" {
		c.SMTP = c.SMTP.withDefaults()
	}
	return c
}

// lease is how long a claimed message stays invisible to other workers:
// twice the longest a batch can take to send.
func (c Config) lease() time.Duration {
	timeout := c.SMTP.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return max(5*time.Minute, 2*time.Duration(c.BatchSize)*timeout)
}

// Deps are what the jobs work on.
type Deps struct {
	// SQL is, on SQLite, the writer: the one connection every write goes
	// through (sqldb.DB.Writer()). River keeps its tables in the same file.
	// Unused on PostgreSQL.
	SQL    *sql.DB
	Outbox Outbox
	Cases  Cases
	// Requests, when set, has its overdue information requests swept with
	// the case deadlines.
	Requests Requests
	// Orders, when set, takes the due actions that change orders: an
	// order taking effect when the appeal period ends, an order expiring.
	Orders  Orders
	Process *fitness.Process
	Now     func() time.Time
	Logger  *slog.Logger
	// Mailer, when set, sends instead of the SMTP server of Config.SMTP.
	// With neither, delivery is off and messages stay pending.
	Mailer Mailer
	// Letters and Renderer, together, make the letters actions issue
	// (documents.go); with neither, requested letters stay pending.
	Letters  Letters
	Renderer LetterRenderer
	// Inquiries, when set, has its bulk steps worked and its late demands
	// chased (bulk.go).
	Inquiries Inquiries
}

// riverClient is what the Runner uses of a River client, whatever its
// transaction type.
type riverClient interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
}

// Runner runs the background jobs of one process.
type Runner struct {
	cfg       Config
	logger    *slog.Logger
	client    riverClient
	migrate   func(ctx context.Context) error
	pool      *pgxpool.Pool  // PostgreSQL only
	renderer  LetterRenderer // closed by Stop when it can be
	Deliverer *Deliverer     // nil when delivery is off
	Sweeper   *Sweeper
	Issuer    *Issuer     // nil when letters are not made here
	Bulk      *BulkRunner // nil when inquiries' bulk steps are not worked here
}

// New checks cfg and deps and builds a runner; nothing runs until Start.
func New(cfg Config, deps Deps) (*Runner, error) {
	cfg = cfg.withDefaults()
	if err := checkDeps(cfg, deps); err != nil {
		return nil, err
	}
	logger := deps.Logger.With("component", "jobs")
	r := &Runner{cfg: cfg, logger: logger, renderer: deps.Renderer}
	r.Sweeper = NewSweeper(deps.Cases, deps.Process, deps.Now, logger)
	r.Sweeper.requests = deps.Requests
	r.Sweeper.orders = deps.Orders
	mailer := deps.Mailer
	if mailer == nil && cfg.SMTP.Host != "" {
		m, err := NewSMTPMailer(cfg.SMTP)
		if err != nil {
			return nil, err
		}
		mailer = m
	}
	if mailer != nil {
		r.Deliverer = NewDeliverer(deps.Outbox, mailer, deps.Now, logger, cfg.Retry, cfg.BatchSize, cfg.lease())
	}
	if deps.Letters != nil && deps.Renderer != nil {
		r.Issuer = NewIssuer(deps.Letters, deps.Renderer, deps.Now, logger, cfg.Retry, cfg.BatchSize, cfg.lease())
		r.Issuer.emailed = func(ctx context.Context) {
			if err := r.Kick(ctx); err != nil {
				logger.Warn("letters queued; delivery waits for the next interval", "error", err)
			}
		}
	}
	if deps.Inquiries != nil {
		r.Bulk = NewBulkRunner(deps.Inquiries, deps.Now, logger, cfg.BulkPause)
	}
	var err error
	if cfg.PostgresURL != "" {
		err = r.newPostgresClient(r.riverConfig())
	} else {
		err = r.newSQLiteClient(deps.SQL, r.riverConfig())
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// checkDeps says what is missing or wrong.
func checkDeps(cfg Config, deps Deps) error {
	var errs []error
	if cfg.PostgresURL == "" && deps.SQL == nil {
		errs = append(errs, errors.New("jobs: give the SQLite writer (Deps.SQL) or a PostgreSQL URL"))
	}
	if deps.Outbox == nil || deps.Cases == nil || deps.Process == nil || deps.Now == nil || deps.Logger == nil {
		errs = append(errs, errors.New("jobs: Outbox, Cases, Process, Now and Logger are all needed"))
	}
	if (deps.Letters == nil) != (deps.Renderer == nil) {
		errs = append(errs, errors.New("jobs: Letters and Renderer go together"))
	}
	if cfg.SMTP.Host != "" {
		if err := cfg.SMTP.validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Start migrates River's own tables and starts working jobs. Work goes on
// until Stop; cancelling ctx afterwards does not stop it.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.migrate(ctx); err != nil {
		return fmt.Errorf("migrate job tables: %w", err)
	}
	if err := r.client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	if r.Deliverer == nil {
		r.logger.Warn("outbox delivery is off: no SMTP host is configured, so mail stays pending")
	}
	smtp := "off"
	if r.cfg.SMTP.Host != "" {
		smtp = r.cfg.SMTP.String()
	}
	r.logger.Info("jobs started", "smtp", smtp, "outbox_interval", r.cfg.OutboxInterval,
		"sweep_interval", r.cfg.SweepInterval)
	return nil
}

// Stop stops taking new jobs and waits for those running to finish. If ctx
// ends first, running jobs are cancelled (a message being sent is recorded
// as a failed attempt and tried again later) and Stop returns ctx's error.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if err != nil {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err = errors.Join(fmt.Errorf("stop jobs: %w", err), r.client.StopAndCancel(hard))
	}
	if r.pool != nil {
		r.pool.Close()
	}
	if c, ok := r.renderer.(io.Closer); ok {
		err = errors.Join(err, c.Close()) // the letter renderer's browser, if it started one
	}
	if err == nil {
		r.logger.Info("jobs stopped")
	}
	return err
}

// Kick asks for the outbox to be delivered now rather than at the next
// interval: call it after committing a transaction that enqueued mail. It
// does nothing when delivery is off. Kicks are not merged: each queues a
// delivery, which finds nothing to do when an earlier one sent the mail.
func (r *Runner) Kick(ctx context.Context) error {
	if r.Deliverer == nil {
		return nil
	}
	_, err := r.insert(ctx, deliverArgs{})
	return err
}

// KickLetters asks for requested letters to be made now rather than at
// the next interval: call it after committing an action that issues
// letters. It does nothing when letters are not made here.
func (r *Runner) KickLetters(ctx context.Context) error {
	if r.Issuer == nil {
		return nil
	}
	_, err := r.insert(ctx, letterArgs{})
	return err
}

// SweepNow asks for a deadline sweep now rather than at the next interval.
func (r *Runner) SweepNow(ctx context.Context) error {
	_, err := r.insert(ctx, sweepArgs{})
	return err
}

// insert queues one job of args' kind, to run once.
func (r *Runner) insert(ctx context.Context, args river.JobArgs) (*rivertype.JobInsertResult, error) {
	res, err := r.client.Insert(ctx, args, &river.InsertOpts{MaxAttempts: 1})
	if err != nil {
		return nil, fmt.Errorf("queue %s job: %w", args.Kind(), err)
	}
	return res, nil
}
