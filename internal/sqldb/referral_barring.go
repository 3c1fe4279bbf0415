package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// safeguardingColumns are the columns scanned by scanSafeguarding.
const safeguardingColumns = `case_id, reason, marked_at, marked_by, marked_by_name, barring,
	COALESCE(referral_id, ''), barring_note, decided_at, decided_by, decided_by_name`

func scanSafeguarding(row interface{ Scan(...any) error }) (fitness.Safeguarding, error) {
	var s fitness.Safeguarding
	var barring string
	var decided sql.NullTime
	err := row.Scan(&s.CaseID, &s.Reason, &s.MarkedAt, &s.MarkedBy, &s.MarkedByName, &barring, &s.ReferralID,
		&s.Note, &decided, &s.DecidedBy, &s.DecidedByName)
	s.Barring, s.MarkedAt, s.DecidedAt = fitness.BarringOutcome(barring), s.MarkedAt.UTC(), timeOf(decided)
	return s, err
}

// loadSafeguarding returns the safeguarding of case id; the zero value
// with CaseID set when the case is not marked.
func loadSafeguarding(ctx context.Context, q querier, caseID string) (fitness.Safeguarding, error) {
	s, err := scanSafeguarding(q.QueryRowContext(ctx, `SELECT `+safeguardingColumns+` FROM case_safeguarding
		WHERE case_id = $1`, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.Safeguarding{CaseID: caseID}, nil
	} else if err != nil {
		return s, fmt.Errorf("load safeguarding of case %s: %w", caseID, err)
	}
	return s, nil
}

// CaseSafeguarding returns the case's safeguarding mark and barring
// decision; ENotFound when actor may not see the case.
func (s *CaseService) CaseSafeguarding(ctx context.Context, actor fitness.Actor, caseID string) (fitness.Safeguarding, error) {
	if err := mayRefer(actor, fitness.PermReferralView); err != nil {
		return fitness.Safeguarding{}, err
	}
	c, err := s.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return fitness.Safeguarding{}, err
	}
	if err := s.mayView(ctx, actor, c, "case.safeguarding"); err != nil {
		return fitness.Safeguarding{}, err
	}
	return loadSafeguarding(ctx, s.db.Reader(), c.ID)
}

// safeguardingTx loads the case at version and its safeguarding inside tx
// for a change by actor: ENotFound when actor may not see the case,
// EForbidden when they may not record safeguarding, EConflict when stale.
func (s *CaseService) safeguardingTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, caseID string, version int) (fitness.Case, fitness.Safeguarding, error) {
	c, err := s.lockedCase(ctx, tx, caseID)
	if err == nil {
		err = visibleTo(ctx, tx, actor, c)
	}
	if err != nil {
		return c, fitness.Safeguarding{}, err
	}
	if err := mayRefer(actor, fitness.PermReferralManage); err != nil {
		return c, fitness.Safeguarding{}, err
	}
	if c.Version != version {
		return c, fitness.Safeguarding{}, s.staleError(ctx, tx, c)
	}
	sg, err := loadSafeguarding(ctx, tx, c.ID)
	return c, sg, err
}

