package public_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/sqldb/sqldbtest"
	"fitness/internal/web/public"
)

// mustOpenDB opens a fresh, migrated database on engine e (PostgreSQL
// when FITNESS_TEST_POSTGRES holds a URL, else the test is skipped).
func mustOpenDB(t *testing.T, e sqldb.Engine) *sqldb.DB {
	t.Helper()
	db := sqldbtest.MustOpen(t, e)
	if err := sqldb.EnsureProfessions(context.Background(), db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	return db
}

// clock is the fixed time the test moves on.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) at(day time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = day.Add(10 * time.Hour)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// site is the public site on real storage holding: a partly private
// hearing with a published decision, a private hearing, and an
// Investigating Committee hearing and decision, with canary strings in
// every private part.
type site struct {
	srv                  *httptest.Server
	clock                *clock
	hearing, private, ic fitness.Hearing
	decision             fitness.Publication
}

// canaries are in private material only; the public site must never show
// them.
var canaries = []string{"CANARY-PRIVATE-FACT", "CANARY-PRIVATE-REASONS", "CANARY-SESSION", "CANARY-PRIVATE-ALLEGATION",
	"CANARY-IC", "Ivy Committee", "Northshire Council"}

type builder struct {
	t                *testing.T
	ctx              context.Context
	cases            *sqldb.CaseService
	hearings         *sqldb.HearingService
	allegations      *sqldb.AllegationService
	register         *sqldb.RegistrantService
	clock            *clock
	manager, officer fitness.Actor
}

func newSite(t *testing.T, e sqldb.Engine) *site {
	t.Helper()
	db := mustOpenDB(t, e)
	ck := &clock{}
	ck.at(date(2026, 3, 10))
	users := sqldb.NewUserService(db, ck.Now, sqldb.WithArgonParams(1024, 1, 1))
	b := &builder{t: t, ctx: context.Background(), clock: ck, register: sqldb.NewRegistrantService(db),
		allegations: sqldb.NewAllegationService(db, ck.Now)}
	b.cases = sqldb.NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), ck.Now)
	b.hearings = sqldb.NewHearingService(db, b.cases)
	for _, u := range []struct {
		email, name string
		role        fitness.Role
		dst         *fitness.Actor
	}{{"casey@example.org", "Casey Manager", fitness.RoleCaseManager, &b.manager},
		{"harper@example.org", "Harper Hearings", fitness.RoleHearingsOfficer, &b.officer}} {
		created, err := users.CreateUser(b.ctx, fitness.User{Email: u.email, Name: u.name, Roles: []fitness.Role{u.role}}, "correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		*u.dst = created.Actor()
	}
	s := &site{clock: ck}
	c := b.caseFor("SW800001", "Wren", "Ashdown", "First particular.")
	s.hearing = b.list(c, fitness.CommitteeConductCompetence, fitness.PrivacyPartly)
	s.private = b.list(b.caseFor("SW800002", "Rowan", "Pike", "CANARY-PRIVATE-ALLEGATION"), fitness.CommitteeHealth, fitness.PrivacyPrivate)
	s.ic = b.list(b.caseFor("SW800003", "Ivy", "Committee", "CANARY-IC allegation"), fitness.CommitteeInvestigating, fitness.PrivacyPublic)
	ck.at(date(2026, 4, 21))
	b.decide(s.hearing, "Public reasons for the order.")
	b.decide(s.ic, "CANARY-IC reasons")
	pubs, err := b.hearings.CasePublications(b.ctx, b.officer, c.ID)
	if err != nil || pubs[0].Kind != fitness.PublicationDecision {
		t.Fatalf("publications %+v, %v", pubs, err)
	}
	c, _ = b.cases.FindCase(b.ctx, b.officer, c.ID)
	if s.decision, err = b.hearings.PublishDecision(b.ctx, b.officer, c.ID, pubs[0].ID, c.Version); err != nil {
		t.Fatal(err)
	}
	h, err := public.NewHandler(public.Deps{Records: b.hearings, Now: ck.Now})
	if err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(h)
	t.Cleanup(s.srv.Close)
	return s
}

