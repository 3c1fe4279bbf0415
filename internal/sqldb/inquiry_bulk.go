package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"fitness/internal/fitness"
)

// bulkParams is what a bulk step does for each person, as stored.
type bulkParams struct {
	Snapshot    string `json:"snapshot"` // the scope snapshot the people came from
	Outcome     string `json:"outcome,omitempty"`
	Reasons     string `json:"reasons,omitempty"`
	OtherBodyID string `json:"other_body_id,omitempty"`
	Details     string `json:"details,omitempty"`
	Due         string `json:"due,omitempty"`
}

// stepRow is a bulk step with what the runner needs to do its people.
type stepRow struct {
	fitness.BulkStep
	params bulkParams
}

// startStep stores a bulk step of kind for the people registrantIDs, in
// order, each pending, in tx.
func (s *InquiryService) startStep(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, kind fitness.BulkKind, p bulkParams, registrantIDs []string) (fitness.BulkStep, error) {
	now := dbTime(s.now())
	step := fitness.BulkStep{ID: newID(), InquiryID: inq.ID, Kind: kind, Status: fitness.BulkRunning,
		Total: len(registrantIDs), CreatedAt: now, CreatedBy: actor.UserID, CreatedByName: actor.Name}
	params, err := json.Marshal(p)
	if err != nil {
		return step, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO bulk_steps (id, inquiry_id, kind, params, status, total,
		created_at, created_by, created_by_name) VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8)`,
		step.ID, inq.ID, string(kind), string(params), step.Total, now, actor.UserID, actor.Name); err != nil {
		return step, fmt.Errorf("insert bulk step: %w", err)
	}
	err = insertBatched(ctx, s.db.Engine, tx, `bulk_step_items (step_id, registrant_id, seq, status)`,
		len(registrantIDs), func(i int, a []any) []any { return append(a, step.ID, registrantIDs[i], i+1, "pending") })
	if err != nil {
		return step, err
	}
	return step, s.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventBulkStarted,
		Payload: map[string]string{"step": step.ID, "kind": string(kind), "people": strconv.Itoa(step.Total)}}, actor, now)
}

// stepFields are the step's own columns, the first that scanStep reads.
const stepFields = `b.id, b.inquiry_id, b.kind, b.params, b.status, b.total, b.created_at, b.created_by,
	b.created_by_name, b.finished_at`

// stepColumns are the columns scanStep reads: the step's own and how
// many of its people are done and failed.
const stepColumns = stepFields + `,
	(SELECT COUNT(*) FROM bulk_step_items i WHERE i.step_id = b.id AND i.status = 'done'),
	(SELECT COUNT(*) FROM bulk_step_items i WHERE i.step_id = b.id AND i.status = 'failed')`

// stepRunColumns read a step for scanStep without counting its people
// (Done and Failed stay 0): the runner loads the step once per person,
// and counting there would make a step's run quadratic in its size.
const stepRunColumns = stepFields + `, 0, 0`

// scanStep reads one row of stepColumns.
func scanStep(row interface{ Scan(...any) error }) (stepRow, error) {
	var st stepRow
	var kind, params, status string
	var finished sql.NullTime
	err := row.Scan(&st.ID, &st.InquiryID, &kind, &params, &status, &st.Total, &st.CreatedAt, &st.CreatedBy,
		&st.CreatedByName, &finished, &st.Done, &st.Failed)
	if err != nil {
		return st, err
	}
	st.Kind, st.Status, st.CreatedAt, st.FinishedAt = fitness.BulkKind(kind), fitness.BulkStatus(status),
		st.CreatedAt.UTC(), timeOf(finished)
	if err := json.Unmarshal([]byte(params), &st.params); err != nil {
		return st, fmt.Errorf("bulk step %s: %w", st.ID, err)
	}
	p := st.params
	st.Screening = fitness.ScreeningInput{Outcome: fitness.ScreeningOutcome(p.Outcome), Reasons: p.Reasons,
		OtherBodyID: p.OtherBodyID}
	st.Demand.Details = p.Details
	st.Demand.Due, err = parseDate(p.Due)
	return st, err
}

// errStepNotFound answers for a bulk step not of the inquiry.
var errStepNotFound = fitness.Errorf(fitness.ENotFound, "Bulk step not found")

// loadStep reads bulk step id through q, as columns (stepColumns or
// stepRunColumns) read it.
func loadStep(ctx context.Context, q querier, columns, id string) (stepRow, error) {
	st, err := scanStep(q.QueryRowContext(ctx, `SELECT `+columns+` FROM bulk_steps b WHERE b.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, errStepNotFound
	}
	return st, err
}

