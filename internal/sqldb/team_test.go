package sqldb

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// teamSpec is one case of the team-view test: when it was received, who
// manages it, a deadline, holds, and its band and breach at teamNow.
type teamSpec struct {
	name     string
	received string
	manager  int // 0 none, 1 or 2
	deadline *fitness.Deadline
	holds    [][2]time.Time // start, end (zero: in force)
	band     int
	breached bool
}

// teamNow is the fixed clock of the team-view test: 10:00 BST on Thursday
// 11 June 2026.
var teamNow = time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)

func utc(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

func info(due time.Time) *fitness.Deadline {
	return &fitness.Deadline{Name: fitness.DeadlineInformation, Label: "Requested information due", Due: due}
}

func teamSpecs() []teamSpec {
	response := &fitness.Deadline{Name: fitness.DeadlineRegistrantResponse, Label: "Registrant's response due", Due: utc(2026, 6, 3, 10, 0)}
	return []teamSpec{
		{name: "received today", received: "2026-06-11", manager: 1, band: 1},
		{name: "3 months to the day", received: "2026-03-11", manager: 2, band: 2},
		{name: "a day short of 3 months", received: "2026-03-12", manager: 0, band: 1},
		{name: "6 months", received: "2025-12-11", manager: 1, band: 3},
		{name: "12 months", received: "2025-06-11", manager: 2, band: 4},
		{name: "18 months", received: "2024-12-11", manager: 1, band: 5, breached: true},
		{name: "24 months", received: "2024-06-11", manager: 2, band: 6, breached: true},
		{name: "a day short of 24 months", received: "2024-06-12", manager: 0, band: 5, breached: true},
		{name: "leap day", received: "2024-02-29", manager: 1, band: 6, breached: true},
		{name: "15 months exactly", received: "2025-03-11", manager: 2, band: 4},
		{name: "15 months and a day", received: "2025-03-10", manager: 1, band: 4, breached: true},
		{name: "15 months and 20 days, 20 days held", received: "2025-02-19", manager: 2, band: 4,
			holds: [][2]time.Time{{utc(2025, 6, 1, 9, 0), utc(2025, 6, 21, 15, 0)}}},
		{name: "on hold since before the target", received: "2025-03-01", manager: 1, band: 4,
			holds: [][2]time.Time{{utc(2026, 5, 1, 9, 0), {}}}},
		{name: "on hold since after the target", received: "2025-01-01", manager: 2, band: 4, breached: true,
			holds: [][2]time.Time{{utc(2026, 5, 1, 9, 0), {}}}},
		{name: "deadline overdue", received: "2026-05-01", manager: 1, band: 1, breached: true, deadline: info(utc(2026, 6, 3, 10, 0))},
		{name: "deadline due later today", received: "2026-05-01", manager: 2, band: 1, deadline: info(utc(2026, 6, 11, 20, 0))},
		{name: "deadline due 23:30 BST yesterday", received: "2026-05-01", manager: 0, band: 1, breached: true, deadline: info(utc(2026, 6, 10, 22, 30))},
		{name: "deadline due 00:30 BST today", received: "2026-05-01", manager: 1, band: 1, deadline: info(utc(2026, 6, 10, 23, 30))},
		{name: "pausable deadline paused by a hold", received: "2026-05-01", manager: 2, band: 1,
			deadline: info(utc(2026, 6, 3, 10, 0)), holds: [][2]time.Time{{utc(2026, 5, 25, 9, 0), {}}}},
		{name: "statutory deadline runs through a hold", received: "2026-05-01", manager: 1, band: 1, breached: true,
			deadline: response, holds: [][2]time.Time{{utc(2026, 5, 25, 9, 0), {}}}},
		{name: "pausable deadline overdue before the hold", received: "2026-05-01", manager: 2, band: 1, breached: true,
			deadline: info(utc(2026, 6, 3, 10, 0)), holds: [][2]time.Time{{utc(2026, 6, 5, 9, 0), {}}}},
		{name: "moved 17 days by a hold, still overdue", received: "2026-04-01", manager: 1, band: 1, breached: true,
			deadline: info(utc(2026, 5, 24, 10, 0)), holds: [][2]time.Time{{utc(2026, 5, 15, 9, 0), utc(2026, 6, 1, 9, 0)}}},
		{name: "moved 21 days by a hold, not overdue", received: "2026-04-01", manager: 0, band: 1,
			deadline: info(utc(2026, 5, 24, 10, 0)), holds: [][2]time.Time{{utc(2026, 5, 15, 9, 0), utc(2026, 6, 5, 9, 0)}}},
	}
}

// teamFixture is a caseload spread over the ageing bands.
type teamFixture struct {
	*caseFixture
	managers [3]fitness.Actor // [0] unused: no manager
	byName   map[string]fitness.Case
	closed   fitness.Case
}

func mustTeamFixture(t *testing.T, db *DB) *teamFixture {
	t.Helper()
	ctx := context.Background()
	f := &teamFixture{caseFixture: mustCaseFixture(t, db), byName: map[string]fitness.Case{}}
	f.managers[1] = f.manager
	f.managers[2] = MustCreateUser(t, f.users, "alex.second@example.org", "Alex Second", fitness.RoleCaseManager).Actor()
	for _, s := range teamSpecs() {
		received, _ := time.Parse(time.DateOnly, s.received)
		f.clock.Set(received.Add(8 * time.Hour))
		in := concernInput(fitness.ConcernSubject{Name: s.name})
		in.ReceivedOn = received
		_, cs, err := f.cases.CreateConcern(ctx, f.manager, in)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		c := cs[0]
		if s.manager > 0 {
			c = f.MustApply(t, f.leader, c, fitness.ActionAllocate, fitness.Input{"case_manager": f.managers[s.manager].UserID})
		}
		if s.deadline != nil {
			c = mustSetDeadlines(t, db, c, *s.deadline)
		}
		for _, h := range s.holds {
			f.clock.Set(h[0])
			if c, _, err = f.cases.PlaceHold(ctx, f.leader, c.ID, c.Version, fitness.HoldInput{Reason: fitness.HoldOther, Details: "Test"}); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if !h[1].IsZero() {
				f.clock.Set(h[1])
				if c, _, err = f.cases.EndHold(ctx, f.leader, c.ID, c.Version, ""); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
			}
		}
		f.byName[s.name] = c
	}
	// A closed case, old and overdue, counts nowhere.
	f.clock.Set(utc(2023, 1, 2, 9, 0))
	in := concernInput(fitness.ConcernSubject{Name: "closed"})
	in.ReceivedOn = utc(2023, 1, 2, 0, 0)
	_, cs, err := f.cases.CreateConcern(ctx, f.manager, in)
	if err != nil {
		t.Fatal(err)
	}
	f.closed = mustSetDeadlines(t, db, mustClose(t, f.caseFixture, cs[0]), *info(utc(2023, 2, 1, 9, 0)))
	f.clock.Set(teamNow)
	return f
}

// mustClose closes a case directly, as a closing action would, so that
// these tests do not depend on who may take which closing action.
func mustClose(t *testing.T, f *caseFixture, c fitness.Case) fitness.Case {
	t.Helper()
	ctx := context.Background()
	_, err := f.db.Writer().ExecContext(ctx, `UPDATE cases SET stage = $1, closed_at = $2, deadlines = '[]',
		next_due_at = NULL WHERE id = $3`, string(fitness.StageClosedOutsideRemit), dbTime(f.clock.Now()), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err = f.cases.FindCase(ctx, f.leader, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustQueue returns the whole team queue at the clock's time.
func (f *teamFixture) mustQueue(t *testing.T, filter fitness.TeamFilter) fitness.TeamQueue {
	t.Helper()
	filter.Limit = 200
	q, err := f.cases.TeamQueue(context.Background(), f.leader, filter)
	if err != nil {
		t.Fatal(err)
	}
	if q.Next != "" {
		t.Fatalf("more than one page")
	}
	return q
}

// TestTeamViewAgreesWithClocks is the acceptance test: with a fixed
// clock, the team view's ageing bands and breaches, and its counts per
// band and per case manager, computed in SQL, equal the domain's
// AgeingBand and Breached for every case.
func TestTeamViewAgreesWithClocks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustTeamFixture(t, db)
		r := fitness.HCPCRules()
		want := map[string]teamSpec{}
		for _, s := range teamSpecs() {
			want[s.name] = s
		}
		q := f.mustQueue(t, fitness.TeamFilter{})
		if len(q.Rows) != len(want) {
			t.Fatalf("%d rows; want %d open cases", len(q.Rows), len(want))
		}
		for _, row := range q.Rows {
			s := want[row.SubjectName]
			if row.Band.Number != s.band || row.Breached != s.breached {
				t.Errorf("%s: band %d, breached %v; want %d, %v", s.name, row.Band.Number, row.Breached, s.band, s.breached)
			}
		}
		f.checkAgreement(t, r, teamNow)

		// Half an hour past midnight in London, 23:30 UTC: a new day.
		f.clock.Set(utc(2026, 6, 11, 23, 30))
		f.checkAgreement(t, r, f.clock.Now())
		q = f.mustQueue(t, fitness.TeamFilter{})
		for _, row := range q.Rows {
			switch row.SubjectName {
			case "15 months exactly", "deadline due later today", "deadline due 00:30 BST today":
				if !row.Breached {
					t.Errorf("%s: not breached on the next day", row.SubjectName)
				}
			case "a day short of 3 months":
				if row.Band.Number != 2 {
					t.Errorf("%s: band %d on the next day; want 2", row.SubjectName, row.Band.Number)
				}
			}
		}

		// With other rules: bands and target from configuration.
		r.AgeingBandLimits = []fitness.Period{{Years: 1}, {Years: 2}}
		r.TargetCaseAge = fitness.Period{Months: 6}
		f.cases.rules = r
		f.checkAgreement(t, r, f.clock.Now())
	})
}

// checkAgreement compares every row and count of the team view at now
// with the domain's clocks.
func (f *teamFixture) checkAgreement(t *testing.T, r fitness.Rules, now time.Time) {
	t.Helper()
	ctx := context.Background()
	q := f.mustQueue(t, fitness.TeamFilter{})
	bands := fitness.AgeingBands(r)
	wantBands := make([]fitness.BandCount, len(bands))
	for i, b := range bands {
		wantBands[i].Band = b
	}
	wantManagers := map[string]*fitness.ManagerCount{}
	total, breached := 0, 0
	for _, row := range q.Rows {
		holds, err := f.cases.CaseHolds(ctx, f.leader, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		band := fitness.AgeingBand(r, row.ReceivedOn, now)
		br := fitness.Breached(row.Case, r, holds, now)
		if row.Band != band || row.Breached != br {
			t.Errorf("at %s, %s: SQL band %d breached %v; domain band %d breached %v (%v)", now, row.SubjectName,
				row.Band.Number, row.Breached, band.Number, br, fitness.Breaches(row.Case, r, holds, now))
		}
		if row.OnHold != slices.ContainsFunc(holds, fitness.Hold.Active) {
			t.Errorf("%s: on hold %v", row.SubjectName, row.OnHold)
		}
		n := map[bool]int{true: 1}[br]
		wantBands[band.Number-1].Cases++
		wantBands[band.Number-1].Breached += n
		m := wantManagers[row.CaseManagerID]
		if m == nil {
			m = &fitness.ManagerCount{CaseManagerID: row.CaseManagerID, Name: row.CaseManagerName, ByBand: make([]int, len(bands))}
			wantManagers[row.CaseManagerID] = m
		}
		m.Cases, m.Breached, m.ByBand[band.Number-1] = m.Cases+1, m.Breached+n, m.ByBand[band.Number-1]+1
		total, breached = total+1, breached+n
	}
	if diff := cmp.Diff(wantBands, q.Bands); diff != "" {
		t.Errorf("at %s, band counts (-domain +SQL):\n%s", now, diff)
	}
	var managers []fitness.ManagerCount
	for _, m := range q.Managers {
		managers = append(managers, m)
		if w := wantManagers[m.CaseManagerID]; w == nil || !cmp.Equal(*w, m) {
			t.Errorf("at %s, manager %q: SQL %+v; domain %+v", now, m.Name, m, w)
		}
	}
	if len(managers) != len(wantManagers) || q.Cases != total || q.Breached != breached {
		t.Errorf("at %s: %d managers, %d cases, %d breached; want %d, %d, %d", now, len(managers), q.Cases,
			q.Breached, len(wantManagers), total, breached)
	}
	if last := q.Managers[len(q.Managers)-1]; last.CaseManagerID != "" {
		t.Errorf("unallocated cases are not counted last: %+v", q.Managers)
	}
}

func TestTeamQueueFilters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustTeamFixture(t, db)
		all := f.mustQueue(t, fitness.TeamFilter{})
		names := func(rows []fitness.TeamRow) []string {
			var out []string
			for _, r := range rows {
				out = append(out, r.SubjectName)
			}
			return out
		}
		pick := func(keep func(fitness.TeamRow) bool) []string {
			var out []string
			for _, r := range all.Rows {
				if keep(r) {
					out = append(out, r.SubjectName)
				}
			}
			return out
		}
		for i := 1; i < len(all.Rows); i++ {
			a, b := all.Rows[i-1], all.Rows[i]
			if a.ReceivedOn.After(b.ReceivedOn) || (a.ReceivedOn.Equal(b.ReceivedOn) && a.Reference > b.Reference) {
				t.Errorf("not oldest first: %s before %s", a.Reference, b.Reference)
			}
		}
		second := f.managers[2].UserID
		tests := []struct {
			name   string
			filter fitness.TeamFilter
			want   []string
		}{
			{"breached only", fitness.TeamFilter{BreachedOnly: true}, pick(func(r fitness.TeamRow) bool { return r.Breached })},
			{"band 4", fitness.TeamFilter{Band: 4}, pick(func(r fitness.TeamRow) bool { return r.Band.Number == 4 })},
			{"band 4, breached", fitness.TeamFilter{Band: 4, BreachedOnly: true},
				pick(func(r fitness.TeamRow) bool { return r.Band.Number == 4 && r.Breached })},
			{"case manager", fitness.TeamFilter{CaseManagerID: second}, pick(func(r fitness.TeamRow) bool { return r.CaseManagerID == second })},
			{"unallocated", fitness.TeamFilter{CaseManagerID: fitness.Unallocated}, pick(func(r fitness.TeamRow) bool { return r.CaseManagerID == "" })},
			{"stage", fitness.TeamFilter{Stage: fitness.StageReceived}, names(all.Rows)},
			{"another stage", fitness.TeamFilter{Stage: fitness.StageTriage}, nil},
		}
		for _, tt := range tests {
			q := f.mustQueue(t, tt.filter)
			if diff := cmp.Diff(tt.want, names(q.Rows)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
			if q.Cases != all.Cases || !cmp.Equal(q.Bands, all.Bands) {
				t.Errorf("%s: counts follow the filter; they should cover the team", tt.name)
			}
		}
		if len(pick(func(r fitness.TeamRow) bool { return r.Breached })) < 5 {
			t.Errorf("too few breached cases for a meaningful test")
		}

		// Pages of 5 follow each other without gaps or repeats.
		var paged []string
		after := ""
		for range 10 {
			q, err := f.cases.TeamQueue(ctx, f.leader, fitness.TeamFilter{Limit: 5, After: after})
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, names(q.Rows)...)
			if after = q.Next; after == "" {
				break
			}
		}
		if diff := cmp.Diff(names(all.Rows), paged); diff != "" {
			t.Errorf("paged (-all +paged):\n%s", diff)
		}

		_, err := f.cases.TeamQueue(ctx, f.leader, fitness.TeamFilter{After: "not-a-cursor"})
		mustCode(t, err, fitness.EInvalid, "")
		_, err = f.cases.TeamQueue(ctx, f.leader, fitness.TeamFilter{Band: 7})
		mustCode(t, err, fitness.EInvalid, "")
		_, err = f.cases.TeamQueue(ctx, f.manager, fitness.TeamFilter{})
		mustCode(t, err, fitness.EForbidden, "")
	})
}

func TestReassignCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		second := MustCreateUser(t, f.users, "alex.second@example.org", "Alex Second", fitness.RoleCaseManager)
		cs := f.MustConcern(t, fitness.ConcernSubject{Name: "Ash One"}, fitness.ConcernSubject{Name: "Bo Two"},
			fitness.ConcernSubject{Name: "Cy Three"})
		versions := map[string]int{}
		var ids []string
		for _, c := range cs {
			ids, versions[c.ID] = append(ids, c.ID), c.Version
		}
		// Someone changes the second case after the list was opened.
		stale := f.MustApply(t, f.manager, cs[1], fitness.ActionAddNote, fitness.Input{"note": "Called the employer"})
		eventsBefore := count(t, db, "events")

		err := f.cases.ReassignCases(ctx, f.leader, ids, versions, second.ID)
		mustCode(t, err, fitness.EConflict, "")
		if msg := fitness.ErrorMessage(err); !strings.Contains(msg, stale.Reference) || strings.Contains(msg, cs[0].Reference) ||
			!strings.HasPrefix(msg, "No cases were reassigned") {
			t.Errorf("message %q; want one naming %s alone", msg, stale.Reference)
		}
		if n := count(t, db, "events"); n != eventsBefore {
			t.Errorf("%d events written by a refused reassignment", n-eventsBefore)
		}
		for _, c := range cs {
			got, err := f.cases.FindCase(ctx, f.leader, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.CaseManagerID != "" {
				t.Errorf("%s allocated by a refused reassignment", got.Reference)
			}
		}

		// Refusals before the transaction: input and permission.
		err = f.cases.ReassignCases(ctx, f.leader, nil, versions, "")
		mustCode(t, err, fitness.EInvalid, "")
		if fe := fitness.ErrorFields(err); fe["cases"] == "" || fe["case_manager"] == "" {
			t.Errorf("fields %v", fe)
		}
		err = f.cases.ReassignCases(ctx, f.leader, ids, versions, f.panel.UserID)
		mustCode(t, err, fitness.EInvalid, "")
		err = f.cases.ReassignCases(ctx, f.manager, ids, versions, second.ID)
		mustCode(t, err, fitness.EForbidden, "")

		versions[stale.ID] = stale.Version
		if err := f.cases.ReassignCases(ctx, f.leader, ids, versions, second.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			got, err := f.cases.FindCase(ctx, f.leader, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			evs, err := f.cases.CaseEvents(ctx, f.leader, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := evs[len(evs)-1]
			if got.CaseManagerID != second.ID || last.Type != string(fitness.ActionAllocate) ||
				last.Payload["case_manager"] != second.ID || last.ActorID != f.leader.UserID {
				t.Errorf("%s: manager %q, last event %+v", got.Reference, got.CaseManagerID, last)
			}
		}
		if rep := mustVerify(t, db); rep.Broken != nil {
			t.Errorf("audit chain broken: %s", rep.Broken)
		}

		// A closed case among them refuses them all.
		c0, _ := f.cases.FindCase(ctx, f.leader, cs[0].ID)
		closed := mustClose(t, f, c0)
		c2, _ := f.cases.FindCase(ctx, f.leader, cs[2].ID)
		err = f.cases.ReassignCases(ctx, f.leader, []string{closed.ID, c2.ID},
			map[string]int{closed.ID: closed.Version, c2.ID: c2.Version}, f.manager.UserID)
		mustCode(t, err, fitness.EConflict, "")
		if msg := fitness.ErrorMessage(err); !strings.Contains(msg, closed.Reference+" (this case is closed") {
			t.Errorf("message %q", msg)
		}
		if got, _ := f.cases.FindCase(ctx, f.leader, c2.ID); got.CaseManagerID != second.ID {
			t.Errorf("%s reassigned although another case was refused", got.Reference)
		}
	})
}

