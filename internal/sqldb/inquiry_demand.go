package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// StartDemands validates the demand and starts the bulk step listing
// every person of the latest scope on the demand to each employer they are
// in scope through. EConflict before the first scope run.
func (s *InquiryService) StartDemands(ctx context.Context, actor fitness.Actor, inquiryID string, in fitness.DemandInput) (fitness.BulkStep, error) {
	in, err := in.Validate(s.rules, actor, s.now())
	if err != nil {
		return fitness.BulkStep{}, err
	}
	var step fitness.BulkStep
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		inq, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, "")
		if err != nil {
			return err
		}
		snap, err := latestSnapshot(ctx, tx, inq.ID, true)
		if errors.Is(err, errNoSnapshot) {
			return fitness.Errorf(fitness.EConflict, "Run the scope of the inquiry before sending demands")
		}
		if err != nil {
			return err
		}
		var ids []string
		for _, p := range fitness.GroupScope(snap.Entries) {
			ids = append(ids, p.RegistrantID)
		}
		if len(ids) == 0 {
			return fitness.Errorf(fitness.EConflict, "Nobody is in the scope of the inquiry, so there is no one to ask about")
		}
		step, err = s.startStep(ctx, tx, actor, inq, fitness.BulkDemands, bulkParams{Snapshot: snap.ID,
			Details: in.Details, Due: dateText(in.Due)}, ids)
		step.Demand = in
		return err
	})
	if err != nil {
		return fitness.BulkStep{}, fmt.Errorf("start demands: %w", err)
	}
	return step, nil
}

// demandItem lists one person on the step's demand to each employer they
// are in scope through in the step's snapshot, sending a demand with the
// first person of its employer. It returns the outcome in words.
func (s *InquiryService) demandItem(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, st stepRow, registrantID string) (string, error) {
	entries, err := scanEntries(ctx, tx, snapshotEntriesQuery+` AND s.registrant_id = $2`, st.params.Snapshot, registrantID)
	if err != nil {
		return "", fmt.Errorf("scope of %s: %w", registrantID, err)
	}
	if len(entries) == 0 {
		return "", errNotInScope
	}
	byEmployer := map[string][]fitness.ScopeEntry{}
	var order, names []string
	for _, e := range fitness.GroupScope(entries)[0].Employments {
		if _, ok := byEmployer[e.EmployerID]; !ok {
			order, names = append(order, e.EmployerID), append(names, e.EmployerName)
		}
		byEmployer[e.EmployerID] = append(byEmployer[e.EmployerID], e)
	}
	for _, id := range order {
		demandID, err := s.demandFor(ctx, tx, actor, inq, st, byEmployer[id][0])
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_demand_people (demand_id, registrant_id, roles)
			VALUES ($1, $2, $3)`, demandID, registrantID, rolesText(byEmployer[id])); err != nil {
			return "", fmt.Errorf("list %s on demand: %w", registrantID, err)
		}
	}
	return "Listed on the demand to " + strings.Join(names, " and "), nil
}

// rolesText lists employments as a demand shows them: role and dates.
func rolesText(es []fitness.ScopeEntry) string {
	parts := make([]string, len(es))
	for i, e := range es {
		to := "to date"
		if !e.To.IsZero() {
			to = "to " + e.To.Format("2 January 2006")
		}
		parts[i] = fmt.Sprintf("%s, %s %s", e.Role, e.From.Format("2 January 2006"), to)
	}
	return strings.Join(parts, "; ")
}

// demandFor returns the id of the step's demand to e's employer, sending
// it (with its event) when this is the first person of that employer.
func (s *InquiryService) demandFor(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, st stepRow, e fitness.ScopeEntry) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM inquiry_demands WHERE step_id = $1 AND employer_id = $2`,
		st.ID, e.EmployerID).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	id, now := newID(), dbTime(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_demands (id, inquiry_id, step_id, employer_id, details,
		sent_at, sent_by, sent_by_name, due_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open')`,
		id, inq.ID, st.ID, e.EmployerID, st.Demand.Details, now, actor.UserID, actor.Name,
		dateText(st.Demand.Due)); err != nil {
		return "", fmt.Errorf("insert demand: %w", err)
	}
	return id, s.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventDemandSent,
		Payload: map[string]string{"demand": id, "employer": e.EmployerName, "due": dateText(st.Demand.Due)}}, actor, now)
}

