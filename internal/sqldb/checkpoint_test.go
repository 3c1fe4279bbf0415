package sqldb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestBackgroundCheckpoint checks that commits are copied from the log into
// the database file by the background checkpointer, without the writer's
// automatic checkpoint (too far off for these few pages), while a reader
// holds a read transaction open, and that the checkpointer stops on Close.
func TestBackgroundCheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	waitCopied(t, db, 0)

	// A reader in a read transaction pins the log from where it started:
	// the checkpointer copies what it may, and neither blocks the other.
	reader, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM scratch`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO scratch (v) VALUES ($1)`, strconv.Itoa(i))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	before := db.Checkpoints().Runs
	deadline := time.Now().Add(5 * time.Second)
	for db.Checkpoints().Runs == before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s := db.Checkpoints(); s.Runs == before || s.Failures > 0 {
		t.Fatalf("no checkpoint ran while a reader was open, or one failed: %+v", s)
	}
	if err := reader.Rollback(); err != nil {
		t.Fatal(err)
	}
	// One more commit after the reader has gone: everything is copied.
	if _, err := db.write.ExecContext(ctx, `INSERT INTO scratch (v) VALUES ('last')`); err != nil {
		t.Fatal(err)
	}
	waitCopied(t, db, 51)

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	closed = true
	select {
	case <-db.ckpt.done:
	default:
		t.Fatal("the checkpointer still runs after Close")
	}
}

// waitCopied waits up to 5 s until the table scratch (if rows > 0) has
// rows rows and a checkpoint has found every frame of the log copied into
// the database file; it then checks that by reading the file alone.
func waitCopied(t *testing.T, db *DB, rows int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := db.Checkpoints()
		if s.Failures > 0 {
			t.Fatalf("checkpoint failed: %v", s.LastErr)
		}
		if s.Runs > 0 && s.Frames > 0 && s.Copied == s.Frames {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log was not copied within 5 s: %+v", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if rows == 0 {
		return
	}
	// A copy of the database file alone, without its log, holds every
	// commit.
	data, err := os.ReadFile(db.dsn)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	file, err := sql.Open("sqlite", "file:"+copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var n int
	if err := file.QueryRow(`SELECT count(*) FROM scratch`).Scan(&n); err != nil || n != rows {
		t.Fatalf("the database file alone holds %d rows (%v); want %d", n, err, rows)
	}
}

// TestCheckpointFailureReported reports the first failure of the
// background checkpoints, not every one, and their recovery.
func TestCheckpointFailureReported(t *testing.T) {
	ctx := context.Background()
	good, err := sqlitePool(filepath.Join(t.TempDir(), "good.db"), "deferred", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	if _, err := good.ExecContext(ctx, `PRAGMA journal_mode=WAL`); err != nil {
		t.Fatal(err)
	}
	// A connection that cannot open its file.
	bad, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "missing", "x.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	var reports []error
	c := &walCheckpointer{conn: bad, lastDV: -1}
	c.reportTo(func(err error) { reports = append(reports, err) })
	c.step(ctx)
	c.step(ctx)
	c.conn = good
	c.step(ctx)
	c.step(ctx)
	if len(reports) != 2 || reports[0] == nil || reports[1] != nil {
		t.Errorf("reports = %v; want one failure, then one recovery", reports)
	}
	if s := c.Stats(); s.Failures != 2 || s.LastErr == nil {
		t.Errorf("stats = %+v; want two failures", s)
	}
}
