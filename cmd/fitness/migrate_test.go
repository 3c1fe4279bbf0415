package main

import (
	"context"
	"strings"
	"testing"
)

// runFitness runs the fitness command line args with no FITNESS_* variables
// and returns its stdout and stderr.
func runFitness(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut syncBuffer
	err := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestMigrateStatusAndUp(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		out, _, err := runFitness(t, "migrate", "status", "--db", target)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "00001_init.sql") || !strings.Contains(out, "pending") ||
			strings.Contains(out, "applied ") || !strings.Contains(out, "run `fitness migrate up --db") {
			t.Errorf("status of a new database:\n%s", out)
		}
		out, _, err = runFitness(t, "migrate", "up", "--db", target)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "Applied ") || !strings.Contains(out, "up to date") {
			t.Errorf("migrate up: %q", out)
		}
		out, _, err = runFitness(t, "migrate", "status", "--db", target)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "pending") || !strings.Contains(out, "applied") || !strings.Contains(out, "The database is up to date.") {
			t.Errorf("status after up:\n%s", out)
		}
		out, _, err = runFitness(t, "migrate", "up", "--db", target)
		if err != nil || !strings.HasPrefix(out, "No migrations to apply") {
			t.Errorf("second migrate up: %q, %v", out, err)
		}
	})
}

func TestMigrateUsage(t *testing.T) {
	for _, args := range [][]string{{"migrate"}, {"migrate", "down"}} {
		_, errOut, err := runFitness(t, args...)
		if err == nil || !strings.Contains(errOut, "Usage: fitness migrate up|status") {
			t.Errorf("%v: err %v, stderr %q; want usage", args, err, errOut)
		}
	}
	if _, _, err := runFitness(t, "migrate", "up", "--db", "x.db", "extra"); err == nil {
		t.Error("stray argument accepted")
	}
}
