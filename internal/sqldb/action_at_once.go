package sqldb

import (
	"context"
	"errors"

	"fitness/internal/fitness"
)

// applyAtOnce applies, on PostgreSQL, an action whose only writes are the
// case's row and one event (a note, a record of a step taken) without a
// transaction around it: it reads the case, decides and checks in Go as
// applyTx does, and sends the guarded update and the event as the one
// statement moveCase makes, which commits alone, all or nothing. That
// saves the round trips of BEGIN and COMMIT, half of those such an action
// needs, and it takes no lock while the actor's action is decided
// (docs/performance.md, the durable action).
//
// The update is guarded by the version that was read, as in applyTx, and
// the event's place in the chain by its key, so a write that lands
// between the read and the update makes it match nothing. done is false
// then, and when the action writes anything else (writesOnlyCase), has
// more than one event, or the actor's version is not the case's: the
// caller runs the action in a transaction, which reads the case again,
// locked, and explains a stale version or accepts the letters served since
// it. Refusals (not found, not allowed, invalid input) are final: done is
// true with the error, and nothing has been written.
func (s *CaseService) applyAtOnce(ctx context.Context, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (out fitness.Case, done bool, err error) {
	def, ok := s.process.Action(action)
	if s.db.Engine != Postgres || !ok || !s.writesOnlyCase(def, action, in) {
		return out, false, nil
	}
	q := s.db.pooled()
	defer s.db.stmts.prepareWanted(ctx)
	c, res, head, err := s.actionCase(ctx, q, caseID, actor, "")
	if err != nil {
		return out, true, err
	}
	if err := mayAct(actor, res); err != nil {
		return out, true, err
	}
	if c.Version != version || !head.Valid {
		return out, false, nil
	}
	next, events, err := c.Apply(s.process, s.rules, action, actor, in, dbTime(s.now()))
	if err != nil {
		return out, true, err
	}
	// The first test took the inputs as typed; the writes read the
	// event's payload, which Apply normalised.
	if len(events) != 1 || !s.writesOnlyCase(def, action, fitness.Input(events[0].Payload)) {
		return out, false, nil
	}
	next.Version = c.Version + 1
	m, err := changedMove(c, next)
	if err != nil {
		return out, true, err
	}
	if _, err := s.db.moveCase(ctx, q, m, head.String, events); errors.Is(err, errCaseChanged) {
		return out, false, nil
	} else if err != nil {
		return out, true, err
	}
	return next, true, nil
}

// writesOnlyCase reports whether applyTx, applying action (defined by
// def) with inputs in, would write nothing but the case's row and its
// events: no input to look up, no document to send, no invitation to
// close, no order to change and no register entry to update. Each test is
// the one the write in applyTx starts with; a write added there must be
// added here, or applyAtOnce would skip it.
func (s *CaseService) writesOnlyCase(def fitness.ActionDef, action fitness.ActionName, in fitness.Input) bool {
	for _, d := range def.Inputs {
		if looksUp(d, in, fitness.InputUser) || looksUp(d, in, fitness.InputRegistrant) {
			return false
		}
	}
	return !effectsBeyondCase(def, in) &&
		fitness.InvitationStepOf(def) == fitness.InvitationUnchanged &&
		!s.changesOrders(action, in)
}
