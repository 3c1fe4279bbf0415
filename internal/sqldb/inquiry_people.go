package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fitness/internal/fitness"
)

// screeningQuery reads the screenings of inquiry $1 with the stage of any
// case opened.
const screeningQuery = `SELECT s.registrant_id, s.outcome, s.reasons, COALESCE(s.other_body_id, ''),
	COALESCE(s.referral_id, ''), COALESCE(s.case_id, ''), COALESCE(c.reference, ''), COALESCE(c.stage, ''),
	c.closed_at, COALESCE(s.step_id, ''), s.decided_at, s.decided_by, s.decided_by_name
	FROM inquiry_screenings s LEFT JOIN cases c ON c.id = s.case_id
	WHERE s.inquiry_id = $1`

// screenedPerson is a screening with the state of the case it opened.
type screenedPerson struct {
	s      fitness.Screening
	stage  fitness.Stage
	closed bool
}

// screenings reads the screenings of an inquiry (and registrantID's only,
// when given), by registrant.
func screenings(ctx context.Context, q querier, inquiryID, registrantID string) (map[string]screenedPerson, error) {
	query, args := screeningQuery, []any{inquiryID}
	if registrantID != "" {
		query, args = query+` AND s.registrant_id = $2`, append(args, registrantID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("screenings of inquiry %s: %w", inquiryID, err)
	}
	defer rows.Close()
	out := map[string]screenedPerson{}
	for rows.Next() {
		var p screenedPerson
		var outcome, stage string
		var closed sql.NullTime
		if err := rows.Scan(&p.s.RegistrantID, &outcome, &p.s.Reasons, &p.s.OtherBodyID, &p.s.ReferralID,
			&p.s.CaseID, &p.s.CaseReference, &stage, &closed, &p.s.StepID, &p.s.DecidedAt, &p.s.DecidedBy,
			&p.s.DecidedByName); err != nil {
			return nil, err
		}
		p.s.InquiryID, p.s.Outcome, p.s.DecidedAt = inquiryID, fitness.ScreeningOutcome(outcome), p.s.DecidedAt.UTC()
		p.stage, p.closed = fitness.Stage(stage), closed.Valid
		out[p.s.RegistrantID] = p
	}
	return out, rows.Err()
}

// people returns the people of the latest snapshot with their screening,
// read through q; errNoSnapshot before the first run.
func people(ctx context.Context, q querier, inquiryID string) (fitness.ScopeSnapshot, []fitness.InquiryPerson, error) {
	snap, err := latestSnapshot(ctx, q, inquiryID, true)
	if err != nil {
		return snap, nil, err
	}
	screened, err := screenings(ctx, q, inquiryID, "")
	if err != nil {
		return snap, nil, err
	}
	grouped := fitness.GroupScope(snap.Entries)
	out := make([]fitness.InquiryPerson, len(grouped))
	for i, p := range grouped {
		sp := screened[p.RegistrantID]
		out[i] = fitness.InquiryPerson{ScopePerson: p, Screening: sp.s, CaseStage: sp.stage, CaseClosed: sp.closed}
	}
	return snap, out, nil
}

// People returns the people in the latest scope that pass f, by name. An
// inquiry not yet scoped has nobody in scope.
func (s *InquiryService) People(ctx context.Context, actor fitness.Actor, inquiryID string, f fitness.PersonFilter) ([]fitness.InquiryPerson, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.people"); err != nil {
		return nil, err
	}
	_, all, err := people(ctx, s.db.Reader(), inquiryID)
	if errors.Is(err, errNoSnapshot) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []fitness.InquiryPerson
	for _, p := range all {
		if p.Matches(f) {
			out = append(out, p)
		}
	}
	return out, nil
}

// errNotInScope is the answer for a person not in the latest scope.
var errNotInScope = fitness.Errorf(fitness.ENotFound, "This person is not in the scope of the inquiry")

