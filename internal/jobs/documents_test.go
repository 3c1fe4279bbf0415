package jobs

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// fakeRenderer renders every letter as a tiny PDF naming its request, or
// fails with err when set.
type fakeRenderer struct {
	mu     sync.Mutex
	err    error
	facts  []fitness.LetterFacts
	closed bool
}

func (r *fakeRenderer) Issue(_ context.Context, f fitness.LetterFacts) (fitness.IssuedLetter, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.facts = append(r.facts, f)
	if r.err != nil {
		return fitness.IssuedLetter{}, r.err
	}
	return fitness.IssuedLetter{HTML: []byte("<p>" + f.Request.Document + "</p>"), PDF: []byte("%PDF-1.7 " + f.Request.ID),
		Filename: f.Case.Reference + ".pdf", Subject: "Letter " + f.Case.Reference, BodyText: "Attached.", Engine: "fake"}, nil
}

func (r *fakeRenderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return nil
}

// letterStore returns the fixture's letters, with an email address for
// the person who raised the fixture's concerns.
func (f *fixture) letterStore() *sqldb.LetterStore {
	return sqldb.NewLetterStore(f.db, f.cases, f.clock.Now)
}

// TestIssuer makes the letters actions asked for: each rendered once and
// stored with its email in the outbox; a renderer that fails is tried
// again later, and a letter lacking facts fails for good at once.
func TestIssuer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		letters := f.letterStore()
		r := &fakeRenderer{err: errors.New("chromium crashed")}
		i := NewIssuer(letters, r, f.clock.Now, f.logger, RetryPolicy{MaxAttempts: 2}, 10, time.Minute)
		kicked := 0
		i.emailed = func(context.Context) { kicked++ }
		f.MustServed(t, "Emery Example") // acknowledgement, notice of investigation, allegation letter

		got, err := i.Issue(ctx)
		if err != nil || got != (Issuing{Retrying: 3}) {
			t.Fatalf("first run: %+v, %v", got, err)
		}
		if f := r.facts[0]; f.Case.Reference == "" || f.Event.ID == "" || f.Request.ID == "" {
			t.Errorf("facts given to the renderer: %+v", f)
		}
		f.clock.Add(2 * time.Minute)
		r.err = nil
		got, err = i.Issue(ctx)
		// The acknowledgement goes to the raiser, who gave no email here:
		// the fixture's concern has none, so it waits to be posted; the
		// registrant has no address on record either.
		if err != nil || got.Issued != 3 || got.Emailed != 0 || kicked != 0 {
			t.Fatalf("second run: %+v, %v (kicked %d)", got, err, kicked)
		}
		if got, _ := i.Issue(ctx); got != (Issuing{}) {
			t.Errorf("third run did %+v", got)
		}

		c := f.MustServed(t, "Robin Example")
		r.err = fitness.Errorf(fitness.EInvalid, "There is a problem")
		r.err.(*fitness.Error).Fields = map[string]string{"Decision.Reasons": "Enter the reasons for the decision"}
		got, err = i.Issue(ctx)
		if err != nil || got.Failed != 3 {
			t.Fatalf("run with missing facts: %+v, %v", got, err)
		}
		ls, err := letters.CaseLetters(ctx, f.manager, c.ID)
		if err != nil || len(ls) != 3 || ls[0].Status != fitness.DocumentFailed ||
			ls[0].LastError != "The letter lacks facts it must state: Enter the reasons for the decision" {
			t.Errorf("failed letters %+v, %v", ls, err)
		}
	})
}

// TestRunnerLetters: with letters wired in, the runner makes the letters
// an action asks for when kicked and delivers each by email at once, the
// PDF attached; Stop closes the renderer.
func TestRunnerLetters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		s := startSink(t)
		letters, renderer := f.letterStore(), &fakeRenderer{}
		r, err := New(Config{
			PostgresURL:    f.postgresURL(),
			SMTP:           SMTPConfig{Host: s.host, Port: s.port, TLS: TLSNone, From: "ftp@regulator.example"},
			OutboxInterval: time.Hour, SweepInterval: time.Hour, LetterInterval: time.Hour, PollInterval: 100 * time.Millisecond,
		}, Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now,
			Logger: f.logger, Letters: letters, Renderer: renderer})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := r.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		defer cancel()
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		waitJob(t, events, func(e *river.Event) bool { return e.Job.Kind == kindLetters })

		_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{
			ReceivedOn: f.clock.Now(), Source: fitness.SourcePublic, RaisedByName: "Morgan Public",
			RaisedByEmail: "morgan@example.net", Summary: "Missed visits.", Subjects: []fitness.ConcernSubject{{Name: "Kit Example"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.cases.ApplyAction(ctx, f.manager, cs[0].ID, cs[0].Version, fitness.ActionStartTriage, nil); err != nil {
			t.Fatal(err)
		}
		if err := r.KickLetters(ctx); err != nil {
			t.Fatal(err)
		}
		got := s.Wait(t)
		if got.To[0] != "morgan@example.net" || !strings.Contains(string(got.Data), "application/pdf") ||
			!strings.Contains(string(got.Data), cs[0].Reference+".pdf") {
			t.Errorf("mail to %v:\n%s", got.To, got.Data)
		}
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if !renderer.closed {
			t.Error("Stop did not close the renderer")
		}
		ls, _ := letters.CaseLetters(ctx, f.manager, cs[0].ID)
		if len(ls) != 1 || len(ls[0].Service) != 1 || !ls[0].Served() || len(ls[0].Service[0].Attempts) != 1 {
			t.Errorf("letter after delivery: %+v", ls)
		}
	})
}
