package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// accessBatch groups the access records of concurrent reads into shared
// write transactions (group commit). The first caller to find no batch
// being written writes every record waiting, its own included; callers
// arriving meanwhile wait, and when the batch is committed the first of
// them writes the next. Each caller returns only once its record is
// committed, with the batch's outcome. There is no goroutine and nothing
// to close. The zero value is ready to use.
//
// Measured (docs/performance.md): every case page records one or two reads,
// each its own durable commit, so fifty staff opening cases at once queued
// behind one another's commits (SQLite has one writer; PostgreSQL locks the
// chain head).
type accessBatch struct {
	mu      sync.Mutex
	pending []*accessWait
	writing bool
}

// accessWait is a record waiting to be written and where its outcome goes.
type accessWait struct {
	r    accessRecord
	done chan error
}

// errLead tells a waiting caller that it writes the next batch.
var errLead = errors.New("write the next batch of access records")

// add records r and returns once it is committed.
func (b *accessBatch) add(ctx context.Context, db *DB, r accessRecord) error {
	me := &accessWait{r: r, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, me)
	lead := !b.writing
	b.writing = true
	b.mu.Unlock()
	if !lead {
		// The record is queued and will be written whatever happens to
		// this request, so wait for the outcome rather than for ctx.
		if err := <-me.done; err != errLead {
			return err
		}
	}
	return b.write(ctx, db, me)
}

// write commits every waiting record, me's among them, in one
// transaction, tells the other callers, and hands the writing on to the first caller that arrived
// meanwhile, if any.
func (b *accessBatch) write(ctx context.Context, db *DB, me *accessWait) error {
	b.mu.Lock()
	batch := b.pending
	b.pending = nil
	b.mu.Unlock()
	rs := make([]accessRecord, len(batch))
	for i, w := range batch {
		rs[i] = w.r
	}
	// Not cancelled with the leading request: the batch holds others'
	// records too.
	ctx = context.WithoutCancel(ctx)
	err := db.InTx(ctx, func(tx *sql.Tx) error { return db.appendAccess(ctx, tx, rs) })
	for _, w := range batch {
		if w != me {
			w.done <- err
		}
	}
	b.mu.Lock()
	if len(b.pending) > 0 {
		b.pending[0].done <- errLead
	} else {
		b.writing = false
	}
	b.mu.Unlock()
	return err
}
