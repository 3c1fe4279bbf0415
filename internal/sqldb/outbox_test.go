package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// outboxMessage returns a valid message to to.
func outboxMessage(to string) fitness.OutboxMessage {
	return fitness.OutboxMessage{
		Kind: "acknowledgement", RecipientName: "Jordan Example", RecipientEmail: to,
		Subject: "We have received your concern", BodyText: "Thank you for telling us.",
		BodyHTML: "<p>Thank you for telling us.</p>",
	}
}

// MustEnqueue stores m in a transaction of its own and returns it.
func MustEnqueue(tb testing.TB, s *OutboxStore, m fitness.OutboxMessage) fitness.OutboxMessage {
	tb.Helper()
	got, err := s.Enqueue(context.Background(), m)
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

func TestEnqueueMailTx(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewOutboxStore(db, clock.Now)
		m := outboxMessage("jordan@example.org")
		m.Attachments = []fitness.Attachment{{Filename: "notice.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.7 …")}}

		boom := errors.New("the business change failed")
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			if err := EnqueueMailTx(ctx, tx, m); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || count(t, db, "outbox_messages") != 0 || count(t, db, "outbox_attachments") != 0 {
			t.Fatalf("after rollback: err %v, %d messages", err, count(t, db, "outbox_messages"))
		}

		m.ID, m.CreatedAt = newID(), clock.Now()
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return EnqueueMailTx(ctx, tx, m) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.Message(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(m.Attachments[0].Content)
		want := m
		want.Status, want.CreatedAt, want.NextAttemptAt = fitness.OutboxPending, dbTime(m.CreatedAt), dbTime(m.CreatedAt)
		want.Attachments = []fitness.Attachment{{Filename: "notice.pdf", ContentType: "application/pdf",
			Content: m.Attachments[0].Content, SHA256: hex.EncodeToString(sum[:])}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stored message (-want +got):\n%s", diff)
		}
		if n, err := s.Pending(ctx); err != nil || n != 1 {
			t.Errorf("Pending = %d, %v", n, err)
		}

		bad := outboxMessage("not an address")
		bad.Subject = "Two\nlines"
		err = db.InTx(ctx, func(tx *sql.Tx) error { return EnqueueMailTx(ctx, tx, bad) })
		if fe := fitness.ErrorFields(err); fe["recipient_email"] == "" || fe["subject"] == "" {
			t.Errorf("bad message: %v", err)
		}
	})
}

func TestOutboxClaimAndMark(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewOutboxStore(db, clock.Now)
		m := MustEnqueue(t, s, outboxMessage("sam@example.org"))

		claimed := mustClaim(t, s, 10, time.Minute)
		if len(claimed) != 1 || claimed[0].ID != m.ID || claimed[0].Attempts != 0 {
			t.Fatalf("claimed %+v", claimed)
		}
		if again := mustClaim(t, s, 10, time.Minute); len(again) != 0 {
			t.Fatalf("claimed again while leased: %+v", again)
		}
		if err := s.MarkSent(ctx, m.ID, 1, "250 OK"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, m.ID, 1, "250 OK"); fitness.ErrorCode(err) != fitness.EConflict {
			t.Errorf("marked sent twice: %v", err)
		}
		got, _ := s.Message(ctx, m.ID)
		if got.Status != fitness.OutboxSent || !got.SentAt.Equal(dbTime(clock.Now())) || got.Attempts != 1 {
			t.Errorf("after sending: %+v", got)
		}
		want := []fitness.OutboxAttempt{{MessageID: m.ID, Attempt: 1, At: dbTime(clock.Now()), Outcome: "sent", Detail: "250 OK"}}
		if diff := cmp.Diff(want, mustAttempts(t, s, m.ID)); diff != "" {
			t.Errorf("attempts (-want +got):\n%s", diff)
		}
		clock.Add(time.Hour)
		if again := mustClaim(t, s, 10, time.Minute); len(again) != 0 {
			t.Errorf("a sent message was claimed: %+v", again)
		}
		if err := s.Retry(ctx, m.ID); fitness.ErrorCode(err) != fitness.EConflict {
			t.Errorf("retrying a sent message: %v", err)
		}
	})
}