// MarkSafeguarding marks the case at version as a safeguarding case, with
// its event, in one transaction; see [fitness.Case.MarkSafeguarding].
func (s *CaseService) MarkSafeguarding(ctx context.Context, actor fitness.Actor, caseID string, version int, reason string) (fitness.Case, fitness.Safeguarding, error) {
	var outCase fitness.Case
	var out fitness.Safeguarding
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, sg, err := s.safeguardingTx(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		next, sg, e, err := c.MarkSafeguarding(sg, reason, actor, dbTime(s.now()))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO case_safeguarding (case_id, reason, marked_at, marked_by,
			marked_by_name) VALUES ($1, $2, $3, $4, $5)`, c.ID, sg.Reason, sg.MarkedAt, sg.MarkedBy, sg.MarkedByName)
		if isUniqueViolation(err) {
			return fitness.Errorf(fitness.EConflict, "This case is already marked as a safeguarding case")
		} else if err != nil {
			return fmt.Errorf("insert safeguarding: %w", err)
		}
		outCase, out = next, sg
		return appendCaseEvent(ctx, tx, c, next, e)
	})
	if err != nil {
		return fitness.Case{}, fitness.Safeguarding{}, fmt.Errorf("mark case %s as safeguarding: %w", caseID, err)
	}
	return outCase, out, nil
}

// DecideBarring records the barring decision on the case at version in
// one transaction: when made, the outbound referral to the barring service
// (and its "referral_made" event), then the decision and its event. See
// [fitness.Case.DecideBarring].
func (s *CaseService) DecideBarring(ctx context.Context, actor fitness.Actor, caseID string, version int, in fitness.BarringInput) (fitness.Case, fitness.Safeguarding, error) {
	var outCase fitness.Case
	var out fitness.Safeguarding
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, sg, err := s.safeguardingTx(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		sg, ref, err := c.DecideBarring(sg, in, actor, dbTime(s.now()))
		if err != nil {
			return err
		}
		if ref != nil {
			r, _, err := s.CreateReferralTx(ctx, tx, actor, *ref)
			if err != nil {
				return err
			}
			sg.ReferralID = r.ID
			if c, err = s.loadCase(ctx, tx, c.ID); err != nil { // one version on
				return err
			}
		}
		next, e := c.BarringEvent(sg, actor)
		_, err = tx.ExecContext(ctx, `UPDATE case_safeguarding SET barring = $1, referral_id = $2,
			barring_note = $3, decided_at = $4, decided_by = $5, decided_by_name = $6
			WHERE case_id = $7 AND barring = ''`,
			string(sg.Barring), nullString(sg.ReferralID), sg.Note, sg.DecidedAt, sg.DecidedBy, sg.DecidedByName, c.ID)
		if err != nil {
			return fmt.Errorf("record barring decision: %w", err)
		}
		outCase, out = next, sg
		return appendCaseEvent(ctx, tx, c, next, e)
	})
	if err != nil {
		return fitness.Case{}, fitness.Safeguarding{}, fmt.Errorf("record barring decision on case %s: %w", caseID, err)
	}
	return outCase, out, nil
}

// BarringPrompts returns every outstanding barring-service prompt, oldest
// first: cases struck off ([fitness.StruckOffStages]), marked as
// safeguarding cases, with no decision recorded.
func (s *CaseService) BarringPrompts(ctx context.Context, actor fitness.Actor) ([]fitness.BarringPrompt, error) {
	if !decide(actor, fitness.PermBarringPrompts, fitness.Resource{}).Allow {
		return nil, fitness.Errorf(fitness.EForbidden, "You cannot see the list of barring-service prompts")
	}
	stages := fitness.StruckOffStages()
	marks := make([]string, len(stages))
	args := make([]any, len(stages))
	for i, st := range stages {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), string(st)
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT c.id, c.reference, COALESCE(g.given_names || ' ' || g.family_name, c.subject_name),
		c.stage, c.stage_entered_at, s.marked_at, s.reason
		FROM case_safeguarding s JOIN cases c ON c.id = s.case_id LEFT JOIN registrants g ON g.id = c.registrant_id
		WHERE s.barring = '' AND c.stage IN (`+strings.Join(marks, ", ")+`)
		ORDER BY c.stage_entered_at, c.reference`, args...)
	if err != nil {
		return nil, fmt.Errorf("barring prompts: %w", err)
	}
	defer rows.Close()
	var out []fitness.BarringPrompt
	for rows.Next() {
		var p fitness.BarringPrompt
		var stage string
		if err := rows.Scan(&p.CaseID, &p.CaseReference, &p.RegistrantName, &stage, &p.StruckOffAt, &p.MarkedAt,
			&p.Reason); err != nil {
			return nil, fmt.Errorf("barring prompts: %w", err)
		}
		p.Stage, p.StruckOffAt, p.MarkedAt = fitness.Stage(stage), p.StruckOffAt.UTC(), p.MarkedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}
