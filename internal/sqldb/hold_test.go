package sqldb

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// mustSetDeadlines gives a case running deadlines directly, as the
// process's actions would, so that clock tests do not depend on which
// actions start which deadline.
func mustSetDeadlines(tb testing.TB, db *DB, c fitness.Case, ds ...fitness.Deadline) fitness.Case {
	tb.Helper()
	c.Deadlines = ds
	js, err := deadlinesJSON(ds)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = db.Writer().ExecContext(context.Background(), `UPDATE cases SET deadlines = $1, next_due_at = $2
		WHERE id = $3`, js, nullTime(c.NextDue()), c.ID)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range c.Deadlines {
		c.Deadlines[i].Due = dbTime(c.Deadlines[i].Due)
	}
	return c
}

// holdDeadlines are a pausable deadline (information due 20 March 2026)
// and a statutory one (registrant's response due 25 March 2026).
func holdDeadlines() []fitness.Deadline {
	return []fitness.Deadline{
		{Name: fitness.DeadlineInformation, Label: "Requested information due", Due: time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)},
		{Name: fitness.DeadlineRegistrantResponse, Label: "Registrant's response due", Due: time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC)},
	}
}

func TestPlaceAndEndHold(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Rowan Pike"})[0]
		c = mustSetDeadlines(t, db, c, holdDeadlines()...)
		f.clock.Set(time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC))
		in := fitness.HoldInput{Reason: fitness.HoldCriminalProceedings, Details: "Trial listed for May."}

		// A stale version, a role that may not place holds and bad input
		// are refused, and nothing is stored.
		_, _, err := f.cases.PlaceHold(ctx, f.manager, c.ID, c.Version+1, in)
		mustCode(t, err, fitness.EConflict, "")
		_, _, err = f.cases.PlaceHold(ctx, f.panel, c.ID, c.Version, in)
		mustCode(t, err, fitness.ENotFound, "Case not found")
		_, _, err = f.cases.PlaceHold(ctx, f.manager, c.ID, c.Version, fitness.HoldInput{})
		mustCode(t, err, fitness.EInvalid, "")
		if n := count(t, db, "holds"); n != 0 {
			t.Fatalf("%d holds stored after refusals", n)
		}

		held, h, err := f.cases.PlaceHold(ctx, f.manager, c.ID, c.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if held.Version != c.Version+1 || h.ID == "" || len(h.Paused) != 1 || h.Paused[0].Name != fitness.DeadlineInformation {
			t.Fatalf("after placing: version %d, hold %+v", held.Version, h)
		}
		_, _, err = f.cases.PlaceHold(ctx, f.leader, c.ID, held.Version, in)
		mustCode(t, err, fitness.EConflict, "This case has been on hold since 10 March 2026")

		f.clock.Set(time.Date(2026, 3, 30, 15, 0, 0, 0, time.UTC)) // 20 days later
		_, _, err = f.cases.EndHold(ctx, f.leader, c.ID, c.Version, "")
		mustCode(t, err, fitness.EConflict, "")
		ended, h2, err := f.cases.EndHold(ctx, f.leader, c.ID, held.Version, "Disclosure received.")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.cases.EndHold(ctx, f.leader, c.ID, ended.Version, "")
		mustCode(t, err, fitness.EConflict, "This case is not on hold")

		got, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ended, got); diff != "" {
			t.Errorf("stored case (-returned +found):\n%s", diff)
		}
		want := []time.Time{time.Date(2026, 4, 9, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC)}
		if !got.Deadlines[0].Due.Equal(want[0]) || !got.Deadlines[1].Due.Equal(want[1]) {
			t.Errorf("deadlines after the hold %+v; want information moved 20 days, response unchanged", got.Deadlines)
		}
		var next time.Time
		if err := db.Reader().QueryRowContext(ctx, `SELECT next_due_at FROM cases WHERE id = $1`, c.ID).Scan(&next); err != nil || !next.Equal(want[1]) {
			t.Errorf("next_due_at %s, %v; want %s", next, err, want[1])
		}

		holds, err := f.cases.CaseHolds(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(holds) != 1 || holds[0].Active() || holds[0].EndNote != "Disclosure received." || holds[0].EndedByName != "Terry Leader" ||
			!cmp.Equal(holds[0].Paused, h.Paused) || h2.ID != h.ID {
			t.Errorf("holds %+v", holds)
		}
		if _, err := f.cases.CaseHolds(ctx, f.panel, c.ID); fitness.ErrorCode(err) != fitness.ENotFound {
			t.Errorf("panel member reading holds: %v", err)
		}

		evs, err := f.cases.CaseEvents(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		last2 := evs[len(evs)-2:]
		if last2[0].Type != fitness.EventHoldPlaced || last2[1].Type != fitness.EventHoldEnded ||
			last2[0].Reason != "Trial listed for May." || last2[1].Payload["held_days"] != "20" ||
			last2[1].Seq != ended.Version || last2[1].PrevHash != last2[0].Hash {
			t.Errorf("hold events %+v", last2)
		}
		if rep := mustVerify(t, db); rep.Broken != nil {
			t.Errorf("audit chain broken: %s", rep.Broken)
		}

		// A second hold may follow; the KPI start moves with every hold.
		f.clock.Set(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
		if _, _, err := f.cases.PlaceHold(ctx, f.manager, c.ID, ended.Version, in); err != nil {
			t.Fatal(err)
		}
		var kpiFrom string
		var lead int
		err = db.Reader().QueryRowContext(ctx, `SELECT kpi_from, kpi_lead FROM holds WHERE case_id = $1 AND ended_at IS NULL`,
			c.ID).Scan(&kpiFrom, &lead)
		if err != nil || kpiFrom != "2026-03-22" || lead != -10 {
			t.Errorf("second hold: kpi_from %s, lead %d, %v; want received 2 March + 20 days = 22 March, lead -10", kpiFrom, lead, err)
		}
	})
}

// TestHoldRefusedOnClosedCase: a closed case cannot be put on hold.
func TestHoldRefusedOnClosedCase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Sasha Vale"})[0]
		_, err := db.Writer().ExecContext(ctx, `UPDATE cases SET closed_at = $1 WHERE id = $2`, dbTime(f.clock.Now()), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.cases.PlaceHold(ctx, f.manager, c.ID, c.Version, fitness.HoldInput{Reason: fitness.HoldHealth, Details: "x"})
		mustCode(t, err, fitness.EConflict, "This case is closed, so it cannot be put on hold")
	})
}
