package sqldb

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestSessionStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		clock := newTestClock()
		s := NewSessionStore(db)
		s.now = clock.Now
		data := []byte{0, 1, 2, 0xff}
		if err := s.Commit("tok-a", data, clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, found, err := s.Find("tok-a")
		if err != nil || !found || !bytes.Equal(got, data) {
			t.Fatalf("Find = %v, %v, %v", got, found, err)
		}
		if err := s.CommitCtx(ctx, "tok-a", []byte("new"), clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := s.FindCtx(ctx, "tok-a"); string(got) != "new" {
			t.Fatalf("after second commit: %q", got)
		}
		var raw int
		db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE token = 'tok-a'`).Scan(&raw)
		if raw != 0 {
			t.Error("session token stored in clear")
		}
		if err := s.Commit("tok-old", data, clock.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, found, err := s.Find("tok-old"); found || err != nil {
			t.Fatalf("expired session found = %v, %v", found, err)
		}
		if _, found, err := s.Find("unknown"); found || err != nil {
			t.Fatalf("unknown session found = %v, %v", found, err)
		}
		if n, err := s.DeleteExpired(ctx); n != 1 || err != nil {
			t.Fatalf("DeleteExpired = %d, %v", n, err)
		}
		if err := s.Delete("tok-a"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("tok-a"); found {
			t.Fatal("deleted session found")
		}
		if err := s.Delete("tok-a"); err != nil {
			t.Fatalf("deleting twice: %v", err)
		}
	})
}
