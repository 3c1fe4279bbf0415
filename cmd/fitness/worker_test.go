package main

import (
	"context"
	"flag"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/jobs"
)

func TestJobsConfig(t *testing.T) {
	env := envOf(map[string]string{
		"FITNESS_SMTP_HOST": "smtp.regulator.example", "FITNESS_SMTP_PORT": "2525", "FITNESS_SMTP_TLS": "tls",
		"FITNESS_SMTP_USERNAME": "ftp", "FITNESS_SMTP_PASSWORD": "s3cret-from-env", "FITNESS_MAIL_FROM": "ftp@regulator.example",
		"FITNESS_MAIL_FROM_NAME": "Fitness to practise", "FITNESS_MAIL_MAX_ATTEMPTS": "4",
		"FITNESS_OUTBOX_INTERVAL": "10s", "FITNESS_SWEEP_INTERVAL": "2m",
	})
	c, err := defaultJobsConfig(env)
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	bindJobs(fs, &c)
	if err := fs.Parse([]string{"--smtp-port", "465", "--mail-from-name", "FtP team"}); err != nil {
		t.Fatal(err)
	}
	want := jobs.Config{
		SMTP: jobs.SMTPConfig{Host: "smtp.regulator.example", Port: 465, TLS: "tls", Username: "ftp",
			Password: "s3cret-from-env", From: "ftp@regulator.example", FromName: "FtP team"},
		Retry:          jobs.RetryPolicy{MaxAttempts: 4},
		OutboxInterval: 10 * time.Second, SweepInterval: 2 * time.Minute,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if fs.Lookup("smtp-password") != nil {
		t.Error("the SMTP password has a flag")
	}
	if _, err := defaultJobsConfig(envOf(map[string]string{"FITNESS_SMTP_PORT": "smtp", "FITNESS_SWEEP_INTERVAL": "soon"})); err == nil ||
		!strings.Contains(err.Error(), "FITNESS_SMTP_PORT") || !strings.Contains(err.Error(), "FITNESS_SWEEP_INTERVAL") {
		t.Errorf("bad values: %v", err)
	}
}

// signalWriter closes started when what it is written contains line.
type signalWriter struct {
	line    string
	started chan struct{}
	once    sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.line) {
		w.once.Do(func() { close(w.started) })
	}
	return len(p), nil
}

// TestWorkerStartsAndStops runs `fitness worker` on a migrated database
// until it says it has started, then stops it as SIGTERM would.
func TestWorkerStartsAndStops(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		if _, _, err := runFitness(t, "migrate", "up", "--db", target); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out := &signalWriter{line: "fitness worker started", started: make(chan struct{})}
		var errOut syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"worker", "--db", target, "--log-level", "warn"}, noEnv, strings.NewReader(""), out, &errOut)
		}()
		select {
		case <-out.started:
		case err := <-done:
			t.Fatalf("worker ended at start: %v\n%s", err, errOut.String())
		case <-time.After(time.Minute):
			t.Fatal("the worker did not start")
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("worker stopped with %v\n%s", err, errOut.String())
		}
	})
}

func TestWorkerRefusesPendingMigrations(t *testing.T) {
	_, _, err := runFitness(t, "worker", "--db", t.TempDir()+"/new.db")
	if err == nil || !strings.Contains(err.Error(), "pending migration") {
		t.Errorf("err = %v, want the pending-migrations message", err)
	}
	_, _, err = runFitness(t, "worker", "--db", t.TempDir()+"/new.db", "--migrate", "--smtp-host", "smtp.example",
		"--mail-from", "not an address")
	if err == nil || !strings.Contains(err.Error(), "mail from") {
		t.Errorf("err = %v, want the bad sender address named", err)
	}
}
