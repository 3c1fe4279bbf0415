package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

// RecordResponse records a response to a request with its documents, in
// one transaction with the request's new status and the case event.
func (s *RequestService) RecordResponse(ctx context.Context, actor fitness.Actor, caseID, requestID string, in fitness.ResponseInput) (fitness.Response, error) {
	var out fitness.Response
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
		next, resp, uploads, err := q.RecordResponse(in, actor, now)
		if err != nil {
			return err
		}
		resp.ID = newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO responses (id, request_id, case_id, received_on, summary,
			recorded_at, recorded_by, recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			resp.ID, resp.RequestID, resp.CaseID, dateText(resp.ReceivedOn), resp.Summary, resp.RecordedAt,
			resp.RecordedBy, resp.RecordedByName); err != nil {
			return fmt.Errorf("insert response: %w", err)
		}
		for i, u := range uploads {
			d, err := insertDocument(ctx, tx, c.ID, u, actor, now)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO response_documents (response_id, document_id, seq)
				VALUES ($1, $2, $3)`, resp.ID, d.ID, i+1); err != nil {
				return fmt.Errorf("link document %s: %w", d.ID, err)
			}
			resp.Documents = append(resp.Documents, documentRef(d))
		}
		if err := updateRequest(ctx, tx, next); err != nil {
			return err
		}
		if answered, ok := q.AnswerOnCase(c); ok {
			// The registrant's response to the allegation: the time to
			// respond stops with this one event.
			if err := updateCase(ctx, tx, answered, c.Version); err != nil {
				return err
			}
		}
		_, err = appendEvents(ctx, tx, c, next.ResponseEvent(resp, actor, now))
		out = resp
		return err
	})
	if err != nil {
		return fitness.Response{}, fmt.Errorf("record response to request %s: %w", requestID, err)
	}
	return out, nil
}

// insertDocument stores an upload's content once per SHA-256 (contents are
// never changed) and its document row.
func insertDocument(ctx context.Context, tx *sql.Tx, caseID string, u fitness.CheckedUpload, actor fitness.Actor, now time.Time) (fitness.Document, error) {
	sum := sha256.Sum256(u.Content)
	d := fitness.Document{ID: newID(), CaseID: caseID, Filename: u.Filename, ContentType: u.ContentType,
		Size: int64(len(u.Content)), SHA256: hex.EncodeToString(sum[:]), Classification: u.Classification,
		UploadedAt: now, UploadedBy: actor.UserID}
	if _, err := tx.ExecContext(ctx, `INSERT INTO document_blobs (sha256, size, content) VALUES ($1, $2, $3)
		ON CONFLICT (sha256) DO NOTHING`, d.SHA256, d.Size, u.Content); err != nil {
		return d, fmt.Errorf("store document content: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO documents (`+documentColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ID, d.CaseID, d.Filename, d.ContentType, d.Size,
		d.SHA256, string(d.Classification), d.UploadedAt, d.UploadedBy); err != nil {
		return d, fmt.Errorf("insert document: %w", err)
	}
	return d, nil
}

// RequestResponses lists the responses to a request, oldest first, each
// with the documents actor may see, and records the read.
func (s *RequestService) RequestResponses(ctx context.Context, actor fitness.Actor, caseID, requestID string) ([]fitness.Response, error) {
	c, err := s.viewCase(ctx, actor, caseID, "case.responses")
	if err != nil {
		return nil, err
	}
	if _, err := loadRequest(ctx, s.db.Reader(), c.ID, requestID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, request_id, case_id, received_on, summary,
		recorded_at, recorded_by, recorded_by_name FROM responses WHERE request_id = $1
		ORDER BY recorded_at, id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("list responses to %s: %w", requestID, err)
	}
	var out []fitness.Response
	for rows.Next() {
		var r fitness.Response
		var received string
		if err := rows.Scan(&r.ID, &r.RequestID, &r.CaseID, &received, &r.Summary, &r.RecordedAt,
			&r.RecordedBy, &r.RecordedByName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list responses to %s: %w", requestID, err)
		}
		r.RecordedAt = r.RecordedAt.UTC()
		r.ReceivedOn, _ = parseDate(received)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list responses to %s: %w", requestID, err)
	}
	res, err := caseResource(ctx, s.db.Reader(), c)
	if err != nil {
		return nil, err
	}
	sensitive := decide(actor, fitness.PermSensitiveView, res).Allow
	for i := range out {
		docs, err := listDocuments(ctx, s.db.Reader(), `JOIN response_documents rd ON rd.document_id = d.id
			WHERE rd.response_id = $1 AND (d.classification <> 'official_sensitive' OR $2) ORDER BY rd.seq`,
			out[i].ID, sensitive)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			out[i].Documents = append(out[i].Documents, documentRef(d))
		}
	}
	return out, nil
}

