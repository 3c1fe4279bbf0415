// Package sqldbtest gives the tests of every package a fresh, migrated
// database: a SQLite file in the test's temporary folder, or a new database
// on the PostgreSQL server named by FITNESS_TEST_POSTGRES, dropped when the
// test ends. Without that variable PostgreSQL tests are skipped with a
// message CI looks for (CI fails on such skips).
package sqldbtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"fitness/internal/sqldb"
)

// seq keeps database names unique within one test binary.
var seq atomic.Int64

// Target returns what to give sqldb.Open for a fresh database on engine e.
func Target(tb testing.TB, e sqldb.Engine) string {
	tb.Helper()
	if e == sqldb.SQLite {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	base := os.Getenv("FITNESS_TEST_POSTGRES")
	if base == "" {
		tb.Skip("PostgreSQL test skipped: set FITNESS_TEST_POSTGRES to a postgres:// URL")
	}
	ctx := context.Background()
	admin, err := sqldb.Open(ctx, base)
	if err != nil {
		tb.Fatalf("FITNESS_TEST_POSTGRES is set but PostgreSQL cannot be reached: %v", err)
	}
	name := fmt.Sprintf("fitness_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano(), seq.Add(1))
	if _, err := admin.Writer().ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin.Writer().ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("FITNESS_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// MustOpen opens a fresh, migrated database on engine e, closed when the
// test ends.
func MustOpen(tb testing.TB, e sqldb.Engine) *sqldb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, Target(tb, e))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}
