package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fitness/internal/sqldb"
)

// runImportCmd runs `fitness import` with args and returns its stdout,
// stderr and error.
func runImportCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runImport(context.Background(), env{args: args, getenv: func(string) string { return "" },
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	return out.String(), errOut.String(), err
}

func mustWriteFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func registrantCount(t *testing.T, path string) int {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Reader().QueryRow("SELECT count(*) FROM registrants").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportRegistrantsCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "fitness.db")
	_, stderr, err := runImportCmd(t, "registrants", "--db", dbPath, mustWriteFile(t, "none.csv", ""))
	if err == nil || !strings.Contains(err.Error(), "fitness migrate up") {
		t.Fatalf("unmigrated database: %v (stderr %q); want a hint to migrate", err, stderr)
	}
	db, err := sqldb.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	header := "registration_number,given_names,family_name,status,registered_since,town\n"
	bad := mustWriteFile(t, "bad.csv", header+
		"SW000001,Seán,Okafor,registered,2019-04-01,Leeds\n"+
		"SW000002,Ffion,Jones,retired,2019-04-01,Bangor\n"+
		"SW000003,Dafydd,Evans,registered,1/4/2019,\n")
	stdout, stderr, err := runImportCmd(t, "registrants", bad, "--db", dbPath)
	if err != exitCode(1) {
		t.Fatalf("bad file: err %v; want exit status 1", err)
	}
	want := `line 3, status: "retired" is not a status; use one of registered, suspended, struck_off, lapsed, voluntarily_removed, deceased
line 4, registered_since: "1/4/2019" is not a date as YYYY-MM-DD, such as 2019-04-01
2 problems in ` + bad + `; nothing was imported. Correct the file and import it again.
`
	if stderr != want || stdout != "" {
		t.Errorf("bad file: stdout %q, stderr\n%s\nwant\n%s", stdout, stderr, want)
	}
	if n := registrantCount(t, dbPath); n != 0 {
		t.Errorf("%d registrants stored after a refused import", n)
	}

	good := mustWriteFile(t, "good.csv", header+
		"SW000001,Seán,Okafor,registered,2019-04-01,Leeds\n"+
		"pa000002,Ffion,Jones,suspended,2019-04-01,Bangor\n")
	if stdout, stderr, err := runImportCmd(t, "registrants", "--db", dbPath, good); err != nil || stdout != "Imported 2 registrants\n" {
		t.Fatalf("good file: %v, stdout %q, stderr %q", err, stdout, stderr)
	}
	_, stderr, err = runImportCmd(t, "registrants", "--db", dbPath, good)
	if err != exitCode(1) || !strings.HasPrefix(stderr, "line 2, registration_number: SW000001 is already on the register\nline 3, registration_number: PA000002 is already on the register\n") {
		t.Errorf("second import: %v, stderr %q", err, stderr)
	}
	if n := registrantCount(t, dbPath); n != 2 {
		t.Errorf("%d registrants stored; want 2", n)
	}
}

func TestImportUsage(t *testing.T) {
	if _, stderr, err := runImportCmd(t, "people"); err != exitCode(2) || !strings.HasPrefix(stderr, "Usage: fitness import registrants") {
		t.Errorf("unknown subject: %v, %q", err, stderr)
	}
	if _, _, err := runImportCmd(t, "registrants", "a.csv", "b.csv"); err == nil || !strings.Contains(err.Error(), "give one CSV file") {
		t.Errorf("two files: %v", err)
	}
}
