package sqldb

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// meetingFixture is a case fixture with a hearings officer, panel members
// with profiles, two social workers (one employed by a council) and a
// paramedic on the register, and the panel and meeting services.
type meetingFixture struct {
	*caseFixture
	panels   *PanelService
	meetings *MeetingService
	register *RegistrantService
	officer  fitness.Actor
	// Panel members: chairs, a lay member, a social worker and a paramedic.
	chair, chair2, lay, swMember, paMember fitness.User
	sw, sw2, pa                            fitness.Registrant
	council                                fitness.Employer
}

func mustMeetingFixture(tb testing.TB, db *DB) *meetingFixture {
	tb.Helper()
	ctx := context.Background()
	f := &meetingFixture{caseFixture: mustCaseFixture(tb, db), register: NewRegistrantService(db)}
	if err := EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		tb.Fatal(err)
	}
	f.panels = NewPanelService(db, f.clock.Now)
	f.meetings = NewMeetingService(db, f.cases)
	f.officer = MustCreateUser(tb, f.users, "hal.hearings@example.org", "Hal Hearings", fitness.RoleHearingsOfficer).Actor()
	member := func(email, name string, kind fitness.PanelKind, profession string) fitness.User {
		u := MustCreateUser(tb, f.users, email, name, fitness.RolePanelMember)
		_, err := f.panels.SavePanelMember(ctx, f.officer, fitness.PanelMember{UserID: u.ID, Kind: kind,
			ProfessionCode: profession, LegallyQualified: kind == fitness.PanelChair})
		if err != nil {
			tb.Fatal(err)
		}
		return u
	}
	f.chair = member("jo.bloggs@example.org", "Jo Bloggs", fitness.PanelChair, "")
	f.chair2 = member("alex.chair@example.org", "Alex Chair", fitness.PanelChair, "")
	f.lay = member("lee.lay@example.org", "Lee Lay", fitness.PanelLay, "")
	f.swMember = member("rin.reg@example.org", "Rin Reg", fitness.PanelRegistrant, "social-worker")
	f.paMember = member("pat.para@example.org", "Pat Para", fitness.PanelRegistrant, "paramedic")
	f.sw = f.mustRegistrant(tb, "SW100001", "Dana", "Fairweather", "social-worker")
	f.sw2 = f.mustRegistrant(tb, "SW100002", "Eli", "Marsh", "social-worker")
	f.pa = f.mustRegistrant(tb, "PA100003", "Fern", "Holloway", "paramedic")
	var err error
	if f.council, err = f.register.CreateEmployer(ctx, fitness.Employer{Name: "Eastshire Council", Kind: "council", Town: "Eastby"}); err != nil {
		tb.Fatal(err)
	}
	if _, err = f.register.AddEmployment(ctx, fitness.Employment{RegistrantID: f.sw.ID, EmployerID: f.council.ID,
		Role: "Social worker", From: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	return f
}

func (f *meetingFixture) mustRegistrant(tb testing.TB, number, given, family, profession string) fitness.Registrant {
	tb.Helper()
	r, err := f.register.CreateRegistrant(context.Background(), fitness.Registrant{Number: number,
		ProfessionCode: profession, GivenNames: given, FamilyName: family, Status: fitness.StatusRegistered,
		RegisteredSince: time.Date(2012, 9, 1, 0, 0, 0, 0, time.UTC), Town: "Eastby"})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// mustICPCase opens a case about the registrant, raised by a member of the
// public, and takes it to the Investigating Committee: the registrant does
// not respond (responded false; the clock moves past the deadline) or
// responds. The clock's day is the day the concern was received.
func (f *meetingFixture) mustICPCase(tb testing.TB, registrantID string, responded bool) fitness.Case {
	tb.Helper()
	ctx := context.Background()
	now := f.clock.Now()
	_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{
		ReceivedOn: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), Source: fitness.SourcePublic,
		RaisedByName: "Morgan Public", RaisedByEmail: "morgan@example.net", Summary: "Missed visits to a family.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: registrantID}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	c := cs[0]
	c = f.MustApply(tb, f.manager, c, fitness.ActionStartTriage, nil)
	c = f.MustApply(tb, f.manager, c, fitness.ActionStartInvestigation, nil)
	c = f.MustApply(tb, f.manager, c, fitness.ActionCompleteInvestigation, fitness.Input{"note": "The records show three missed visits."})
	c = f.MustApply(tb, f.manager, c, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct",
		"allegation": "1. You did not visit Family A.\n2. You did not record why."})
	if responded {
		c = f.MustApply(tb, f.manager, c, fitness.ActionRecordResponse, fitness.Input{
			"received_on": f.clock.Now().Format(time.DateOnly), "note": "I was off sick."})
	} else {
		f.clock.Add(30 * 24 * time.Hour)
		c = f.MustApply(tb, fitness.SystemActor, c, fitness.ActionNoResponse, nil)
	}
	return f.MustApply(tb, f.manager, c, fitness.ActionReferToICP, nil)
}

// mustMeeting arranges an Investigating Committee meeting on day with the
// panel (user ids) and the cases on its agenda.
func (f *meetingFixture) mustMeeting(tb testing.TB, day time.Time, panel []string, cases ...fitness.Case) fitness.Meeting {
	tb.Helper()
	ctx := context.Background()
	m, err := f.meetings.CreateMeeting(ctx, f.officer, fitness.MeetingInput{Committee: fitness.CommitteeInvestigating,
		Date: day, Venue: "Meeting room 2", Panel: panel})
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range cases {
		if m, err = f.meetings.AddCase(ctx, f.officer, m.ID, c.Reference); err != nil {
			tb.Fatal(err)
		}
	}
	return m
}

// swPanel is a complete panel for a social worker's case.
func (f *meetingFixture) swPanel() []string { return []string{f.chair.ID, f.lay.ID, f.swMember.ID} }

func TestPanelMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		ms, err := f.panels.PanelMembers(ctx)
		if err != nil || len(ms) != 5 {
			t.Fatalf("members %v, %v", ms, err)
		}
		got, err := f.panels.FindPanelMember(ctx, f.swMember.ID)
		if err != nil || got.Kind != fitness.PanelRegistrant || got.ProfessionCode != "social-worker" || got.Name != "Rin Reg" {
			t.Errorf("profile %+v, %v", got, err)
		}
		// Only panel members get a profile; only hearings officers set them.
		_, err = f.panels.SavePanelMember(ctx, f.officer, fitness.PanelMember{UserID: f.manager.UserID, Kind: fitness.PanelLay})
		mustCode(t, err, fitness.EInvalid, "")
		_, err = f.panels.SavePanelMember(ctx, f.manager, fitness.PanelMember{UserID: f.lay.ID, Kind: fitness.PanelChair})
		mustCode(t, err, fitness.EForbidden, "")
		// A profile can change: the lay member becomes a chair.
		if _, err = f.panels.SavePanelMember(ctx, f.officer, fitness.PanelMember{UserID: f.lay.ID, Kind: fitness.PanelChair}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.panels.FindPanelMember(ctx, f.lay.ID); got.Kind != fitness.PanelChair {
			t.Errorf("after change: %+v", got)
		}
	})
}

func TestDeclareConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustMeetingFixture(t, db)
		lay := fitness.Actor{UserID: f.lay.ID, Name: f.lay.Name, Roles: f.lay.Roles}
		x, err := f.panels.DeclareConflict(ctx, lay, fitness.Conflict{UserID: f.lay.ID, RegistrantID: "sw100001",
			Reason: "We trained together."})
		if err != nil || x.RegistrantID != f.sw.ID || x.Subject != "Dana Fairweather (SW100001)" || x.DeclaredBy != f.lay.ID {
			t.Fatalf("conflict %+v, %v", x, err)
		}
		// Not for someone else, unless a hearings officer records it.
		_, err = f.panels.DeclareConflict(ctx, lay, fitness.Conflict{UserID: f.chair.ID, EmployerID: f.council.ID, Reason: "x"})
		mustCode(t, err, fitness.EForbidden, "")
		_, err = f.panels.DeclareConflict(ctx, f.officer, fitness.Conflict{UserID: f.chair.ID, EmployerID: f.council.ID,
			Reason: "Worked for the council until 2020."})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.panels.DeclareConflict(ctx, f.officer, fitness.Conflict{UserID: f.chair.ID, CaseID: "FTP-2020-99999", Reason: "x"})
		if got := fitness.ErrorFields(err)["case"]; got != "There is no case FTP-2020-99999" {
			t.Errorf("unknown case: %v", err)
		}
		_, err = f.panels.DeclareConflict(ctx, f.manager, fitness.Conflict{UserID: f.manager.UserID, EmployerID: f.council.ID, Reason: "x"})
		mustCode(t, err, fitness.EForbidden, "")
		all, err := f.panels.Conflicts(ctx, "")
		if err != nil || len(all) != 2 || all[0].Subject != "Eastshire Council" || all[0].UserName != "Jo Bloggs" {
			t.Errorf("conflicts %+v, %v", all, err)
		}
		mine, err := f.panels.Conflicts(ctx, f.lay.ID)
		if err != nil || len(mine) != 1 {
			t.Errorf("lay member's conflicts %+v, %v", mine, err)
		}
	})
}
