package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

var _ fitness.EmployerService = (*EmployerService)(nil)

// EmployerService reads employers, their staff on the register and the
// cases that mention them, and sets where letters to them are served. It
// implements [fitness.EmployerService].
type EmployerService struct {
	db      *DB
	cases   *CaseService
	letters *LetterStore
}

// NewEmployerService returns the employer service on db; cases and letters
// give it the case lists' access rules and the service addresses.
func NewEmployerService(db *DB, cases *CaseService, letters *LetterStore) *EmployerService {
	return &EmployerService{db: db, cases: cases, letters: letters}
}

// errEmployerNotFound answers for an employer that is not on the register.
var errEmployerNotFound = fitness.Errorf(fitness.ENotFound, "Employer not found")

// EmployerProfile returns the employer with id, where letters to it are
// served, and its staff, current first.
func (s *EmployerService) EmployerProfile(ctx context.Context, id string) (fitness.EmployerProfile, error) {
	var p fitness.EmployerProfile
	e := &p.Employer
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id, name, kind, town FROM employers WHERE id = $1`, id).
		Scan(&e.ID, &e.Name, &e.Kind, &e.Town)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errEmployerNotFound
	} else if err != nil {
		return p, fmt.Errorf("load employer %s: %w", id, err)
	}
	if p.Address, err = serviceAddress(ctx, s.db.Reader(), "employer", id); err != nil {
		return p, fmt.Errorf("load service address of employer %s: %w", id, err)
	}
	p.Staff, err = s.staff(ctx, id)
	return p, err
}

// staff returns the employments at an employer with their registrants:
// current ones first, then by start date, latest first.
func (s *EmployerService) staff(ctx context.Context, id string) ([]fitness.EmployerStaff, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT m.id, m.registrant_id, m.role, m.start_date,
		COALESCE(m.end_date, ''), r.number, r.given_names, r.family_name, r.status
		FROM employments m JOIN registrants r ON r.id = m.registrant_id
		WHERE m.employer_id = $1
		ORDER BY CASE WHEN m.end_date IS NULL THEN 0 ELSE 1 END, m.start_date DESC, r.family_name, m.id`, id)
	if err != nil {
		return nil, fmt.Errorf("staff of employer %s: %w", id, err)
	}
	defer rows.Close()
	var out []fitness.EmployerStaff
	for rows.Next() {
		st := fitness.EmployerStaff{Employment: fitness.Employment{EmployerID: id}}
		var from, to, given, family, status string
		if err := rows.Scan(&st.ID, &st.RegistrantID, &st.Role, &from, &to, &st.RegistrantNumber, &given, &family,
			&status); err != nil {
			return nil, fmt.Errorf("staff of employer %s: %w", id, err)
		}
		st.RegistrantName = fitness.Registrant{GivenNames: given, FamilyName: family}.Name()
		st.Status = fitness.RegistrantStatus(status)
		if st.From, err = parseDate(from); err == nil && to != "" {
			st.To, err = parseDate(to)
		}
		if err != nil {
			return nil, fmt.Errorf("employment %s: %w", st.ID, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// CasesForEmployer lists the cases actor may see about someone who works
// or worked at the employer, or with an information request to it, in the
// order of every case list. Nothing when actor may not list cases.
func (s *EmployerService) CasesForEmployer(ctx context.Context, actor fitness.Actor, id string) ([]fitness.CaseSummary, error) {
	if d := decide(actor, fitness.PermCaseList, fitness.Resource{}); !d.Allow {
		return nil, nil
	}
	var w clauses
	accessClauses(&w, actor)
	w.add(`(EXISTS (SELECT 1 FROM employments m WHERE m.registrant_id = c.registrant_id AND m.employer_id = ?)
		OR EXISTS (SELECT 1 FROM information_requests q WHERE q.case_id = c.id AND q.employer_id = ?))`, id, id)
	return s.cases.summaries(ctx, w.sql()+s.db.summaryOrder(), w.args...)
}

// SetEmployerAddress sets where letters to the employer are served, for
// letters issued from now on.
func (s *EmployerService) SetEmployerAddress(ctx context.Context, actor fitness.Actor, id string, a fitness.ServiceAddress) error {
	if !decide(actor, fitness.PermInvestigate, fitness.Resource{Kind: "employer"}).Allow {
		return fitness.Errorf(fitness.EForbidden, "You cannot change where letters are sent")
	}
	a.Email, a.Postal = strings.TrimSpace(a.Email), strings.TrimSpace(strings.ReplaceAll(a.Postal, "\r\n", "\n"))
	if err := a.Validate(); err != nil {
		return err
	}
	var one int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT 1 FROM employers WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errEmployerNotFound
	} else if err != nil {
		return fmt.Errorf("find employer %s: %w", id, err)
	}
	return s.letters.upsertServiceAddresses(ctx, "employer", map[string]fitness.ServiceAddress{id: a}, actor.UserID)
}
