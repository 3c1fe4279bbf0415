// Package sqldb stores fitness data in SQLite (embedded default) or
// PostgreSQL (production) through database/sql. One set of hand-written
// queries in the portable SQL subset runs on both; the few statements that
// differ live in dialect.go. Migrations are embedded, one directory per
// engine with identical version numbers.
package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Engine names a database engine.
type Engine string

// Engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database: on SQLite a single writer connection and a pool of
// readers; on PostgreSQL one pool used for both.
type DB struct {
	Engine Engine
	write  *sql.DB
	read   *sql.DB
	dsn    string
	access accessBatch      // access records waiting to be written together
	stmts  *stmtCache       // hot statements prepared on write (stmt_cache.go)
	ckpt   *walCheckpointer // SQLite: copies the log in the background (checkpoint.go)
	known  *knownCases      // cases as last read or written, for actions (known_cases.go)

	driverStmts driverStmts // SQLite: statements of inDriverTx (driver_tx.go)
}

// Open opens the database named by target: a postgres:// or postgresql://
// URL means PostgreSQL, anything else is a SQLite file path (":memory:" is
// not supported: use a file in a temporary directory).
func Open(ctx context.Context, target string) (*DB, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return openPostgres(ctx, target)
	}
	return openSQLite(ctx, target)
}

func openPostgres(ctx context.Context, target string) (*DB, error) {
	pool, err := sql.Open("pgx", target)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{Engine: Postgres, write: pool, read: pool, dsn: target, stmts: newStmtCache(pool), known: newKnownCases()}, nil
}

// SQLite page caches, in the negative KiB form of PRAGMA cache_size. The
// writer keeps 16 MiB: only its own writes change the file, so its cache
// stays valid. A reader keeps SQLite's default 2 MiB: after any write its
// whole cache is thrown away at its next read, page by page, which took
// 50–250 ms with a full 16 MiB cache and 0.3–1 ms with 2 MiB; on the large
// fixtures the smaller reader caches made case pages a third faster and
// nothing slower (docs/performance.md).
const (
	sqliteWriterCache = "cache_size(-16384)"
	sqliteReaderCache = "cache_size(-2000)"
)

// sqliteDSN returns the DSN of a connection to the SQLite file at path:
// the writer's with txlock "immediate", a reader's with "deferred".
func sqliteDSN(path string, txlock string) string {
	q := url.Values{}
	cache := sqliteReaderCache
	if txlock == "immediate" {
		cache = sqliteWriterCache
	}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)", cache} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// sqlitePool opens a pool of at most n connections, kept open, to the
// SQLite file at path (sqliteDSN gives their settings).
func sqlitePool(path, txlock string, n int) (*sql.DB, error) {
	p, err := sql.Open("sqlite", sqliteDSN(path, txlock))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	p.SetConnMaxLifetime(0)
	return p, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("open sqlite: give a file path")
	}
	w, err := sqlitePool(path, "immediate", 1)
	if err != nil {
		return nil, err
	}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sqlitePool(path, "deferred", 8)
	if err != nil {
		w.Close()
		return nil, err
	}
	ckpt, err := startCheckpointer(ctx, path)
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	return &DB{Engine: SQLite, write: w, read: r, dsn: path, stmts: newStmtCache(w), ckpt: ckpt, known: newKnownCases()}, nil
}

// Close closes every prepared statement and every connection.
func (db *DB) Close() error {
	err := db.stmts.close()
	if db.Engine == SQLite {
		err = errors.Join(err, db.closeDriverStmts())
	}
	err = errors.Join(err, db.write.Close())
	if db.ckpt != nil {
		err = errors.Join(err, db.ckpt.close())
	}
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Checkpoints returns what the background checkpointer of a SQLite
// database has done since it was opened (checkpoint.go); the zero value on
// PostgreSQL.
func (db *DB) Checkpoints() CheckpointStats {
	if db.ckpt == nil {
		return CheckpointStats{}
	}
	return db.ckpt.Stats()
}

// ReportCheckpoints has report called, on a SQLite database, when the
// background checkpoints start failing (with the error) and when they
// succeed again (with nil). While they fail, the writer's own checkpoint
// still keeps the log from growing without bound. Nothing happens on
// PostgreSQL.
func (db *DB) ReportCheckpoints(report func(error)) {
	if db.ckpt != nil {
		db.ckpt.reportTo(report)
	}
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Reader returns the pool for reads.
func (db *DB) Reader() *sql.DB { return db.read }

// Writer returns the pool for writes (one connection on SQLite).
func (db *DB) Writer() *sql.DB { return db.write }

// InTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise. Every write of fitness goes through it, so each is
// all-or-nothing. Once the transaction has ended it prepares the
// statements the writer's statement cache missed (stmt_cache.go).
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err = fn(tx); err != nil {
		_ = tx.Rollback()
	} else if err = tx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
	}
	db.stmts.prepareWanted(ctx)
	return err
}

func (db *DB) provider() (*goose.Provider, error) {
	dir := "migrations/sqlite"
	dialect := goose.DialectSQLite3
	if db.Engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.write, sub)
}

// MigrationState is one migration and whether it has been applied.
type MigrationState struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.provider()
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate up: %w", err)
	}
	return len(res), nil
}

// Migrations returns the state of every known migration.
func (db *DB) Migrations(ctx context.Context) ([]MigrationState, error) {
	p, err := db.provider()
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationState, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationState{
			Version:   s.Source.Version,
			Name:      s.Source.Path,
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// Pending returns how many migrations have not been applied.
func (db *DB) Pending(ctx context.Context) (int, error) {
	ms, err := db.Migrations(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if !m.Applied {
			n++
		}
	}
	return n, nil
}
