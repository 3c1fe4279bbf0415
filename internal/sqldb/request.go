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

var _ fitness.RequestService = (*RequestService)(nil)

// investigation is what the request, document and allegation services
// share: the database, the rules, the clock, and the case service's
// loading and access checks.
type investigation struct {
	db    *DB
	rules fitness.Rules
	now   func() time.Time
	cases *CaseService
}

func newInvestigation(db *DB, r fitness.Rules, now func() time.Time) investigation {
	return investigation{db: db, rules: r, now: now, cases: &CaseService{db: db, rules: r, now: now}}
}

// viewCase loads the case named by idOrRef for actor to read, recording the
// read as action. ENotFound when it does not exist or actor may not see it.
func (s investigation) viewCase(ctx context.Context, actor fitness.Actor, idOrRef, action string) (fitness.Case, error) {
	c, err := s.cases.loadCase(ctx, s.db.Reader(), idOrRef)
	if err != nil {
		return c, err
	}
	return c, s.cases.mayView(ctx, actor, c, action)
}

// writeCase locks and loads the case named by idOrRef in tx for actor to
// change: ENotFound when actor may not see it, EForbidden when they may
// not investigate it, EConflict when it is closed.
func (s investigation) writeCase(ctx context.Context, tx *sql.Tx, actor fitness.Actor, idOrRef string) (fitness.Case, error) {
	c, err := s.cases.lockedCase(ctx, tx, idOrRef)
	if err != nil {
		return c, err
	}
	res, err := caseResource(ctx, tx, c)
	if err != nil {
		return c, err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return c, errCaseNotFound
	}
	if !decide(actor, fitness.PermInvestigate, res).Allow {
		return c, fitness.Errorf(fitness.EForbidden, "You cannot change the investigation of this case")
	}
	if !c.Open() {
		return c, fitness.Errorf(fitness.EConflict, "This case is closed, so it cannot be changed")
	}
	return c, nil
}

// RequestService stores information requests and their responses. It
// implements [fitness.RequestService].
type RequestService struct {
	investigation
}

// NewRequestService returns a request service on db with rules r; now is
// the clock.
func NewRequestService(db *DB, r fitness.Rules, now func() time.Time) *RequestService {
	return &RequestService{newInvestigation(db, r, now)}
}

// requestColumns are the columns scanned by scanRequest, in order.
const requestColumns = `id, case_id, kind, recipient_name, recipient_email, recipient_organisation,
	employer_id, details, sent_at, sent_by, sent_by_name, due_on, status, chased_at, escalated_at, closed_at`

// scanRequest reads one row of requestColumns.
func scanRequest(row interface{ Scan(...any) error }) (fitness.InformationRequest, error) {
	var q fitness.InformationRequest
	var kind, status, due string
	var employer sql.NullString
	var chased, escalated, closed sql.NullTime
	err := row.Scan(&q.ID, &q.CaseID, &kind, &q.Recipient.Name, &q.Recipient.Email, &q.Recipient.Organisation,
		&employer, &q.Details, &q.SentAt, &q.SentBy, &q.SentByName, &due, &status, &chased, &escalated, &closed)
	if err != nil {
		return q, err
	}
	q.Kind, q.Status, q.Recipient.EmployerID = fitness.RequestKind(kind), fitness.RequestStatus(status), employer.String
	q.SentAt, q.ChasedAt, q.EscalatedAt, q.ClosedAt = q.SentAt.UTC(), timeOf(chased), timeOf(escalated), timeOf(closed)
	if q.Due, err = parseDate(due); err != nil {
		return q, fmt.Errorf("request %s: due_on: %w", q.ID, err)
	}
	return q, nil
}

// errRequestNotFound answers for a request that is not on the case.
var errRequestNotFound = fitness.Errorf(fitness.ENotFound, "Information request not found")

