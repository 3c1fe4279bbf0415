package sqldb

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"fitness/internal/fitness"
)

func TestOtherBodies(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		bodies, err := f.cases.ListBodies(ctx, f.manager, false)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"A police force", "Care Quality Commission", "Disclosure and Barring Service",
			"General Medical Council", "Nursing and Midwifery Council", "Ofsted"}
		if len(bodies) != len(want) {
			t.Fatalf("seeded bodies = %v; want %v", bodies, want)
		}
		for i, b := range bodies {
			if b.Name != want[i] || !b.Active {
				t.Errorf("body %d = %+v; want %s, active", i, b, want[i])
			}
		}
		dbs, err := f.cases.FindBody(ctx, f.manager, fitness.BodyIDBarringService)
		if err != nil || dbs.Kind != fitness.BodyBarringService {
			t.Fatalf("barring service = %+v, %v", dbs, err)
		}
		_, err = f.cases.ListBodies(ctx, f.panel, false)
		mustCode(t, err, fitness.EForbidden, "")

		in := fitness.OtherBodyInput{Name: "Northmoor Constabulary", Kind: fitness.BodyPolice,
			Source: fitness.SourcePolice, Email: "public.protection@northmoor-police.example"}
		_, err = f.cases.CreateBody(ctx, f.manager, fitness.OtherBodyInput{Name: " ", Email: "nope"})
		if fe := fitness.ErrorFields(err); fe["name"] == "" || fe["kind"] == "" || fe["source"] == "" || fe["email"] == "" {
			t.Fatalf("bad body: %v", err)
		}
		b, err := f.cases.CreateBody(ctx, f.manager, in)
		if err != nil || b.ID == "" {
			t.Fatalf("create body = %+v, %v", b, err)
		}
		_, err = f.cases.CreateBody(ctx, f.manager, in)
		if fitness.ErrorFields(err)["name"] != "A body called Northmoor Constabulary is already recorded" {
			t.Fatalf("duplicate body: %v", err)
		}
		if n := count(t, db, "other_bodies"); n != 7 {
			t.Fatalf("bodies = %d; want 7", n)
		}
	})
}

func TestOutboundReferralLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		reg := mustRegistrantRow(t, db, "SW100201", "Morgan", "Fairweather")
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: reg})[0]
		in := fitness.ReferralInput{Direction: fitness.ReferralOut, BodyID: fitness.BodyIDOfsted, CaseID: c.ID,
			ReferredOn: "9/3/2026", Reason: "The children's home may still employ staff named in the concern."}

		// Bad input and roles that may not refer store nothing.
		_, _, err := f.cases.CreateReferral(ctx, f.manager, fitness.ReferralInput{Direction: fitness.ReferralOut,
			BodyID: "no-such-body", ReferredOn: "31/2/2026"})
		fe := fitness.ErrorFields(err)
		if fe["body_id"] == "" || fe["subject_name"] == "" || fe["reason"] == "" ||
			fe["referred_on"] != "The date of the referral must be a real date, like 27 3 2026" {
			t.Fatalf("bad referral: %v", err)
		}
		future := in
		future.ReferredOn = "2026-03-11"
		_, _, err = f.cases.CreateReferral(ctx, f.manager, future)
		if fitness.ErrorFields(err)["referred_on"] != "The date of the referral must be today or in the past" {
			t.Fatalf("future referral: %v", err)
		}
		_, _, err = f.cases.CreateReferral(ctx, f.panel, in)
		mustCode(t, err, fitness.EForbidden, "")
		if n := count(t, db, "referrals"); n != 0 {
			t.Fatalf("referrals after refusals = %d", n)
		}

		r, cases, err := f.cases.CreateReferral(ctx, f.manager, in)
		if err != nil || len(cases) != 0 {
			t.Fatalf("create referral: %v (cases %v)", err, cases)
		}
		if r.RegistrantID != reg || r.RegistrantName != "Morgan Fairweather" || r.CaseReference != c.Reference ||
			r.Status != fitness.ReferralOpen || r.ReferredOn.Format(time.DateOnly) != "2026-03-09" {
			t.Fatalf("referral = %+v", r)
		}
		got, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil || got.Version != c.Version+1 {
			t.Fatalf("case after referral: version %d, %v; want %d", got.Version, err, c.Version+1)
		}
		events, err := f.cases.CaseEvents(ctx, f.manager, c.ID)
		if err != nil || events[len(events)-1].Type != fitness.EventReferralMade ||
			events[len(events)-1].Payload["body"] != "Ofsted" {
			t.Fatalf("case events: %+v, %v", events, err)
		}

		// Acknowledgement: not before the referral, not with a stale
		// version; then closed, and closed is final.
		ack := fitness.ReferralUpdateInput{Status: fitness.ReferralAcknowledged, AcknowledgedOn: "2026-03-08",
			TheirReference: "OF-2026-4471"}
		_, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version, ack)
		if fitness.ErrorFields(err)["acknowledged_on"] != "The date it was acknowledged must be on or after 9 March 2026" {
			t.Fatalf("early acknowledgement: %v", err)
		}
		ack.AcknowledgedOn = "2026-03-10"
		_, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version+1, ack)
		mustCode(t, err, fitness.EConflict, "")
		r, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version, ack)
		if err != nil || r.Status != fitness.ReferralAcknowledged || r.TheirReference != "OF-2026-4471" || r.Version != 2 {
			t.Fatalf("acknowledged = %+v, %v", r, err)
		}
		_, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version, fitness.ReferralUpdateInput{Status: fitness.ReferralClosed})
		if fitness.ErrorFields(err)["note"] != "Enter the outcome of the referral" {
			t.Fatalf("close without outcome: %v", err)
		}
		r, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version, fitness.ReferralUpdateInput{
			Status: fitness.ReferralClosed, Note: "Ofsted inspected the home; no further action for us."})
		if err != nil || r.Status != fitness.ReferralClosed {
			t.Fatalf("closed = %+v, %v", r, err)
		}
		_, err = f.cases.UpdateReferral(ctx, f.manager, r.ID, r.Version, fitness.ReferralUpdateInput{
			Status: fitness.ReferralWithdrawn, Note: "x"})
		mustCode(t, err, fitness.EConflict, "This referral is closed, so it cannot be changed")

		found, history, err := f.cases.FindReferral(ctx, f.manager, r.ID)
		if err != nil || found.Version != 3 || len(history) != 3 || history[1].Status != fitness.ReferralAcknowledged ||
			history[2].Note != "Ofsted inspected the home; no further action for us." {
			t.Fatalf("find = %+v, %+v, %v", found, history, err)
		}
		list, err := f.cases.ListReferrals(ctx, f.manager, fitness.ReferralFilter{CaseID: c.ID})
		if err != nil || len(list) != 1 || list[0].ID != r.ID {
			t.Fatalf("case referrals = %+v, %v", list, err)
		}
		list, err = f.cases.ListReferrals(ctx, f.manager, fitness.ReferralFilter{OpenOnly: true})
		if err != nil || len(list) != 0 {
			t.Fatalf("open referrals = %+v, %v", list, err)
		}
	})
}