func TestOutboxRetryAndGiveUp(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewOutboxStore(db, clock.Now)
		m := MustEnqueue(t, s, outboxMessage("sam@example.org"))
		mustClaim(t, s, 1, time.Minute)
		if err := s.MarkFailed(ctx, m.ID, 1, "451 try later", clock.Now().Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		clock.Add(9 * time.Minute)
		if got := mustClaim(t, s, 1, time.Minute); len(got) != 0 {
			t.Fatalf("claimed before its retry time: %+v", got)
		}
		clock.Add(time.Minute)
		got := mustClaim(t, s, 1, time.Minute)
		if len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("claimed at its retry time: %+v", got)
		}
		if err := s.MarkFailed(ctx, m.ID, 2, "451 try later", time.Time{}); err != nil {
			t.Fatal(err)
		}
		clock.Add(24 * time.Hour)
		if got := mustClaim(t, s, 1, time.Minute); len(got) != 0 {
			t.Fatalf("a failed message was claimed: %+v", got)
		}
		if m, _ := s.Message(ctx, m.ID); m.Status != fitness.OutboxFailed || m.Attempts != 2 {
			t.Errorf("after giving up: %+v", m)
		}
		if a := mustAttempts(t, s, m.ID); len(a) != 2 || a[0].Outcome != "failed" || a[1].Detail != "451 try later" {
			t.Errorf("attempts %+v", a)
		}
		if err := s.Retry(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustClaim(t, s, 1, time.Minute); len(got) != 1 || got[0].Attempts != 2 {
			t.Errorf("claimed after Retry: %+v", got)
		}
		if err := s.Retry(ctx, newID()); fitness.ErrorCode(err) != fitness.ENotFound {
			t.Errorf("Retry of no message: %v", err)
		}
	})
}

// TestOutboxLeaseExpired: a worker whose lease ran out and another that
// claimed the message after it cannot both record the same attempt.
func TestOutboxLeaseExpired(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewOutboxStore(db, clock.Now)
		m := MustEnqueue(t, s, outboxMessage("sam@example.org"))
		first := mustClaim(t, s, 1, time.Minute)
		clock.Add(2 * time.Minute)
		second := mustClaim(t, s, 1, time.Minute)
		if len(first) != 1 || len(second) != 1 || first[0].Attempts != second[0].Attempts {
			t.Fatalf("claims %+v and %+v", first, second)
		}
		if err := s.MarkSent(ctx, m.ID, 1, "250 OK"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkFailed(ctx, m.ID, 1, "timeout", clock.Now()); fitness.ErrorCode(err) != fitness.EConflict {
			t.Errorf("second worker recorded the same attempt: %v", err)
		}
		if a := mustAttempts(t, s, m.ID); len(a) != 1 || a[0].Outcome != "sent" {
			t.Errorf("attempts %+v", a)
		}
	})
}

// TestOutboxClaimConcurrent: workers claiming at once share the messages
// out, each to exactly one of them.
func TestOutboxClaimConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		clock := newTestClock()
		s := NewOutboxStore(db, clock.Now)
		var want []string
		for i := range 24 {
			want = append(want, MustEnqueue(t, s, outboxMessage(fmt.Sprintf("person%d@example.org", i))).ID)
		}
		var mu sync.Mutex
		var got []string
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				for {
					ms, err := s.ClaimBatch(context.Background(), 3, time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ms) == 0 {
						return
					}
					mu.Lock()
					for _, m := range ms {
						got = append(got, m.ID)
					}
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("claimed ids (-want +got):\n%s", diff)
		}
	})
}

func TestOutboxMessages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Quinn Harper"})[0]
		s := NewOutboxStore(db, f.clock.Now)
		about := outboxMessage("quinn@example.org")
		about.CaseID = c.ID
		first := MustEnqueue(t, s, about)
		f.clock.Add(time.Second)
		second := MustEnqueue(t, s, outboxMessage("other@example.org"))
		all, err := s.Messages(ctx, "", 0)
		if err != nil || len(all) != 2 || all[0].ID != second.ID || all[1].ID != first.ID {
			t.Fatalf("Messages = %+v, %v", all, err)
		}
		mine, err := s.Messages(ctx, c.ID, 10)
		if err != nil || len(mine) != 1 || mine[0].ID != first.ID || mine[0].CaseID != c.ID {
			t.Errorf("Messages of the case = %+v, %v", mine, err)
		}
		if _, err := s.Message(ctx, newID()); fitness.ErrorCode(err) != fitness.ENotFound {
			t.Errorf("Message of no id: %v", err)
		}
	})
}

func mustClaim(tb testing.TB, s *OutboxStore, limit int, lease time.Duration) []fitness.OutboxMessage {
	tb.Helper()
	ms, err := s.ClaimBatch(context.Background(), limit, lease)
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

func mustAttempts(tb testing.TB, s *OutboxStore, id string) []fitness.OutboxAttempt {
	tb.Helper()
	a, err := s.Attempts(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}
