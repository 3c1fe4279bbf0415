package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"fitness/internal/fitness"
)

// waitJob waits for a job matching match to finish, failing the test if
// it failed or if none finishes within a minute (a guard against hanging).
func waitJob(t *testing.T, events <-chan *river.Event, match func(*river.Event) bool) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case e := <-events:
			if e.Job == nil || !match(e) {
				continue
			}
			if e.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %s %d: %s %+v", e.Job.Kind, e.Job.ID, e.Kind, e.Job.Errors)
			}
			return
		case <-timeout:
			t.Fatal("no job finished")
		}
	}
}

// TestRunner runs the jobs on River: at start the outbox is delivered and
// deadlines swept; a kick delivers mail committed later, never mail rolled
// back; a sweep after the deadline records the neutral fact once; Stop
// waits for the work in hand.
func TestRunner(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		s := startSink(t)
		c := f.MustServed(t, "Emery Example")
		first := f.MustEnqueue(t, message("first@example.org"), true)
		r, err := New(Config{
			PostgresURL:    f.postgresURL(),
			SMTP:           SMTPConfig{Host: s.host, Port: s.port, TLS: TLSNone, From: "ftp@regulator.example"},
			OutboxInterval: time.Hour, SweepInterval: time.Hour, PollInterval: 100 * time.Millisecond,
		}, Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now, Logger: f.logger})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := r.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		defer cancel()
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		stopped := false
		t.Cleanup(func() {
			if !stopped {
				r.Stop(ctx)
			}
		})

		if got := s.Wait(t); got.To[0] != "first@example.org" {
			t.Fatalf("first mail went to %v", got.To)
		}
		waitJob(t, events, func(e *river.Event) bool { return e.Job.Kind == kindSweep })
		if n := len(f.noResponseEvents(t, c.ID)); n != 0 {
			t.Fatalf("%d no-response events before the deadline", n)
		}

		f.MustEnqueue(t, message("rolled.back@example.org"), false)
		second := f.MustEnqueue(t, message("second@example.org"), true)
		if err := r.Kick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := s.Wait(t); got.To[0] != "second@example.org" {
			t.Fatalf("second mail went to %v", got.To)
		}

		f.clock.Set(c.Deadlines[0].Due.AddDate(0, 0, 1))
		job, err := r.insert(ctx, sweepArgs{})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, events, func(e *river.Event) bool { return e.Job.ID == job.Job.ID })
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		stopped = true

		if n := len(f.noResponseEvents(t, c.ID)); n != 1 {
			t.Errorf("%d no-response events, want 1", n)
		}
		if got := s.Messages(); len(got) != 2 {
			t.Errorf("sink received %d messages, want 2", len(got))
		}
		all, err := f.outbox.Messages(ctx, "", 0)
		if err != nil || len(all) != 2 {
			t.Fatalf("outbox holds %d messages, %v; want 2", len(all), err)
		}
		for _, id := range []string{first, second} {
			a := f.attempts(t, id)
			if len(a) != 1 || a[0].Outcome != fitness.AttemptSent {
				t.Errorf("attempts of %s: %+v", id, a)
			}
		}
	})
}

// TestRunnerWithoutSMTP: with no mail server configured the jobs still
// sweep deadlines, and mail stays pending.
func TestRunnerWithoutSMTP(t *testing.T) {
	f := newFixture(t, "sqlite")
	r, err := New(Config{}, Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process,
		Now: f.clock.Now, Logger: f.logger})
	if err != nil {
		t.Fatal(err)
	}
	if r.Deliverer != nil {
		t.Error("delivery is on without a mail server")
	}
	if err := r.Kick(context.Background()); err != nil {
		t.Errorf("Kick: %v", err)
	}
}

func TestNewChecks(t *testing.T) {
	f := newFixture(t, "sqlite")
	good := Deps{SQL: f.db.Writer(), Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now, Logger: f.logger}
	for name, tt := range map[string]struct {
		cfg  Config
		deps Deps
	}{
		"no database":      {Config{}, Deps{Outbox: f.outbox, Cases: f.cases, Process: f.process, Now: f.clock.Now, Logger: f.logger}},
		"no storage":       {Config{}, Deps{SQL: f.db.Writer(), Logger: f.logger}},
		"bad mail from":    {Config{SMTP: SMTPConfig{Host: "smtp.example", From: "nobody"}}, good},
		"bad postgres URL": {Config{PostgresURL: "postgres://%zz"}, good},
	} {
		if _, err := New(tt.cfg, tt.deps); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}