// loadRequest loads a request of the case caseID.
func loadRequest(ctx context.Context, q querier, caseID, requestID string) (fitness.InformationRequest, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM information_requests
		WHERE id = $1 AND case_id = $2`, requestID, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errRequestNotFound
	} else if err != nil {
		return r, fmt.Errorf("load request %s: %w", requestID, err)
	}
	return r, nil
}

// SendRequest validates and records a request on the case, with its event.
func (s *RequestService) SendRequest(ctx context.Context, actor fitness.Actor, caseID string, in fitness.RequestInput) (fitness.InformationRequest, error) {
	var out fitness.InformationRequest
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writeCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		now := dbTime(s.now())
		q, err := fitness.NewInformationRequest(c.ID, in, s.rules, actor, s.now())
		if err == nil {
			err = employerOnRegister(ctx, tx, in.EmployerID)
		}
		if err != nil {
			return err
		}
		q.ID, q.SentAt = newID(), now
		if err := insertRequest(ctx, tx, q); err != nil {
			return err
		}
		if _, err := appendEvents(ctx, tx, c, q.SentEvent(actor, now)); err != nil {
			return err
		}
		out = q
		return nil
	})
	if err != nil {
		return fitness.InformationRequest{}, fmt.Errorf("send request on case %s: %w", caseID, err)
	}
	return out, nil
}

// insertRequest stores a new request.
func insertRequest(ctx context.Context, tx *sql.Tx, q fitness.InformationRequest) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO information_requests (`+requestColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		q.ID, q.CaseID, string(q.Kind), q.Recipient.Name, q.Recipient.Email, q.Recipient.Organisation,
		nullString(q.Recipient.EmployerID), q.Details, q.SentAt, q.SentBy, q.SentByName, dateText(q.Due),
		string(q.Status), nullTime(q.ChasedAt), nullTime(q.EscalatedAt), nullTime(q.ClosedAt))
	if err != nil {
		return fmt.Errorf("insert request: %w", err)
	}
	return nil
}

// employerOnRegister refuses an employer id that is not on the register.
func employerOnRegister(ctx context.Context, tx *sql.Tx, id string) error {
	if id == "" {
		return nil
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM employers WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return (fitness.FieldErrors{"employer_id": "Select an employer from the list"}).Err()
	}
	if err != nil {
		return fmt.Errorf("check employer %s: %w", id, err)
	}
	return nil
}

// updateRequest writes the changing columns of q.
func updateRequest(ctx context.Context, tx *sql.Tx, q fitness.InformationRequest) error {
	_, err := tx.ExecContext(ctx, `UPDATE information_requests SET status = $1, chased_at = $2,
		escalated_at = $3, closed_at = $4 WHERE id = $5`,
		string(q.Status), nullTime(q.ChasedAt), nullTime(q.EscalatedAt), nullTime(q.ClosedAt), q.ID)
	if err != nil {
		return fmt.Errorf("update request %s: %w", q.ID, err)
	}
	return nil
}

// CaseRequests lists the requests of a case, newest first, and records the
// read.
func (s *RequestService) CaseRequests(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.InformationRequest, error) {
	c, err := s.viewCase(ctx, actor, caseID, "case.requests")
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+requestColumns+` FROM information_requests
		WHERE case_id = $1 ORDER BY sent_at DESC, id DESC`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("list requests of case %s: %w", c.ID, err)
	}
	defer rows.Close()
	var out []fitness.InformationRequest
	for rows.Next() {
		q, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("list requests of case %s: %w", c.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// FindRequest returns one request of a case and records the read.
func (s *RequestService) FindRequest(ctx context.Context, actor fitness.Actor, caseID, requestID string) (fitness.InformationRequest, error) {
	c, err := s.viewCase(ctx, actor, caseID, "case.request")
	if err != nil {
		return fitness.InformationRequest{}, err
	}
	return loadRequest(ctx, s.db.Reader(), c.ID, requestID)
}

// WithdrawRequest withdraws an open request, with its event.
func (s *RequestService) WithdrawRequest(ctx context.Context, actor fitness.Actor, caseID, requestID, reason string) (fitness.InformationRequest, error) {
	var out fitness.InformationRequest
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writeCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		q, err := loadRequest(ctx, tx, c.ID, requestID)
		if err != nil {
			return err
		}
		now := dbTime(s.now())
		next, why, err := q.Withdraw(reason, now)
		if err != nil {
			return err
		}
		if err := updateRequest(ctx, tx, next); err != nil {
			return err
		}
		_, err = appendEvents(ctx, tx, c, next.WithdrawnEvent(why, actor, now))
		out = next
		return err
	})
	if err != nil {
		return fitness.InformationRequest{}, fmt.Errorf("withdraw request %s: %w", requestID, err)
	}
	return out, nil
}

