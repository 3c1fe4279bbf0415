package sqldb

import (
	"context"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// TestApplyAtOnce: on PostgreSQL a note on a case not yet known commits
// as one statement, with the same checks as in a transaction; a stale
// version, or an action that writes more than the case, is left to the
// transaction, which explains the change. SQLite uses the transaction for
// a case not known (known_cases_test.go covers known ones).
func TestApplyAtOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
		note := fitness.Input{"note": "Called the employer"}
		atOnce := db.Engine == Postgres

		_, done, err := f.cases.applyAtOnce(ctx, f.panel, c.ID, c.Version, fitness.ActionAddNote, note)
		if done != atOnce || (atOnce && fitness.ErrorCode(err) != fitness.ENotFound) {
			t.Fatalf("someone who may not see the case: done %v, %v", done, err)
		}
		got, done, err := f.cases.applyAtOnce(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, note)
		if err != nil || done != atOnce {
			t.Fatalf("a note: done %v, %v", done, err)
		}
		if atOnce && (got.Version != c.Version+1 || got.Stage != c.Stage) {
			t.Errorf("after the note: version %d in %s; want %d in %s", got.Version, got.Stage, c.Version+1, c.Stage)
		}
		if !atOnce {
			got, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, note)
			mustNoErr(t, err)
		}

		// The version the note was added to is stale now.
		_, done, err = f.cases.applyAtOnce(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, note)
		if done || err != nil {
			t.Fatalf("a note at a stale version: done %v, %v; want it left to a transaction", done, err)
		}
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionAddNote, note)
		if fitness.ErrorCode(err) != fitness.EConflict || !strings.Contains(err.Error(), "by Casey Manager") {
			t.Errorf("a note at a stale version: %v; want the change explained", err)
		}
		if n := count(t, db, "events"); n != c.Version+1 {
			t.Errorf("%d events; want %d", n, c.Version+1)
		}
		mustChainsHold(t, db)
	})
}

// TestApplyAtOnceAfterLetterCommits: a letter recorded while a note is
// being applied at once makes the note's guarded update match nothing;
// the note is then applied in a transaction, which accepts the letter as
// served since the actor's version.
func TestApplyAtOnceAfterLetterCommits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
		got := f.applyDuringLetter(t, c, fitness.ActionAddNote, fitness.Input{"note": "x"})
		if got.Version != c.Version+2 {
			t.Errorf("case at version %d; want %d", got.Version, c.Version+2)
		}
		mustChainsHold(t, db)
	})
}
