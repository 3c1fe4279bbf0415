package sqldb

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// IdempotentResponse is the stored outcome of a request made with an
// Idempotency-Key, replayed when the same request is retried. It is the
// domain type, so that the API's store interface is satisfied directly.
type IdempotentResponse = fitness.IdempotentResponse

// IdempotencyStore remembers API requests made with an Idempotency-Key, per
// user, for [IdempotencyTTL].
type IdempotencyStore struct {
	db  *DB
	now func() time.Time
}

// NewIdempotencyStore returns an idempotency store on db.
func NewIdempotencyStore(db *DB) *IdempotencyStore {
	return &IdempotencyStore{db: db, now: time.Now}
}

// Reserve claims key for userID before a request runs. It returns nil, nil
// when the key is new (the caller runs the request, then calls Complete or
// Release); the stored response when the same request (method, path and
// requestHash) already completed; EConflict when the key was used for a
// different request or the first request is still in flight.
func (s *IdempotencyStore) Reserve(ctx context.Context, userID, key, method, path, requestHash string) (*fitness.IdempotentResponse, error) {
	var out *fitness.IdempotentResponse
	now := dbTime(s.now())
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2
			AND created_at <= $3`, userID, key, now.Add(-IdempotencyTTL)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys
			(user_id, key, method, path, request_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)
			ON CONFLICT (user_id, key) DO NOTHING`, userID, key, method, path, requestHash, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		out, err = existingResponse(ctx, tx, userID, key, method, path, requestHash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reserve idempotency key: %w", err)
	}
	return out, nil
}

// existingResponse compares a retried request with the stored one.
func existingResponse(ctx context.Context, tx *sql.Tx, userID, key, method, path, requestHash string) (*fitness.IdempotentResponse, error) {
	var m, p, h string
	var r fitness.IdempotentResponse
	err := tx.QueryRowContext(ctx, `SELECT method, path, request_hash, status, response FROM idempotency_keys
		WHERE user_id = $1 AND key = $2`, userID, key).Scan(&m, &p, &h, &r.Status, &r.Body)
	if errors.Is(err, sql.ErrNoRows) {
		// Inserted and released by a concurrent request since our insert.
		return nil, fitness.Errorf(fitness.EConflict, "A request with this Idempotency-Key is still being processed")
	} else if err != nil {
		return nil, err
	}
	if m != method || p != path || subtle.ConstantTimeCompare([]byte(h), []byte(requestHash)) != 1 {
		return nil, fitness.Errorf(fitness.EConflict, "This Idempotency-Key was already used for a different request")
	}
	if r.Status == 0 {
		return nil, fitness.Errorf(fitness.EConflict, "A request with this Idempotency-Key is still being processed")
	}
	return &r, nil
}

// Complete stores the response of a reserved request.
func (s *IdempotencyStore) Complete(ctx context.Context, userID, key string, status int, body []byte) error {
	if status == 0 {
		return fmt.Errorf("complete idempotency key: status 0")
	}
	if body == nil {
		body = []byte{}
	}
	_, err := s.db.Writer().ExecContext(ctx, `UPDATE idempotency_keys SET status = $1, response = $2
		WHERE user_id = $3 AND key = $4 AND status = 0`, status, body, userID, key)
	if err != nil {
		return fmt.Errorf("complete idempotency key: %w", err)
	}
	return nil
}

// Release forgets a reserved key whose request failed before it changed
// anything, so the client may retry it. Completed keys are kept.
func (s *IdempotencyStore) Release(ctx context.Context, userID, key string) error {
	_, err := s.db.Writer().ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2
		AND status = 0`, userID, key)
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// DeleteExpiredIdempotency removes keys older than [IdempotencyTTL] and
// returns how many.
func (s *IdempotencyStore) DeleteExpiredIdempotency(ctx context.Context) (int64, error) {
	res, err := s.db.Writer().ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at <= $1`,
		dbTime(s.now()).Add(-IdempotencyTTL))
	if err != nil {
		return 0, fmt.Errorf("delete expired idempotency keys: %w", err)
	}
	return res.RowsAffected()
}
