package sqldb

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// inquiryFixture is a case fixture with two employers, an inquiry service
// and an inquiry over 1997–2013 with the case manager on its team.
type inquiryFixture struct {
	*caseFixture
	regs      *RegistrantService
	inquiries *InquiryService
	council   string // employer in the inquiry
	elsewhere string // employer not in it
	inq       fitness.Inquiry
	outsider  fitness.Actor // a case manager not on the team
}

func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustInquiryFixture(tb testing.TB, db *DB) *inquiryFixture {
	tb.Helper()
	ctx := context.Background()
	f := &inquiryFixture{caseFixture: mustCaseFixture(tb, db), regs: NewRegistrantService(db)}
	f.inquiries = NewInquiryService(db, f.cases, fitness.HCPCRules(), f.clock.Now)
	es := []fitness.Employer{{Name: "Northmere Borough Council", Kind: "council"},
		{Name: "Eastwick Care Trust", Kind: "nhs-trust"}}
	mustNoErr(tb, f.regs.InsertEmployers(ctx, es))
	f.council, f.elsewhere = es[0].ID, es[1].ID
	f.outsider = MustCreateUser(tb, f.users, "olly.outside@example.org", "Olly Outside", fitness.RoleCaseManager).Actor()
	inq, err := f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{Title: "Northmere children's services",
		SourceTitle: "Independent review of children's services in Northmere", SourcePublisher: "Northmere Review Panel",
		SourcePublished: day("2014-08-26"), SourceLink: "https://review.example.org/northmere",
		SourceSummary: "Failures to act on exploitation between 1997 and 2013.", EmployerIDs: []string{f.council},
		From: day("1997-01-01"), To: day("2013-12-31"), TeamUserIDs: []string{f.manager.UserID}})
	if err != nil {
		tb.Fatal(err)
	}
	f.inq = inq
	return f
}

// mustWorker stores a registrant with one employment and returns the
// registrant's id.
func (f *inquiryFixture) mustWorker(tb testing.TB, n int, employer, from, to string) string {
	tb.Helper()
	id := mustRegistrantRow(tb, f.db, fmt.Sprintf("SW9%05d", n), "Worker", fmt.Sprintf("Number%03d", n))
	mustNoErr(tb, f.regs.InsertEmployments(context.Background(), []fitness.Employment{{RegistrantID: id,
		EmployerID: employer, Role: "Social worker", From: day(from), To: day(to)}}))
	return id
}

// scopeCases are boundary cases of the overlap rule for 1997-01-01 to
// 2013-12-31, as an employment at the council.
var scopeCases = []struct {
	name     string
	from, to string
	in       bool
}{
	{"left the day before the period", "1990-03-01", "1996-12-31", false},
	{"left on the first day", "1990-03-01", "1997-01-01", true},
	{"joined on the last day", "2013-12-31", "", true},
	{"joined the day after", "2014-01-01", "", false},
	{"still employed, joined before", "1995-05-05", "", true},
	{"within the period", "2000-01-01", "2001-01-01", true},
	{"spans the period", "1990-01-01", "2020-01-01", true},
	{"one day on the first day", "1997-01-01", "1997-01-01", true},
	{"one day on the last day", "2013-12-31", "2013-12-31", true},
	{"ended long before", "1990-01-01", "1991-01-01", false},
}

