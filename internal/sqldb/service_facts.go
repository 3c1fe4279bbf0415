package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// LetterFacts gathers what the letter of request r states: its case and
// parties, the event of the action that issued it and the history up to
// it, the allegation as it stood then, the panel's decision recorded with
// that event (if any) and the rules. It checks no access: only the jobs
// call it.
func (s *LetterStore) LetterFacts(ctx context.Context, r fitness.DocumentRequest) (fitness.LetterFacts, error) {
	q := s.db.Reader()
	f := fitness.LetterFacts{Request: r, Rules: s.cases.rules}
	var err error
	if f.Case, err = s.cases.loadCase(ctx, q, r.CaseID); err != nil {
		return f, err
	}
	if f.Case.RegistrantID != "" {
		if f.Registrant, f.ProfessionName, err = registrantAndProfession(ctx, q, f.Case.RegistrantID); err != nil {
			return f, err
		}
		if _, f.EmployerName, err = currentEmployer(ctx, q, f.Case.RegistrantID); err != nil {
			return f, fmt.Errorf("load employer of %s: %w", f.Case.RegistrantID, err)
		}
	}
	if f.Concern, err = loadConcern(ctx, q, f.Case.ConcernID); err != nil {
		return f, err
	}
	later, err := loadHistory(ctx, q, &f)
	if err != nil {
		return f, err
	}
	if f.CaseManagerName, err = userName(ctx, q, f.Case.CaseManagerID); err != nil {
		return f, err
	}
	if f.Decision, err = decisionAt(ctx, q, r.CaseID, r.EventSeq); err != nil {
		return f, err
	}
	if f.HearingDecision, err = hearingDecisionWith(ctx, q, f.Event, later); err != nil {
		return f, err
	}
	return f, nil
}

// loadConcern loads a concern.
func loadConcern(ctx context.Context, q querier, id string) (fitness.Concern, error) {
	var c fitness.Concern
	var source, received string
	err := q.QueryRowContext(ctx, `SELECT id, received_on, source, raised_by_name, raised_by_email, summary,
		created_at, created_by FROM concerns WHERE id = $1`, id).Scan(&c.ID, &received, &source, &c.RaisedByName,
		&c.RaisedByEmail, &c.Summary, &c.CreatedAt, &c.CreatedBy)
	if err != nil {
		return c, fmt.Errorf("load concern %s: %w", id, err)
	}
	c.Source, c.CreatedAt = fitness.SourceCategory(source), c.CreatedAt.UTC()
	if c.ReceivedOn, err = parseDate(received); err != nil {
		return c, fmt.Errorf("concern %s: received_on: %w", id, err)
	}
	return c, nil
}

// loadHistory fills in the event that issued the letter, the events up to
// it and the allegation as it stood then. It returns the events after it.
func loadHistory(ctx context.Context, q querier, f *fitness.LetterFacts) ([]fitness.Event, error) {
	events, err := caseEvents(ctx, q, f.Case.ID)
	if err != nil {
		return nil, err
	}
	var later []fitness.Event
	for i, e := range events {
		if e.ID == f.Request.EventID {
			f.Event, f.Events, later = e, events[:i+1], events[i+1:]
		}
	}
	if f.Event.ID == "" {
		return nil, fmt.Errorf("letter %s: event %s not found on case %s", f.Request.ID, f.Request.EventID, f.Case.ID)
	}
	versions, err := allegationVersions(ctx, q, f.Case.ID)
	if err != nil {
		return nil, err
	}
	for _, al := range versions {
		if !al.AmendedAt.After(f.Event.At) {
			f.Allegation = &al
		}
	}
	return later, nil
}

