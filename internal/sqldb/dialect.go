package sqldb

import (
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// SQLite extended result codes for constraint violations (sqlite3.h).
const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// isUniqueViolation reports whether err is a unique or primary-key
// violation on either engine.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqliteConstraintUnique || se.Code() == sqliteConstraintPrimaryKey
	}
	return false
}

// forUpdate returns the row-locking clause for a SELECT inside a write
// transaction: FOR UPDATE on PostgreSQL; nothing on SQLite, whose single
// writer and BEGIN IMMEDIATE already serialise writers.
func (db *DB) forUpdate() string {
	if db.Engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// lockRows returns the clause that locks the rows of table alias a
// SELECT reads, as an UPDATE of columns other than keys would, on
// PostgreSQL, and nothing on SQLite, whose write transactions already run
// one at a time. A transaction that reads a row and then writes it with a
// guarded UPDATE takes it, so that a writer committing in between makes
// it wait and read the new row, rather than find its guard failed and
// report a change it would have accepted.
func (db *DB) lockRows(alias string) string {
	if db.Engine == Postgres {
		return " FOR NO KEY UPDATE OF " + alias
	}
	return ""
}

// indexedBy returns the clause that makes SQLite read a table through the
// index named, for the few queries where its planner's statistics mislead
// it (it cannot tell NULLs apart in them), and nothing on PostgreSQL. It
// follows the table and its alias: FROM cases c INDEXED BY ….
func (db *DB) indexedBy(index string) string {
	if db.Engine == Postgres {
		return ""
	}
	return " INDEXED BY " + index
}

// newID returns a new UUIDv7 as text.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// dbTime returns t as stored: UTC, truncated to the microsecond that
// PostgreSQL keeps, so a value reads back exactly as written on both
// engines (which matters for hashes and cursors).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime returns nil for the zero time, else dbTime(t).
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// timeOf returns the UTC time of a nullable column, zero for NULL.
func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// dateLayout is how dates without a time are stored (TEXT on both engines).
const dateLayout = "2006-01-02"

// dateText returns the date of t as stored, "" for the zero time.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// parseDate reads a stored date; "" gives the zero time.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(dateLayout, s)
}