// TestReassignLocksInOneOrder: while another transaction holds the first
// of two cases and then asks for the second, a reassignment that chose them
// in the opposite order waits for it rather than deadlocking with it (on
// PostgreSQL, which would abort one of the two), and then goes ahead:
// ReassignCases takes the cases in id order, whatever order they were
// chosen in, and each one's row is locked as it is read (lockedCase).
func TestReassignLocksInOneOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		second := MustCreateUser(t, f.users, "alex.second@example.org", "Alex Second", fitness.RoleCaseManager)
		cs := f.MustConcern(t, fitness.ConcernSubject{Name: "Ash One"}, fitness.ConcernSubject{Name: "Bo Two"})
		a, b := cs[0].ID, cs[1].ID
		if a > b {
			a, b = b, a
		}
		versions := map[string]int{cs[0].ID: cs[0].Version, cs[1].ID: cs[1].Version}
		other, err := db.write.BeginTx(ctx, nil)
		mustNoErr(t, err)
		defer other.Rollback()
		_, err = f.cases.lockedCase(ctx, other, a)
		mustNoErr(t, err)
		done := make(chan error, 1)
		go func() { done <- f.cases.ReassignCases(ctx, f.leader, []string{b, a}, versions, second.ID) }()
		// Long enough for the reassignment to take what it can.
		time.Sleep(300 * time.Millisecond)
		if _, err := f.cases.lockedCase(ctx, other, b); err != nil {
			t.Fatalf("the other transaction, asking for the second case: %v", err)
		}
		mustNoErr(t, other.Commit())
		if err := <-done; err != nil {
			t.Fatalf("the reassignment: %v", err)
		}
	})
}