// BulkSteps lists the inquiry's bulk steps, newest first.
func (s *InquiryService) BulkSteps(ctx context.Context, actor fitness.Actor, inquiryID string) ([]fitness.BulkStep, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, ""); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+stepColumns+` FROM bulk_steps b
		WHERE b.inquiry_id = $1 ORDER BY b.created_at DESC, b.id DESC`, inquiryID)
	if err != nil {
		return nil, fmt.Errorf("bulk steps of inquiry %s: %w", inquiryID, err)
	}
	defer rows.Close()
	var out []fitness.BulkStep
	for rows.Next() {
		st, err := scanStep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st.BulkStep)
	}
	return out, rows.Err()
}

// FindBulkStep returns one bulk step and its outcome per person, in the
// order the people are done.
func (s *InquiryService) FindBulkStep(ctx context.Context, actor fitness.Actor, inquiryID, stepID string) (fitness.BulkStep, []fitness.BulkItem, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, ""); err != nil {
		return fitness.BulkStep{}, nil, err
	}
	st, err := loadStep(ctx, s.db.Reader(), stepColumns, stepID)
	if err != nil || st.InquiryID != inquiryID {
		return fitness.BulkStep{}, nil, errors.Join(errStepNotFound, err)
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT i.registrant_id, r.number, r.given_names, r.family_name,
		i.status, i.outcome, i.done_at FROM bulk_step_items i JOIN registrants r ON r.id = i.registrant_id
		WHERE i.step_id = $1 ORDER BY i.seq`, stepID)
	if err != nil {
		return st.BulkStep, nil, fmt.Errorf("items of bulk step %s: %w", stepID, err)
	}
	defer rows.Close()
	var items []fitness.BulkItem
	for rows.Next() {
		it := fitness.BulkItem{StepID: stepID}
		var given, family, status string
		var done sql.NullTime
		if err := rows.Scan(&it.RegistrantID, &it.Number, &given, &family, &status, &it.Outcome, &done); err != nil {
			return st.BulkStep, nil, err
		}
		it.Name, it.Status, it.DoneAt = given+" "+family, fitness.BulkItemStatus(status), timeOf(done)
		items = append(items, it)
	}
	return st.BulkStep, items, rows.Err()
}

// PendingBulkSteps returns the ids of the bulk steps still running, oldest
// first: those to work on, including any a crash interrupted.
func (s *InquiryService) PendingBulkSteps(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, s.db.Reader(), `SELECT id FROM bulk_steps WHERE status = 'running'
		ORDER BY created_at, id`)
}

// RunBulkItem does the next pending person of bulk step stepID, and
// reports whether there may be more to do. The person's work and their
// item's status are written in one transaction, and the item is claimed by
// a conditional update first, so a person is never done twice, even by
// runners working on one step at once or after a crash. A person whose work
// is refused (already screened, not in scope, bad data) is marked failed
// with the reason; any other error leaves them pending for the next run.
// The step is marked done once nobody is pending.
func (s *InquiryService) RunBulkItem(ctx context.Context, stepID string) (bool, error) {
	st, err := loadStep(ctx, s.db.Reader(), stepRunColumns, stepID)
	if err != nil {
		return false, err
	}
	var next string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT registrant_id FROM bulk_step_items
		WHERE step_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1`, stepID).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return false, s.finishStep(ctx, st)
	}
	if err != nil {
		return false, fmt.Errorf("next person of bulk step %s: %w", stepID, err)
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error { return s.doItem(ctx, tx, st, next) })
	if errors.Is(err, errClaimed) {
		return true, nil
	}
	if err == nil && st.Kind == fitness.BulkLetters {
		s.kickLetters()
	}
	if fitness.ErrorCode(err) == fitness.EInternal || fitness.ErrorCode(err) == fitness.EUnauthorized {
		return false, fmt.Errorf("bulk step %s, person %s: %w", stepID, next, err)
	}
	if err != nil {
		err = s.db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := s.claimItem(ctx, tx, st.ID, next, fitness.BulkItemFailed, fitness.ErrorMessage(err))
			return err
		})
	}
	return true, err
}

