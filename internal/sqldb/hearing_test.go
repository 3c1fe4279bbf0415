package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// hearingFixture is the meeting fixture with the hearing service and a
// registrar.
type hearingFixture struct {
	*meetingFixture
	hearings  *HearingService
	registrar fitness.Actor
}

func mustHearingFixture(tb testing.TB, db *DB) *hearingFixture {
	tb.Helper()
	f := &hearingFixture{meetingFixture: mustMeetingFixture(tb, db)}
	f.hearings = NewHearingService(db, f.cases)
	f.registrar = MustCreateUser(tb, f.users, "rory.registrar@example.org", "Rory Registrar", fitness.RoleRegistrar).Actor()
	return f
}

// mustPreHearingCase returns a case about the registrant with a case to
// answer, preparing for its hearing.
func (f *hearingFixture) mustPreHearingCase(tb testing.TB, registrantID string) fitness.Case {
	tb.Helper()
	c := f.mustICPCase(tb, registrantID, true)
	return f.MustApply(tb, f.officer, c, fitness.ActionCaseToAnswer, fitness.Input{
		"decision_date": f.clock.Now().Format(time.DateOnly), "reason": "A realistic prospect on every part of the test."})
}

// mustCase reloads a case.
func (f *hearingFixture) mustCase(tb testing.TB, id string) fitness.Case {
	tb.Helper()
	c, err := f.cases.FindCase(context.Background(), f.officer, id)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// mustList lists a hearing of kind on day for the case.
func (f *hearingFixture) mustList(tb testing.TB, c fitness.Case, kind fitness.HearingKind, day time.Time, edit ...func(*fitness.HearingInput)) fitness.Hearing {
	tb.Helper()
	in := fitness.HearingInput{Kind: kind, Committee: fitness.CommitteeConductCompetence, Date: day,
		Venue: "Hearing Centre, Northby", ReviewType: "mandatory"}
	for _, e := range edit {
		e(&in)
	}
	h, err := f.hearings.ListHearing(context.Background(), f.officer, c.ID, c.Version, in)
	if err != nil {
		tb.Fatalf("list %s hearing: %v", kind, err)
	}
	return h
}

// at puts the clock at 10:00 UTC on day.
func (f *hearingFixture) at(day time.Time) { f.clock.Set(day.Add(10 * time.Hour)) }

// mustDecide records a decision of h dated today.
func (f *hearingFixture) mustDecide(tb testing.TB, h fitness.Hearing, in fitness.HearingDecisionInput) fitness.HearingDecision {
	tb.Helper()
	c := f.mustCase(tb, h.CaseID)
	in.DecidedOn = f.clock.Now()
	d, err := f.hearings.RecordDecision(context.Background(), f.officer, h.ID, c.Version, in)
	if err != nil {
		tb.Fatalf("decide: %v", err)
	}
	return d
}

// suspension is a final decision of a suspension for months on ground.
func suspension(ground fitness.Ground, months int) fitness.HearingDecisionInput {
	return fitness.HearingDecisionInput{Ground: ground, GroundFound: fitness.AnswerYes, Impairment: fitness.AnswerYes,
		Sanction: fitness.SanctionSuspension, LengthMonths: months, Reasons: "Practice is not yet safe.",
		Preliminary: fitness.Preliminary{ServiceProved: true},
		Facts:       []fitness.ParticularFinding{{Number: "1", Text: "You did not visit Family A.", Finding: fitness.FactProved}}}
}

func TestListHearing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		in := fitness.HearingInput{Kind: fitness.HearingFinal, Committee: fitness.CommitteeConductCompetence,
			Date: date(2026, 4, 6), Venue: "Hearing Centre, Northby"}

		_, err := f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, in)
		want := "The hearing must be on or after 7 April 2026, to give notice of at least 28 days, unless short notice is agreed"
		if got := fitness.ErrorFields(err)["hearing_date"]; got != want {
			t.Errorf("short notice: %v", err)
		}
		in.ShortNoticeAgreed = true
		_, err = f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, in)
		if got := fitness.ErrorFields(err)["short_notice_reason"]; got != "Enter why short notice was agreed" {
			t.Errorf("no reason: %v", err)
		}
		in.Panel = []string{f.chair.ID, f.paMember.ID}
		in.ShortNoticeReason = "The registrant asked to be heard before a new job starts."
		_, err = f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, in)
		if got := fitness.ErrorFields(err); got["lay"] == "" || got["registrant"] == "" {
			t.Errorf("panel: %v", err)
		}
		_, err = f.hearings.ListHearing(ctx, f.manager, c.ID, c.Version, in)
		mustCode(t, err, fitness.EForbidden, "")
		if n := count(t, db, "hearings") + count(t, db, "publications"); n != 0 {
			t.Fatalf("%d rows stored by refused listings", n)
		}
		in.Panel = f.swPanel()
		h, err := f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Panel) != 3 || !h.ShortNoticeAgreed {
			t.Errorf("hearing %+v", h)
		}
		_, err = f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, in)
		mustCode(t, err, fitness.EConflict, "")
		got, err := f.hearings.FindHearing(ctx, f.officer, h.ID)
		if err != nil || len(got.Panel) != 3 || got.Panel[0].Kind != fitness.PanelChair || !got.End.Equal(date(2026, 4, 6)) {
			t.Errorf("found %+v, %v", got, err)
		}
		c = f.mustCase(t, c.ID)
		if c.Stage != fitness.StageFinalHearing {
			t.Errorf("stage %s", c.Stage)
		}
		pubs, err := f.hearings.CasePublications(ctx, f.officer, c.ID)
		// Listed at short notice: published at once.
		if err != nil || len(pubs) != 1 || pubs[0].Kind != fitness.PublicationListing || !pubs[0].PublishedAt.Equal(f.hearings.now()) {
			t.Errorf("publications %+v, %v", pubs, err)
		}
		if _, err := f.hearings.FindHearing(ctx, f.panel, h.ID); fitness.ErrorCode(err) != fitness.ENotFound {
			t.Errorf("a panel member off the case found the hearing: %v", err)
		}
	})
}

