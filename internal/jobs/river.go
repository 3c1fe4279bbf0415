package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// Job kinds, as stored in River's job table.
const (
	kindDeliver = "outbox_deliver"
	kindSweep   = "deadline_sweep"
	kindLetters = "letters_issue"
)

// migrationLock is the PostgreSQL advisory lock key held while River's
// tables are migrated, so processes starting together migrate one at a time.
const migrationLock = 0x66_69_74_6e // "fitn"

// deliverArgs is the job that drains the outbox.
type deliverArgs struct{}

// Kind names the job.
func (deliverArgs) Kind() string { return kindDeliver }

// sweepArgs is the job that sweeps passed deadlines.
type sweepArgs struct{}

// Kind names the job.
func (sweepArgs) Kind() string { return kindSweep }

// singleton returns the insert options of the periodic jobs: at most one
// of a kind queued or running at a time, across every process, and no
// River retries (the next interval tries again).
func singleton() *river.InsertOpts {
	return &river.InsertOpts{
		MaxAttempts: 1,
		UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending,
			rivertype.JobStateRunning, rivertype.JobStateScheduled,
		}},
	}
}

// deliverWorker works deliverArgs.
type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	d       *Deliverer
	timeout time.Duration
}

// Work drains the outbox.
func (w *deliverWorker) Work(ctx context.Context, _ *river.Job[deliverArgs]) error {
	_, err := w.d.Deliver(ctx)
	return err
}

// Timeout bounds one run.
func (w *deliverWorker) Timeout(*river.Job[deliverArgs]) time.Duration { return w.timeout }

// sweepWorker works sweepArgs.
type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	s *Sweeper
}

// Work sweeps passed deadlines.
func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	_, err := w.s.Sweep(ctx)
	return err
}

// Timeout bounds one run.
func (w *sweepWorker) Timeout(*river.Job[sweepArgs]) time.Duration { return 10 * time.Minute }

// riverConfig returns River's configuration: the workers, the periodic
// jobs (run at start and then at their intervals, by the leader when
// several processes share PostgreSQL) and one queue.
func (r *Runner) riverConfig() *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &sweepWorker{s: r.Sweeper})
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(r.cfg.SweepInterval),
		func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, singleton() },
		&river.PeriodicJobOpts{ID: kindSweep, RunOnStart: true})}
	if r.Deliverer != nil {
		river.AddWorker(workers, &deliverWorker{d: r.Deliverer, timeout: r.cfg.lease()})
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(r.cfg.OutboxInterval),
			func() (river.JobArgs, *river.InsertOpts) { return deliverArgs{}, singleton() },
			&river.PeriodicJobOpts{ID: kindDeliver, RunOnStart: true}))
	}
	if r.Issuer != nil {
		river.AddWorker(workers, &letterWorker{i: r.Issuer, timeout: r.cfg.lease()})
		periodic = append(periodic, river.NewPeriodicJob(river.PeriodicInterval(r.cfg.LetterInterval),
			func() (river.JobArgs, *river.InsertOpts) { return letterArgs{}, singleton() },
			&river.PeriodicJobOpts{ID: kindLetters, RunOnStart: true}))
	}
	if r.Bulk != nil {
		river.AddWorker(workers, &bulkWorker{b: r.Bulk})
		periodic = append(periodic, bulkPeriodic(r.cfg.BulkInterval))
	}
	return &river.Config{
		Logger:                      r.logger,
		Workers:                     workers,
		PeriodicJobs:                periodic,
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: r.cfg.Workers}},
		FetchPollInterval:           r.cfg.PollInterval,
		FetchCooldown:               min(100*time.Millisecond, r.cfg.PollInterval),
		CompletedJobRetentionPeriod: time.Hour,
	}
}

// newSQLiteClient builds the River client on the SQLite writer connection.
func (r *Runner) newSQLiteClient(db *sql.DB, rc *river.Config) error {
	driver := riversqlite.New(db)
	client, err := river.NewClient(driver, rc)
	if err != nil {
		return fmt.Errorf("jobs on sqlite: %w", err)
	}
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: r.logger})
	if err != nil {
		return fmt.Errorf("job migrations on sqlite: %w", err)
	}
	r.client = client
	r.migrate = func(ctx context.Context) error {
		_, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	}
	return nil
}

// newPostgresClient opens a pgx pool on the PostgreSQL URL and builds the
// River client on it.
func (r *Runner) newPostgresClient(rc *river.Config) error {
	pc, err := pgxpool.ParseConfig(r.cfg.PostgresURL)
	if err != nil {
		return fmt.Errorf("jobs: the PostgreSQL URL cannot be parsed: %w", err)
	}
	pc.MaxConns = int32(max(4, r.cfg.Workers+2))
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return fmt.Errorf("jobs: open PostgreSQL pool: %w", err)
	}
	driver := riverpgxv5.New(pool)
	client, err := river.NewClient(driver, rc)
	if err != nil {
		pool.Close()
		return fmt.Errorf("jobs on postgres: %w", err)
	}
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: r.logger})
	if err != nil {
		pool.Close()
		return fmt.Errorf("job migrations on postgres: %w", err)
	}
	r.client, r.pool = client, pool
	r.migrate = func(ctx context.Context) error {
		return migratePostgres(ctx, pool, migrator)
	}
	return nil
}

// migratePostgres applies River's migrations, each in its own transaction
// (some add enum values that later ones use), while holding an advisory
// lock on a connection of its own, so that processes starting together
// migrate one at a time.
func migratePostgres(ctx context.Context, pool *pgxpool.Pool, m *rivermigrate.Migrator[pgx.Tx]) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLock))
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}
