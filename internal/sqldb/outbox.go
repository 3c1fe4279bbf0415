package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// maxAttemptDetail is the longest attempt detail kept, in bytes.
const maxAttemptDetail = 2000

// EnqueueMailTx writes m to the outbox inside tx, the transaction of the
// business change that causes it, so that the message exists exactly when
// the change does: if tx rolls back, nothing is ever sent. It fills in the
// ID (when empty), the attachments' SHA-256, status pending and, when zero,
// CreatedAt (the current time); the message is due at once. EInvalid with
// fields when m cannot be sent.
func EnqueueMailTx(ctx context.Context, tx *sql.Tx, m fitness.OutboxMessage) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.ID == "" {
		m.ID = newID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	created := dbTime(m.CreatedAt)
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox_messages (id, case_id, kind, recipient_name,
		recipient_email, subject, body_text, body_html, status, created_at, attempts, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, 0, $9)`,
		m.ID, nullString(m.CaseID), m.Kind, m.RecipientName, m.RecipientEmail, m.Subject, m.BodyText,
		m.BodyHTML, created)
	if err != nil {
		return fmt.Errorf("enqueue %s mail %s: %w", m.Kind, m.ID, err)
	}
	for i, a := range m.Attachments {
		sum := sha256.Sum256(a.Content)
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (message_id, seq, filename,
			content_type, content, sha256) VALUES ($1, $2, $3, $4, $5, $6)`,
			m.ID, i+1, a.Filename, a.ContentType, a.Content, hex.EncodeToString(sum[:]))
		if err != nil {
			return fmt.Errorf("enqueue attachment %s of mail %s: %w", a.Filename, m.ID, err)
		}
	}
	return nil
}

// OutboxStore delivers the outbox: workers claim due messages, send them and
// record each attempt with the message's new status in one transaction.
// Claims are safe with several workers: on PostgreSQL claimers skip rows
// another holds (FOR UPDATE SKIP LOCKED); on SQLite the single writer
// serialises them.
type OutboxStore struct {
	db  *DB
	now func() time.Time
}

// NewOutboxStore returns the outbox on db; now is the clock that decides
// what is due and stamps attempts.
func NewOutboxStore(db *DB, now func() time.Time) *OutboxStore {
	return &OutboxStore{db: db, now: now}
}

// Enqueue writes m to the outbox in a transaction of its own, for mail that
// goes with no other change, and returns it as stored.
func (s *OutboxStore) Enqueue(ctx context.Context, m fitness.OutboxMessage) (fitness.OutboxMessage, error) {
	if m.ID == "" {
		m.ID = newID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.now()
	}
	if err := s.db.InTx(ctx, func(tx *sql.Tx) error { return EnqueueMailTx(ctx, tx, m) }); err != nil {
		return fitness.OutboxMessage{}, err
	}
	return s.Message(ctx, m.ID)
}

// skipLocked is the claim's locking clause: on PostgreSQL it locks the rows
// chosen and skips those another worker holds; SQLite needs none.
func (db *DB) skipLocked() string {
	if db.Engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ClaimBatch claims up to limit pending messages that are due, oldest due
// first, for lease: no other worker claims them until the lease ends, so a
// worker that dies mid-send leaves its messages to be tried again then. It
// returns them with their attachments; Attempts is the number of attempts
// already recorded, so the caller's attempt is Attempts+1.
func (s *OutboxStore) ClaimBatch(ctx context.Context, limit int, lease time.Duration) ([]fitness.OutboxMessage, error) {
	if limit <= 0 || lease <= 0 {
		return nil, errors.New("claim outbox: limit and lease must be more than zero")
	}
	now := dbTime(s.now())
	var out []fitness.OutboxMessage
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox_messages SET next_attempt_at = $1
			WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= $2
				ORDER BY next_attempt_at, id LIMIT $3`+s.db.skipLocked()+`)
			RETURNING id`, now.Add(lease), now, limit)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for _, id := range ids {
			m, err := loadMessage(ctx, tx, id, true)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	sortByDue(out)
	return out, nil
}

// sortByDue orders claimed messages by creation, then id.
func sortByDue(ms []fitness.OutboxMessage) {
	slices.SortFunc(ms, func(a, b fitness.OutboxMessage) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// MarkSent records that attempt (Attempts+1 of the claimed message)
// delivered message id, with the server's answer in detail: the attempt row
// and the sent status are written in one transaction. EConflict when that
// attempt is already recorded or the message is no longer pending (another
// worker got there first after a lease ran out).
func (s *OutboxStore) MarkSent(ctx context.Context, id string, attempt int, detail string) error {
	now := dbTime(s.now())
	return s.record(ctx, id, attempt, fitness.AttemptSent, detail, func(tx *sql.Tx) (sql.Result, error) {
		return tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'sent', attempts = $1, sent_at = $2
			WHERE id = $3 AND status = 'pending' AND attempts = $4`, attempt, now, id, attempt-1)
	})
}

