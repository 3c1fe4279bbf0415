package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
)

// execer is what a write that only executes statements needs: *sql.Tx,
// cachedTx and driverExec offer it.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// inDriverTx runs fn in a transaction on the connection of db's writer
// pool, through the driver itself rather than database/sql's transaction
// (decision 0010). SQLite only: its writer pool has one connection. fn's
// statements run prepared from a cache kept for that connection.
//
// database/sql starts a goroutine for every transaction, to roll it back
// if its context ends, and ends it at commit: on this 2-core machine,
// waking the thread to run it and then ending it cost 50–80 µs of a
// durable action of 400 µs (docs/performance.md). Here the context is
// watched by the driver, statement by statement, as database/sql's own
// statements are.
//
// All or nothing, as InTx: when fn or COMMIT fails the transaction is
// rolled back, and when the rollback fails too the connection is
// discarded, so no later caller finds a transaction open on it.
func (db *DB) inDriverTx(ctx context.Context, fn func(execer) error) error {
	if db.Engine != SQLite {
		return errors.New("begin: a driver transaction is for SQLite's one writer connection")
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		ex, err := db.driverStmts.on(dc)
		if err != nil {
			return err
		}
		begin, ok := dc.(driver.ConnBeginTx)
		if !ok {
			return errors.New("begin: the driver has no BeginTx")
		}
		tx, err := begin.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		if err := fn(ex); err != nil {
			return errors.Join(err, rolledBack(tx.Rollback()))
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
}

// rolledBack returns nil when a rollback succeeded, else
// driver.ErrBadConn, which makes database/sql discard the connection
// rather than hand it on with the transaction still open.
func rolledBack(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("rollback: %v: %w", err, driver.ErrBadConn)
}

// driverStmts keeps statements prepared on one driver connection, the
// writer's, by their SQL text, for inDriverTx. A new connection (after the
// old one was discarded) starts an empty cache. Safe for concurrent use;
// the connection runs one transaction at a time.
type driverStmts struct {
	mu    sync.Mutex
	conn  any
	stmts map[string]driver.Stmt
}

// on returns the executor of statements on dc, the connection inDriverTx
// holds.
func (d *driverStmts) on(dc any) (driverExec, error) {
	prep, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return driverExec{}, errors.New("the driver has no PrepareContext")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != dc {
		d.conn, d.stmts = dc, map[string]driver.Stmt{}
	}
	return driverExec{prep: prep, cache: d}, nil
}

// closeOn closes the statements prepared on dc, the connection the
// caller holds; those of a connection already discarded are dropped.
func (d *driverStmts) closeOn(dc any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var err error
	if d.conn == dc {
		for _, st := range d.stmts {
			err = errors.Join(err, st.Close())
		}
	}
	d.conn, d.stmts = nil, nil
	return err
}

// closeDriverStmts closes the statements inDriverTx prepared, on the
// writer's connection.
func (db *DB) closeDriverStmts() error {
	conn, err := db.write.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(db.driverStmts.closeOn)
}

// stmt returns the statement prepared for query on the cache's connection,
// preparing it on first use. The cache keeps at most stmtCacheMax
// statements, as stmtCache does; kept is false for one it did not keep,
// which the caller closes after use.
func (d *driverStmts) stmt(ctx context.Context, prep driver.ConnPrepareContext, query string) (st driver.Stmt, kept bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.stmts[query]; ok {
		return st, true, nil
	}
	if st, err = prep.PrepareContext(ctx, query); err != nil {
		return nil, false, err
	}
	if len(d.stmts) >= stmtCacheMax {
		return st, false, nil
	}
	d.stmts[query] = st
	return st, true, nil
}

// driverExec runs statements on the connection inDriverTx holds, inside
// its transaction.
type driverExec struct {
	prep  driver.ConnPrepareContext
	cache *driverStmts
}

// ExecContext runs query with args, converted to driver values as
// database/sql converts them for this driver (which has no converter of
// its own).
func (e driverExec) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, kept, err := e.cache.stmt(ctx, e.prep, query)
	if err != nil {
		return nil, err
	}
	if !kept {
		defer st.Close()
	}
	ex, ok := st.(driver.StmtExecContext)
	if !ok {
		return nil, errors.New("the driver's statements have no ExecContext")
	}
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, fmt.Errorf("argument $%d: %w", i+1, err)
		}
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return ex.ExecContext(ctx, named)
}
