package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
)

// TestInDriverTx: a transaction run by the driver commits all its
// statements or none, reuses its prepared statements, leaves the writer's
// connection with no transaction open after a failure, and closes with
// the database. SQLite only: PostgreSQL refuses it.
func TestInDriverTx(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if db.Engine == Postgres {
			if err := db.inDriverTx(ctx, func(execer) error { return nil }); err == nil {
				t.Fatal("a driver transaction on PostgreSQL: no error")
			}
			return
		}
		mustExec(t, db, `CREATE TABLE dtx (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`)
		insert := func(ex execer, id int) error {
			_, err := ex.ExecContext(ctx, `INSERT INTO dtx (id, note) VALUES ($1, $2)`, id, "n")
			return err
		}
		mustNoErr(t, db.inDriverTx(ctx, func(ex execer) error {
			if err := insert(ex, 1); err != nil {
				return err
			}
			return insert(ex, 2)
		}))
		if n := count(t, db, "dtx"); n != 2 {
			t.Fatalf("%d rows after the commit; want 2", n)
		}
		if len(db.driverStmts.stmts) != 1 {
			t.Errorf("%d statements prepared; want the one, reused", len(db.driverStmts.stmts))
		}

		// A failure after a write undoes the write.
		failed := errors.New("failed")
		err := db.inDriverTx(ctx, func(ex execer) error {
			if err := insert(ex, 3); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("a failing transaction: %v", err)
		}
		// A statement that fails (the key is taken) does too.
		err = db.inDriverTx(ctx, func(ex execer) error {
			if err := insert(ex, 4); err != nil {
				return err
			}
			return insert(ex, 1)
		})
		if !isUniqueViolation(err) {
			t.Fatalf("a duplicate key: %v; want the unique violation", err)
		}
		if n := count(t, db, "dtx"); n != 2 {
			t.Errorf("%d rows after the failures; want 2", n)
		}
		// No transaction is left open on the writer's connection: a write
		// through database/sql begins and commits.
		mustNoErr(t, db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO dtx (id, note) VALUES (5, 'n')`)
			return err
		}))
		// A context already ended writes nothing.
		done, cancel := context.WithCancel(ctx)
		cancel()
		if err := db.inDriverTx(done, func(ex execer) error { return insert(ex, 6) }); err == nil {
			t.Error("a transaction under an ended context: no error")
		}
		if n := count(t, db, "dtx"); n != 3 {
			t.Errorf("%d rows after the ended context; want 3", n)
		}
		// More distinct statements than the cache keeps all run; the cache
		// keeps no more than its bound.
		mustNoErr(t, db.inDriverTx(ctx, func(ex execer) error {
			for i := range stmtCacheMax + 6 {
				if _, err := ex.ExecContext(ctx, fmt.Sprintf(`INSERT INTO dtx (id, note) VALUES ($1, 'n%d')`, i), 100+i); err != nil {
					return err
				}
			}
			return nil
		}))
		if n := count(t, db, "dtx"); n != 3+stmtCacheMax+6 {
			t.Errorf("%d rows after the many statements; want %d", n, 3+stmtCacheMax+6)
		}
		if n := len(db.driverStmts.stmts); n > stmtCacheMax {
			t.Errorf("%d statements kept; want %d at most", n, stmtCacheMax)
		}
		// A database whose driver transactions prepared statements closes
		// them with it.
		other, err := Open(ctx, db.dsn)
		mustNoErr(t, err)
		mustNoErr(t, other.inDriverTx(ctx, func(ex execer) error { return insert(ex, 7) }))
		if err := other.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
}