// TestSuspensionWithInterimCover: the order waits for the appeal period
// while an interim order restricts practice; then it takes effect and the
// interim order ends, each with its own register annotation.
func TestSuspensionWithInterimCover(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20))
		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundMisconduct, 12)
		in.InterimCover = true
		d := f.mustDecide(t, h, in)
		c = f.mustCase(t, c.ID)
		if c.Stage != fitness.StageAppealWindow || c.InterimStage != fitness.StageInterimInForce {
			t.Fatalf("stage %s / %s", c.Stage, c.InterimStage)
		}
		orders, _ := f.hearings.CaseOrders(ctx, f.officer, c.ID)
		if len(orders) != 2 || orders[0].Kind != fitness.OrderInterimSuspension || orders[1].Status != fitness.OrderPending ||
			!orders[1].Start.Equal(date(2026, 5, 20)) || !orders[1].End.Equal(date(2027, 5, 20)) {
			t.Fatalf("orders %+v", orders)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusSuspended, "Interim suspension order from 21 April 2026")
		got, err := f.hearings.HearingDecision(ctx, f.officer, h.ID)
		if err != nil || got.ID != d.ID || len(got.Facts) != 1 || got.Sanction != fitness.SanctionSuspension {
			t.Errorf("decision %+v, %v", got, err)
		}

		_, err = f.hearings.TakeEffect(ctx, f.registrar, c.ID, c.Version)
		mustCode(t, err, fitness.EConflict, "The appeal period ends on 19 May 2026; the order takes effect after that")
		f.at(date(2026, 5, 19))
		_, err = f.hearings.TakeEffect(ctx, f.registrar, c.ID, c.Version)
		mustCode(t, err, fitness.EConflict, "The appeal period ends on 19 May 2026; the order takes effect after that")
		f.at(date(2026, 5, 20))
		o, err := f.hearings.TakeEffect(ctx, f.registrar, c.ID, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		c = f.mustCase(t, c.ID)
		if o.Status != fitness.OrderInForce || c.Stage != fitness.StageOrderInForce || c.InterimStage != fitness.StageInterimEnded {
			t.Errorf("order %+v; case %s / %s", o, c.Stage, c.InterimStage)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusSuspended, "Suspension order from 20 May 2026 to 20 May 2027")
		orders, _ = f.hearings.CaseOrders(ctx, f.officer, c.ID)
		if orders[0].Status != fitness.OrderExpired || orders[0].Kind != fitness.OrderInterimSuspension {
			t.Errorf("cover %+v", orders[0])
		}
	})
}