// invitationEffects keeps the registrant's invitation to respond in step
// with the action whose event ev moved the case to c, in the action's
// transaction (see [fitness.InvitationStep]): serving an allegation
// closes any invitation still open and sends a new one, due with the
// process deadline; recording the response answers it; and the passing of
// the time to respond closes it as "no response received". The action's
// event is the only event: nothing is recorded twice.
func (s *CaseService) invitationEffects(ctx context.Context, tx *sql.Tx, c fitness.Case, ev fitness.Event) error {
	def, ok := s.process.Action(fitness.ActionName(ev.Type))
	if !ok {
		return nil
	}
	step := fitness.InvitationStepOf(def)
	if step == fitness.InvitationUnchanged {
		return nil
	}
	open, err := openInvitations(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	for _, q := range open {
		next, changed := q.CloseByProcess(step, ev.At)
		if !changed {
			continue
		}
		if err := updateRequest(ctx, tx, next); err != nil {
			return err
		}
		if step == fitness.InvitationAnswered {
			if err := answerOnCase(ctx, tx, next, ev); err != nil {
				return err
			}
		}
	}
	if step != fitness.InvitationSend {
		return nil
	}
	return sendInvitation(ctx, tx, c, ev)
}

// openInvitations returns the open invitations to the registrant on a case.
func openInvitations(ctx context.Context, tx *sql.Tx, caseID string) ([]fitness.InformationRequest, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+requestColumns+` FROM information_requests
		WHERE case_id = $1 AND kind = $2 AND status = $3 ORDER BY sent_at, id`,
		caseID, string(fitness.RequestRegistrantInvitation), string(fitness.RequestOpen))
	if err != nil {
		return nil, fmt.Errorf("open invitations of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []fitness.InformationRequest
	for rows.Next() {
		q, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("open invitations of case %s: %w", caseID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// sendInvitation stores the invitation to the registrant that serving the
// allegation of c (event ev) sends, addressed like the allegation letter.
func sendInvitation(ctx context.Context, tx *sql.Tx, c fitness.Case, ev fitness.Event) error {
	to, ok, err := recipientOf(ctx, tx, c, ev, fitness.RecipientRegistrant)
	if err != nil || !ok {
		return err
	}
	actor := fitness.Actor{UserID: ev.ActorID, Name: ev.ActorName}
	q, ok := fitness.NewInvitation(c, fitness.Recipient{Name: to.RecipientName, Email: to.RecipientEmail}, actor, ev.At)
	if !ok {
		return nil
	}
	q.ID = newID()
	return insertRequest(ctx, tx, q)
}

// answerOnCase records, as the response to invitation q, the registrant's
// response recorded on the case by the action of event ev.
func answerOnCase(ctx context.Context, tx *sql.Tx, q fitness.InformationRequest, ev fitness.Event) error {
	received, err := time.Parse(time.DateOnly, ev.Payload["received_on"])
	if err != nil {
		received = ev.At
	}
	summary := strings.TrimSpace(ev.Payload["note"])
	if summary == "" {
		summary = "Recorded on the case as the registrant's response to the allegation."
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO responses (id, request_id, case_id, received_on, summary,
		recorded_at, recorded_by, recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		newID(), q.ID, q.CaseID, dateText(received), summary, ev.At, ev.ActorID, ev.ActorName)
	if err != nil {
		return fmt.Errorf("record response to invitation %s: %w", q.ID, err)
	}
	return nil
}