// TestReferralOriginKeyInCallersTx shows the insert a bulk step makes in
// its own transaction is idempotent per key, and rolls back with it.
func TestReferralOriginKeyInCallersTx(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		reg := mustRegistrantRow(t, db, "SW100202", "Jules", "Ashdown")
		in := fitness.ReferralInput{Direction: fitness.ReferralOut, BodyID: fitness.BodyIDPoliceForce,
			RegistrantID: reg, InquiryID: "inquiry-1", ReferredOn: "2026-03-10",
			Reason: "Screening found a possible criminal matter.", OriginKey: "screening:step-1:" + reg}
		var ids []string
		for range 2 {
			err := db.InTx(ctx, func(tx *sql.Tx) error {
				r, _, err := f.cases.CreateReferralTx(ctx, tx, fitness.SystemActor, in)
				ids = append(ids, r.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if ids[0] == "" || ids[0] != ids[1] || count(t, db, "referrals") != 1 {
			t.Fatalf("ids = %v, rows = %d; want one referral", ids, count(t, db, "referrals"))
		}
		in.OriginKey = "screening:step-2:" + reg
		_ = db.InTx(ctx, func(tx *sql.Tx) error {
			if _, _, err := f.cases.CreateReferralTx(ctx, tx, fitness.SystemActor, in); err != nil {
				t.Fatal(err)
			}
			return fitness.Errorf(fitness.EInternal, "the step failed later")
		})
		if n := count(t, db, "referrals"); n != 1 {
			t.Fatalf("referrals after rollback = %d; want 1", n)
		}
	})
}

func TestInboundReferralOpensConcern(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		reg := mustRegistrantRow(t, db, "SW100203", "Alex", "Thornbury")
		in := fitness.ReferralInput{Direction: fitness.ReferralIn, BodyID: fitness.BodyIDCareQualityCommission,
			RegistrantID: reg, ReferredOn: "2026-03-06", TheirReference: "CQC-INS-88120",
			Reason: "An inspection found medicines records altered by the registered manager."}

		_, _, err := f.cases.CreateReferral(ctx, f.manager, fitness.ReferralInput{Direction: fitness.ReferralIn,
			BodyID: fitness.BodyIDCareQualityCommission, RegistrantID: "no-such-registrant", ReferredOn: "2026-03-06",
			Reason: "x"})
		if fitness.ErrorFields(err)["registrant_id"] != "Select a registrant from the register" {
			t.Fatalf("unknown registrant: %v", err)
		}
		if count(t, db, "concerns")+count(t, db, "referrals") != 0 {
			t.Fatal("a refused inbound referral stored something")
		}

		r, cases, err := f.cases.CreateReferral(ctx, f.manager, in)
		if err != nil || len(cases) != 1 {
			t.Fatalf("inbound: %v, cases %v", err, cases)
		}
		c := cases[0]
		if c.Source != fitness.SourceOther || c.RegistrantID != reg || r.CaseID != c.ID || r.ConcernID != c.ConcernID ||
			r.CaseReference != c.Reference {
			t.Fatalf("case = %+v; referral = %+v", c, r)
		}
		var source, raisedBy, summary, received string
		err = db.Reader().QueryRowContext(ctx, `SELECT source, raised_by_name, summary, received_on FROM concerns
			WHERE id = $1`, c.ConcernID).Scan(&source, &raisedBy, &summary, &received)
		if err != nil || source != "other" || raisedBy != "Care Quality Commission" || received != "2026-03-06" ||
			summary != "Referral from Care Quality Commission (their reference CQC-INS-88120): "+in.Reason {
			t.Fatalf("concern = %s, %s, %s, %s, %v", source, raisedBy, summary, received, err)
		}

		// A police force's referral is counted under "police", about a
		// person not yet found on the register.
		_, cases, err = f.cases.CreateReferral(ctx, f.manager, fitness.ReferralInput{Direction: fitness.ReferralIn,
			BodyID: fitness.BodyIDPoliceForce, SubjectName: "Robin Hale", SubjectDetails: "Works for Northmoor Council",
			ReferredOn: "2026-03-09", Reason: "Charged with an offence against a child."})
		if err != nil || cases[0].Source != fitness.SourcePolice || cases[0].SubjectName != "Robin Hale" {
			t.Fatalf("police referral: %+v, %v", cases, err)
		}
		list, err := f.cases.ListReferrals(ctx, f.manager, fitness.ReferralFilter{Direction: fitness.ReferralIn,
			BodyID: fitness.BodyIDPoliceForce})
		if err != nil || len(list) != 1 || list[0].Subject() != "Robin Hale" {
			t.Fatalf("police referrals = %+v, %v", list, err)
		}
	})
}

// mustStrikeOff moves c to the struck-off stage directly, as the striking
// off taking effect would, so that the prompt's test does not depend on
// the whole route to a final hearing.
func mustStrikeOff(tb testing.TB, db *DB, c fitness.Case) {
	tb.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `UPDATE cases SET stage = $1, closed_at = $2
		WHERE id = $3`, string(fitness.StageStruckOff), dbTime(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)), c.ID)
	if err != nil {
		tb.Fatal(err)
	}
}

