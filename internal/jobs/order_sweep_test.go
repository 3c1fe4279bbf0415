package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// orderFixture is the jobs fixture with the hearing service, a hearings
// officer, a registrar and the register.
type orderFixture struct {
	*fixture
	hearings  *sqldb.HearingService
	register  *sqldb.RegistrantService
	officer   fitness.Actor
	registrar fitness.Actor
}

func newOrderFixture(t *testing.T, f *fixture) *orderFixture {
	t.Helper()
	ctx := context.Background()
	if err := sqldb.EnsureProfessions(ctx, f.db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	users := sqldb.NewUserService(f.db, f.clock.Now, sqldb.WithArgonParams(1024, 1, 1))
	user := func(email, name string, role fitness.Role) fitness.Actor {
		u, err := users.CreateUser(ctx, fitness.User{Email: email, Name: name, Roles: []fitness.Role{role}}, "correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	return &orderFixture{fixture: f, hearings: sqldb.NewHearingService(f.db, f.cases), register: sqldb.NewRegistrantService(f.db),
		officer:   user("harper.hearings@example.org", "Harper Hearings", fitness.RoleHearingsOfficer),
		registrar: user("robin.registrar@example.org", "Robin Registrar", fitness.RoleRegistrar)}
}

// londonTime is a wall-clock time in the United Kingdom.
func londonTime(t *testing.T, y int, m time.Month, d, hour, minute int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, hour, minute, 0, 0, loc).UTC()
}

// mustDecided returns a case about a new registrant numbered number whose
// final hearing on 20 April 2026 made the order of d, decided that day.
func (f *orderFixture) mustDecided(t *testing.T, number string, d fitness.HearingDecisionInput) (fitness.Case, fitness.Registrant) {
	t.Helper()
	ctx := context.Background()
	f.clock.Set(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	r, err := f.register.CreateRegistrant(ctx, fitness.Registrant{Number: number, ProfessionCode: "paramedic",
		GivenNames: "Jordan", FamilyName: "Example-" + number, Status: fitness.StatusRegistered,
		RegisteredSince: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), Town: "Northbridge"})
	if err != nil {
		t.Fatal(err)
	}
	_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{ReceivedOn: f.clock.Now(),
		Source: fitness.SourceEmployer, RaisedByName: "Riverside Council", Summary: "Home visits were not made.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: r.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	today := f.clock.Now().Format(time.DateOnly)
	for _, st := range []struct {
		who    fitness.Actor
		action fitness.ActionName
		in     fitness.Input
	}{
		{f.manager, fitness.ActionStartTriage, nil},
		{f.manager, fitness.ActionStartInvestigation, nil},
		{f.manager, fitness.ActionCompleteInvestigation, nil},
		{f.manager, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct"}},
		{f.manager, fitness.ActionRecordResponse, fitness.Input{"received_on": today}},
		{f.manager, fitness.ActionReferToICP, nil},
		{f.officer, fitness.ActionCaseToAnswer, fitness.Input{"decision_date": today, "reason": "A realistic prospect."}},
	} {
		if c, err = f.cases.ApplyAction(ctx, st.who, c.ID, c.Version, st.action, st.in); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	hearingDay := time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
	h, err := f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, fitness.HearingInput{Kind: fitness.HearingFinal,
		Committee: fitness.CommitteeConductCompetence, Date: hearingDay, Venue: "Hearing Centre, Northbridge"})
	if err != nil {
		t.Fatal(err)
	}
	c = f.mustFind(t, c.ID)
	f.clock.Set(hearingDay.Add(10 * time.Hour))
	d.DecidedOn = hearingDay
	if _, err := f.hearings.RecordDecision(ctx, f.officer, h.ID, c.Version, d); err != nil {
		t.Fatal(err)
	}
	return f.mustFind(t, c.ID), r
}

func (f *orderFixture) mustFind(t *testing.T, id string) fitness.Case {
	t.Helper()
	c, err := f.cases.FindCase(context.Background(), f.officer, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantRegister checks a registrant's status and register annotations.
func (f *orderFixture) wantRegister(t *testing.T, id string, status fitness.RegistrantStatus, annotations ...string) {
	t.Helper()
	r, err := f.register.FindRegistrant(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != status || strings.Join(r.Annotations, "|") != strings.Join(annotations, "|") {
		t.Errorf("register of %s: %s %q, want %s %q", r.Number, r.Status, r.Annotations, status, annotations)
	}
}

// lastEvent returns the case's latest event.
func (f *orderFixture) lastEvent(t *testing.T, id string) fitness.Event {
	t.Helper()
	evs, err := f.cases.CaseEvents(context.Background(), f.officer, id)
	if err != nil || len(evs) == 0 {
		t.Fatalf("events: %v", err)
	}
	return evs[len(evs)-1]
}

// finalOrder is a final hearing's decision on misconduct with sanction.
func finalOrder(sanction fitness.SanctionKind, months int, conditions string) fitness.HearingDecisionInput {
	return fitness.HearingDecisionInput{Ground: fitness.GroundMisconduct, GroundFound: fitness.AnswerYes,
		Impairment: fitness.AnswerYes, Sanction: sanction, LengthMonths: months, Conditions: conditions,
		Reasons: "Practice is not yet safe.", Preliminary: fitness.Preliminary{ServiceProved: true},
		Facts: []fitness.ParticularFinding{{Number: "1", Text: "You did not visit Family A.", Finding: fitness.FactProved}}}
}

// TestSweepOrders: when the appeal period ends with no appeal, the sweep
// puts the order the hearing made in force (conditions, with their text)
// or strikes the registrant off, not on the last day of the period but
// the day after; and when an order's end date has passed with no review
// decision, it expires and leaves the register.
func TestSweepOrders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, jf *fixture) {
		f := newOrderFixture(t, jf)
		conditions := "Work only under the supervision of a registered paramedic.\nTell every employer about this order."
		cc, cr := f.mustDecided(t, "PA710001", finalOrder(fitness.SanctionConditions, 6, conditions))
		sc, sr := f.mustDecided(t, "PA710002", finalOrder(fitness.SanctionStrikingOff, 0, ""))
		s := f.sweeper().WithOrders(f.hearings)

		// The appeal period is 28 days from 20 April: its last day is 18 May.
		for _, early := range []time.Time{f.clock.Now(), londonTime(t, 2026, 5, 18, 0, 1), londonTime(t, 2026, 5, 18, 23, 59)} {
			f.clock.Set(early)
			mustSweep(t, s, 0)
		}
		f.wantRegister(t, cr.ID, fitness.StatusRegistered)
		f.clock.Set(londonTime(t, 2026, 5, 19, 0, 30))
		mustSweep(t, s, 2)
		mustSweep(t, s, 0)

		cc = f.mustFind(t, cc.ID)
		if cc.Stage != fitness.StageOrderInForce {
			t.Errorf("conditions case at %s", cc.Stage)
		}
		e := f.lastEvent(t, cc.ID)
		if e.Type != string(fitness.ActionOrderTakesEffect) || e.ActorID != fitness.SystemActor.UserID ||
			e.Payload["order"] != "conditions" || e.Payload["expires_on"] != "2026-11-19" || e.Payload["conditions"] != conditions {
			t.Errorf("order event %+v", e)
		}
		f.wantRegister(t, cr.ID, fitness.StatusRegistered, "Conditions of practice order from 19 May 2026 to 19 November 2026")
		orders, err := f.hearings.CaseOrders(context.Background(), f.officer, cc.ID)
		if err != nil || len(orders) != 1 || orders[0].Status != fitness.OrderInForce || orders[0].Conditions != conditions {
			t.Errorf("orders %+v, %v", orders, err)
		}
		if _, ok := deadline(cc, fitness.DeadlineReviewDue); !ok {
			t.Errorf("no review due: %+v", cc.Deadlines)
		}

		sc = f.mustFind(t, sc.ID)
		if sc.Stage != fitness.StageStruckOff || sc.Open() {
			t.Errorf("striking-off case at %s, open %v", sc.Stage, sc.Open())
		}
		if e := f.lastEvent(t, sc.ID); e.Type != string(fitness.ActionStrikingOffTakesEffect) || e.ActorID != fitness.SystemActor.UserID {
			t.Errorf("striking-off event %+v", e)
		}
		f.wantRegister(t, sr.ID, fitness.StatusStruckOff, "Striking-off order from 19 May 2026")

		// The PSA's referral period (to 27 June) passes with no referral:
		// the sweep records it, once.
		f.clock.Set(londonTime(t, 2026, 6, 28, 0, 30))
		mustSweep(t, s, 1)
		mustSweep(t, s, 0)
		if e := f.lastEvent(t, cc.ID); e.Type != string(fitness.ActionPSAPeriodEnded) || e.ActorID != fitness.SystemActor.UserID {
			t.Errorf("PSA period event %+v", e)
		}

		// The conditions run to 19 November 2026, that day included.
		f.clock.Set(londonTime(t, 2026, 11, 19, 23, 59))
		mustSweep(t, s, 0)
		f.clock.Set(londonTime(t, 2026, 11, 20, 0, 1))
		mustSweep(t, s, 1)
		mustSweep(t, s, 0)
		cc = f.mustFind(t, cc.ID)
		if cc.Stage != fitness.StageClosedOrderEnded || cc.Open() {
			t.Errorf("after expiry: %s", cc.Stage)
		}
		if e := f.lastEvent(t, cc.ID); e.Type != string(fitness.ActionOrderExpired) || e.ActorID != fitness.SystemActor.UserID {
			t.Errorf("expiry event %+v", e)
		}
		f.wantRegister(t, cr.ID, fitness.StatusRegistered)
		orders, _ = f.hearings.CaseOrders(context.Background(), f.officer, cc.ID)
		if len(orders) != 1 || orders[0].Status != fitness.OrderExpired {
			t.Errorf("orders after expiry %+v", orders)
		}
	})
}

// TestSweepOrdersWaitForAppeal: an appeal lodged in time stops the sweep
// putting the order in force; the order takes effect when the court
// dismisses the appeal, as the registrar records it.
func TestSweepOrdersWaitForAppeal(t *testing.T) {
	forEachEngine(t, func(t *testing.T, jf *fixture) {
		ctx := context.Background()
		f := newOrderFixture(t, jf)
		c, r := f.mustDecided(t, "PA710003", finalOrder(fitness.SanctionSuspension, 6, ""))
		s := f.sweeper().WithOrders(f.hearings)
		f.clock.Set(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
		if _, err := f.hearings.LodgeAppeal(ctx, f.registrar, c.ID, c.Version, fitness.AppealInput{
			Appellant: "registrant", Court: "High Court", LodgedOn: f.clock.Now()}); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(londonTime(t, 2026, 7, 1, 9, 0))
		mustSweep(t, s, 0)
		if c = f.mustFind(t, c.ID); c.Stage != fitness.StageAppeal {
			t.Fatalf("stage %s", c.Stage)
		}
		f.wantRegister(t, r.ID, fitness.StatusRegistered)
		if _, err := f.hearings.DecideAppeal(ctx, f.registrar, c.ID, c.Version, fitness.AppealOutcomeInput{
			Outcome: fitness.AppealDismissed, DecidedOn: f.clock.Now(), Reasons: "The sanction was open to the panel."}); err != nil {
			t.Fatal(err)
		}
		f.wantRegister(t, r.ID, fitness.StatusSuspended, "Suspension order from 1 July 2026 to 1 January 2027")
		if e := f.lastEvent(t, c.ID); e.Type != string(fitness.ActionOrderTakesEffect) || e.ActorID != f.registrar.UserID {
			t.Errorf("event %+v", e)
		}
	})
}

func deadline(c fitness.Case, name string) (time.Time, bool) {
	for _, d := range c.Deadlines {
		if d.Name == name {
			return d.Due, true
		}
	}
	return time.Time{}, false
}

// TestSweepInterimOrderExpires: an interim order the court has not
// extended ends on its own at its maximum: from the day after its last
// day, the sweep ends it and takes it off the register.
func TestSweepInterimOrderExpires(t *testing.T) {
	forEachEngine(t, func(t *testing.T, jf *fixture) {
		ctx := context.Background()
		f := newOrderFixture(t, jf)
		r, err := f.register.CreateRegistrant(ctx, fitness.Registrant{Number: "PA710004", ProfessionCode: "paramedic",
			GivenNames: "Jordan", FamilyName: "Example", Status: fitness.StatusRegistered,
			RegisteredSince: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), Town: "Northbridge"})
		if err != nil {
			t.Fatal(err)
		}
		_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{ReceivedOn: f.clock.Now(),
			Source: fitness.SourceEmployer, RaisedByName: "Riverside Council", Summary: "Unsafe home visits.",
			Subjects: []fitness.ConcernSubject{{RegistrantID: r.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.cases.ApplyAction(ctx, f.manager, cs[0].ID, cs[0].Version, fitness.ActionReferInterim,
			fitness.Input{"basis": "public_protection", "reason": "Risk to children."})
		if err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
		h, err := f.hearings.ListHearing(ctx, f.officer, c.ID, c.Version, fitness.HearingInput{Kind: fitness.HearingInterim,
			Committee: fitness.CommitteeConductCompetence, Date: day, Remote: true})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Set(day.Add(10 * time.Hour))
		c = f.mustFind(t, c.ID)
		if _, err := f.hearings.RecordDecision(ctx, f.officer, h.ID, c.Version, fitness.HearingDecisionInput{DecidedOn: day,
			Granted: fitness.AnswerYes, InterimKind: fitness.OrderInterimSuspension, Reasons: "Necessary to protect the public."}); err != nil {
			t.Fatal(err)
		}
		f.wantRegister(t, r.ID, fitness.StatusSuspended, "Interim suspension order from 9 March 2026 to 9 September 2027")
		s := f.sweeper().WithOrders(f.hearings)
		f.clock.Set(londonTime(t, 2027, 9, 9, 23, 59))
		mustSweep(t, s, 0)
		f.clock.Set(londonTime(t, 2027, 9, 10, 0, 1))
		mustSweep(t, s, 1)
		mustSweep(t, s, 0)
		c = f.mustFind(t, c.ID)
		if c.InterimStage != fitness.StageInterimEnded || len(c.Deadlines) != 0 {
			t.Errorf("interim track %s, clocks %+v", c.InterimStage, c.Deadlines)
		}
		e := f.lastEvent(t, c.ID)
		if e.Type != string(fitness.ActionEndInterim) || e.ActorID != fitness.SystemActor.UserID || e.Payload["ended_by"] != "expired" {
			t.Errorf("event %+v", e)
		}
		f.wantRegister(t, r.ID, fitness.StatusRegistered)
		orders, _ := f.hearings.CaseOrders(ctx, f.officer, c.ID)
		if len(orders) != 1 || orders[0].Status != fitness.OrderExpired {
			t.Errorf("orders %+v", orders)
		}
	})
}
