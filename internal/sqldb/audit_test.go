package sqldb

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// auditFixture makes two cases with a few events and some reads.
func auditFixture(t *testing.T, db *DB) (*caseFixture, []fitness.Case) {
	t.Helper()
	f := mustCaseFixture(t, db)
	cs := f.MustConcern(t, fitness.ConcernSubject{Name: "Mo Reid"}, fitness.ConcernSubject{Name: "Nat Shaw"})
	for i, c := range cs {
		c = f.MustApply(t, f.manager, c, fitness.ActionStartTriage, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionStartInvestigation, fitness.Input{"note": "Begin"})
		cs[i] = c
		for range 2 {
			if _, err := f.cases.FindCase(context.Background(), f.manager, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f, cs
}

func mustVerify(t *testing.T, db *DB) AuditReport {
	t.Helper()
	rep, err := NewAuditService(db).Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// mustChainsHold fails the test when any hash chain of db is broken.
func mustChainsHold(t *testing.T, db *DB) {
	t.Helper()
	if rep := mustVerify(t, db); rep.Broken != nil {
		t.Errorf("chains: %s", rep.Broken)
	}
}

func mustExec(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Writer().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

func TestAuditVerifyIntact(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		if rep := mustVerify(t, db); rep != (AuditReport{}) {
			t.Errorf("empty database: %+v", rep)
		}
		auditFixture(t, db)
		if diff := cmp.Diff(AuditReport{Events: 6, Accesses: 4}, mustVerify(t, db)); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	})
}

func TestAuditVerifyBroken(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink
	}{
		{"event payload altered", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			c := cs[1]
			mustExec(t, db, `UPDATE events SET payload = $1 WHERE case_id = $2 AND seq = 3`, `{"note":"Begun"}`, c.ID)
			return BrokenLink{Table: "events", CaseID: c.ID, Reference: c.Reference, Seq: 3,
				Reason: "hash does not match its contents"}
		}},
		{"event rehashed but chain not", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			c := cs[0]
			mustExec(t, db, `UPDATE events SET hash = $1 WHERE case_id = $2 AND seq = 2`, "00", c.ID)
			return BrokenLink{Table: "events", CaseID: c.ID, Reference: c.Reference, Seq: 2,
				Reason: "hash does not match its contents"}
		}},
		{"last event deleted", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			c := cs[1]
			mustExec(t, db, `DELETE FROM events WHERE case_id = $1 AND seq = 3`, c.ID)
			return BrokenLink{Table: "cases", CaseID: c.ID, Reference: c.Reference, Seq: 2,
				Reason: "case version is 3 but it has 2 events: events are missing or extra"}
		}},
		{"middle event deleted", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			c := cs[0]
			mustExec(t, db, `DELETE FROM events WHERE case_id = $1 AND seq = 2`, c.ID)
			return BrokenLink{Table: "events", CaseID: c.ID, Reference: c.Reference, Seq: 3,
				Reason: "expected seq 2: events are missing"}
		}},
		{"access record altered", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			mustExec(t, db, `UPDATE access_log SET actor_id = $1 WHERE seq = 2`, "someone-else")
			return BrokenLink{Table: "access_log", CaseID: cs[0].ID, Seq: 2, Reason: "hash does not match its contents"}
		}},
		{"last access record deleted", func(t *testing.T, db *DB, cs []fitness.Case) BrokenLink {
			mustExec(t, db, `DELETE FROM access_log WHERE seq = 4`)
			return BrokenLink{Table: "access_log", Seq: 3,
				Reason: "the chain head is at seq 4 but the log ends at seq 3: records are missing or altered"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, db *DB) {
				_, cs := auditFixture(t, db)
				want := tt.tamper(t, db, cs)
				rep := mustVerify(t, db)
				if rep.Broken == nil {
					t.Fatalf("tampering not detected: %+v", rep)
				}
				got := *rep.Broken
				got.ID = "" // row ids are random
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("broken link (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestBrokenLinkString(t *testing.T) {
	b := BrokenLink{Table: "events", Reference: "FTP-2026-00012", Seq: 3, Reason: "hash does not match its contents"}
	if got, want := b.String(), "events case FTP-2026-00012 seq 3: hash does not match its contents"; got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
}
