package sqldb

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// MustApply applies an action as actor at the case's current version.
func (f *caseFixture) MustApply(tb testing.TB, actor fitness.Actor, c fitness.Case, action fitness.ActionName, in fitness.Input) fitness.Case {
	tb.Helper()
	next, err := f.cases.ApplyAction(context.Background(), actor, c.ID, c.Version, action, in)
	if err != nil {
		tb.Fatalf("%s: %v", action, err)
	}
	return next
}

func TestApplyAction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Harper Quinn"})[0]
		f.clock.Add(time.Hour)
		c = f.MustApply(t, f.manager, c, fitness.ActionStartTriage, fitness.Input{"note": "Looks in remit"})
		if c.Stage != fitness.StageTriage || c.Version != 2 {
			t.Fatalf("after triage: %+v", c)
		}
		c = f.MustApply(t, f.manager, c, fitness.ActionStartInvestigation, nil)
		c = f.MustApply(t, f.leader, c, fitness.ActionAllocate, fitness.Input{"case_manager": f.manager.UserID})
		got, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("stored case (-returned +found):\n%s", diff)
		}
		if got.Stage != fitness.StageInvestigation || got.Version != 4 || got.CaseManagerID != f.manager.UserID {
			t.Errorf("case %+v", got)
		}
		evs, err := f.cases.CaseEvents(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for i, e := range evs {
			types = append(types, e.Type)
			if e.Seq != i+1 || (i > 0 && e.PrevHash != evs[i-1].Hash) {
				t.Errorf("event %d: seq %d prev %q", i, e.Seq, e.PrevHash)
			}
		}
		want := []string{"case_opened", "start_triage", "start_investigation", "allocate"}
		if diff := cmp.Diff(want, types); diff != "" {
			t.Errorf("event types (-want +got):\n%s", diff)
		}
		if evs[1].Payload["note"] != "Looks in remit" || evs[1].FromStage != fitness.StageReceived {
			t.Errorf("triage event %+v", evs[1])
		}

		// A user without the case manager role cannot be allocated.
		_, err = f.cases.ApplyAction(ctx, f.leader, c.ID, c.Version, fitness.ActionAllocate,
			fitness.Input{"case_manager": f.panel.UserID})
		mustCode(t, err, fitness.EInvalid, "")
		if _, ok := fitness.ErrorFields(err)["case_manager"]; !ok {
			t.Errorf("fields %v", fitness.ErrorFields(err))
		}
		// A panel member not on a panel cannot see the case at all.
		_, err = f.cases.ApplyAction(ctx, f.panel, c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "x"})
		mustCode(t, err, fitness.ENotFound, "Case not found")
	})
}

func TestApplyActionStale(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		opened := f.MustConcern(t, fitness.ConcernSubject{Name: "Indy Rowe"})[0]
		f.MustApply(t, f.manager, opened, fitness.ActionStartTriage, nil)
		events := count(t, db, "events")
		_, err := f.cases.ApplyAction(ctx, f.leader, opened.ID, opened.Version, fitness.ActionCloseOutsideRemit,
			fitness.Input{"remit_reason": "other", "reason": "Not ours"})
		mustCode(t, err, fitness.EConflict, "")
		if msg := fitness.ErrorMessage(err); !strings.HasPrefix(msg, "This case has changed since you opened it: Triage started") ||
			!strings.Contains(msg, "by Casey Manager") {
			t.Errorf("message %q", msg)
		}
		got, err := f.cases.FindCase(ctx, f.manager, opened.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stage != fitness.StageTriage || got.Version != 2 || count(t, db, "events") != events {
			t.Errorf("stale write changed the case: %+v", got)
		}
	})
}

func TestApplyActionConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = f.cases.ApplyAction(context.Background(), f.manager, c.ID, c.Version,
					fitness.ActionStartTriage, fitness.Input{"note": string(rune('a' + i))})
			})
		}
		wg.Wait()
		var ok, conflict int
		for _, err := range errs {
			switch fitness.ErrorCode(err) {
			case "":
				ok++
			case fitness.EConflict:
				conflict++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("ok %d, conflict %d; want one of each (%v)", ok, conflict, errs)
		}
		if n := count(t, db, "events"); n != 2 {
			t.Errorf("%d events; want 2", n)
		}
	})
}

