package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"fitness/internal/fitness"
)

var _ fitness.ClockService = (*CaseService)(nil)

// holdColumns are the columns scanned by scanHold, in order.
const holdColumns = `id, case_id, reason, details, started_at, started_by, started_by_name, ended_at,
	ended_by, ended_by_name, end_note, paused`

func scanHold(row interface{ Scan(...any) error }) (fitness.Hold, error) {
	var h fitness.Hold
	var reason, paused string
	var ended sql.NullTime
	err := row.Scan(&h.ID, &h.CaseID, &reason, &h.Details, &h.Start, &h.StartedBy, &h.StartedByName, &ended,
		&h.EndedBy, &h.EndedByName, &h.EndNote, &paused)
	if err != nil {
		return h, err
	}
	h.Reason, h.Start, h.End = fitness.HoldReason(reason), h.Start.UTC(), timeOf(ended)
	if err := json.Unmarshal([]byte(paused), &h.Paused); err != nil {
		return h, fmt.Errorf("hold %s: paused: %w", h.ID, err)
	}
	for i := range h.Paused {
		h.Paused[i].Due = h.Paused[i].Due.UTC()
	}
	if len(h.Paused) == 0 {
		h.Paused = nil
	}
	return h, nil
}

// loadHolds returns the holds of a case, earliest first.
func loadHolds(ctx context.Context, q querier, caseID string) ([]fitness.Hold, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+holdColumns+` FROM holds WHERE case_id = $1
		ORDER BY started_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("load holds of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []fitness.Hold
	for rows.Next() {
		h, err := scanHold(rows)
		if err != nil {
			return nil, fmt.Errorf("load holds of case %s: %w", caseID, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// CaseHolds returns the holds of a case, earliest first, and records the
// read. ENotFound when the case does not exist or actor may not see it.
func (s *CaseService) CaseHolds(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Hold, error) {
	c, err := s.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return nil, err
	}
	if err := s.mayView(ctx, actor, c, "case.holds"); err != nil {
		return nil, err
	}
	return loadHolds(ctx, s.db.Reader(), c.ID)
}

// holdTx loads the case at version for a hold change by actor inside tx,
// with its holds: ENotFound when actor may not see it, EForbidden when
// they may not place or end holds, EConflict (saying what changed) when
// the version is stale.
func (s *CaseService) holdTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, caseID string, version int) (fitness.Case, []fitness.Hold, error) {
	c, err := s.lockedCase(ctx, tx, caseID)
	if err != nil {
		return c, nil, err
	}
	res, err := caseResource(ctx, tx, c)
	if err != nil {
		return c, nil, err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return c, nil, errCaseNotFound
	}
	if !decide(actor, fitness.PermCaseHold, res).Allow {
		return c, nil, fitness.Errorf(fitness.EForbidden, "You cannot put cases on hold or take them off")
	}
	if c.Version != version {
		return c, nil, s.staleError(ctx, tx, c)
	}
	holds, err := loadHolds(ctx, tx, c.ID)
	return c, holds, err
}

// appendCaseEvent stores next over c (still at c.Version) and appends e to
// the case's hash chain, in tx. It is how changes that are not actions of
// the process table (holds) join the case's history.
func appendCaseEvent(ctx context.Context, tx *sql.Tx, c, next fitness.Case, e fitness.Event) error {
	m, err := wholeMove(next, c.Version)
	if err != nil {
		return err
	}
	_, err = moveAndAppend(ctx, tx, m, []fitness.Event{e})
	return err
}

// PlaceHold puts the case on hold at version, in one transaction: the hold,
// the case's new version and its "hold_placed" event. See
// [fitness.Case.PlaceHold] for what it checks.
func (s *CaseService) PlaceHold(ctx context.Context, actor fitness.Actor, caseID string, version int, in fitness.HoldInput) (fitness.Case, fitness.Hold, error) {
	var outCase fitness.Case
	var outHold fitness.Hold
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, holds, err := s.holdTx(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		now := dbTime(s.now())
		next, h, e, err := c.PlaceHold(s.rules, holds, in, actor, now)
		if err != nil {
			return err
		}
		h.ID = newID()
		paused, err := deadlinesJSON(h.Paused)
		if err != nil {
			return fmt.Errorf("encode paused deadlines: %w", err)
		}
		kpiFrom := fitness.KPIStart(c.ReceivedOn, holds, now)
		_, err = tx.ExecContext(ctx, `INSERT INTO holds (id, case_id, reason, details, started_at, started_by,
			started_by_name, paused, kpi_from, kpi_lead) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			h.ID, c.ID, string(h.Reason), h.Details, now, h.StartedBy, h.StartedByName, paused,
			dateText(kpiFrom), fitness.KPILead(kpiFrom, now))
		if isUniqueViolation(err) {
			return fitness.Errorf(fitness.EConflict, "This case is already on hold")
		} else if err != nil {
			return fmt.Errorf("insert hold: %w", err)
		}
		if err := appendCaseEvent(ctx, tx, c, next, e); err != nil {
			return err
		}
		outCase, outHold = next, h
		return nil
	})
	if err != nil {
		return fitness.Case{}, fitness.Hold{}, fmt.Errorf("put case %s on hold: %w", caseID, err)
	}
	return outCase, outHold, nil
}

// EndHold takes the case off hold at version, in one transaction: the
// hold's end, the case with the deadlines the hold paused moved later, its
// new version and its "hold_ended" event. EConflict when the case is not on
// hold or the version is stale.
func (s *CaseService) EndHold(ctx context.Context, actor fitness.Actor, caseID string, version int, note string) (fitness.Case, fitness.Hold, error) {
	var outCase fitness.Case
	var outHold fitness.Hold
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, holds, err := s.holdTx(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		i := len(holds) - 1
		if i < 0 || !holds[i].Active() {
			return fitness.Errorf(fitness.EConflict, "This case is not on hold")
		}
		now := dbTime(s.now())
		next, h, e, err := c.EndHold(holds[i], note, actor, now)
		if err != nil {
			return err
		}
		holds[i] = h
		_, err = tx.ExecContext(ctx, `UPDATE holds SET ended_at = $1, ended_by = $2, ended_by_name = $3,
			end_note = $4, kpi_from = $5 WHERE id = $6 AND ended_at IS NULL`,
			now, h.EndedBy, h.EndedByName, h.EndNote, dateText(fitness.KPIStart(c.ReceivedOn, holds, now)), h.ID)
		if err != nil {
			return fmt.Errorf("end hold %s: %w", h.ID, err)
		}
		if err := appendCaseEvent(ctx, tx, c, next, e); err != nil {
			return err
		}
		outCase, outHold = next, h
		return nil
	})
	if err != nil {
		return fitness.Case{}, fitness.Hold{}, fmt.Errorf("take case %s off hold: %w", caseID, err)
	}
	return outCase, outHold, nil
}
