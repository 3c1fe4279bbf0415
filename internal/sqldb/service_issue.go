package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

// LetterStore keeps the letters actions issue and their proof of service.
// The jobs claim pending requests, gather their facts, and issue each in
// one transaction (the stored PDF and HTML, the outbox email, the case
// event); staff list the letters of a case and record postings. It
// implements [fitness.LetterService].
type LetterStore struct {
	db    *DB
	cases *CaseService
	now   func() time.Time
}

var _ fitness.LetterService = (*LetterStore)(nil)

// NewLetterStore returns the letters on db, read with the case service's
// process and rules; now is the clock of claims, attempts and records.
func NewLetterStore(db *DB, cases *CaseService, now func() time.Time) *LetterStore {
	return &LetterStore{db: db, cases: cases, now: now}
}

// ClaimLetters claims up to limit pending requests that are due, oldest
// first, for lease: no other worker claims them until the lease ends, so a
// worker that dies mid-render leaves them to be tried again then. Attempts
// is the number of attempts already made.
func (s *LetterStore) ClaimLetters(ctx context.Context, limit int, lease time.Duration) ([]fitness.DocumentRequest, error) {
	if limit <= 0 || lease <= 0 {
		return nil, errors.New("claim letters: limit and lease must be more than zero")
	}
	now := dbTime(s.now())
	var out []fitness.DocumentRequest
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE document_requests SET next_attempt_at = $1
			WHERE id IN (SELECT id FROM document_requests WHERE status = 'pending' AND next_attempt_at <= $2
				ORDER BY next_attempt_at, id LIMIT $3`+s.db.skipLocked()+`)
			RETURNING id`, now.Add(lease), now, limit)
		if err != nil {
			return err
		}
		ids, err := scanLetterIDs(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			r, err := loadLetter(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim letters: %w", err)
	}
	return out, nil
}

// scanLetterIDs reads and closes rows of one text column.
func scanLetterIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// IssueLetter stores letter l made for request r and serves it, in one
// transaction: the PDF as a case document and the HTML, both by SHA-256;
// the issued_documents row; the request's new status; and, for a letter
// served by email, the outbox message with the PDF attached, its service
// record and the case event "… sent to … by email". A letter served by
// post waits for staff to record the posting. EConflict when the request
// is no longer pending at r.Attempts (another worker issued it).
func (s *LetterStore) IssueLetter(ctx context.Context, r fitness.DocumentRequest, l fitness.IssuedLetter) (fitness.DocumentRequest, error) {
	now := dbTime(s.now())
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE document_requests SET status = 'issued', attempts = $1, last_error = ''
			WHERE id = $2 AND status = 'pending' AND attempts = $3`, r.Attempts+1, r.ID, r.Attempts)
		if err := oneRow(res, err, "This letter has already been issued"); err != nil {
			return err
		}
		if err := storeIssued(ctx, tx, r, l, now); err != nil {
			return err
		}
		if r.Channel != fitness.ChannelEmail {
			return nil
		}
		return s.serveByEmail(ctx, tx, r, l, now)
	})
	if err != nil {
		return fitness.DocumentRequest{}, fmt.Errorf("issue %s to %s on case %s: %w", r.Document, r.RecipientRole, r.CaseID, err)
	}
	return s.Letter(ctx, r.ID)
}

// oneRow turns the result of a guarded update into an error: the update's
// own, or EConflict with msg when it changed no row.
func oneRow(res sql.Result, err error, msg string) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fitness.Errorf(fitness.EConflict, "%s", msg)
	}
	return nil
}