// TestScopeSQLAgreesWithOverlapRule runs the boundary cases through the
// scoping SQL and the pure rule: both must agree with each other and with
// the expected answer.
func TestScopeSQLAgreesWithOverlapRule(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		ids := map[string]int{}
		for i, c := range scopeCases {
			ids[f.mustWorker(t, i, f.council, c.from, c.to)] = i
		}
		f.mustWorker(t, 99, f.elsewhere, "2000-01-01", "") // another employer: never in scope
		run, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		got := map[int]bool{}
		for _, e := range run.Snapshot.Entries {
			i, ok := ids[e.RegistrantID]
			if !ok {
				t.Errorf("registrant of another employer in scope: %+v", e)
				continue
			}
			got[i] = true
		}
		for i, c := range scopeCases {
			pure := fitness.EmploymentOverlaps(day(c.from), day(c.to), f.inq.From, f.inq.To)
			if got[i] != pure || pure != c.in {
				t.Errorf("%s: SQL %v, rule %v, want %v", c.name, got[i], pure, c.in)
			}
		}
		if run.Snapshot.Rule != fitness.OverlapRule || run.Snapshot.Seq != 1 || len(run.Diff.Added) != run.Snapshot.People {
			t.Errorf("snapshot %+v, diff %d added", run.Snapshot, len(run.Diff.Added))
		}
	})
}

// TestScopeRerunShowsDifference corrects employment records and re-runs
// the scope: the difference shows exactly the people changed.
func TestScopeRerunShowsDifference(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		before := f.mustWorker(t, 1, f.council, "1990-01-01", "1996-12-31") // out
		leaving := f.mustWorker(t, 2, f.council, "2014-01-01", "")          // out
		changing := f.mustWorker(t, 3, f.council, "2000-01-01", "2005-01-01")
		f.mustWorker(t, 4, f.council, "2001-01-01", "")
		first, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		if first.Snapshot.People != 2 {
			t.Fatalf("first run: %d people", first.Snapshot.People)
		}
		// The records were wrong: the first worker left in 1998, the second
		// joined in 2013 (then is out again), the third left in 2006.
		mustExec(t, db, `UPDATE employments SET end_date = '1998-06-30' WHERE registrant_id = $1`, before)
		mustExec(t, db, `UPDATE employments SET end_date = '2006-03-31' WHERE registrant_id = $1`, changing)
		f.clock.Add(time.Hour)
		second, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		d := second.Diff
		if len(d.Added) != 1 || d.Added[0].RegistrantID != before || len(d.Removed) != 0 || len(d.Changed) != 1 ||
			d.Changed[0].After.RegistrantID != changing || !d.Changed[0].After.Employments[0].To.Equal(day("2006-03-31")) ||
			!d.Changed[0].Before.Employments[0].To.Equal(day("2005-01-01")) {
			t.Errorf("diff = %+v", d)
		}
		mustExec(t, db, `UPDATE employments SET start_date = '2013-01-01' WHERE registrant_id = $1`, leaving)
		mustExec(t, db, `UPDATE employments SET end_date = '1996-01-01' WHERE registrant_id = $1`, before)
		third, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		if d := third.Diff; len(d.Added) != 1 || d.Added[0].RegistrantID != leaving || len(d.Removed) != 1 ||
			d.Removed[0].RegistrantID != before || d.Removed[0].Name != "Worker Number001" ||
			d.Removed[0].Employments[0].EmployerName != "Northmere Borough Council" || len(d.Changed) != 0 {
			t.Errorf("third diff = %+v", d)
		}
		// The stored snapshots compare the same way, and keep the first run.
		cmp, err := f.inquiries.CompareSnapshots(ctx, f.manager, f.inq.ID, first.Snapshot.ID, second.Snapshot.ID)
		mustNoErr(t, err)
		if len(cmp.Added) != 1 || len(cmp.Changed) != 1 || len(cmp.Removed) != 0 {
			t.Errorf("stored comparison = %+v", cmp)
		}
		snaps, err := f.inquiries.Snapshots(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		if len(snaps) != 3 || snaps[2].People != 2 || snaps[0].Seq != 3 || snaps[1].TakenAt.Sub(snaps[2].TakenAt) != time.Hour {
			t.Errorf("snapshots = %+v", snaps)
		}
	})
}

