package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// letterColumns are the columns scanned by scanLetter, in order: the
// request and, once issued, its stored PDF.
const letterColumns = `r.id, r.case_id, r.event_id, r.event_seq, r.document, r.recipient_role, r.recipient_name,
	r.recipient_email, r.recipient_address, r.channel, r.status, r.requested_at, r.attempts, r.last_error,
	COALESCE(i.document_id, ''), COALESCE(d.filename, ''), COALESCE(i.sha256, ''), COALESCE(i.html_sha256, ''),
	i.issued_at`

// letterFrom is the FROM clause of letterColumns.
const letterFrom = ` FROM document_requests r LEFT JOIN issued_documents i ON i.request_id = r.id
	LEFT JOIN documents d ON d.id = i.document_id`

var errLetterNotFound = fitness.Errorf(fitness.ENotFound, "Letter not found")

func scanLetter(row interface{ Scan(...any) error }) (fitness.DocumentRequest, error) {
	var r fitness.DocumentRequest
	var role, channel, status string
	var issued sql.NullTime
	err := row.Scan(&r.ID, &r.CaseID, &r.EventID, &r.EventSeq, &r.Document, &role, &r.RecipientName,
		&r.RecipientEmail, &r.RecipientAddress, &channel, &status, &r.RequestedAt, &r.Attempts, &r.LastError,
		&r.DocumentID, &r.Filename, &r.SHA256, &r.HTMLSHA256, &issued)
	r.RecipientRole, r.Channel, r.Status = fitness.RecipientRole(role), fitness.ServiceChannel(channel), fitness.DocumentStatus(status)
	r.RequestedAt, r.IssuedAt = r.RequestedAt.UTC(), timeOf(issued)
	return r, err
}

