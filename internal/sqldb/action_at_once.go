package sqldb

import (
	"context"
	"errors"

	"fitness/internal/fitness"
)

// applyAtOnce applies an action whose only writes are the case's row and
// one event (a note, a record of a step taken: writesOnlyCase) by one
// guarded write that commits alone, all or nothing, with no lock held
// while the actor's action is decided (docs/performance.md, the durable
// action; decisions 0008 and 0009).
//
// When knownCases holds the case at the actor's version, the action is
// decided on it, with no read at all (applyKnown). Otherwise, on
// PostgreSQL, the case is read without a lock, checked and decided as
// applyTx does, and the guarded update and the event go as the one
// statement moveCase makes: that saves the round trips of BEGIN and
// COMMIT. The update is guarded by the version that was read, as in
// applyTx, and the event's place in the chain by its key, so a write that
// lands between the read and the update makes it match nothing.
//
// When the write matches nothing, done is false; so too when the action
// writes anything else, has more than one event, or the actor's version is
// not the case's, or, on SQLite, the case is not known: the caller
// runs the action in a transaction, which reads the case again, locked,
// and explains a stale version or accepts the letters served since it.
// Refusals on a fresh read (not found, not allowed, invalid input) are
// final: done is true with the error, and nothing has been written.
func (s *CaseService) applyAtOnce(ctx context.Context, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (out fitness.Case, done bool, err error) {
	def, ok := s.process.Action(action)
	if !ok || !s.writesOnlyCase(def, action, in) {
		return out, false, nil
	}
	if s.db.Engine == Postgres {
		// Both ways below run statements on the pool (pooled).
		defer s.db.stmts.prepareWanted(ctx)
	}
	if c, head, known := s.db.known.get(caseID, version); known {
		if out, ok := s.applyKnown(ctx, actor, c, head, def, action, in); ok {
			return out, true, nil
		}
	}
	if s.db.Engine != Postgres {
		return out, false, nil
	}
	c, res, head, err := s.actionCase(ctx, s.db.pooled(), caseID, actor, "")
	if err != nil {
		return out, true, err
	}
	if err := mayAct(actor, res); err != nil {
		return out, true, err
	}
	if c.Version != version || !head.Valid {
		return out, false, nil
	}
	return s.writeAlone(ctx, c, moveGuard{}, head.String, def, action, actor, in)
}

// applyKnown applies the action to c, the case as knownCases holds it at
// the actor's version with head, its chain's head, without reading it
// again. The write is guarded by all the decision rested on besides c
// (knownGuard): the case still at c's version with its chain ending at
// head, and its panel and conflict lists naming actor as the policy
// function lets them act (actGuard). ok is false, with nothing written,
// when the policy function lets actor act in no way the lists can name
// them, when the action is refused or writes more than the case (a fresh
// read decides those), or when the write matched nothing.
func (s *CaseService) applyKnown(ctx context.Context, actor fitness.Actor, c fitness.Case, head string, def fitness.ActionDef, action fitness.ActionName, in fitness.Input) (out fitness.Case, ok bool) {
	access, ok := actGuard(actor, c)
	if !ok {
		return out, false
	}
	guard := moveGuard{cond: knownGuard(access), head: head, user: actor.UserID}
	out, done, err := s.writeAlone(ctx, c, guard, head, def, action, actor, in)
	return out, done && err == nil
}

// knownGuard is the further guard of an action decided on a known case
// (applyKnown): its chain still ends at the head it was known with ($H),
// and access, the condition of actGuard on the lists naming the actor
// ($U), holds.
func knownGuard(access string) string {
	g := `EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.seq = c.version AND e.hash = $H)`
	if access != "" {
		g += " AND " + access
	}
	return g
}

// writeAlone applies the action to c, at its version with its chain
// ending at head, and writes the case and its one event as one guarded
// write that commits alone, further guarded by guard (the zero moveGuard
// for none). It keeps the case written, once committed, in knownCases.
// done is false when the action does not write only the case and one
// event, or when the write matched nothing; then nothing has been written.
func (s *CaseService) writeAlone(ctx context.Context, c fitness.Case, guard moveGuard, head string, def fitness.ActionDef, action fitness.ActionName, actor fitness.Actor, in fitness.Input) (out fitness.Case, done bool, err error) {
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
	m.guard = guard
	stored, err := s.commitMove(ctx, m, head, events)
	if errors.Is(err, errCaseChanged) {
		s.db.known.forget(c.ID)
		return out, false, nil
	} else if err != nil {
		return out, true, err
	}
	s.db.known.put(next, stored[0].Hash)
	return next, true, nil
}

// commitMove runs the guarded update m and stores events after head
// (moveCase), committed alone: on PostgreSQL as moveCase's one statement,
// on SQLite in a transaction of its own, run by the driver (inDriverTx).
func (s *CaseService) commitMove(ctx context.Context, m caseMove, head string, events []fitness.Event) ([]fitness.Event, error) {
	if s.db.Engine == Postgres {
		return s.db.moveCase(ctx, s.db.pooled(), m, head, events)
	}
	var stored []fitness.Event
	err := s.db.inDriverTx(ctx, func(ex execer) error {
		var err error
		stored, err = s.db.moveCase(ctx, ex, m, head, events)
		return err
	})
	return stored, err
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