// hearingDecisionWith returns the hearing decision recorded with event e,
// or nil when the action was taken directly. Recording a decision applies
// its process steps ([fitness.HearingDecision.ProcessSteps]) and stores
// the decision with the last step's seq; the only step after the first is
// an interim order covering the appeal period. So the decision is the
// first at or after e's seq with nothing but such steps in between (later
// are the events after e).
func hearingDecisionWith(ctx context.Context, q querier, e fitness.Event, later []fitness.Event) (*fitness.HearingDecision, error) {
	var hearingID string
	var seq int
	err := q.QueryRowContext(ctx, `SELECT hearing_id, event_seq FROM hearing_decisions
		WHERE case_id = $1 AND event_seq >= $2 ORDER BY event_seq LIMIT 1`, e.CaseID, e.Seq).Scan(&hearingID, &seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find hearing decision on case %s: %w", e.CaseID, err)
	}
	for _, x := range later {
		if x.Seq <= seq && x.Type != string(fitness.ActionImposeInterimCover) {
			return nil, nil // recorded with a later action
		}
	}
	h, err := loadHearing(ctx, q, hearingID)
	if err != nil {
		return nil, err
	}
	d, err := loadHearingDecision(ctx, q, h)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// userName returns the name of user id, "" for none.
func userName(ctx context.Context, q querier, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("load user %s: %w", id, err)
	}
	return name, nil
}

// decisionAt returns the panel's decision recorded on a case with its
// event seq, or nil when there is none (the action was taken directly).
func decisionAt(ctx context.Context, q querier, caseID string, seq int) (*fitness.ICPDecision, error) {
	var meetingID string
	err := q.QueryRowContext(ctx, `SELECT meeting_id FROM icp_decisions WHERE case_id = $1 AND event_seq = $2`,
		caseID, seq).Scan(&meetingID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find decision on case %s: %w", caseID, err)
	}
	d, err := loadDecision(ctx, q, meetingID, caseID)
	return &d, err
}

// SetServiceAddress sets where letters to a registrant are served, for
// letters issued from now on. The actor needs [fitness.PermInvestigate].
// EInvalid with fields "email" and "postal"; ENotFound when there is no
// such registrant.
func (s *LetterStore) SetServiceAddress(ctx context.Context, actor fitness.Actor, registrantID string, a fitness.ServiceAddress) error {
	if !decide(actor, fitness.PermInvestigate, fitness.Resource{Kind: "registrant"}).Allow {
		return fitness.Errorf(fitness.EForbidden, "You cannot change where letters are sent")
	}
	a.Email, a.Postal = strings.TrimSpace(a.Email), strings.TrimSpace(strings.ReplaceAll(a.Postal, "\r\n", "\n"))
	if err := a.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := registrantName(ctx, tx, registrantID); err != nil {
			return fitness.Errorf(fitness.ENotFound, "Registrant not found")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO service_addresses (party, party_id, email, postal, updated_at, updated_by)
			VALUES ('registrant', $1, $2, $3, $4, $5) ON CONFLICT (party, party_id)
			DO UPDATE SET email = excluded.email, postal = excluded.postal, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`, registrantID, a.Email, a.Postal, dbTime(s.now()), actor.UserID)
		if err != nil {
			return fmt.Errorf("set service address of %s: %w", registrantID, err)
		}
		return nil
	})
}

// ServiceAddressOf returns where letters to a registrant are served; the
// zero address when none is recorded.
func (s *LetterStore) ServiceAddressOf(ctx context.Context, registrantID string) (fitness.ServiceAddress, error) {
	a, err := serviceAddress(ctx, s.db.Reader(), "registrant", registrantID)
	if err != nil {
		return a, fmt.Errorf("load service address of %s: %w", registrantID, err)
	}
	return a, nil
}

// SetEmployerServiceAddress sets where letters to an employer (article 25
// demands) are served. Demo data and imports use it; it checks no access.
func (s *LetterStore) SetEmployerServiceAddress(ctx context.Context, employerID string, a fitness.ServiceAddress) error {
	if err := a.Validate(); err != nil {
		return err
	}
	_, err := s.db.Writer().ExecContext(ctx, `INSERT INTO service_addresses (party, party_id, email, postal, updated_at, updated_by)
		VALUES ('employer', $1, $2, $3, $4, $5) ON CONFLICT (party, party_id)
		DO UPDATE SET email = excluded.email, postal = excluded.postal, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, employerID, strings.TrimSpace(a.Email), a.Postal, dbTime(s.now()), fitness.SystemActor.UserID)
	if err != nil {
		return fmt.Errorf("set service address of employer %s: %w", employerID, err)
	}
	return nil
}