// claimItem marks a pending item with status and outcome, and reports
// whether it was still pending (false: another runner did it first).
func (s *InquiryService) claimItem(ctx context.Context, tx *sql.Tx, stepID, registrantID string, status fitness.BulkItemStatus, outcome string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE bulk_step_items SET status = $3, outcome = $4, done_at = $5
		WHERE step_id = $1 AND registrant_id = $2 AND status = 'pending'`, stepID, registrantID, string(status),
		outcome, dbTime(s.now()))
	if err != nil {
		return false, fmt.Errorf("claim bulk item: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// errClaimed rolls back the work of a person another runner has done.
var errClaimed = errors.New("done by another runner")

// doItem claims the person and does the step's work for them in tx.
func (s *InquiryService) doItem(ctx context.Context, tx *sql.Tx, st stepRow, registrantID string) error {
	ok, err := s.claimItem(ctx, tx, st.ID, registrantID, fitness.BulkItemDone, "")
	if err != nil {
		return err
	}
	if !ok {
		return errClaimed
	}
	if err := s.lockInquiry(ctx, tx, st.InquiryID); err != nil {
		return err
	}
	actor, err := stepActor(ctx, tx, st.BulkStep)
	if err != nil {
		return err
	}
	inq, err := loadInquiry(ctx, tx, st.InquiryID)
	if err != nil {
		return err
	}
	if !decide(actor, fitness.PermInquiryManage, inq.Resource()).Allow {
		return fitness.Errorf(fitness.EForbidden, "%s may no longer make changes to this inquiry", actor.Name)
	}
	var outcome string
	switch st.Kind {
	case fitness.BulkScreening:
		outcome, err = s.screenItem(ctx, tx, actor, inq, st, registrantID)
	case fitness.BulkDemands:
		outcome, err = s.demandItem(ctx, tx, actor, inq, st, registrantID)
	case fitness.BulkLetters:
		outcome, err = s.letterItem(ctx, tx, actor, inq, st, registrantID)
	default:
		err = fmt.Errorf("bulk step %s: unknown kind %q", st.ID, st.Kind)
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE bulk_step_items SET outcome = $3 WHERE step_id = $1 AND registrant_id = $2`,
		st.ID, registrantID, outcome)
	return err
}

// stepActor returns the member of staff who started the step, with the
// roles they hold now: the step acts as them, so a person losing a role
// stops steps they started from doing more in their name.
func stepActor(ctx context.Context, q querier, st fitness.BulkStep) (fitness.Actor, error) {
	roles, err := queryStrings(ctx, q, `SELECT ur.role FROM user_roles ur JOIN users u ON u.id = ur.user_id
		WHERE ur.user_id = $1 AND u.active ORDER BY ur.role`, st.CreatedBy)
	if err != nil {
		return fitness.Actor{}, fmt.Errorf("roles of %s: %w", st.CreatedBy, err)
	}
	a := fitness.Actor{UserID: st.CreatedBy, Name: st.CreatedByName}
	for _, r := range roles {
		a.Roles = append(a.Roles, fitness.Role(r))
	}
	return a, nil
}

// finishStep marks the step done, once, with its event.
func (s *InquiryService) finishStep(ctx context.Context, st stepRow) error {
	now := dbTime(s.now())
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE bulk_steps SET status = 'done', finished_at = $2
			WHERE id = $1 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM bulk_step_items
				WHERE step_id = $1 AND status = 'pending')`, st.ID, now)
		if err != nil {
			return fmt.Errorf("finish bulk step %s: %w", st.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		done, err := loadStep(ctx, tx, stepColumns, st.ID)
		if err != nil {
			return err
		}
		mailed := 0
		if st.Kind == fitness.BulkDemands {
			if mailed, err = s.mailStepDemands(ctx, tx, st, now); err != nil {
				return err
			}
		}
		return s.appendEvent(ctx, tx, st.InquiryID, fitness.InquiryEvent{Type: fitness.EventBulkFinished,
			Payload: map[string]string{"step": st.ID, "kind": string(st.Kind), "done": strconv.Itoa(done.Done),
				"failed": strconv.Itoa(done.Failed), "emailed": strconv.Itoa(mailed)}}, fitness.SystemActor, now)
	})
}

// startPeopleStep starts a step of kind over the people registrantIDs
// names, who must be in the inquiry's latest scope snapshot; the step
// records that snapshot in p. See startStep and stepPeople.
func (s *InquiryService) startPeopleStep(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, kind fitness.BulkKind, p bulkParams, registrantIDs []string) (fitness.BulkStep, error) {
	snap, err := latestSnapshot(ctx, tx, inq.ID, true)
	if err != nil {
		return fitness.BulkStep{}, err
	}
	ids, err := stepPeople(snap, registrantIDs)
	if err != nil {
		return fitness.BulkStep{}, err
	}
	p.Snapshot = snap.ID
	return s.startStep(ctx, tx, actor, inq, kind, p, ids)
}

// stepPeople checks that every id names a person of snapshot snap and
// returns them in order without repeats; "registrants" field error
// otherwise.
func stepPeople(snap fitness.ScopeSnapshot, ids []string) ([]string, error) {
	in := map[string]bool{}
	for _, e := range snap.Entries {
		in[e.RegistrantID] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if !in[id] {
			return nil, (fitness.FieldErrors{"registrants": "Select people from the scope of the inquiry"}).Err()
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, (fitness.FieldErrors{"registrants": "Select at least one person"}).Err()
	}
	return out, nil
}