// personInScope returns registrantID as a person of the latest snapshot
// of the inquiry, with their screening, read through q.
func personInScope(ctx context.Context, q querier, inquiryID, registrantID string) (fitness.InquiryPerson, error) {
	snap, err := latestSnapshot(ctx, q, inquiryID, false)
	if errors.Is(err, errNoSnapshot) {
		return fitness.InquiryPerson{}, errNotInScope
	}
	if err != nil {
		return fitness.InquiryPerson{}, err
	}
	entries, err := scanEntries(ctx, q, snapshotEntriesQuery+` AND s.registrant_id = $2`, snap.ID, registrantID)
	if err != nil {
		return fitness.InquiryPerson{}, fmt.Errorf("person %s in inquiry %s: %w", registrantID, inquiryID, err)
	}
	if len(entries) == 0 {
		return fitness.InquiryPerson{}, errNotInScope
	}
	screened, err := screenings(ctx, q, inquiryID, registrantID)
	if err != nil {
		return fitness.InquiryPerson{}, err
	}
	sp := screened[registrantID]
	return fitness.InquiryPerson{ScopePerson: fitness.GroupScope(entries)[0], Screening: sp.s, CaseStage: sp.stage,
		CaseClosed: sp.closed}, nil
}

// Person returns one person in the latest scope and records the read.
func (s *InquiryService) Person(ctx context.Context, actor fitness.Actor, inquiryID, registrantID string) (fitness.InquiryPerson, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.person"); err != nil {
		return fitness.InquiryPerson{}, err
	}
	p, err := personInScope(ctx, s.db.Reader(), inquiryID, registrantID)
	if err != nil {
		return p, err
	}
	p.Listings, err = listings(ctx, s.db.Reader(), inquiryID, registrantID)
	return p, err
}

// listings reads the demands of an inquiry listing a person, oldest
// first, with the employer's answers.
func listings(ctx context.Context, q querier, inquiryID, registrantID string) ([]fitness.DemandListing, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, em.name, d.due_on, p.roles, p.answer, p.received_on,
		p.answered_at, p.answered_by FROM inquiry_demand_people p JOIN inquiry_demands d ON d.id = p.demand_id
		JOIN employers em ON em.id = d.employer_id WHERE d.inquiry_id = $1 AND p.registrant_id = $2
		ORDER BY d.sent_at, em.name, d.id`, inquiryID, registrantID)
	if err != nil {
		return nil, fmt.Errorf("demands listing %s: %w", registrantID, err)
	}
	defer rows.Close()
	var out []fitness.DemandListing
	for rows.Next() {
		l := fitness.DemandListing{DemandPerson: fitness.DemandPerson{RegistrantID: registrantID}}
		var due, received string
		var answered sql.NullTime
		if err := rows.Scan(&l.DemandID, &l.EmployerName, &due, &l.Roles, &l.Answer, &received, &answered,
			&l.AnsweredBy); err != nil {
			return nil, err
		}
		l.AnsweredAt = timeOf(answered)
		if l.Due, err = parseDate(due); err != nil {
			return nil, err
		}
		if l.ReceivedOn, err = parseDate(received); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Dashboard returns the inquiry's progress, counted from the latest scope,
// the screenings and the demands.
func (s *InquiryService) Dashboard(ctx context.Context, actor fitness.Actor, inquiryID string) (fitness.InquiryDashboard, error) {
	inq, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.dashboard")
	if err != nil {
		return fitness.InquiryDashboard{}, err
	}
	snap, all, err := people(ctx, s.db.Reader(), inquiryID)
	if err != nil && !errors.Is(err, errNoSnapshot) {
		return fitness.InquiryDashboard{}, err
	}
	demands, err := s.demands(ctx, s.db.Reader(), inquiryID, "")
	if err != nil {
		return fitness.InquiryDashboard{}, err
	}
	return fitness.BuildDashboard(inq, snap, all, demands, s.now()), nil
}