// demandColumns are the columns scanDemand reads.
const demandColumns = `d.id, d.inquiry_id, d.step_id, d.employer_id, em.name, d.details, d.sent_at, d.sent_by,
	d.sent_by_name, d.due_on, d.status, d.chased_at, d.escalated_at, d.closed_at`

// scanDemand reads one row of demandColumns.
func scanDemand(row interface{ Scan(...any) error }) (fitness.InquiryDemand, error) {
	var q fitness.InquiryDemand
	var due, status string
	var chased, escalated, closed sql.NullTime
	err := row.Scan(&q.ID, &q.InquiryID, &q.StepID, &q.EmployerID, &q.EmployerName, &q.Details, &q.SentAt, &q.SentBy,
		&q.SentByName, &due, &status, &chased, &escalated, &closed)
	if err != nil {
		return q, err
	}
	q.SentAt, q.Status = q.SentAt.UTC(), fitness.RequestStatus(status)
	q.ChasedAt, q.EscalatedAt, q.ClosedAt = timeOf(chased), timeOf(escalated), timeOf(closed)
	q.Due, err = parseDate(due)
	return q, err
}

// demands reads the inquiry's demands (only demandID, when given), oldest
// first, with the people each lists.
func (s *InquiryService) demands(ctx context.Context, q querier, inquiryID, demandID string) ([]fitness.InquiryDemand, error) {
	query := `SELECT ` + demandColumns + ` FROM inquiry_demands d JOIN employers em ON em.id = d.employer_id
		WHERE d.inquiry_id = $1 AND ($2 = '' OR d.id = $2) ORDER BY d.sent_at, em.name, d.id`
	rows, err := q.QueryContext(ctx, query, inquiryID, demandID)
	if err != nil {
		return nil, fmt.Errorf("demands of inquiry %s: %w", inquiryID, err)
	}
	var out []fitness.InquiryDemand
	index := map[string]int{}
	for rows.Next() {
		d, err := scanDemand(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[d.ID] = len(out)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, demandPeople(ctx, q, inquiryID, demandID, out, index)
}

// demandPeople fills in the people of the demands, by name.
func demandPeople(ctx context.Context, q querier, inquiryID, demandID string, out []fitness.InquiryDemand, index map[string]int) error {
	rows, err := q.QueryContext(ctx, `SELECT p.demand_id, p.registrant_id, r.number, r.given_names, r.family_name,
		p.roles, p.answer, p.received_on, p.answered_at, p.answered_by
		FROM inquiry_demand_people p JOIN inquiry_demands d ON d.id = p.demand_id
		JOIN registrants r ON r.id = p.registrant_id
		WHERE d.inquiry_id = $1 AND ($2 = '' OR d.id = $2) ORDER BY r.family_name, r.given_names, r.number`,
		inquiryID, demandID)
	if err != nil {
		return fmt.Errorf("people of demands: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, given, family, received string
		var p fitness.DemandPerson
		var answered sql.NullTime
		if err := rows.Scan(&id, &p.RegistrantID, &p.Number, &given, &family, &p.Roles, &p.Answer, &received,
			&answered, &p.AnsweredBy); err != nil {
			return err
		}
		p.Name, p.AnsweredAt = given+" "+family, timeOf(answered)
		if p.ReceivedOn, err = parseDate(received); err != nil {
			return err
		}
		out[index[id]].People = append(out[index[id]].People, p)
	}
	return rows.Err()
}

// Demands lists the inquiry's demands with the people each lists.
func (s *InquiryService) Demands(ctx context.Context, actor fitness.Actor, inquiryID string) ([]fitness.InquiryDemand, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.demands"); err != nil {
		return nil, err
	}
	return s.demands(ctx, s.db.Reader(), inquiryID, "")
}

// errDemandNotFound answers for a demand not of the inquiry.
var errDemandNotFound = fitness.Errorf(fitness.ENotFound, "Demand not found")

// findDemand reads one demand of the inquiry through q.
func (s *InquiryService) findDemand(ctx context.Context, q querier, inquiryID, demandID string) (fitness.InquiryDemand, error) {
	if demandID == "" {
		return fitness.InquiryDemand{}, errDemandNotFound
	}
	ds, err := s.demands(ctx, q, inquiryID, demandID)
	if err != nil {
		return fitness.InquiryDemand{}, err
	}
	if len(ds) == 0 {
		return fitness.InquiryDemand{}, errDemandNotFound
	}
	return ds[0], nil
}

// FindDemand returns one demand with the people it lists.
func (s *InquiryService) FindDemand(ctx context.Context, actor fitness.Actor, inquiryID, demandID string) (fitness.InquiryDemand, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.demand"); err != nil {
		return fitness.InquiryDemand{}, err
	}
	return s.findDemand(ctx, s.db.Reader(), inquiryID, demandID)
}

// RecordDemandAnswer records the employer's answer about one person on a
// demand; the demand is answered once everyone on it has an answer.
func (s *InquiryService) RecordDemandAnswer(ctx context.Context, actor fitness.Actor, inquiryID, demandID, registrantID string, in fitness.DemandAnswerInput) (fitness.InquiryDemand, error) {
	var out fitness.InquiryDemand
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, ""); err != nil {
			return err
		}
		q, err := s.findDemand(ctx, tx, inquiryID, demandID)
		if err != nil {
			return err
		}
		now := dbTime(s.now())
		if in, err = in.Validate(q.SentAt, now); err != nil {
			return err
		}
		if out, err = q.Answer(registrantID, in, actor, now); err != nil {
			return err
		}
		return s.storeAnswer(ctx, tx, actor, out, registrantID, now)
	})
	if err != nil {
		return fitness.InquiryDemand{}, fmt.Errorf("record answer: %w", err)
	}
	return out, nil
}

