package sqldb

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// MustServe takes a new case to the allegation stage, the registrant's
// response deadline running.
func (f *caseFixture) MustServe(tb testing.TB, c fitness.Case) fitness.Case {
	tb.Helper()
	c = f.MustApply(tb, f.manager, c, fitness.ActionStartTriage, nil)
	c = f.MustApply(tb, f.manager, c, fitness.ActionStartInvestigation, nil)
	c = f.MustApply(tb, f.manager, c, fitness.ActionCompleteInvestigation, nil)
	return f.MustApply(tb, f.manager, c, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct"})
}

func TestOverdueCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		names := fitness.HCPCProcess().SystemDeadlines()
		cs := f.MustConcern(t, fitness.ConcernSubject{Name: "Rowan Example"}, fitness.ConcernSubject{Name: "Sky Example"},
			fitness.ConcernSubject{Name: "Tate Example"})
		a, b := f.MustServe(t, cs[0]), f.MustServe(t, cs[1])
		due := a.Deadlines[0].Due
		// The third case has a passed deadline that no system action follows.
		c := f.MustApply(t, f.manager, cs[2], fitness.ActionStartTriage, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionStartInvestigation, nil)
		c = f.MustApply(t, f.manager, c, fitness.ActionRequestInformation,
			fitness.Input{"recipient": "Riverside Council", "request": "Visit records"})
		if len(c.Deadlines) != 1 || !c.Deadlines[0].Overdue(due) {
			t.Fatalf("third case deadlines %+v", c.Deadlines)
		}

		overdue := func(now time.Time, after string, limit int) ([]string, string) {
			t.Helper()
			got, next, err := f.cases.OverdueCases(ctx, now, names, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			return ids, next
		}
		if ids, next := overdue(due.Add(time.Hour), "", 10); len(ids) != 0 || next != "" {
			t.Errorf("on the due date: %v, next %q", ids, next)
		}
		later := due.AddDate(0, 0, 1) // the due date is over
		first, second := a.ID, b.ID
		if second < first {
			first, second = second, first
		}
		if ids, next := overdue(later, "", 10); len(ids) != 2 || ids[0] != first || ids[1] != second || next != "" {
			t.Errorf("after the deadline: %v, next %q", ids, next)
		}
		ids, next := overdue(later, "", 1)
		if len(ids) != 1 || ids[0] != first || next != first {
			t.Errorf("first page: %v, next %q", ids, next)
		}
		if ids, _ := overdue(later, next, 1); len(ids) != 1 || ids[0] != second {
			t.Errorf("second page: %v", ids)
		}
		if got, _, err := f.cases.OverdueCases(ctx, later, nil, "", 10); err != nil || len(got) != 0 {
			t.Errorf("no names: %v, %v", got, err)
		}

		f.clock.Set(later)
		after, err := f.cases.ApplyAction(ctx, fitness.SystemActor, a.ID, a.Version, fitness.ActionNoResponse, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Deadlines) != 0 {
			t.Errorf("deadlines after the system action: %+v", after.Deadlines)
		}
		if ids, _ := overdue(later, "", 10); len(ids) != 1 || ids[0] != b.ID {
			t.Errorf("after the system action: %v", ids)
		}
	})
}