// storeIssued stores the PDF (as a case document) and the HTML of a letter
// and the immutable record tying them to the request.
func storeIssued(ctx context.Context, tx *sql.Tx, r fitness.DocumentRequest, l fitness.IssuedLetter, now time.Time) error {
	pdf, err := insertDocument(ctx, tx, r.CaseID, fitness.CheckedUpload{
		Upload:      fitness.Upload{Filename: l.Filename, Content: l.PDF, Classification: fitness.ClassOfficial},
		ContentType: fitness.TypePDF,
	}, fitness.SystemActor, now)
	if err != nil {
		return err
	}
	html := sha256Hex(l.HTML)
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_blobs (sha256, size, content) VALUES ($1, $2, $3)
		ON CONFLICT (sha256) DO NOTHING`, html, len(l.HTML), l.HTML); err != nil {
		return fmt.Errorf("store letter html: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO issued_documents (request_id, case_id, document_id, sha256,
		html_sha256, engine, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.ID, r.CaseID, pdf.ID, pdf.SHA256, html, l.Engine, now)
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "This letter has already been issued")
	} else if err != nil {
		return fmt.Errorf("record issued letter: %w", err)
	}
	return nil
}

// serveByEmail queues the letter in the outbox, records the service and
// appends the case event, in tx.
func (s *LetterStore) serveByEmail(ctx context.Context, tx *sql.Tx, r fitness.DocumentRequest, l fitness.IssuedLetter, now time.Time) error {
	m := fitness.OutboxMessage{ID: newID(), CaseID: r.CaseID, Kind: r.Document, RecipientName: r.RecipientName,
		RecipientEmail: r.RecipientEmail, Subject: l.Subject, BodyText: l.BodyText, BodyHTML: string(l.HTML),
		CreatedAt: now, Attachments: []fitness.Attachment{{Filename: l.Filename, ContentType: fitness.TypePDF, Content: l.PDF}}}
	if err := EnqueueMailTx(ctx, tx, m); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO service_records (id, request_id, case_id, channel, outbox_message_id,
		recorded_at, recorded_by, recorded_by_name) VALUES ($1, $2, $3, 'email', $4, $5, $6, $7)`,
		newID(), r.ID, r.CaseID, m.ID, now, fitness.SystemActor.UserID, fitness.SystemActor.Name)
	if err != nil {
		return fmt.Errorf("record service by email: %w", err)
	}
	return s.appendServiceEvent(ctx, tx, r, fitness.SystemActor, now, fitness.EventDocumentSent,
		map[string]string{"channel": string(fitness.ChannelEmail), "outbox_message_id": m.ID})
}

// appendServiceEvent appends an event of type typ about request r to its
// case, locking the case row first so that the event takes the next
// version even when someone acts on the case at the same time.
func (s *LetterStore) appendServiceEvent(ctx context.Context, tx *sql.Tx, r fitness.DocumentRequest, actor fitness.Actor, now time.Time, typ string, extra map[string]string) error {
	c, err := s.cases.lockedCase(ctx, tx, r.CaseID)
	if err != nil {
		return err
	}
	payload := map[string]string{"document": r.Document, "recipient": string(r.RecipientRole), "request_id": r.ID}
	for k, v := range extra {
		payload[k] = v
	}
	var issued struct{ id, sum string }
	if err := tx.QueryRowContext(ctx, `SELECT document_id, sha256 FROM issued_documents WHERE request_id = $1`,
		r.ID).Scan(&issued.id, &issued.sum); err != nil {
		return fmt.Errorf("load issued letter %s: %w", r.ID, err)
	}
	payload["document_id"], payload["sha256"] = issued.id, issued.sum
	_, err = appendEvents(ctx, tx, c, fitness.Event{Type: typ, ActorID: actor.UserID, ActorName: actor.Name,
		OnBehalfOf: actor.OnBehalfOf, At: now, Payload: payload})
	return err
}

// MarkLetterFailed records that attempt (Attempts+1 of the claimed
// request) to make request id failed, with why in detail. It is tried
// again from retryAt; a zero retryAt gives up and marks it failed, for
// staff to see on the case. EConflict when that attempt is already
// recorded.
func (s *LetterStore) MarkLetterFailed(ctx context.Context, id string, attempt int, detail string, retryAt time.Time) error {
	if len(detail) > maxAttemptDetail {
		detail = detail[:maxAttemptDetail]
	}
	status, next := "pending", dbTime(retryAt)
	if retryAt.IsZero() {
		status, next = "failed", dbTime(s.now())
	}
	res, err := s.db.Writer().ExecContext(ctx, `UPDATE document_requests SET status = $1, attempts = $2,
		last_error = $3, next_attempt_at = $4 WHERE id = $5 AND status = 'pending' AND attempts = $6`,
		status, attempt, detail, next, id, attempt-1)
	if err := oneRow(res, err, "This attempt is already recorded"); err != nil {
		return fmt.Errorf("record failed attempt %d of letter %s: %w", attempt, id, err)
	}
	return nil
}

// Pending returns how many letters wait to be made.
func (s *LetterStore) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM document_requests WHERE status = 'pending'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pending letters: %w", err)
	}
	return n, nil
}

// sha256Hex returns the SHA-256 of b in lower-case hex.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