// TestInquiryAccess shows inquiry material only to its team and the roles
// that see every inquiry.
func TestInquiryAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		for _, a := range []fitness.Actor{f.leader, f.manager} {
			if _, err := f.inquiries.FindInquiry(ctx, a, f.inq.ID); err != nil {
				t.Errorf("%s: %v", a.Name, err)
			}
			if list, err := f.inquiries.ListInquiries(ctx, a); err != nil || len(list) != 1 {
				t.Errorf("%s list: %v %v", a.Name, list, err)
			}
		}
		for _, a := range []fitness.Actor{f.outsider, f.panel} {
			_, err := f.inquiries.FindInquiry(ctx, a, f.inq.ID)
			mustCode(t, err, fitness.ENotFound, "Inquiry not found")
			_, err = f.inquiries.RunScope(ctx, a, f.inq.ID)
			mustCode(t, err, fitness.ENotFound, "Inquiry not found")
			if list, err := f.inquiries.ListInquiries(ctx, a); err != nil || len(list) != 0 {
				t.Errorf("%s list: %v %v", a.Name, list, err)
			}
		}
		var denied int
		mustNoErr(t, db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM access_log WHERE action = 'inquiry.view.denied'
			AND case_id = $1`, f.inq.ID).Scan(&denied))
		if denied != 2 {
			t.Errorf("%d denied reads recorded, want 2", denied)
		}
		_, err := f.inquiries.CreateInquiry(ctx, f.panel, fitness.InquiryInput{})
		mustCode(t, err, fitness.EForbidden, "")
		_, err = f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{Title: "x", SourceTitle: "x",
			SourcePublisher: "x", SourceSummary: "x", SourcePublished: day("2020-01-01"), From: day("2000-01-01"),
			To: day("2001-01-01"), EmployerIDs: []string{"no-such-employer"}, TeamUserIDs: []string{"nobody"}})
		if fe := fitness.ErrorFields(err); fe["employers"] == "" || fe["team"] == "" {
			t.Errorf("unknown employer and team member: %v", err)
		}
		if n := count(t, db, "inquiries"); n != 1 {
			t.Errorf("%d inquiries stored after refusals", n)
		}
	})
}

// TestScreenOnePerson screens people singly: a case opened through the
// concern path and linked to the inquiry, a referral, no second screening.
func TestScreenOnePerson(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		a := f.mustWorker(t, 1, f.council, "2000-01-01", "")
		b := f.mustWorker(t, 2, f.council, "2000-01-01", "")
		out := f.mustWorker(t, 3, f.council, "1980-01-01", "1990-01-01")
		_, err := f.inquiries.RunScope(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		sc, err := f.inquiries.Screen(ctx, f.manager, f.inq.ID, a, fitness.ScreeningInput{Outcome: fitness.ScreenOpenCase,
			Reasons: "Named in the review as the allocated worker"})
		mustNoErr(t, err)
		c, err := f.cases.FindCase(ctx, f.manager, sc.CaseID)
		mustNoErr(t, err)
		if c.Source != fitness.SourceOwnMotion || c.RegistrantID != a || c.Reference != sc.CaseReference {
			t.Errorf("case = %+v", c)
		}
		inq, ok, err := f.inquiries.InquiryOfCase(ctx, f.manager, c.ID)
		if err != nil || !ok || inq.ID != f.inq.ID {
			t.Errorf("inquiry of case: %v %v %v", inq.ID, ok, err)
		}
		if _, ok, _ := f.inquiries.InquiryOfCase(ctx, f.outsider, c.ID); ok {
			t.Error("an outsider sees the inquiry through the case")
		}
		_, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, a, fitness.ScreeningInput{Outcome: fitness.ScreenNoAction, Reasons: "x"})
		mustCode(t, err, fitness.EConflict, "")
		_, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, out, fitness.ScreeningInput{Outcome: fitness.ScreenNoAction, Reasons: "x"})
		mustCode(t, err, fitness.ENotFound, "This person is not in the scope of the inquiry")
		_, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, b, fitness.ScreeningInput{Outcome: fitness.ScreenRefer,
			Reasons: "Now works in a children's home", OtherBodyID: "no-such-body"})
		if fitness.ErrorFields(err)["other_body"] == "" {
			t.Errorf("unknown body: %v", err)
		}
		sc, err = f.inquiries.Screen(ctx, f.manager, f.inq.ID, b, fitness.ScreeningInput{Outcome: fitness.ScreenRefer,
			Reasons: "Now works in a children's home", OtherBodyID: fitness.BodyIDOfsted})
		mustNoErr(t, err)
		var body, inquiry string
		mustNoErr(t, db.Reader().QueryRowContext(ctx, `SELECT body_id, inquiry_id FROM referrals WHERE id = $1`,
			sc.ReferralID).Scan(&body, &inquiry))
		if body != fitness.BodyIDOfsted || inquiry != f.inq.ID {
			t.Errorf("referral to %s for inquiry %s", body, inquiry)
		}
		dash, err := f.inquiries.Dashboard(ctx, f.manager, f.inq.ID)
		mustNoErr(t, err)
		want := fitness.OutcomeCounts{fitness.ScreenOpenCase: 1, fitness.ScreenRefer: 1}
		if fmt.Sprint(dash.Outcomes) != fmt.Sprint(want) || dash.Cases.Opened != 1 || dash.Cases.Open != 1 {
			t.Errorf("dashboard = %+v", dash)
		}
	})
}

// mustNoErr fails the test at once on err.
func mustNoErr(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestListInquiriesMatchesFind lists several inquiries, with employers and
// teams of their own, and checks that each listed inquiry is what
// FindInquiry reads of it, newest first, for a role that sees every
// inquiry and for a member of one team.
func TestListInquiriesMatchesFind(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInquiryFixture(t, db)
		f.clock.Add(time.Minute)
		second, err := f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{Title: "Eastwick care homes",
			SourceTitle: "Eastwick review", SourcePublisher: "Eastwick Review Panel", SourcePublished: day("2019-03-01"),
			SourceSummary: "Care homes.", EmployerIDs: []string{f.elsewhere, f.council},
			From: day("2010-01-01"), To: day("2018-12-31"), TeamUserIDs: []string{f.outsider.UserID, f.manager.UserID}})
		mustNoErr(t, err)
		f.clock.Add(time.Minute)
		third, err := f.inquiries.CreateInquiry(ctx, f.leader, fitness.InquiryInput{Title: "No team yet",
			SourceTitle: "A report", SourcePublisher: "A panel", SourcePublished: day("2020-01-01"),
			SourceSummary: "Nothing yet.", EmployerIDs: []string{f.elsewhere}, From: day("2015-01-01"), To: day("2016-01-01")})
		mustNoErr(t, err)
		for _, c := range []struct {
			who  fitness.Actor
			want []string
		}{
			{f.leader, []string{third.ID, second.ID, f.inq.ID}},
			{f.outsider, []string{second.ID}},
		} {
			list, err := f.inquiries.ListInquiries(ctx, c.who)
			mustNoErr(t, err)
			if len(list) != len(c.want) {
				t.Fatalf("%s lists %d inquiries, want %d", c.who.Name, len(list), len(c.want))
			}
			for i, got := range list {
				if got.ID != c.want[i] {
					t.Errorf("%s: inquiry %d is %s, want %s", c.who.Name, i, got.Title, c.want[i])
				}
				one, err := f.inquiries.FindInquiry(ctx, f.leader, got.ID)
				mustNoErr(t, err)
				if fmt.Sprint(got) != fmt.Sprint(one) {
					t.Errorf("%s: listed %+v\nfound %+v", c.who.Name, got, one)
				}
			}
		}
		// Each has its own employers and team (its creator joins it).
		if list, _ := f.inquiries.ListInquiries(ctx, f.leader); len(list[1].Employers) != 2 || len(list[1].Team) != 3 ||
			len(list[0].Team) != 1 || len(list[2].Employers) != 1 || len(list[2].Team) != 2 {
			t.Errorf("employers and teams = %+v", list)
		}
	})
}
