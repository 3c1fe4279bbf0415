package jobs

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestSweepInformationRequests: serving the allegation invites the
// registrant to respond, due the day the process deadline falls; once that
// day is over the sweep records, as a neutral fact, one "no response
// received" (the process's) and closes the invitation with it, and does so
// once.
func TestSweepInformationRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := f.MustServed(t, "Rowan Example")
		requests := sqldb.NewRequestService(f.db, fitness.HCPCRules(), f.clock.Now)
		req := mustInvitation(t, requests, f, c)
		if len(c.Deadlines) != 1 || !req.Due.Equal(time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)) ||
			c.Deadlines[0].Due.Format(time.DateOnly) != req.Due.Format(time.DateOnly) {
			t.Fatalf("invitation due %s, deadlines %+v; want both on 30 March", req.Due, c.Deadlines)
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
		if n := len(f.noResponseEvents(t, c.ID)); n != 1 || countEvents(t, f, c.ID, fitness.EventRequestNoResponse) != 0 {
			t.Errorf("%d process no-response events and %d request ones; want one in all", n,
				countEvents(t, f, c.ID, fitness.EventRequestNoResponse))
		}
	})
}

// TestResponseToInvitationStopsDeadline: a response recorded against the
// invitation is the registrant's response to the allegation: the deadline
// stops, with one event, and the sweep has nothing to record.
func TestResponseToInvitationStopsDeadline(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := f.MustServed(t, "Rowan Example")
		requests := sqldb.NewRequestService(f.db, fitness.HCPCRules(), f.clock.Now)
		req := mustInvitation(t, requests, f, c)
		f.clock.Add(24 * time.Hour)
		if _, err := requests.RecordResponse(ctx, f.manager, c.ID, req.ID, fitness.ResponseInput{
			ReceivedOn: f.clock.Now(), Summary: "My account of the visits."}); err != nil {
			t.Fatal(err)
		}
		got, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Deadlines) != 0 || got.Version != c.Version+1 {
			t.Fatalf("after the response: deadlines %+v, version %d; want none, %d", got.Deadlines, got.Version, c.Version+1)
		}
		s := f.sweeper()
		s.requests = requests
		f.clock.Set(req.Due.AddDate(0, 0, 2))
		if n, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Errorf("sweep after the response: %d, %v; want nothing to do", n, err)
		}
		if got := mustRequest(t, requests, f, c.ID, req.ID); got.Status != fitness.RequestAnswered {
			t.Errorf("status %s; want answered", got.Status)
		}
	})
}

// mustInvitation returns the one invitation to the registrant on c.
func mustInvitation(t *testing.T, rs *sqldb.RequestService, f *fixture, c fitness.Case) fitness.InformationRequest {
	t.Helper()
	qs, err := rs.CaseRequests(context.Background(), f.manager, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].Kind != fitness.RequestRegistrantInvitation || qs[0].Status != fitness.RequestOpen {
		t.Fatalf("requests after serving the allegation: %+v; want one open invitation", qs)
	}
	return qs[0]
}

// countEvents counts the events of type typ on a case.
func countEvents(t *testing.T, f *fixture, caseID, typ string) int {
	t.Helper()
	evs, err := f.cases.CaseEvents(context.Background(), f.manager, caseID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func mustRequest(t *testing.T, rs *sqldb.RequestService, f *fixture, caseID, id string) fitness.InformationRequest {
	t.Helper()
	r, err := rs.FindRequest(context.Background(), f.manager, caseID, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