// applyDuringLetter applies action to case c at its version while a
// letter sent on it is being recorded, as the letter job does, in another
// transaction: that transaction commits 300 ms after the action starts,
// long enough for the action to have read the case (and, at once, sent its
// update). It fails the test if the action fails, and returns the case as
// it is afterwards.
func (f *caseFixture) applyDuringLetter(t *testing.T, c fitness.Case, action fitness.ActionName, in fitness.Input) fitness.Case {
	t.Helper()
	ctx := context.Background()
	letter, err := f.db.write.BeginTx(ctx, nil)
	mustNoErr(t, err)
	defer letter.Rollback()
	locked, err := f.cases.loadCase(ctx, letter, c.ID)
	mustNoErr(t, err)
	_, err = appendEvents(ctx, letter, locked, fitness.Event{Type: fitness.EventDocumentSent, ActorID: fitness.SystemActor.UserID,
		ActorName: fitness.SystemActor.Name, At: f.clock.Now(), Payload: map[string]string{"document": "acknowledgement"}})
	mustNoErr(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, action, in)
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	mustNoErr(t, letter.Commit())
	if err := <-done; err != nil {
		t.Fatalf("%s after a letter: %v", action, err)
	}
	got, err := f.cases.FindCase(ctx, f.manager, c.ID)
	mustNoErr(t, err)
	return got
}

// TestApplyActionAfterLetterCommits: a letter recorded on the case by
// another transaction (as the letter job does) that commits while an
// action is being applied is accepted as any letter served since the
// actor's version is: the action waits for it and goes ahead after it,
// rather than failing its guarded update with "This case has changed".
func TestApplyActionAfterLetterCommits(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Jules Ng"})[0]
		got := f.applyDuringLetter(t, c, fitness.ActionStartTriage, nil)
		if got.Version != c.Version+2 || got.Stage == c.Stage {
			t.Errorf("case at version %d in %s; want %d, triage", got.Version, got.Stage, c.Version+2)
		}
	})
}

func TestRegisterEffects(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		rid := mustRegistrantRow(t, db, "SW100009", "Kit", "Lowe")
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: rid})[0]
		apply := func(action fitness.ActionName, in fitness.Input) {
			t.Helper()
			if err := db.InTx(ctx, func(tx *sql.Tx) error {
				return f.cases.registerEffects(ctx, tx, c, action, in)
			}); err != nil {
				t.Fatal(err)
			}
		}
		entry := func() (status, annotations string) {
			t.Helper()
			if err := db.Reader().QueryRowContext(ctx, `SELECT status, annotations FROM registrants WHERE id = $1`,
				rid).Scan(&status, &annotations); err != nil {
				t.Fatal(err)
			}
			return status, annotations
		}
		apply(fitness.ActionOrderTakesEffect, fitness.Input{"order": "conditions"})
		apply(fitness.ActionOrderTakesEffect, fitness.Input{"order": "caution"})
		if st, an := entry(); st != "registered" ||
			an != "Conditions of practice on the register\nCaution on the register" {
			t.Errorf("after conditions and caution: %q, %q", st, an)
		}
		apply(fitness.ActionApproveVoluntaryRemoval, nil)
		if st, _ := entry(); st != string(fitness.StatusVoluntarilyRemoved) {
			t.Errorf("status %q", st)
		}
	})
}

func TestListCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		cs := f.MustConcern(t, fitness.ConcernSubject{Name: "A"}, fitness.ConcernSubject{Name: "B"},
			fitness.ConcernSubject{Name: "C"}, fitness.ConcernSubject{Name: "D"}, fitness.ConcernSubject{Name: "E"})
		// Cases 00001–00003 get information due 14 days after requests made
		// on days 5, 1 and 3 from now; 00004 and 00005 have nothing due.
		request := func(c fitness.Case, day int) {
			c = f.MustApply(t, f.manager, c, fitness.ActionStartTriage, nil)
			c = f.MustApply(t, f.manager, c, fitness.ActionStartInvestigation, nil)
			saved := f.clock.Now()
			f.clock.Add(time.Duration(day) * 24 * time.Hour)
			f.MustApply(t, f.manager, c, fitness.ActionRequestInformation,
				fitness.Input{"recipient": "Riverside Council", "request": "Rotas for March"})
			f.clock.Set(saved)
		}
		request(cs[0], 5)
		request(cs[1], 1)
		request(cs[2], 3)
		f.MustApply(t, f.leader, cs[4], fitness.ActionAllocate, fitness.Input{"case_manager": f.manager.UserID})

		var refs []string
		var after string
		pages := 0
		for {
			page, err := f.cases.ListCases(ctx, f.manager, fitness.CaseFilter{Limit: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, c := range page.Cases {
				refs = append(refs, c.Reference)
			}
			if after = page.Next; after == "" {
				break
			}
		}
		want := []string{"FTP-2026-00002", "FTP-2026-00003", "FTP-2026-00001", "FTP-2026-00004", "FTP-2026-00005"}
		if diff := cmp.Diff(want, refs); diff != "" || pages != 3 {
			t.Errorf("%d pages; order (-want +got):\n%s", pages, diff)
		}

		mine, err := f.cases.ListCases(ctx, f.manager, fitness.CaseFilter{CaseManagerID: f.manager.UserID})
		if err != nil || len(mine.Cases) != 1 || mine.Cases[0].CaseManagerName != "Casey Manager" {
			t.Fatalf("my cases = %+v, %v", mine, err)
		}
		inv, err := f.cases.ListCases(ctx, f.manager, fitness.CaseFilter{Stage: fitness.StageInvestigation, OpenOnly: true})
		if err != nil || len(inv.Cases) != 3 || inv.Next != "" {
			t.Fatalf("investigations = %+v, %v", inv, err)
		}
		if p, err := f.cases.ListCases(ctx, f.panel, fitness.CaseFilter{}); err != nil || len(p.Cases) != 0 {
			t.Errorf("panel member list = %+v, %v", p, err)
		}
		_, err = f.cases.ListCases(ctx, f.manager, fitness.CaseFilter{After: "bogus"})
		mustCode(t, err, fitness.EInvalid, "")
	})
}

