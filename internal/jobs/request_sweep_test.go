package jobs

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestSweepInformationRequests: the sweep also records, as a neutral fact,
// that an invitation to respond went unanswered once its last day is over,
// and does so once.
func TestSweepInformationRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := f.MustServed(t, "Rowan Example")
		requests := sqldb.NewRequestService(f.db, fitness.HCPCRules(), f.clock.Now)
		req, err := requests.SendRequest(ctx, f.manager, c.ID, fitness.RequestInput{
			Kind: fitness.RequestRegistrantInvitation, RecipientName: "Rowan Example"})
		if err != nil {
			t.Fatal(err)
		}
		s := f.sweeper()
		s.requests = requests
		f.clock.Set(req.Due.Add(12 * time.Hour)) // midday on the last day
		if _, err := s.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mustRequest(t, requests, f, c.ID, req.ID); got.Status != fitness.RequestOpen {
			t.Fatalf("on the last day: status %s; want open", got.Status)
		}
		f.clock.Set(req.Due.AddDate(0, 0, 1).Add(time.Hour))
		if _, err := s.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mustRequest(t, requests, f, c.ID, req.ID); got.Status != fitness.RequestNoResponse {
			t.Fatalf("after the last day: status %s; want no response", got.Status)
		}
		if n, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Errorf("second sweep: %d, %v; want nothing to do", n, err)
		}
	})
}

func mustRequest(t *testing.T, rs *sqldb.RequestService, f *fixture, caseID, id string) fitness.InformationRequest {
	t.Helper()
	r, err := rs.FindRequest(context.Background(), f.manager, caseID, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
