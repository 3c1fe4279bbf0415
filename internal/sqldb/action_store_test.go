package sqldb

import (
	"context"
	"database/sql"
	"testing"

	"fitness/internal/fitness"
)

// TestMoveCase checks the guarded update and the events moveCase stores
// (one statement on PostgreSQL, two on SQLite): a stale version stores
// nothing and is EConflict; a current one moves the version and extends
// the chain, which verifies, with every event of the action.
func TestMoveCase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Morgan Vale"})[0]
		head, err := lastEventHash(ctx, db.Writer(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		note := func(text string) fitness.Event {
			return fitness.Event{Type: string(fitness.ActionAddNote), ActorID: f.manager.UserID, ActorName: "Casey Manager",
				At: f.clock.Now(), FromStage: c.Stage, ToStage: c.Stage, Payload: map[string]string{"note": text},
				ProcessVersion: c.ProcessVersion}
		}
		move := func(old int, evs ...fitness.Event) ([]fitness.Event, error) {
			var out []fitness.Event
			err := db.InTx(ctx, func(tx *sql.Tx) error {
				m := caseMove{id: c.ID, ref: c.Reference, old: old, new: old + len(evs),
					cols: []string{"summary"}, vals: []any{"Moved"}}
				var err error
				out, err = db.moveCase(ctx, db.cached(tx), m, head, evs)
				return err
			})
			return out, err
		}
		events := count(t, db, "events")
		_, err = move(c.Version+1, note("stale"))
		mustCode(t, err, fitness.EConflict, "")
		if n := count(t, db, "events"); n != events {
			t.Fatalf("a stale move stored %d events", n-events)
		}
		stored, err := move(c.Version, note("one"), note("two"))
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != 2 || stored[0].Seq != c.Version+1 || stored[0].PrevHash != head || stored[1].PrevHash != stored[0].Hash {
			t.Fatalf("stored %+v", stored)
		}
		got, err := f.cases.loadCase(ctx, db.Reader(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != c.Version+2 || got.Summary != "Moved" {
			t.Errorf("case after the move: version %d, summary %q", got.Version, got.Summary)
		}
		rep, err := NewAuditService(db).Verify(ctx)
		if err != nil || rep.Broken != nil {
			t.Errorf("verify: %v %v", err, rep.Broken)
		}
	})
}