// loadLetter loads request id with its service records.
func loadLetter(ctx context.Context, q querier, id string) (fitness.DocumentRequest, error) {
	r, err := scanLetter(q.QueryRowContext(ctx, `SELECT `+letterColumns+letterFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errLetterNotFound
	} else if err != nil {
		return r, fmt.Errorf("load letter %s: %w", id, err)
	}
	rs, err := serviceRecords(ctx, q, `s.request_id = $1`, id)
	r.Service = rs[id]
	return r, err
}

// Letter returns request id with its proof of service; ENotFound when
// there is none. It checks no access: the jobs and tests use it.
func (s *LetterStore) Letter(ctx context.Context, id string) (fitness.DocumentRequest, error) {
	return loadLetter(ctx, s.db.Reader(), id)
}

// serviceRecords loads the service records matching where (on s) with
// arg, by request, oldest first, each email's delivery from the outbox.
func serviceRecords(ctx context.Context, q querier, where string, arg any) (map[string][]fitness.ServiceRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.request_id, s.channel, COALESCE(s.outbox_message_id, ''),
		s.posted_on, s.address, s.recorded_at, s.recorded_by, s.recorded_by_name, COALESCE(o.status, ''), o.sent_at
		FROM service_records s LEFT JOIN outbox_messages o ON o.id = s.outbox_message_id
		WHERE `+where+` ORDER BY s.recorded_at, s.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("load service records: %w", err)
	}
	defer rows.Close()
	out := map[string][]fitness.ServiceRecord{}
	for rows.Next() {
		var x fitness.ServiceRecord
		var channel, posted, status string
		var sent sql.NullTime
		if err := rows.Scan(&x.ID, &x.RequestID, &channel, &x.OutboxMessageID, &posted, &x.Address,
			&x.RecordedAt, &x.RecordedBy, &x.RecordedByName, &status, &sent); err != nil {
			return nil, fmt.Errorf("load service records: %w", err)
		}
		x.Channel, x.OutboxStatus, x.SentAt, x.RecordedAt = fitness.ServiceChannel(channel), fitness.OutboxStatus(status), timeOf(sent), x.RecordedAt.UTC()
		if x.PostedOn, err = parseDate(posted); err != nil {
			return nil, fmt.Errorf("service record %s: %w", x.ID, err)
		}
		out[x.RequestID] = append(out[x.RequestID], x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load service records: %w", err)
	}
	for _, rs := range out {
		for i := range rs {
			if rs[i].OutboxMessageID == "" {
				continue
			}
			if rs[i].Attempts, err = outboxAttempts(ctx, q, rs[i].OutboxMessageID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// outboxAttempts loads the delivery attempts of an outbox message.
func outboxAttempts(ctx context.Context, q querier, id string) ([]fitness.OutboxAttempt, error) {
	rows, err := q.QueryContext(ctx, `SELECT message_id, attempt, at, outcome, detail FROM outbox_attempts
		WHERE message_id = $1 ORDER BY attempt`, id)
	if err != nil {
		return nil, fmt.Errorf("load attempts of mail %s: %w", id, err)
	}
	defer rows.Close()
	var out []fitness.OutboxAttempt
	for rows.Next() {
		var a fitness.OutboxAttempt
		if err := rows.Scan(&a.MessageID, &a.Attempt, &a.At, &a.Outcome, &a.Detail); err != nil {
			return nil, fmt.Errorf("load attempts of mail %s: %w", id, err)
		}
		a.At = a.At.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// CaseLetters lists every letter of a case, oldest first, each with its
// proof of service, and records the read. ENotFound when the case does not
// exist or actor may not see it.
func (s *LetterStore) CaseLetters(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.DocumentRequest, error) {
	q := s.db.Reader()
	c, err := s.cases.loadCase(ctx, q, caseID)
	if err != nil {
		return nil, err
	}
	if err := s.cases.mayView(ctx, actor, c, "case.letters"); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+letterColumns+letterFrom+` WHERE r.case_id = $1
		ORDER BY r.event_seq, r.requested_at, r.id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("list letters of case %s: %w", c.Reference, err)
	}
	defer rows.Close()
	var out []fitness.DocumentRequest
	for rows.Next() {
		r, err := scanLetter(rows)
		if err != nil {
			return nil, fmt.Errorf("list letters of case %s: %w", c.Reference, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list letters of case %s: %w", c.Reference, err)
	}
	rs, err := serviceRecords(ctx, q, `s.case_id = $1`, c.ID)
	for i := range out {
		out[i].Service = rs[out[i].ID]
	}
	return out, err
}

// RecordPosting records that an issued letter of a case was posted, with
// the case event "… sent to … by post", in one transaction. The actor must
// be allowed to act on the case (EForbidden; ENotFound when they may not
// see it). EInvalid with fields "posted_on" and "address"; EConflict when
// the letter has not been issued yet.
func (s *LetterStore) RecordPosting(ctx context.Context, actor fitness.Actor, caseID, requestID string, in fitness.PostInput) (fitness.DocumentRequest, error) {
	now := dbTime(s.now())
	var r fitness.DocumentRequest
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.cases.lockedCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		res, err := caseResource(ctx, tx, c)
		if err != nil {
			return err
		}
		if !decide(actor, fitness.PermCaseView, res).Allow {
			return errCaseNotFound
		}
		if !decide(actor, fitness.PermCaseAct, res).Allow {
			return fitness.Errorf(fitness.EForbidden, "You cannot act on this case")
		}
		if r, err = loadLetter(ctx, tx, requestID); err != nil {
			return err
		} else if r.CaseID != c.ID {
			return errLetterNotFound
		}
		if r.Status != fitness.DocumentIssued {
			return fitness.Errorf(fitness.EConflict, "This letter has not been prepared yet, so it cannot have been posted")
		}
		if err := in.Validate(r.IssuedAt, s.cases.now()); err != nil {
			return err
		}
		address := strings.TrimSpace(in.Address)
		_, err = tx.ExecContext(ctx, `INSERT INTO service_records (id, request_id, case_id, channel, posted_on, address,
			recorded_at, recorded_by, recorded_by_name) VALUES ($1, $2, $3, 'post', $4, $5, $6, $7, $8)`,
			newID(), r.ID, c.ID, dateText(in.PostedOn), address, now, actor.UserID, actor.Name)
		if err != nil {
			return fmt.Errorf("record posting: %w", err)
		}
		return s.appendServiceEvent(ctx, tx, r, actor, now, fitness.EventDocumentPosted,
			map[string]string{"channel": string(fitness.ChannelPost), "posted_on": dateText(in.PostedOn)})
	})
	if err != nil {
		return fitness.DocumentRequest{}, err
	}
	return s.Letter(ctx, r.ID)
}
