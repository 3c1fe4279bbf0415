package sqldb

import (
	"context"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// headOf returns the hash of the event of case id at seq.
func headOf(t *testing.T, db *DB, id string, seq int) string {
	t.Helper()
	var h string
	err := db.Reader().QueryRowContext(context.Background(), `SELECT hash FROM events WHERE case_id = $1 AND seq = $2`,
		id, seq).Scan(&h)
	mustNoErr(t, err)
	return h
}

// mustKnownCase returns a new case in a fixture on db, read by its case
// manager with FindCase, and so known.
func mustKnownCase(t *testing.T, db *DB) (context.Context, *caseFixture, fitness.Case) {
	t.Helper()
	ctx := context.Background()
	f := mustCaseFixture(t, db)
	c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
	c, err := f.cases.FindCase(ctx, f.manager, c.ID)
	mustNoErr(t, err)
	return ctx, f, c
}

// TestKnownCaseAction: a case read with FindCase is known at its version
// with its chain's head; a note on it at that version is applied at once
// on either engine, and the case it leaves is known in turn.
func TestKnownCaseAction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
		if _, _, ok := db.known.get(c.ID, c.Version); ok {
			t.Fatal("a case nobody has read is known")
		}
		_, err := f.cases.FindCase(ctx, f.manager, c.Reference)
		mustNoErr(t, err)
		if _, head, ok := db.known.get(c.ID, c.Version); !ok || head != headOf(t, db, c.ID, c.Version) {
			t.Fatalf("after FindCase: known %v with head %q", ok, head)
		}
		note := fitness.Input{"note": "Called the employer"}
		got, done, err := f.cases.applyAtOnce(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, note)
		if err != nil || !done || got.Version != c.Version+1 {
			t.Fatalf("a note on a known case: done %v, version %d, %v", done, got.Version, err)
		}
		known, head, ok := db.known.get(c.ID, c.Version+1)
		if !ok || head != headOf(t, db, c.ID, c.Version+1) || known.Stage != c.Stage {
			t.Fatalf("after the note: known %v with head %q in %s", ok, head, known.Stage)
		}
		mustChainsHold(t, db)
	})
}

// TestKnownCaseWrittenElsewhere: another process (a second server on the
// same database) writes to a case this one knows; an action at the
// version this one knew is refused as stale, with the change explained,
// and nothing is written; an action at the new version goes through.
func TestKnownCaseWrittenElsewhere(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx, f, c := mustKnownCase(t, db)
		other, err := Open(ctx, db.dsn)
		mustNoErr(t, err)
		defer other.Close()
		elsewhere := NewCaseService(other, fitness.HCPCProcess(), fitness.HCPCRules(), f.clock.Now)
		_, err = elsewhere.ApplyAction(ctx, f.leader, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "Elsewhere"})
		mustNoErr(t, err)
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "Here"})
		if fitness.ErrorCode(err) != fitness.EConflict || !strings.Contains(err.Error(), "by Terry Leader") {
			t.Fatalf("a note at the version known here: %v; want the change elsewhere explained", err)
		}
		if _, _, ok := db.known.get(c.ID, c.Version); ok {
			t.Error("the case is still known at the version written over elsewhere")
		}
		if n := count(t, db, "events"); n != c.Version+1 {
			t.Errorf("%d events; want %d", n, c.Version+1)
		}
		got, err := f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version+1, fitness.ActionAddNote, fitness.Input{"note": "Here"})
		if err != nil || got.Version != c.Version+2 {
			t.Fatalf("a note at the new version: version %d, %v", got.Version, err)
		}
		mustChainsHold(t, db)
	})
}

// TestKnownCaseConflictDeclared: a conflict declared after a case manager
// read a case moves no version, but their next action on the case, known
// at that version, is refused as for a case they may not see, and nothing
// is written.
func TestKnownCaseConflictDeclared(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx, f, c := mustKnownCase(t, db)
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO conflicts (id, user_id, case_id, reason, declared_at, declared_by)
			VALUES ('x1', $1, $2, 'Former colleague', $3, $1)`, f.manager.UserID, c.ID, dbTime(f.clock.Now()))
		mustNoErr(t, err)
		if _, _, ok := db.known.get(c.ID, c.Version); !ok {
			t.Fatal("the case is not known before the action")
		}
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustCode(t, err, fitness.ENotFound, "")
		if n := count(t, db, "events"); n != c.Version {
			t.Errorf("%d events; want %d", n, c.Version)
		}
		// Another case manager, with no conflict, may still act.
		_, err = f.cases.FindCase(ctx, f.leader, c.ID)
		mustNoErr(t, err)
		_, err = f.cases.ApplyAction(ctx, f.leader, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustNoErr(t, err)
	})
}

// TestKnownCaseNotAsStored: an entry that does not match the stored case
// (a chain's head other than the stored one; a stage other than the
// stored one at the same version) never decides an action: the guarded
// write matches nothing, or the refusal is left to a fresh read, and the
// action goes through on the case as stored, its event chained to the
// stored head.
func TestKnownCaseNotAsStored(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx, f, c := mustKnownCase(t, db)
		db.known.forget(c.ID)
		db.known.put(c, strings.Repeat("0", 64))
		got, err := f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustNoErr(t, err)

		closed := got
		closed.Stage, closed.ClosedAt = fitness.StageClosedOutsideRemit, f.clock.Now()
		db.known.forget(c.ID)
		db.known.put(closed, headOf(t, db, c.ID, got.Version))
		got, err = f.cases.ApplyAction(ctx, f.manager, c.ID, got.Version, fitness.ActionAddNote, fitness.Input{"note": "y"})
		if err != nil || got.Stage != c.Stage || got.Version != c.Version+2 {
			t.Fatalf("a note on a case known as closed: %s at %d, %v; want %s at %d", got.Stage, got.Version, err,
				c.Stage, c.Version+2)
		}
		var prev string
		err = db.Reader().QueryRowContext(ctx, `SELECT prev_hash FROM events WHERE case_id = $1 AND seq = $2`,
			c.ID, c.Version+1).Scan(&prev)
		if err != nil || prev != headOf(t, db, c.ID, c.Version) {
			t.Errorf("the first note follows %q, %v; want the stored head", prev, err)
		}
		mustChainsHold(t, db)
	})
}

// TestActGuard: the access guard tests just the lists the policy
// function's answer turns on.
func TestActGuard(t *testing.T) {
	c := fitness.Case{ID: "c1", CaseManagerID: "u9"}
	for _, tc := range []struct {
		name  string
		actor fitness.Actor
		want  string
		ok    bool
	}{
		{"case manager", fitness.Actor{UserID: "u1", Roles: []fitness.Role{fitness.RoleCaseManager}}, "(NOT " + conflictsUser + ")", true},
		{"panel member", fitness.Actor{UserID: "u2", Roles: []fitness.Role{fitness.RolePanelMember}}, "", false},
		{"admin", fitness.Actor{UserID: "u3", Roles: []fitness.Role{fitness.RoleAdmin}}, "", false},
		{"the system", fitness.SystemActor, "", true},
	} {
		got, ok := actGuard(tc.actor, c)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