// wantRegister checks the registrant's status and annotations.
func (f *hearingFixture) wantRegister(tb testing.TB, id string, status fitness.RegistrantStatus, annotations ...string) {
	tb.Helper()
	r, err := f.register.FindRegistrant(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	if r.Status != status || strings.Join(r.Annotations, "|") != strings.Join(annotations, "|") {
		tb.Errorf("register: %s %q, want %s %q", r.Status, r.Annotations, status, annotations)
	}
}

// TestAppealQuashes (issue scenario 5): the court quashes the order; its
// interim order and register annotation go, and the case says why.
func TestAppealQuashes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20))
		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundMisconduct, 6)
		in.InterimCover = true
		f.mustDecide(t, h, in)
		c = f.mustCase(t, c.ID)

		_, err := f.hearings.LodgeAppeal(ctx, f.registrar, c.ID, c.Version, fitness.AppealInput{Appellant: "registrant", LodgedOn: date(2026, 4, 22)})
		mustCode(t, err, fitness.EInvalid, "")
		f.at(date(2026, 5, 1))
		a, err := f.hearings.LodgeAppeal(ctx, f.registrar, c.ID, c.Version, fitness.AppealInput{Appellant: "registrant",
			LodgedOn: date(2026, 4, 30), Court: "High Court"})
		if err != nil {
			t.Fatal(err)
		}
		c = f.mustCase(t, c.ID)
		if c.Stage != fitness.StageAppeal {
			t.Fatalf("stage %s", c.Stage)
		}
		f.at(date(2026, 7, 1))
		a, err = f.hearings.DecideAppeal(ctx, f.registrar, c.ID, c.Version, fitness.AppealOutcomeInput{
			Outcome: fitness.AppealQuashed, DecidedOn: date(2026, 6, 30), Reasons: "The panel did not consider the registrant's evidence"})
		if err != nil {
			t.Fatal(err)
		}
		c = f.mustCase(t, c.ID)
		if c.Stage != fitness.StageClosedAppealAllowed || a.Outcome != fitness.AppealQuashed {
			t.Errorf("stage %s outcome %s", c.Stage, a.Outcome)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusRegistered)
		orders, _ := f.hearings.CaseOrders(ctx, f.officer, c.ID)
		for _, o := range orders {
			if o.Status != fitness.OrderQuashed {
				t.Errorf("order %s is %s", o.Kind, o.Status)
			}
		}
		events, _ := f.cases.CaseEvents(ctx, f.officer, c.ID)
		last := events[len(events)-1]
		want := "The court quashed the decision on 30 June 2026: The panel did not consider the registrant's evidence. " +
			"Quashed and removed from the register: suspension order and interim suspension order."
		if last.Type != fitness.EventOrderQuashed || last.Reason != want {
			t.Errorf("last event %s %q", last.Type, last.Reason)
		}
		appeals, err := f.hearings.CaseAppeals(ctx, f.officer, c.ID)
		if err != nil || len(appeals) != 1 || !appeals[0].DecidedOn.Equal(date(2026, 6, 30)) {
			t.Errorf("appeals %+v, %v", appeals, err)
		}
	})
}