// MarkFailed records that attempt of message id failed, with why in
// detail. The message is tried again from retryAt; a zero retryAt gives up
// and marks it failed for good. EConflict as for [OutboxStore.MarkSent].
func (s *OutboxStore) MarkFailed(ctx context.Context, id string, attempt int, detail string, retryAt time.Time) error {
	return s.record(ctx, id, attempt, fitness.AttemptFailed, detail, func(tx *sql.Tx) (sql.Result, error) {
		if retryAt.IsZero() {
			return tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'failed', attempts = $1
				WHERE id = $2 AND status = 'pending' AND attempts = $3`, attempt, id, attempt-1)
		}
		return tx.ExecContext(ctx, `UPDATE outbox_messages SET attempts = $1, next_attempt_at = $2
			WHERE id = $3 AND status = 'pending' AND attempts = $4`, attempt, dbTime(retryAt), id, attempt-1)
	})
}

// record runs update, which must change the message from attempts-1 to
// attempt, and stores the attempt, in one transaction.
func (s *OutboxStore) record(ctx context.Context, id string, attempt int, outcome, detail string, update func(*sql.Tx) (sql.Result, error)) error {
	if len(detail) > maxAttemptDetail {
		detail = detail[:maxAttemptDetail]
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := update(tx)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fitness.Errorf(fitness.EConflict, "Delivery attempt %d of message %s is already recorded", attempt, id)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox_attempts (message_id, attempt, at, outcome, detail)
			VALUES ($1, $2, $3, $4, $5)`, id, attempt, dbTime(s.now()), outcome, detail)
		if isUniqueViolation(err) {
			return fitness.Errorf(fitness.EConflict, "Delivery attempt %d of message %s is already recorded", attempt, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("record attempt %d of mail %s: %w", attempt, id, err)
	}
	return nil
}

// Retry puts a failed message back in the queue, due now, keeping its
// attempts. EConflict unless it has failed; ENotFound when there is none.
func (s *OutboxStore) Retry(ctx context.Context, id string) error {
	res, err := s.db.Writer().ExecContext(ctx, `UPDATE outbox_messages SET status = 'pending',
		next_attempt_at = $1 WHERE id = $2 AND status = 'failed'`, dbTime(s.now()), id)
	if err != nil {
		return fmt.Errorf("retry mail %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("retry mail %s: %w", id, err)
	} else if n == 0 {
		if _, err := s.Message(ctx, id); err != nil {
			return err
		}
		return fitness.Errorf(fitness.EConflict, "Only a message that failed can be tried again")
	}
	return nil
}

// Pending returns how many messages wait to be sent.
func (s *OutboxStore) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending mail: %w", err)
	}
	return n, nil
}

// outboxColumns are the columns scanned by scanMessage, in order.
const outboxColumns = `id, case_id, kind, recipient_name, recipient_email, subject, body_text, body_html,
	status, created_at, sent_at, attempts, next_attempt_at`

func scanMessage(row interface{ Scan(...any) error }) (fitness.OutboxMessage, error) {
	var m fitness.OutboxMessage
	var caseID sql.NullString
	var status string
	var sent sql.NullTime
	err := row.Scan(&m.ID, &caseID, &m.Kind, &m.RecipientName, &m.RecipientEmail, &m.Subject, &m.BodyText,
		&m.BodyHTML, &status, &m.CreatedAt, &sent, &m.Attempts, &m.NextAttemptAt)
	m.CaseID, m.Status, m.SentAt = caseID.String, fitness.OutboxStatus(status), timeOf(sent)
	m.CreatedAt, m.NextAttemptAt = m.CreatedAt.UTC(), m.NextAttemptAt.UTC()
	return m, err
}

// loadMessage loads message id, with its attachments when withFiles.
func loadMessage(ctx context.Context, q querier, id string, withFiles bool) (fitness.OutboxMessage, error) {
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox_messages WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fitness.Errorf(fitness.ENotFound, "Message not found")
	} else if err != nil || !withFiles {
		return m, err
	}
	rows, err := q.QueryContext(ctx, `SELECT filename, content_type, content, sha256 FROM outbox_attachments
		WHERE message_id = $1 ORDER BY seq`, id)
	if err != nil {
		return m, fmt.Errorf("load attachments of mail %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a fitness.Attachment
		if err := rows.Scan(&a.Filename, &a.ContentType, &a.Content, &a.SHA256); err != nil {
			return m, fmt.Errorf("load attachments of mail %s: %w", id, err)
		}
		m.Attachments = append(m.Attachments, a)
	}
	return m, rows.Err()
}

// Message returns message id with its attachments; ENotFound when there is
// none.
func (s *OutboxStore) Message(ctx context.Context, id string) (fitness.OutboxMessage, error) {
	m, err := loadMessage(ctx, s.db.Reader(), id, true)
	if err != nil && fitness.ErrorCode(err) != fitness.ENotFound {
		return m, fmt.Errorf("load mail %s: %w", id, err)
	}
	return m, err
}

// Messages returns up to limit messages, newest first, without their
// attachments' content: those about case caseID, or all when caseID is "".
func (s *OutboxStore) Messages(ctx context.Context, caseID string, limit int) ([]fitness.OutboxMessage, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox_messages
		WHERE ($1 = '' OR case_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2`, caseID, limit)
	if err != nil {
		return nil, fmt.Errorf("list mail: %w", err)
	}
	defer rows.Close()
	var out []fitness.OutboxMessage
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("list mail: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Attempts returns the recorded delivery attempts of message id, in order.
func (s *OutboxStore) Attempts(ctx context.Context, id string) ([]fitness.OutboxAttempt, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT message_id, attempt, at, outcome, detail
		FROM outbox_attempts WHERE message_id = $1 ORDER BY attempt`, id)
	if err != nil {
		return nil, fmt.Errorf("list attempts of mail %s: %w", id, err)
	}
	defer rows.Close()
	var out []fitness.OutboxAttempt
	for rows.Next() {
		var a fitness.OutboxAttempt
		if err := rows.Scan(&a.MessageID, &a.Attempt, &a.At, &a.Outcome, &a.Detail); err != nil {
			return nil, fmt.Errorf("list attempts of mail %s: %w", id, err)
		}
		a.At = a.At.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}