func TestBarringPrompt(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		reg := mustRegistrantRow(t, db, "SW100204", "Sam", "Wexford")
		cs := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: reg}, fitness.ConcernSubject{Name: "Kit Lowry"})
		c, other := cs[0], cs[1]

		_, _, err := f.cases.MarkSafeguarding(ctx, f.manager, c.ID, c.Version, " ")
		if fitness.ErrorFields(err)["reason"] != "Enter why this is a safeguarding case" {
			t.Fatalf("mark without reason: %v", err)
		}
		c, sg, err := f.cases.MarkSafeguarding(ctx, f.manager, c.ID, c.Version, "Harm to children in foster care.")
		if err != nil || !sg.Marked() {
			t.Fatalf("mark: %+v, %v", sg, err)
		}
		_, _, err = f.cases.MarkSafeguarding(ctx, f.manager, c.ID, c.Version, "again")
		mustCode(t, err, fitness.EConflict, "")

		// Not struck off yet: no prompt, and no decision can be recorded.
		prompts, err := f.cases.BarringPrompts(ctx, f.leader)
		if err != nil || len(prompts) != 0 {
			t.Fatalf("prompts before striking off = %+v, %v", prompts, err)
		}
		made := fitness.BarringInput{Outcome: fitness.BarringMade, ReferredOn: "2026-03-10",
			Reason: "Struck off for harming children.", TheirReference: "DBS-REF-5521"}
		_, _, err = f.cases.DecideBarring(ctx, f.manager, c.ID, c.Version, made)
		mustCode(t, err, fitness.EConflict, "No referral to the barring service is awaiting a decision on this case")

		mustStrikeOff(t, db, c)
		mustStrikeOff(t, db, other) // struck off, but not a safeguarding case: no prompt
		prompts, err = f.cases.BarringPrompts(ctx, f.leader)
		if err != nil || len(prompts) != 1 || prompts[0].CaseID != c.ID || prompts[0].RegistrantName != "Sam Wexford" {
			t.Fatalf("prompts = %+v, %v", prompts, err)
		}
		_, err = f.cases.BarringPrompts(ctx, f.manager)
		mustCode(t, err, fitness.EForbidden, "")

		_, _, err = f.cases.DecideBarring(ctx, f.manager, c.ID, c.Version, fitness.BarringInput{Outcome: fitness.BarringMade,
			ReferredOn: "2026-03-10"})
		if fitness.ErrorFields(err)["reason"] != "Enter the reason given to the Disclosure and Barring Service" {
			t.Fatalf("made without reason: %v", err)
		}
		before := count(t, db, "events")
		c, sg, err = f.cases.DecideBarring(ctx, f.manager, c.ID, c.Version, made)
		if err != nil || sg.Barring != fitness.BarringMade || sg.ReferralID == "" {
			t.Fatalf("decide: %+v, %v", sg, err)
		}
		if n := count(t, db, "events") - before; n != 2 {
			t.Fatalf("events added = %d; want referral made and decision", n)
		}
		r, _, err := f.cases.FindReferral(ctx, f.manager, sg.ReferralID)
		if err != nil || r.BodyID != fitness.BodyIDBarringService || r.CaseID != c.ID || r.RegistrantID != reg ||
			r.TheirReference != "DBS-REF-5521" || r.Direction != fitness.ReferralOut {
			t.Fatalf("barring referral = %+v, %v", r, err)
		}
		got, err := f.cases.CaseSafeguarding(ctx, f.manager, c.ID)
		if err != nil || got.Barring != fitness.BarringMade || got.ReferralID != r.ID || got.DecidedByName != "Casey Manager" {
			t.Fatalf("safeguarding = %+v, %v", got, err)
		}
		if prompts, _ = f.cases.BarringPrompts(ctx, f.leader); len(prompts) != 0 {
			t.Fatalf("prompts after decision = %+v", prompts)
		}
		_, _, err = f.cases.DecideBarring(ctx, f.manager, c.ID, c.Version, made)
		mustCode(t, err, fitness.EConflict, "")

		// Not made, with the reason.
		other, _, err = f.cases.MarkSafeguarding(ctx, f.manager, other.ID, other.Version+0, "Adults at risk.")
		if err != nil {
			t.Fatal(err)
		}
		_, sg, err = f.cases.DecideBarring(ctx, f.manager, other.ID, other.Version, fitness.BarringInput{
			Outcome: fitness.BarringNotMade, Reason: "Already on the adults' barred list."})
		if err != nil || sg.Barring != fitness.BarringNotMade || sg.Note != "Already on the adults' barred list." {
			t.Fatalf("not made: %+v, %v", sg, err)
		}
		if n := count(t, db, "referrals"); n != 1 {
			t.Fatalf("referrals = %d; want 1", n)
		}
	})
}