// TestReviewAndStrikeOffBar (issue scenario 2 in storage): striking off
// for lack of competence is refused at first instance; a 12-month
// suspension is extended on review; after two years of continuous
// suspension striking off is accepted and takes effect.
func TestReviewAndStrikeOffBar(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20))
		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundLackOfCompetence, 0)
		in.Sanction = fitness.SanctionStrikingOff
		c = f.mustCase(t, c.ID)
		_, err := f.hearings.RecordDecision(ctx, f.officer, h.ID, c.Version, withDate(in, f.clock.Now()))
		want := "Striking off is not available at first instance for lack of competence unless there have been at least 2 years of continuous suspension or conditions"
		if got := fitness.ErrorFields(err)["sanction"]; got != want {
			t.Fatalf("first-instance strike-off: %v", err)
		}
		f.mustDecide(t, h, suspension(fitness.GroundLackOfCompetence, 12))
		f.at(date(2026, 5, 20))
		c = f.mustCase(t, c.ID)
		if _, err := f.hearings.TakeEffect(ctx, f.registrar, c.ID, c.Version); err != nil {
			t.Fatal(err)
		}
		// Reviews: March 2027 extends for a year; March 2028 refuses
		// striking off (22 months) and extends; May 2028 strikes off.
		review := func(day time.Time, d fitness.HearingDecisionInput) (fitness.HearingDecision, error) {
			f.at(day.AddDate(0, 0, -35))
			h := f.mustList(t, f.mustCase(t, c.ID), fitness.HearingReview, day)
			f.at(day)
			d.DecidedOn = day
			return f.hearings.RecordDecision(ctx, f.officer, h.ID, f.mustCase(t, c.ID).Version, d)
		}
		extend := fitness.HearingDecisionInput{Impairment: fitness.AnswerYes, ReviewOutcome: fitness.ReviewExtend,
			LengthMonths: 12, Reasons: "Some progress; not yet safe."}
		if _, err := review(date(2027, 3, 19), extend); err != nil {
			t.Fatal(err)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusSuspended, "Suspension order from 19 March 2027 to 19 March 2028")
		strike := fitness.HearingDecisionInput{Impairment: fitness.AnswerYes, ReviewOutcome: fitness.ReviewStrikeOff,
			Ground: fitness.GroundLackOfCompetence, Reasons: "No prospect of safe practice."}
		_, err = review(date(2028, 3, 13), strike)
		if got := fitness.ErrorFields(err)["review_outcome"]; !strings.HasPrefix(got, "Striking off for lack of competence needs at least 2 years") ||
			!strings.Contains(got, "since 20 May 2026") {
			t.Fatalf("strike-off at 22 months: %v", err)
		}
		// The listed review is decided: extend for three months.
		hs, _ := f.hearings.CaseHearings(ctx, f.officer, c.ID)
		extend.LengthMonths = 3
		if _, err := f.hearings.RecordDecision(ctx, f.officer, hs[len(hs)-1].ID, f.mustCase(t, c.ID).Version, withDate(extend, f.clock.Now())); err != nil {
			t.Fatal(err)
		}
		if _, err := review(date(2028, 5, 22), strike); err != nil {
			t.Fatalf("strike-off after two years: %v", err)
		}
		c = f.mustCase(t, c.ID)
		if c.Stage != fitness.StageAppealWindow {
			t.Fatalf("stage %s", c.Stage)
		}
		f.at(date(2028, 6, 20))
		if _, err := f.hearings.TakeEffect(ctx, f.registrar, c.ID, c.Version); err != nil {
			t.Fatal(err)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusStruckOff, "Striking-off order from 20 June 2028")
	})
}

func withDate(in fitness.HearingDecisionInput, t time.Time) fitness.HearingDecisionInput {
	in.DecidedOn = t
	return in
}

// TestCautionExpires: a caution is on the register while in force, cannot
// be recorded as expired before its end, and comes off when it expires.
func TestCautionExpires(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20))
		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundMisconduct, 12)
		in.Sanction = fitness.SanctionCaution
		f.mustDecide(t, h, in)
		f.at(date(2026, 5, 20))
		if _, err := f.hearings.TakeEffect(ctx, f.registrar, c.ID, f.mustCase(t, c.ID).Version); err != nil {
			t.Fatal(err)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusRegistered, "Caution order from 20 May 2026 to 20 May 2027")
		f.at(date(2027, 5, 19))
		_, err := f.hearings.ExpireOrder(ctx, f.registrar, c.ID, f.mustCase(t, c.ID).Version)
		mustCode(t, err, fitness.EConflict, "The order runs until 20 May 2027")
		f.at(date(2027, 5, 20))
		o, err := f.hearings.ExpireOrder(ctx, f.registrar, c.ID, f.mustCase(t, c.ID).Version)
		if err != nil || o.Status != fitness.OrderExpired {
			t.Fatalf("expire: %+v, %v", o, err)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusRegistered)
		if c = f.mustCase(t, c.ID); c.Stage != fitness.StageClosedOrderEnded {
			t.Errorf("stage %s", c.Stage)
		}
	})
}
