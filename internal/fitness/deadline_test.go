package fitness

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// servedAt returns a case with the allegation served at now, its
// registrant's response deadline running.
func servedAt(t *testing.T, now time.Time) Case {
	t.Helper()
	c, _ := MustApply(t, caseAt(StageThreshold), ActionServeAllegation, caseManager, Input{"ground": "misconduct"}, now)
	if len(c.Deadlines) != 1 || c.Deadlines[0].Name != DeadlineRegistrantResponse {
		t.Fatalf("deadlines after serving: %+v", c.Deadlines)
	}
	return c
}

func TestDueSystemActions(t *testing.T) {
	p := HCPCProcess()
	c := servedAt(t, monday)
	due := c.Deadlines[0].Due
	names := func(ds []ActionDef) []ActionName {
		var out []ActionName
		for _, d := range ds {
			out = append(out, d.Name)
		}
		return out
	}
	tests := []struct {
		name string
		c    Case
		now  time.Time
		want []ActionName
	}{
		{"before the deadline", c, due.Add(-time.Second), nil},
		{"at the due time", c, due, nil},
		{"late on the due date", c, endOfDay(t, due), nil},
		{"the next day", c, endOfDay(t, due).Add(time.Second), []ActionName{ActionNoResponse}},
		{"a month later", c, due.AddDate(0, 1, 0), []ActionName{ActionNoResponse}},
		{"closed case", func() Case { x := c; x.ClosedAt = due; return x }(), due.AddDate(0, 1, 0), nil},
		{"other process version", func() Case { x := c; x.ProcessVersion = "other-1"; return x }(), due.AddDate(0, 1, 0), nil},
		{"stage moved on", func() Case { x := c; x.Stage = StageICP; return x }(), due.AddDate(0, 1, 0), nil},
	}
	for _, tt := range tests {
		if got := names(p.DueSystemActions(tt.c, tt.now)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: DueSystemActions = %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := p.SystemDeadlines(); !slices.Equal(got, []string{DeadlineAppealWindow, DeadlineInterimExpires, DeadlineOrderExpires, DeadlinePSAWindow, DeadlineRegistrantResponse}) {
		t.Errorf("SystemDeadlines = %v", got)
	}
}

// endOfDay returns the last second of t's date in the United Kingdom.
func endOfDay(t *testing.T, at time.Time) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := at.In(loc).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, loc)
}

// TestNoResponse records the neutral fact once the time to respond has
// passed, stops the deadline, and refuses people and early attempts.
func TestNoResponse(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	c := servedAt(t, monday)
	due := c.Deadlines[0].Due

	for _, early := range []time.Time{due.Add(-time.Minute), due, endOfDay(t, due)} {
		if _, _, err := c.Apply(p, r, ActionNoResponse, SystemActor, nil, early); ErrorCode(err) != EConflict {
			t.Errorf("at %s, before the due date is over: err = %v, want conflict", early, err)
		}
	}
	due = endOfDay(t, due).Add(time.Second) // the day after the due date
	everyone := Actor{UserID: "u1", Name: "Ada Example", Roles: Roles}
	if _, _, err := c.Apply(p, r, ActionNoResponse, everyone, nil, due); ErrorCode(err) != EForbidden {
		t.Errorf("a person: err = %v, want forbidden", err)
	}
	if slices.ContainsFunc(p.Available(c, everyone), func(d ActionDef) bool { return d.System }) {
		t.Error("a system action is offered to a person")
	}
	if _, _, err := c.Apply(p, r, ActionRecordResponse, SystemActor, Input{"received_on": "2026-03-02"}, due); ErrorCode(err) != EForbidden {
		t.Errorf("the system taking a person's action: err = %v, want forbidden", err)
	}

	next, e := MustApply(t, c, ActionNoResponse, SystemActor, nil, due)
	if next.Stage != StageAllegation || len(next.Deadlines) != 0 || next.Version != c.Version+1 {
		t.Errorf("after: stage %s, deadlines %+v, version %d", next.Stage, next.Deadlines, next.Version)
	}
	words := DescribeEvent(p, e)
	if words != "No response received by the deadline" || e.ActorID != SystemActor.UserID {
		t.Errorf("event %q by %s", words, e.ActorID)
	}
	for _, adverse := range []string{"fail", "refus", "non-compl", "adverse", "inference drawn"} {
		if strings.Contains(strings.ToLower(words), adverse) {
			t.Errorf("event words %q are not neutral (%q)", words, adverse)
		}
	}
	if got := p.DueSystemActions(next, due.AddDate(0, 0, 1)); len(got) != 0 {
		t.Errorf("due again after it was taken: %v", got)
	}
	if _, _, err := next.Apply(p, r, ActionNoResponse, SystemActor, nil, due); ErrorCode(err) != EConflict {
		t.Errorf("taken twice: err = %v, want conflict", err)
	}
	// A response that arrives late can still be recorded, and the case
	// can go to the panel.
	MustApply(t, next, ActionRecordResponse, caseManager, Input{"received_on": due.Format(time.DateOnly)}, due.AddDate(0, 0, 1))
	MustApply(t, next, ActionReferToICP, caseManager, nil, due.AddDate(0, 0, 1))
}
