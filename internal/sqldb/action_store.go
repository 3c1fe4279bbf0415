package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// storeAction stores, through q, the result of an action on the case
// prev, read in this transaction with head, the hash of its event at
// seq = version (NULL when the chain lacks it): next over prev with a
// guarded update (errCaseChanged when prev is no longer at its version)
// and events as the next links of its chain. It returns the stored
// events.
func (db *DB) storeAction(ctx context.Context, q txExecer, prev, next fitness.Case, head sql.NullString, events []fitness.Event) ([]fitness.Event, error) {
	m, err := changedMove(prev, next)
	if err != nil {
		return nil, err
	}
	if head.Valid {
		// The chain ends at head while the case is at prev's version,
		// which the guarded update checks.
		return db.moveCase(ctx, q, m, head.String, events)
	}
	return moveAndAppend(ctx, q, m, events)
}

// moveAndAppend runs the guarded update m (errCaseChanged when the case is
// no longer at m.old), then stores events after the case's latest event:
// the update succeeded, so no event was added since the case was read at
// m.old, and only the chain's last hash needs looking up.
func moveAndAppend(ctx context.Context, q txExecer, m caseMove, events []fitness.Event) ([]fitness.Event, error) {
	if err := m.exec(ctx, q); err != nil {
		return nil, err
	}
	last, err := lastEventHash(ctx, q, m.id)
	if err != nil {
		return nil, err
	}
	return insertEvents(ctx, q, m.id, m.old+1, last, events)
}

// moveCase runs the guarded update m and stores events as the next links
// of the case's chain, which ends at prevHash with seq m.old. It returns
// the stored events; errCaseChanged when the case is no longer at m.old.
//
// On PostgreSQL the update and the first event are one statement, a
// data-modifying WITH whose INSERT runs only if the UPDATE matched the
// case: one round trip fewer per action. SQLite has no such statement, and
// no round trips to save, so it runs the two.
func (db *DB) moveCase(ctx context.Context, q execer, m caseMove, prevHash string, events []fitness.Event) ([]fitness.Event, error) {
	if db.Engine != Postgres || len(events) == 0 {
		if err := m.exec(ctx, q); err != nil {
			return nil, err
		}
		return insertEvents(ctx, q, m.id, m.old+1, prevHash, events)
	}
	first, row, err := sealEvent(events[0], m.id, m.old+1, prevHash)
	if err != nil {
		return nil, err
	}
	args := m.args()
	res, err := q.ExecContext(ctx, `WITH moved AS (`+m.sql()+` RETURNING id)
		INSERT INTO events (`+eventColumns+`) SELECT `+placeholders(len(args)+1, len(row))+` FROM moved`,
		append(args, row...)...)
	if isUniqueViolation(err) {
		return nil, errCaseChanged
	} else if err != nil {
		return nil, fmt.Errorf("update case %s with event %d: %w", m.ref, first.Seq, err)
	}
	if err := m.matched(res); err != nil {
		return nil, err
	}
	rest, err := insertEvents(ctx, q, m.id, first.Seq+1, first.Hash, events[1:])
	return append([]fitness.Event{first}, rest...), err
}

// placeholders returns "$from, $from+1, …", n parameters.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ps, ", ")
}
