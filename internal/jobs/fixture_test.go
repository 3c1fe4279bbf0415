package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/sqldb/sqldbtest"
)

// forEachEngine runs fn on a fresh, migrated SQLite database and, when
// FITNESS_TEST_POSTGRES holds a URL, on a fresh PostgreSQL database.
func forEachEngine(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, e := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			fn(t, newFixture(t, e))
		})
	}
}

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *testClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// fixture is a database with the services the jobs use, a case manager
// and a hand-moved clock.
type fixture struct {
	db      *sqldb.DB
	target  string // what sqldb.Open was given
	clock   *testClock
	logger  *slog.Logger
	outbox  *sqldb.OutboxStore
	cases   *sqldb.CaseService
	process *fitness.Process
	manager fitness.Actor
}

func newFixture(t *testing.T, e sqldb.Engine) *fixture {
	t.Helper()
	ctx := context.Background()
	target := filepath.Join(t.TempDir(), "jobs.db")
	if e == sqldb.Postgres {
		target = mustCreatePostgres(t)
	}
	db, err := sqldb.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	f := &fixture{db: db, target: target, clock: clock, process: fitness.HCPCProcess(),
		logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		outbox: sqldb.NewOutboxStore(db, clock.Now)}
	f.cases = sqldb.NewCaseService(db, f.process, fitness.HCPCRules(), clock.Now)
	users := sqldb.NewUserService(db, clock.Now, sqldb.WithArgonParams(1024, 1, 1))
	u, err := users.CreateUser(ctx, fitness.User{Email: "casey.manager@example.org", Name: "Casey Manager",
		Roles: []fitness.Role{fitness.RoleCaseManager}}, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	f.manager = u.Actor()
	return f
}

// mustCreatePostgres creates a database on the server named by
// FITNESS_TEST_POSTGRES, dropped when the test ends, and returns its URL.
func mustCreatePostgres(t *testing.T) string {
	return sqldbtest.Target(t, sqldb.Postgres)
}

// postgresURL is the URL for River when the fixture is on PostgreSQL.
func (f *fixture) postgresURL() string {
	if f.db.Engine == sqldb.Postgres {
		return f.target
	}
	return ""
}

// message returns a valid message to to.
func message(to string) fitness.OutboxMessage {
	return fitness.OutboxMessage{
		Kind: "notice_of_decision", RecipientName: "Jordan Example", RecipientEmail: to,
		Subject: "Notice of decision", BodyText: "The panel found no case to answer.",
	}
}

// MustEnqueue writes m to the outbox in a transaction that commits when
// commit is true and rolls back otherwise, and returns the id given.
func (f *fixture) MustEnqueue(t *testing.T, m fitness.OutboxMessage, commit bool) string {
	t.Helper()
	m.ID, m.CreatedAt = uuid.Must(uuid.NewV7()).String(), f.clock.Now()
	rollback := fmt.Errorf("roll back")
	err := f.db.InTx(context.Background(), func(tx *sql.Tx) error {
		if err := sqldb.EnqueueMailTx(context.Background(), tx, m); err != nil {
			return err
		}
		if !commit {
			return rollback
		}
		return nil
	})
	if err != nil && err != rollback {
		t.Fatal(err)
	}
	return m.ID
}

// MustServed opens a case and serves the allegation at the fixture's
// clock, starting the registrant's response deadline.
func (f *fixture) MustServed(t *testing.T, name string) fitness.Case {
	t.Helper()
	ctx := context.Background()
	_, cs, err := f.cases.CreateConcern(ctx, f.manager, fitness.ConcernInput{
		ReceivedOn: f.clock.Now(), Source: fitness.SourceEmployer, RaisedByName: "Riverside Council",
		Summary: "Home visits were not made.", Subjects: []fitness.ConcernSubject{{Name: name}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := cs[0]
	for _, step := range []struct {
		action fitness.ActionName
		in     fitness.Input
	}{
		{fitness.ActionStartTriage, nil},
		{fitness.ActionStartInvestigation, nil},
		{fitness.ActionCompleteInvestigation, nil},
		{fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct"}},
	} {
		if c, err = f.cases.ApplyAction(ctx, f.manager, c.ID, c.Version, step.action, step.in); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	return c
}

// noResponseEvents counts the "no response received" events of a case.
func (f *fixture) noResponseEvents(t *testing.T, caseID string) []fitness.Event {
	t.Helper()
	evs, err := f.cases.CaseEvents(context.Background(), f.manager, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []fitness.Event
	for _, e := range evs {
		if e.Type == string(fitness.ActionNoResponse) {
			out = append(out, e)
		}
	}
	return out
}