// MarkOverdue takes the steps due at now on every open request of an open
// case: "no response received" (a neutral fact) for optional requests past
// their due date; chasing, then escalating, late art 25 demands. Each step
// is one transaction with its case event, taken by the system. It is
// idempotent: a step taken changes the request so it is not due again.
func (s *RequestService) MarkOverdue(ctx context.Context, now time.Time) (fitness.SweepReport, error) {
	var rep fitness.SweepReport
	after := ""
	for {
		ids, err := s.overdueIDs(ctx, now, after, 100)
		if err != nil {
			return rep, err
		}
		for _, id := range ids {
			step, err := s.sweepOne(ctx, id, now)
			if err != nil {
				return rep, err
			}
			switch step {
			case fitness.EventRequestNoResponse:
				rep.NoResponse++
			case fitness.EventRequestChased:
				rep.Chased++
			case fitness.EventRequestEscalated:
				rep.Escalated++
			}
		}
		if len(ids) < 100 || ctx.Err() != nil {
			return rep, ctx.Err()
		}
		after = ids[len(ids)-1]
	}
}

// overdueIDs pages through open requests of open cases due before
// tomorrow (a superset: the domain decides) that may have a step to take.
func (s *RequestService) overdueIDs(ctx context.Context, now time.Time, after string, limit int) ([]string, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT q.id FROM information_requests q
		JOIN cases c ON c.id = q.case_id
		WHERE q.status = 'open' AND q.due_on < $1 AND q.id > $2 AND c.closed_at IS NULL
		AND (q.kind IN ('registrant_invitation', 'complainant_comment')
			OR (q.kind = 'art25_demand' AND q.escalated_at IS NULL))
		ORDER BY q.id LIMIT $3`, dateText(now.UTC().AddDate(0, 0, 1)), after, limit)
	if err != nil {
		return nil, fmt.Errorf("find overdue requests: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find overdue requests: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// sweepOne takes the step due on one request, if any, with its event, and
// returns the event's type ("" when nothing was due).
func (s *RequestService) sweepOne(ctx context.Context, id string, now time.Time) (string, error) {
	var step string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var caseID string
		if err := tx.QueryRowContext(ctx, `SELECT case_id FROM information_requests WHERE id = $1`, id).Scan(&caseID); err != nil {
			return fmt.Errorf("load request %s: %w", id, err)
		}
		c, err := s.writeCase(ctx, tx, fitness.SystemActor, caseID)
		if fitness.ErrorCode(err) == fitness.EConflict {
			return nil // closed meanwhile
		} else if err != nil {
			return err
		}
		q, err := loadRequest(ctx, tx, c.ID, id)
		if err != nil {
			return err
		}
		if q.LeftToProcess(c) {
			return nil // the process records the silence, once
		}
		next, e, ok := q.Sweep(s.rules, fitness.SystemActor, dbTime(now))
		if !ok {
			return nil
		}
		if err := updateRequest(ctx, tx, next); err != nil {
			return err
		}
		if _, err := appendEvents(ctx, tx, c, e); err != nil {
			return err
		}
		step = e.Type
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("sweep request %s: %w", id, err)
	}
	return step, nil
}
