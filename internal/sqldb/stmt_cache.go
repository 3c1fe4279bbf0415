package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
)

// stmtCacheMax bounds how many statements a cache keeps: it is meant for
// the few fixed statements of a hot path, not for generated SQL.
const stmtCacheMax = 64

// stmtCache keeps statements prepared on one pool, keyed by their SQL
// text, so that a hot path reuses them through its transactions instead
// of compiling each statement on every call (modernc.org/sqlite compiles
// every unprepared statement; PostgreSQL parses it). database/sql
// prepares a statement once on each connection that runs it and keeps it
// there until the cache is closed. Safe for concurrent use.
//
// A statement is prepared on the pool, which needs a free connection: on
// SQLite the writer pool has one, held by the transaction that asks. So
// lookup never prepares: a miss is noted, the caller runs the SQL
// unprepared, and prepareWanted, called when no transaction is open (see
// [DB.InTx]), prepares what was missed.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
	wanted  map[string]bool
	pending atomic.Bool // wanted is not empty
	closed  bool
}

// newStmtCache returns an empty cache for statements on pool.
func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// lookup returns the statement prepared for query, or nil when there is
// none yet, noting query for prepareWanted. A nil cache has none.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, known := c.stmts[query]
	c.mu.RUnlock()
	if known {
		return st
	}
	c.mu.Lock()
	if !c.closed && len(c.stmts)+len(c.wanted) < stmtCacheMax {
		c.wanted[query] = true
		c.pending.Store(true)
	}
	c.mu.Unlock()
	return nil
}

// prepareWanted prepares the statements missed since the last call. It
// must run outside any transaction on the pool. A statement that fails to
// prepare is dropped: the next miss asks for it again.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	if c == nil || !c.pending.Load() {
		return
	}
	c.mu.Lock()
	wanted := c.wanted
	c.wanted = map[string]bool{}
	c.pending.Store(false)
	c.mu.Unlock()
	for query := range wanted {
		st, err := c.pool.PrepareContext(ctx, query)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.stmts[query]; dup || c.closed {
			c.mu.Unlock()
			st.Close()
			continue
		}
		c.stmts[query] = st
		c.mu.Unlock()
	}
}

// close closes every statement of the cache; later lookups find none.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var err error
	for query, st := range c.stmts {
		err = errors.Join(err, st.Close())
		delete(c.stmts, query)
	}
	clear(c.wanted)
	c.pending.Store(false)
	return err
}

// cachedTx runs statements in tx through a statement cache of the pool tx
// belongs to: a statement the cache has is run prepared on tx's
// connection, any other is run as given. It offers what *sql.Tx offers
// for queries and updates, so it serves as a [querier] and a [txExecer].
// With no tx, each statement runs on the cache's pool in a transaction
// of its own ([DB.pooled]).
type cachedTx struct {
	tx    *sql.Tx
	cache *stmtCache
}

// txExecer is what both *sql.Tx and cachedTx offer for writes in a
// transaction.
type txExecer interface {
	querier
	execer
}

// cached returns tx running statements through db's writer statement
// cache. tx must be a transaction of db.Writer().
func (db *DB) cached(tx *sql.Tx) cachedTx { return cachedTx{tx: tx, cache: db.stmts} }

// pooled returns a txExecer that runs each statement on db's writer pool
// outside any transaction, through its statement cache: a statement that
// writes commits alone. A caller must call db.stmts.prepareWanted after.
func (db *DB) pooled() cachedTx { return cachedTx{cache: db.stmts} }

// on returns what query runs on: the cached statement, on tx when there is
// one, or else tx or the pool with query as given.
func (t cachedTx) on(ctx context.Context, query string) (*sql.Stmt, txExecer) {
	st := t.cache.lookup(query)
	if t.tx == nil {
		return st, t.cache.pool
	}
	if st != nil {
		st = t.tx.StmtContext(ctx, st)
	}
	return st, t.tx
}

// ExecContext runs query, prepared when cached.
func (t cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, q := t.on(ctx, query)
	if st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.ExecContext(ctx, query, args...)
}

// QueryContext runs query, prepared when cached.
func (t cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, q := t.on(ctx, query)
	if st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query, prepared when cached.
func (t cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, q := t.on(ctx, query)
	if st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.QueryRowContext(ctx, query, args...)
}
