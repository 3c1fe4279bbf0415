package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var pgSeq atomic.Int64

// engines returns the engines to run storage tests on: SQLite always, and
// PostgreSQL when FITNESS_TEST_POSTGRES holds a URL.
func engines(tb testing.TB) []Engine {
	tb.Helper()
	if os.Getenv("FITNESS_TEST_POSTGRES") != "" {
		return []Engine{SQLite, Postgres}
	}
	return []Engine{SQLite}
}

// forEachEngine runs fn as a subtest on every engine with a fresh, migrated
// database. Without FITNESS_TEST_POSTGRES the PostgreSQL subtest is skipped
// with a message (CI fails on such skips).
func forEachEngine(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	for _, e := range []Engine{SQLite, Postgres} {
		t.Run(string(e), func(t *testing.T) {
			db := MustOpenTest(t, e)
			fn(t, db)
		})
	}
}

// MustOpenTest opens a fresh, migrated database on engine e for a test. On
// PostgreSQL it creates a new database on the server named by
// FITNESS_TEST_POSTGRES and drops it when the test ends.
func MustOpenTest(tb testing.TB, e Engine) *DB {
	tb.Helper()
	ctx := context.Background()
	var target string
	switch e {
	case SQLite:
		target = filepath.Join(tb.TempDir(), "test.db")
	case Postgres:
		target = mustCreatePostgres(tb)
	}
	db, err := Open(ctx, target)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

func mustCreatePostgres(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("FITNESS_TEST_POSTGRES")
	if base == "" {
		tb.Skip("PostgreSQL test skipped: set FITNESS_TEST_POSTGRES to a postgres:// URL")
	}
	ctx := context.Background()
	admin, err := Open(ctx, base)
	if err != nil {
		tb.Fatalf("FITNESS_TEST_POSTGRES is set but PostgreSQL cannot be reached: %v", err)
	}
	name := fmt.Sprintf("fitness_test_%d_%d", time.Now().UnixNano(), pgSeq.Add(1))
	if _, err := admin.write.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin.write.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	return replaceDBName(base, name)
}

// replaceDBName swaps the database name in a postgres URL.
func replaceDBName(u, name string) string {
	q := ""
	if i := strings.Index(u, "?"); i >= 0 {
		u, q = u[:i], u[i:]
	}
	i := strings.LastIndex(u, "/")
	if i < len("postgres://") {
		return u + "/" + name + q
	}
	return u[:i+1] + name + q
}

func TestOpenMigrate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		n, err := db.Pending(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("pending = %d, %v; want 0", n, err)
		}
	})
}

// TestSQLitePageCaches checks the page cache of each SQLite connection:
// 16 MiB for the writer, SQLite's 2 MiB for each reader, which throws its
// cache away after every write (db.go).
func TestSQLitePageCaches(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		pool *sql.DB
		want int
	}{{"writer", db.write, -16384}, {"reader", db.read, -2000}} {
		var got int
		if err := c.pool.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s cache_size = %d, %v; want %d", c.name, got, err, c.want)
		}
	}
}
