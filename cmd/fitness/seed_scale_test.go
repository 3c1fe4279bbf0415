package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/synth"
)

// TestSeedScale loads the tiny synthetic data set and checks that its
// hash chains verify, that it holds what was asked for, that staff can
// sign in with the printed password, and that cases go on under the real
// service afterwards (references continue, actions apply).
func TestSeedScale(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		var out, errs bytes.Buffer
		args := []string{"seed", "--scale", "tiny", "--seed", "5", "--until", "2026-06-30", "--db", target}
		if err := run(ctx, args, noEnv, nil, &out, &errs); err != nil {
			t.Fatalf("seed: %v\n%s", err, errs.String())
		}
		if !strings.Contains(out.String(), "300 cases") || !strings.Contains(errs.String(), "cases ") {
			t.Errorf("stdout %q, stderr %q", out.String(), errs.String())
		}
		db, err := sqldb.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rep, err := sqldb.NewAuditService(db).Verify(ctx)
		if err != nil || rep.Broken != nil || rep.Events < 3000 {
			t.Fatalf("audit verify: %+v, %v", rep, err)
		}
		users := sqldb.NewUserService(db, time.Now)
		u, err := users.Authenticate(ctx, "team-leader-001@staff.fitness.test", scalePassword)
		if err != nil || !u.HasRole(fitness.RoleTeamLeader) {
			t.Fatalf("sign in: %+v, %v", u, err)
		}
		seedScaleGoesOn(t, db, u)
		if err := run(ctx, args, noEnv, nil, &out, &errs); err == nil || !strings.Contains(err.Error(), "already holds data") {
			t.Errorf("second seed: %v; want a refusal", err)
		}
	})
}

// seedScaleGoesOn records a new concern and acts on a seeded open case
// through the case service.
func seedScaleGoesOn(t *testing.T, db *sqldb.DB, tl fitness.User) {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC) }
	cases := sqldb.NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), now)
	page, err := cases.ListCases(ctx, tl.Actor(), fitness.CaseFilter{OpenOnly: true, Limit: 5})
	if err != nil || len(page.Cases) == 0 {
		t.Fatalf("list open cases: %d, %v", len(page.Cases), err)
	}
	c := page.Cases[0].Case
	if _, err := cases.ApplyAction(ctx, tl.Actor(), c.ID, c.Version, fitness.ActionAddNote, fitness.Input{"note": "After seeding"}); err != nil {
		t.Fatalf("add a note to %s: %v", c.Reference, err)
	}
	_, opened, err := cases.CreateConcern(ctx, tl.Actor(), fitness.ConcernInput{ReceivedOn: now(), Source: fitness.SourceAnonymous,
		Summary: "After seeding", Subjects: []fitness.ConcernSubject{{Name: "Someone Unknown"}}})
	if err != nil {
		t.Fatal(err)
	}
	if opened[0].Reference <= "FTP-2026-00001" {
		t.Errorf("new case %s: the reference counter did not continue after the seeded cases", opened[0].Reference)
	}
	rep, err := sqldb.NewAuditService(db).Verify(ctx)
	if err != nil || rep.Broken != nil {
		t.Fatalf("audit verify after more work: %+v, %v", rep, err)
	}
}

func TestSeedScaleRefusals(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"seed", "--scale", "huge"}, "--scale must be one of " + strings.Join(synth.ScaleNames(), ", ")},
		{[]string{"seed", "--scale", "tiny", "--until", "30/06/2026"}, "--until must be a date"},
		{[]string{"seed", "--scale", "tiny", "--demo"}, "not both"},
	} {
		var out bytes.Buffer
		err := run(ctx, append(tt.args, "--db", t.TempDir()+"/x.db"), noEnv, nil, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v; want %q", tt.args, err, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}
