package sqldb

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
)

func TestIdempotencyStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewIdempotencyStore(db)
		s.now = clock.Now
		reserve := func(key, hash string) (*fitness.IdempotentResponse, error) {
			return s.Reserve(ctx, "user-1", key, "POST", "/api/v1/concerns", hash)
		}
		if r, err := reserve("k1", "h1"); r != nil || err != nil {
			t.Fatalf("first Reserve = %v, %v", r, err)
		}
		_, err := reserve("k1", "h1")
		mustCode(t, err, fitness.EConflict, "A request with this Idempotency-Key is still being processed")
		if r, err := s.Reserve(ctx, "user-2", "k1", "POST", "/api/v1/concerns", "h1"); r != nil || err != nil {
			t.Fatalf("same key, other user: %v, %v", r, err)
		}
		if err := s.Complete(ctx, "user-1", "k1", 201, []byte(`{"id":"x"}`)); err != nil {
			t.Fatal(err)
		}
		r, err := reserve("k1", "h1")
		if err != nil || r == nil || r.Status != 201 || string(r.Body) != `{"id":"x"}` {
			t.Fatalf("replay = %+v, %v", r, err)
		}
		_, err = reserve("k1", "h2")
		mustCode(t, err, fitness.EConflict, "This Idempotency-Key was already used for a different request")

		// A failed request releases its key so it can be retried.
		reserve("k2", "h1")
		if err := s.Release(ctx, "user-1", "k2"); err != nil {
			t.Fatal(err)
		}
		if r, err := reserve("k2", "h1"); r != nil || err != nil {
			t.Fatalf("after release = %v, %v", r, err)
		}
		// Release does not forget a completed key.
		s.Release(ctx, "user-1", "k1")
		if r, _ := reserve("k1", "h1"); r == nil {
			t.Fatal("completed key released")
		}

		clock.Add(IdempotencyTTL + time.Second)
		if r, err := reserve("k1", "h2"); r != nil || err != nil {
			t.Fatalf("expired key reused = %v, %v", r, err)
		}
		n, err := s.DeleteExpiredIdempotency(ctx)
		if err != nil || n != 2 { // user-2/k1 and user-1/k2
			t.Fatalf("DeleteExpiredIdempotency = %d, %v", n, err)
		}
	})
}
