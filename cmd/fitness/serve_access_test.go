package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestServeRecordsOneReadPerCasePerRequest: a request that reads a case
// through several calls (GET …/events reads the case, then its events)
// commits one access record for it; a second request records again.
func TestServeRecordsOneReadPerCasePerRequest(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		db := mustMigrated(t, target)
		u, err := sqldb.NewUserService(db, time.Now, sqldb.WithArgonParams(1024, 1, 1)).CreateUser(ctx,
			fitness.User{Email: "casey.manager@example.org", Name: "Casey Manager", Roles: []fitness.Role{fitness.RoleCaseManager}},
			"correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		cases := sqldb.NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), time.Now)
		_, cs, err := cases.CreateConcern(ctx, u.Actor(), fitness.ConcernInput{ReceivedOn: time.Now(),
			Source: fitness.SourcePublic, RaisedByName: "Jo Example", Summary: "Missed visits to a family.",
			Subjects: []fitness.ConcernSubject{{Name: "Sam Placeholder"}}})
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := runCmd(t, "", nil, "user", "token", "--db", target, "--email", u.Email)
		if err != nil {
			t.Fatal(err)
		}
		s := startServer(t, "--db", target, "--addr", "127.0.0.1:0")
		for range 2 {
			res, body := s.get(t, "/api/v1/cases/"+cs[0].ID+"/events", "Authorization", "Bearer "+strings.TrimSpace(token))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET events = %d: %s", res.StatusCode, body)
			}
		}
		var n int
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM access_log WHERE case_id = $1`,
			cs[0].ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("%d access records for two requests; want 2 (one per request)", n)
		}
	})
}