// storeAnswer writes the answer about registrantID and the demand's status.
func (s *InquiryService) storeAnswer(ctx context.Context, tx *sql.Tx, actor fitness.Actor, q fitness.InquiryDemand, registrantID string, now time.Time) error {
	for _, p := range q.People {
		if p.RegistrantID != registrantID {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inquiry_demand_people SET answer = $3, received_on = $4,
			answered_at = $5, answered_by = $6 WHERE demand_id = $1 AND registrant_id = $2`, q.ID, registrantID,
			p.Answer, dateText(p.ReceivedOn), now, actor.UserID); err != nil {
			return fmt.Errorf("store answer: %w", err)
		}
	}
	if err := updateDemand(ctx, tx, q); err != nil {
		return err
	}
	return s.appendEvent(ctx, tx, q.InquiryID, fitness.InquiryEvent{Type: fitness.EventDemandAnswered,
		RegistrantID: registrantID, Payload: map[string]string{"demand": q.ID, "employer": q.EmployerName,
			"status": string(q.Status)}}, actor, now)
}

// updateDemand stores the status and chasing of q.
func updateDemand(ctx context.Context, tx *sql.Tx, q fitness.InquiryDemand) error {
	_, err := tx.ExecContext(ctx, `UPDATE inquiry_demands SET status = $2, chased_at = $3, escalated_at = $4,
		closed_at = $5 WHERE id = $1`, q.ID, string(q.Status), nullTime(q.ChasedAt), nullTime(q.EscalatedAt),
		nullTime(q.ClosedAt))
	if err != nil {
		return fmt.Errorf("update demand %s: %w", q.ID, err)
	}
	return nil
}
