package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// runCmd runs the fitness command line with args, stdin and variables.
func runCmd(t *testing.T, stdin string, vars map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return vars[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// mustMigratedDB returns the path of a new, migrated SQLite database.
func mustMigratedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fitness.db")
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUserCommand(t *testing.T) {
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	_, _, err := runCmd(t, "", nil, "user", "token", "--db", fresh, "--email", "a@example.org")
	if err == nil || !strings.Contains(err.Error(), "fitness migrate up") {
		t.Fatalf("unmigrated database: %v", err)
	}
	path := mustMigratedDB(t)
	out, _, err := runCmd(t, "a long enough password\n", nil, "user", "create", "--db", path,
		"--email", "Robin.Vale@example.org", "--name", "Robin Vale", "--role", "case_manager,team_leader", "--password-stdin")
	if err != nil || !strings.Contains(out, "Created user Robin Vale <robin.vale@example.org>") {
		t.Fatalf("create: %q, %v", out, err)
	}
	_, _, err = runCmd(t, "", map[string]string{"FITNESS_DB": path, "FITNESS_PASSWORD": "another long password"},
		"user", "create", "--email", "robin.vale@example.org", "--name", "Again", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate: %v", err)
	}
	_, _, err = runCmd(t, "", nil, "user", "create", "--db", path, "--email", "x@example.org", "--name", "X", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "FITNESS_PASSWORD") {
		t.Fatalf("no password: %v", err)
	}
	out, _, err = runCmd(t, "", map[string]string{"FITNESS_DB": path}, "user", "token", "--email", "robin.vale@example.org")
	token := strings.TrimSuffix(out, "\n")
	if err != nil || !strings.HasPrefix(token, "ftn_") || strings.ContainsAny(token, " \n") {
		t.Fatalf("token: %q, %v", out, err)
	}
}

func TestAuditCommand(t *testing.T) {
	path := mustMigratedDB(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs := sqldb.NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), time.Now)
	_, cases, err := cs.CreateConcern(ctx, fitness.SystemActor, fitness.ConcernInput{
		ReceivedOn: time.Now(), Source: fitness.SourceOwnMotion, Summary: "Press report",
		Subjects: []fitness.ConcernSubject{{Name: "Quinn Avery"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", nil, "audit", "verify", "--db", path)
	if err != nil || out != "audit chain intact: 1 events, 0 inquiry events, 0 access records\n" {
		t.Fatalf("intact: %q, %v", out, err)
	}
	if _, err := db.Writer().ExecContext(ctx, `UPDATE events SET actor_name = 'Someone else'`); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "", nil, "audit", "verify", "--db", path)
	var code exitCode
	if !errors.As(err, &code) || code != 1 {
		t.Fatalf("tampered: err %v; want exit status 1", err)
	}
	want := "broken link: events case " + cases[0].Reference + " seq 1: hash does not match its contents\n"
	if out != want {
		t.Errorf("output %q; want %q", out, want)
	}
}