// TestReferralsOfInquiries shows a referral made by an inquiry's screening
// is inquiry material: only the inquiry's team and the roles that see
// every inquiry see it.
func TestReferralsOfInquiries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustCaseFixture(t, db)
		other := MustCreateUser(t, f.users, "olly.other@example.org", "Olly Other", fitness.RoleCaseManager).Actor()
		registrar := MustCreateUser(t, f.users, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar).Actor()
		reg := mustRegistrantRow(t, db, "SW100205", "Dana", "Morrow")
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO inquiries (id, title, source_title, source_publisher,
			source_published, source_summary, period_from, period_to, created_at, created_by)
			VALUES ('inq-1', 'Northmoor children''s services', 'Independent review', 'Northmoor Council', '2014-08-26',
			'Failures in children''s services.', '1997-01-01', '2013-12-31', $1, $2)`, dbTime(f.clock.Now()), f.leader.UserID)
		if err == nil {
			_, err = db.Writer().ExecContext(ctx, `INSERT INTO inquiry_team (inquiry_id, user_id) VALUES ('inq-1', $1)`, f.manager.UserID)
		}
		if err != nil {
			t.Fatal(err)
		}
		var r fitness.Referral
		err = db.InTx(ctx, func(tx *sql.Tx) error {
			r, _, err = f.cases.CreateReferralTx(ctx, tx, fitness.SystemActor, fitness.ReferralInput{
				Direction: fitness.ReferralOut, BodyID: fitness.BodyIDPoliceForce, RegistrantID: reg, InquiryID: "inq-1",
				ReferredOn: "2026-03-10", Reason: "Screening found a possible offence.", OriginKey: "screen:1:" + reg})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who  string
			a    fitness.Actor
			sees bool
		}{{"team member", f.manager, true}, {"team leader", f.leader, true}, {"case manager off the team", other, false},
			{"registrar", registrar, false}} {
			list, err := f.cases.ListReferrals(ctx, tc.a, fitness.ReferralFilter{})
			if err != nil || (len(list) == 1) != tc.sees {
				t.Errorf("%s lists %d referrals, %v; sees = %v", tc.who, len(list), err, tc.sees)
			}
			_, _, err = f.cases.FindReferral(ctx, tc.a, r.ID)
			if (err == nil) != tc.sees || (!tc.sees && fitness.ErrorCode(err) != fitness.ENotFound) {
				t.Errorf("%s finds the referral: %v; sees = %v", tc.who, err, tc.sees)
			}
		}
		_, err = f.cases.UpdateReferral(ctx, other, r.ID, r.Version, fitness.ReferralUpdateInput{
			Status: fitness.ReferralWithdrawn, Note: "x"})
		mustCode(t, err, fitness.ENotFound, "")

		// A referral about a case follows the case: a declared conflict
		// hides it, in the list and alone.
		c := f.MustConcern(t, fitness.ConcernSubject{RegistrantID: reg})[0]
		onCase, _, err := f.cases.CreateReferral(ctx, f.manager, fitness.ReferralInput{Direction: fitness.ReferralOut,
			BodyID: fitness.BodyIDOfsted, CaseID: c.ID, ReferredOn: "2026-03-10", Reason: "Works with children."})
		if err != nil {
			t.Fatal(err)
		}
		if list, err := f.cases.ListReferrals(ctx, other, fitness.ReferralFilter{}); err != nil || len(list) != 1 || list[0].ID != onCase.ID {
			t.Fatalf("before the conflict: %+v, %v", list, err)
		}
		_, err = db.Writer().ExecContext(ctx, `INSERT INTO conflicts (id, user_id, case_id, reason, declared_at, declared_by)
			VALUES ('x1', $1, $2, 'Former colleague', $3, $1)`, other.UserID, c.ID, dbTime(f.clock.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if list, err := f.cases.ListReferrals(ctx, other, fitness.ReferralFilter{}); err != nil || len(list) != 0 {
			t.Errorf("after the conflict: %+v, %v", list, err)
		}
		_, _, err = f.cases.FindReferral(ctx, other, onCase.ID)
		mustCode(t, err, fitness.ENotFound, "")
		if list, _ := f.cases.ListReferrals(ctx, f.manager, fitness.ReferralFilter{}); len(list) != 2 {
			t.Errorf("the team member lists %d referrals; want 2", len(list))
		}
	})
}
