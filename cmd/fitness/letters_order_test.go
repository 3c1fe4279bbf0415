package main

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/docs"
	"fitness/internal/fitness"
	"fitness/internal/jobs"
	"fitness/internal/sqldb"
)

// letterClock is a clock the test moves by hand.
type letterClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *letterClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// at puts the clock at 10:00 UTC on day.
func (c *letterClock) at(day time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = day.Add(10 * time.Hour)
}

// orderLetterWorld is a database with the services a case needs from
// concern to the review of its order, and its staff.
type orderLetterWorld struct {
	db                          *sqldb.DB
	clock                       *letterClock
	cases                       *sqldb.CaseService
	hearings                    *sqldb.HearingService
	manager, officer, registrar fitness.Actor
}

func newOrderLetterWorld(t *testing.T, target string) *orderLetterWorld {
	t.Helper()
	ctx := context.Background()
	db := mustMigrated(t, target)
	if err := sqldb.EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	w := &orderLetterWorld{db: db, clock: &letterClock{}}
	w.clock.at(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	w.cases = sqldb.NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), w.clock.Now)
	w.hearings = sqldb.NewHearingService(db, w.cases)
	users := sqldb.NewUserService(db, w.clock.Now, sqldb.WithArgonParams(1024, 1, 1))
	user := func(email, name string, role fitness.Role) fitness.Actor {
		u, err := users.CreateUser(ctx, fitness.User{Email: email, Name: name, Roles: []fitness.Role{role}}, "correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w.manager = user("casey.manager@example.org", "Casey Manager", fitness.RoleCaseManager)
	w.officer = user("hal.hearings@example.org", "Hal Hearings", fitness.RoleHearingsOfficer)
	w.registrar = user("rory.registrar@example.org", "Rory Registrar", fitness.RoleRegistrar)
	return w
}

// mustCaseToAnswer opens a case about a new registrant and takes it to a
// case to answer. The people are fictional.
func (w *orderLetterWorld) mustCaseToAnswer(t *testing.T) fitness.Case {
	t.Helper()
	ctx := context.Background()
	reg, err := sqldb.NewRegistrantService(w.db).CreateRegistrant(ctx, fitness.Registrant{Number: "SW300001",
		ProfessionCode: "social-worker", GivenNames: "Noor", FamilyName: "Exampleton", Status: fitness.StatusRegistered,
		RegisteredSince: time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC), Town: "Eastby"})
	if err != nil {
		t.Fatal(err)
	}
	_, cs, err := w.cases.CreateConcern(ctx, w.manager, fitness.ConcernInput{ReceivedOn: w.clock.Now(),
		Source: fitness.SourceEmployer, RaisedByName: "Eastshire Council", Summary: "Missed visits to a family.",
		Subjects: []fitness.ConcernSubject{{RegistrantID: reg.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	today := w.clock.Now().Format(time.DateOnly)
	for _, step := range []struct {
		by     fitness.Actor
		action fitness.ActionName
		in     fitness.Input
	}{
		{w.manager, fitness.ActionStartTriage, nil},
		{w.manager, fitness.ActionStartInvestigation, nil},
		{w.manager, fitness.ActionCompleteInvestigation, nil},
		{w.manager, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct", "allegation": "You did not visit Family A."}},
		{w.manager, fitness.ActionRecordResponse, fitness.Input{"received_on": today, "note": "I accept it."}},
		{w.manager, fitness.ActionReferToICP, nil},
		{w.officer, fitness.ActionCaseToAnswer, fitness.Input{"decision_date": today, "reason": "A realistic prospect."}},
	} {
		if c, err = w.cases.ApplyAction(ctx, step.by, c.ID, c.Version, step.action, step.in); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	return c
}

// version is the case's version now.
func (w *orderLetterWorld) version(t *testing.T, id string) int {
	t.Helper()
	c, err := w.cases.FindCase(context.Background(), w.officer, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Version
}

// mustHear lists a hearing of kind on day and records the panel's decision
// on that day.
func (w *orderLetterWorld) mustHear(t *testing.T, caseID string, kind fitness.HearingKind, day time.Time, d fitness.HearingDecisionInput) {
	t.Helper()
	ctx := context.Background()
	h, err := w.hearings.ListHearing(ctx, w.officer, caseID, w.version(t, caseID), fitness.HearingInput{Kind: kind,
		Committee: fitness.CommitteeConductCompetence, Date: day, Venue: "Hearing Centre, Northby", ReviewType: "mandatory"})
	if err != nil {
		t.Fatalf("list %s hearing: %v", kind, err)
	}
	w.clock.at(day)
	d.DecidedOn = day
	if _, err := w.hearings.RecordDecision(ctx, w.officer, h.ID, w.version(t, caseID), d); err != nil {
		t.Fatalf("decide %s hearing: %v", kind, err)
	}
}

// TestOrderLettersStored: a conditions of practice order is made at a
// final hearing, takes effect, and is extended on review with new
// conditions; the jobs render the review decision with the document
// templates and store its PDF, which states the decision, the new
// conditions and every date the rules give, on both engines.
func TestOrderLettersStored(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if requireBrowser() {
			t.Fatal("FITNESS_TEST_REQUIRE_BROWSER=1 but pdftotext is not installed (apt-get install poppler-utils)")
		}
		t.Skip("letter test skipped: pdftotext is not installed (apt-get install poppler-utils)")
	}
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		w := newOrderLetterWorld(t, target)
		c := w.mustCaseToAnswer(t)
		w.mustInterimOrder(t, c.ID)
		final := fitness.HearingDecisionInput{Ground: fitness.GroundMisconduct, GroundFound: fitness.AnswerYes,
			Impairment: fitness.AnswerYes, Sanction: fitness.SanctionConditions, LengthMonths: 12,
			Conditions: "You must not work nights.", Reasons: "Conditions protect the public.",
			Preliminary: fitness.Preliminary{ServiceProved: true},
			Facts:       []fitness.ParticularFinding{{Number: "1", Text: "You did not visit Family A.", Finding: fitness.FactAdmitted}}}
		w.mustHear(t, c.ID, fitness.HearingFinal, date(2026, 4, 20), final)
		w.clock.at(date(2026, 5, 19)) // the day after the 28-day appeal window closes
		if _, err := w.hearings.TakeEffect(ctx, w.registrar, c.ID, w.version(t, c.ID)); err != nil {
			t.Fatal(err)
		}
		w.clock.at(date(2027, 2, 1))
		w.mustHear(t, c.ID, fitness.HearingReview, date(2027, 3, 8), fitness.HearingDecisionInput{Impairment: fitness.AnswerYes,
			ReviewOutcome: fitness.ReviewExtend, LengthMonths: 6, Conditions: "You must report to a supervisor every week.",
			Reasons: "Progress has been made, but practice is not yet safe without supervision."})

		letters := sqldb.NewLetterStore(w.db, w.cases, w.clock.Now)
		// The pure-Go PDFs: the document package's tests print every kind
		// with Chromium too.
		renderer, err := newLetterIssuer(fitness.HCPCRules(), "ftp@regulator.example", newLogger(io.Discard, 0), docs.PureGo())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { renderer.Close() })
		issuer := jobs.NewIssuer(letters, renderer, w.clock.Now, newLogger(io.Discard, 0), jobs.RetryPolicy{MaxAttempts: 1}, 50, time.Minute)
		if _, err := issuer.Issue(ctx); err != nil {
			t.Fatal(err)
		}
		w.mustAllIssued(t, letters, c)
		text := w.mustLetterText(t, letters, pdftotext, c, "review_decision")
		// Extended on 8 March 2027 for 6 months: to 8 September 2027,
		// reviewed 2 months before, appeal within 28 days.
		for _, want := range []string{c.Reference, "Noor Exampleton", "SW300001", "Decision of the review of your conditions of practice order",
			"extended your conditions of practice order by 6 months", "It now ends on 8 September 2027", "by 8 July 2027",
			"You must report to a supervisor every week.", "practice is not yet safe without supervision", "within 28 days",
			"by 5 April 2027", "Conditions of practice order from 8 March 2027 to 8 September 2027"} {
			if !strings.Contains(text, want) {
				t.Errorf("the stored review decision lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "You must not work nights.") {
			t.Errorf("the review decision states the old conditions:\n%s", text)
		}
		w.checkDecisionLetters(t, letters, pdftotext, c)
	})
}

// mustInterimOrder refers the case for an interim order and has a panel
// impose interim conditions on 16 March 2026.
func (w *orderLetterWorld) mustInterimOrder(t *testing.T, caseID string) {
	t.Helper()
	ctx := context.Background()
	_, err := w.cases.ApplyAction(ctx, w.manager, caseID, w.version(t, caseID), fitness.ActionReferInterim,
		fitness.Input{"basis": "public_protection", "reason": "Families are visited alone."})
	if err != nil {
		t.Fatal(err)
	}
	w.mustHear(t, caseID, fitness.HearingInterim, date(2026, 3, 16), fitness.HearingDecisionInput{Granted: fitness.AnswerYes,
		InterimKind: fitness.OrderInterimConditions, Conditions: "You must not visit families alone.",
		Reasons: "An order is necessary to protect the public."})
}

// checkDecisionLetters: the stored notice of the interim order application,
// the interim order decision and the final hearing's decision state the
// basis, the findings, the conditions and the dates the rules give.
func (w *orderLetterWorld) checkDecisionLetters(t *testing.T, letters *sqldb.LetterStore, pdftotext string, c fitness.Case) {
	t.Helper()
	common := []string{c.Reference, "Noor Exampleton", "SW300001"}
	for document, wants := range map[string][]string{
		"interim_order_application": {"applying for an interim order", "to protect the public", "Families are visited alone.",
			"not a finding", "no longer than 18 months", "right to attend"},
		// Made on 16 March 2026: 18 months to 16 September 2027; first review within 6 months.
		"interim_order_decision": {"made an interim conditions of practice order", "16 March 2026", "16 September 2027",
			"by 16 September 2026", "You must not visit families alone.", "An order is necessary to protect the public."},
		"review_notice": {"mandatory review", "8 March 2027", "Hearing Centre, Northby"},
		// The final decision of 20 April 2026, as the hearing recorded it.
		"hearing_decision": {"conditions of practice order for 12 months", "You did not visit Family A.", "Admitted and found proved",
			"You must not work nights.", "Conditions protect the public.", "by 18 May 2026"},
	} {
		text := w.mustLetterText(t, letters, pdftotext, c, document)
		for _, want := range append(common, wants...) {
			if !strings.Contains(text, want) {
				t.Errorf("the stored %s lacks %q:\n%s", document, want, text)
			}
		}
	}
}

// mustAllIssued fails the test unless every letter the case's actions
// asked for was made and stored.
func (w *orderLetterWorld) mustAllIssued(t *testing.T, letters *sqldb.LetterStore, c fitness.Case) {
	t.Helper()
	rs, err := letters.CaseLetters(context.Background(), w.officer, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Status != fitness.DocumentIssued {
			t.Errorf("%s to the %s is %s: %s", r.Document, r.RecipientRole, r.Status, r.LastError)
		}
	}
}

// mustLetterText returns the text of the stored PDF of the case's letter
// of document, which must have been issued.
func (w *orderLetterWorld) mustLetterText(t *testing.T, letters *sqldb.LetterStore, pdftotext string, c fitness.Case, document string) string {
	t.Helper()
	ctx := context.Background()
	rs, err := letters.CaseLetters(ctx, w.officer, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Document != document {
			continue
		}
		if r.Status != fitness.DocumentIssued {
			t.Fatalf("%s is %s: %s", document, r.Status, r.LastError)
		}
		_, pdf, err := sqldb.NewDocumentService(w.db, w.clock.Now).OpenDocument(ctx, w.officer, c.ID, r.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(pdftotext, "-enc", "UTF-8", "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	t.Fatalf("no %s among the letters: %+v", document, rs)
	return ""
}