func TestReadsAreRecorded(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "Lou Marr"})[0]
		if _, err := f.cases.FindCase(ctx, f.manager, c.Reference); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cases.CaseEvents(ctx, f.leader, c.ID); err != nil {
			t.Fatal(err)
		}
		_, err := f.cases.FindCase(ctx, f.panel, c.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")
		_, err = f.cases.FindCase(ctx, f.manager, "FTP-2026-99999")
		mustCode(t, err, fitness.ENotFound, "Case not found")

		want := [][]string{
			{f.manager.UserID, "case.view", c.ID},
			{f.leader.UserID, "case.events", c.ID},
			{f.panel.UserID, "case.view.denied", c.ID},
		}
		if diff := cmp.Diff(want, accessLog(t, db)); diff != "" {
			t.Errorf("access log (-want +got):\n%s", diff)
		}
	})
}

// accessLog returns actor, action and case of every access record, in
// order.
func accessLog(t *testing.T, db *DB) [][]string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(),
		`SELECT actor_id, action, COALESCE(case_id, '') FROM access_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][]string
	for rows.Next() {
		var actor, action, caseID string
		if err := rows.Scan(&actor, &action, &caseID); err != nil {
			t.Fatal(err)
		}
		got = append(got, []string{actor, action, caseID})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestOneAccessRecordPerCasePerRequest(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustCaseFixture(t, db)
		cs := f.MustConcern(t, fitness.ConcernSubject{Name: "Lou Marr"}, fitness.ConcernSubject{Name: "Ira Penhallow"})
		a, b := cs[0], cs[1]
		page := func(ctx context.Context, actor fitness.Actor, c fitness.Case) {
			t.Helper()
			if _, err := f.cases.FindCase(ctx, actor, c.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.cases.RecentEvents(ctx, actor, c.ID, 50); err != nil {
				t.Fatal(err)
			}
			if _, err := f.cases.CaseHolds(ctx, actor, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		// One request showing two cases, by two people, with a refusal.
		req := WithReadScope(context.Background())
		page(req, f.manager, a)
		page(req, f.manager, b)
		page(req, f.leader, a)
		for range 2 {
			_, err := f.cases.FindCase(req, f.panel, a.ID)
			mustCode(t, err, fitness.ENotFound, "Case not found")
		}
		// A second request records again.
		page(WithReadScope(context.Background()), f.manager, a)
		// No scope: every read is recorded.
		page(context.Background(), f.leader, b)

		want := [][]string{
			{f.manager.UserID, "case.view", a.ID},
			{f.manager.UserID, "case.view", b.ID},
			{f.leader.UserID, "case.view", a.ID},
			{f.panel.UserID, "case.view.denied", a.ID},
			{f.panel.UserID, "case.view.denied", a.ID},
			{f.manager.UserID, "case.view", a.ID},
			{f.leader.UserID, "case.view", b.ID},
			{f.leader.UserID, "case.events", b.ID},
			{f.leader.UserID, "case.holds", b.ID},
		}
		if diff := cmp.Diff(want, accessLog(t, db)); diff != "" {
			t.Errorf("access log (-want +got):\n%s", diff)
		}
	})
}

func TestIdentifyRegistrantLater(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		id := mustRegistrantRow(t, db, "SW700123", "Morwenna", "Tregarth")
		c := f.MustConcern(t, fitness.ConcernSubject{Name: "M. Tregarth", Details: "Social worker, Northmoor"})[0]
		if c.RegistrantID != "" {
			t.Fatalf("case opened with registrant %q", c.RegistrantID)
		}
		_, err := f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionIdentifyRegistrant,
			fitness.Input{"registrant": "SW999999"})
		mustCode(t, err, fitness.EInvalid, "")
		if msg := fitness.ErrorFields(err)["registrant"]; !strings.Contains(msg, "SW999999") {
			t.Errorf("unknown number message %q", msg)
		}
		c = f.MustApply(t, f.manager, c, fitness.ActionIdentifyRegistrant, fitness.Input{"registrant": " sw700123 "})
		got, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RegistrantID != id {
			t.Errorf("registrant = %q; want %q", got.RegistrantID, id)
		}
		_, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, fitness.ActionIdentifyRegistrant,
			fitness.Input{"registrant": "SW700123"})
		mustCode(t, err, fitness.EConflict, "This case already names its registrant")
	})
}