// caseFor returns a case with a case to answer about a new registrant,
// with its allegation drafted and amended once.
func (b *builder) caseFor(number, given, family, particular string) fitness.Case {
	b.t.Helper()
	r, err := b.register.CreateRegistrant(b.ctx, fitness.Registrant{Number: number, ProfessionCode: "social-worker",
		GivenNames: given, FamilyName: family, Status: fitness.StatusRegistered, Town: "Northby",
		RegisteredSince: date(2015, 6, 1)})
	if err != nil {
		b.t.Fatal(err)
	}
	_, cs, err := b.cases.CreateConcern(b.ctx, b.manager, fitness.ConcernInput{ReceivedOn: date(2026, 3, 2),
		Source: fitness.SourceEmployer, RaisedByName: "Northshire Council", Summary: "Missed visits.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: r.ID}}})
	if err != nil {
		b.t.Fatal(err)
	}
	c := cs[0]
	today := b.clock.Now().Format(time.DateOnly)
	for _, st := range []struct {
		actor  fitness.Actor
		action fitness.ActionName
		in     fitness.Input
	}{
		{b.manager, fitness.ActionStartTriage, nil},
		{b.manager, fitness.ActionStartInvestigation, nil},
		{b.manager, fitness.ActionCompleteInvestigation, nil},
		{b.manager, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct", "allegation": "1. " + particular}},
		{b.manager, fitness.ActionRecordResponse, fitness.Input{"received_on": today}},
		{b.manager, fitness.ActionReferToICP, nil},
		{b.officer, fitness.ActionCaseToAnswer, fitness.Input{"decision_date": today}},
	} {
		if c, err = b.cases.ApplyAction(b.ctx, st.actor, c.ID, c.Version, st.action, st.in); err != nil {
			b.t.Fatalf("%s: %v", st.action, err)
		}
	}
	in := fitness.AllegationInput{Stem: "As a registered social worker:", Particulars: []fitness.Particular{{Text: particular}},
		Grounds: []fitness.Ground{fitness.GroundMisconduct}, Impairment: "Your fitness to practise is impaired."}
	_, v, err := b.allegations.AmendAllegation(b.ctx, b.manager, c.ID, c.Version, in)
	if err == nil {
		in.Particulars, in.Reason = append(in.Particulars, fitness.Particular{Text: "You did not record why."}), "Amended."
		_, v, err = b.allegations.AmendAllegation(b.ctx, b.manager, c.ID, v, in)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	c.Version = v
	return c
}

func (b *builder) list(c fitness.Case, committee fitness.Committee, privacy fitness.Privacy) fitness.Hearing {
	b.t.Helper()
	h, err := b.hearings.ListHearing(b.ctx, b.officer, c.ID, c.Version, fitness.HearingInput{Kind: fitness.HearingFinal,
		Committee: committee, Date: date(2026, 4, 20), Venue: "Hearing Centre, 1 Example Road", Privacy: privacy})
	if err != nil {
		b.t.Fatal(err)
	}
	return h
}

func (b *builder) decide(h fitness.Hearing, reasons string) {
	b.t.Helper()
	c, err := b.cases.FindCase(b.ctx, b.officer, h.CaseID)
	if err != nil {
		b.t.Fatal(err)
	}
	_, err = b.hearings.RecordDecision(b.ctx, b.officer, h.ID, c.Version, fitness.HearingDecisionInput{
		DecidedOn: b.clock.Now(), Ground: fitness.GroundMisconduct, GroundFound: fitness.AnswerYes,
		Impairment: fitness.AnswerYes, Sanction: fitness.SanctionCaution, LengthMonths: 24, Reasons: reasons,
		PrivateReasons: "CANARY-PRIVATE-REASONS", Preliminary: fitness.Preliminary{ServiceProved: true, PrivateSessions: "CANARY-SESSION"},
		Facts: []fitness.ParticularFinding{
			{Number: "1", Text: "First particular.", Finding: fitness.FactProved},
			{Number: "2", Text: "CANARY-PRIVATE-FACT about health", Finding: fitness.FactAdmitted, Private: true},
		}})
	if err != nil {
		b.t.Fatal(err)
	}
}

// get fetches a page at the site's clock.
func (s *site) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := http.Get(s.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// noCanary fails when a page shows private material.
func noCanary(t *testing.T, path, body string) {
	t.Helper()
	for _, c := range canaries {
		if strings.Contains(body, c) {
			t.Errorf("%s shows %q", path, c)
		}
	}
}

func TestPublicPages(t *testing.T) {
	for _, e := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			s := newSite(t, e)
			s.clock.at(date(2026, 3, 25))
			status, body := s.get(t, "/hearings")
			if status != http.StatusOK || !strings.Contains(body, "Wren Ashdown") || !strings.Contains(body, "SW800001") ||
				!strings.Contains(body, "Rowan Pike") || !strings.Contains(body, "Social worker in England") {
				t.Fatalf("hearings %d:\n%s", status, body)
			}
			noCanary(t, "/hearings", body)

			status, body = s.get(t, "/hearings/"+s.hearing.ID)
			if status != http.StatusOK || !strings.Contains(body, "(as amended)") || !strings.Contains(body, "You did not record why.") ||
				!strings.Contains(body, "Northby") || !strings.Contains(body, "In public, with parts in private") {
				t.Errorf("hearing %d:\n%s", status, body)
			}
			noCanary(t, "hearing", body)
			status, body = s.get(t, "/hearings/"+s.private.ID)
			if status != http.StatusOK || !strings.Contains(body, "held in private, so the allegation is not published") {
				t.Errorf("private hearing %d:\n%s", status, body)
			}
			noCanary(t, "private hearing", body)
			if status, body = s.get(t, "/hearings/"+s.ic.ID); status != http.StatusNotFound {
				t.Errorf("Investigating Committee hearing: %d", status)
			}
			noCanary(t, "Investigating Committee hearing", body)

			s.clock.at(date(2026, 4, 22))
			status, body = s.get(t, "/decisions/"+s.decision.ID)
			if status != http.StatusOK || !strings.Contains(body, "Public reasons for the order.") ||
				!strings.Contains(body, fitness.PrivateParticular) || !strings.Contains(body, "Caution order") {
				t.Errorf("decision %d:\n%s", status, body)
			}
			noCanary(t, "decision", body)
			if status, _ = s.get(t, "/decisions/"+s.ic.ID); status != http.StatusNotFound {
				t.Errorf("Investigating Committee decision: %d", status)
			}
			s.clock.at(s.decision.TakeDownAt)
			if status, _ = s.get(t, "/decisions/"+s.decision.ID); status != http.StatusNotFound {
				t.Errorf("decision after it was taken down: %d", status)
			}
		})
	}
}

// TestRoutesArePublic: every route of the public site is open to
// everyone, and decided by the one policy function.
func TestRoutesArePublic(t *testing.T) {
	for _, rt := range public.Routes() {
		if rt.Permission != fitness.PermPublic || !fitness.Decide(fitness.Actor{}, rt.Permission, fitness.Resource{}).Allow {
			t.Errorf("%s needs %s", rt.Pattern, rt.Permission)
		}
		if !strings.HasPrefix(rt.Pattern, "GET ") {
			t.Errorf("%s: the public site only reads", rt.Pattern)
		}
	}
	if _, err := public.NewHandler(public.Deps{}); err == nil {
		t.Error("a site without records")
	}
}
