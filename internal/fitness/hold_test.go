package fitness

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// heldCase returns an open case with a pausable deadline (information
// due 20 March 2026) and a statutory one (registrant's response due 25
// March 2026).
func heldCase() Case {
	c := caseAt(StageAllegation)
	c.ReceivedOn = date(2026, 1, 5)
	c.Deadlines = []Deadline{
		{Name: DeadlineInformation, Label: "Requested information due", Due: time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)},
		{Name: DeadlineRegistrantResponse, Label: "Registrant's response due", Due: time.Date(2026, 3, 25, 10, 0, 0, 0, time.UTC)},
	}
	return c
}

func TestPlaceHold(t *testing.T) {
	r := HCPCRules()
	c := heldCase()
	next, h, e, err := c.PlaceHold(r, nil, HoldInput{Reason: HoldCriminalProceedings, Details: "  Trial listed for May.  "}, caseManager, monday)
	if err != nil {
		t.Fatal(err)
	}
	wantHold := Hold{CaseID: "case-1", Reason: HoldCriminalProceedings, Details: "Trial listed for May.", Start: monday,
		StartedBy: "cm1", StartedByName: "Casey Example", Paused: c.Deadlines[:1]}
	if diff := cmp.Diff(wantHold, h); diff != "" {
		t.Errorf("hold (-want +got):\n%s", diff)
	}
	wantEvent := Event{CaseID: "case-1", Seq: 8, Type: EventHoldPlaced, ActorID: "cm1", ActorName: "Casey Example",
		At: monday, FromStage: StageAllegation, ToStage: StageAllegation, Reason: "Trial listed for May.",
		Payload:        map[string]string{"hold_reason": "criminal_proceedings", "paused": DeadlineInformation},
		ProcessVersion: HCPCProcessVersion}
	if diff := cmp.Diff(wantEvent, e); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	if next.Version != 8 || !cmp.Equal(next.Deadlines, c.Deadlines) {
		t.Errorf("case after: version %d, deadlines %v", next.Version, next.Deadlines)
	}
	if got := DescribeEvent(HCPCProcess(), e); got != "Put on hold: Awaiting a police investigation or criminal proceedings" {
		t.Errorf("described as %q", got)
	}
}

func TestPlaceHoldRefused(t *testing.T) {
	r := HCPCRules()
	ok := HoldInput{Reason: HoldHealth, Details: "Signed off sick."}
	closed := heldCase()
	closed.ClosedAt = monday
	tests := []struct {
		name   string
		c      Case
		holds  []Hold
		in     HoldInput
		code   string
		fields []string
	}{
		{"closed", closed, nil, ok, EConflict, nil},
		{"already on hold", heldCase(), []Hold{{CaseID: "case-1", Start: monday.AddDate(0, 0, -3)}}, ok, EConflict, nil},
		{"nothing given", heldCase(), nil, HoldInput{Details: "  "}, EInvalid, []string{"details", "reason"}},
		{"unknown reason", heldCase(), nil, HoldInput{Reason: "bored", Details: "x"}, EInvalid, []string{"reason"}},
		{"details too long", heldCase(), nil, HoldInput{Reason: HoldOther, Details: strings.Repeat("a", 4001)}, EInvalid, []string{"details"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := tt.c.PlaceHold(r, tt.holds, tt.in, caseManager, monday)
			if ErrorCode(err) != tt.code {
				t.Fatalf("code %q (%v); want %q", ErrorCode(err), err, tt.code)
			}
			var fields []string
			for k := range ErrorFields(err) {
				fields = append(fields, k)
			}
			if diff := cmp.Diff(tt.fields, fields, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
	// An ended hold is no obstacle.
	if _, _, _, err := heldCase().PlaceHold(r, []Hold{{CaseID: "case-1", Start: monday.AddDate(0, -1, 0), End: monday.AddDate(0, 0, -1)}}, ok, caseManager, monday); err != nil {
		t.Errorf("after an ended hold: %v", err)
	}
}

// TestHoldPausesTheRightClocks: statutory deadlines run on through a
// hold; the pausable one is paused, cannot become overdue, and moves
// later by the days held when the hold ends.
func TestHoldPausesTheRightClocks(t *testing.T) {
	r := HCPCRules()
	c := heldCase()
	start := london(2026, 3, 10, 11, 0)
	c, h, _, err := c.PlaceHold(r, nil, HoldInput{Reason: HoldThirdParty, Details: "Waiting for the police disclosure."}, caseManager, start)
	if err != nil {
		t.Fatal(err)
	}
	during := london(2026, 3, 30, 9, 0) // both deadlines' dates have passed
	cc := Clocks(c, r, []Hold{h}, during)
	if cc.Hold == nil || cc.HeldDays != 20 {
		t.Fatalf("on hold %v, held %d days; want on hold for 20", cc.Hold != nil, cc.HeldDays)
	}
	info, resp := cc.Deadlines[0], cc.Deadlines[1]
	if !info.Paused || info.Overdue || info.Days != 10 || info.WorkingDays != 8 {
		t.Errorf("information: %+v; want paused with 10 days (8 working days) left", info)
	}
	if resp.Paused || !resp.Overdue || resp.Days != -5 {
		t.Errorf("registrant's response: %+v; want running and 5 days overdue", resp)
	}
	if want := "Requested information due: paused while the case is on hold, with 10 days left (8 working days) when the hold began; was due 20 March 2026"; info.Words() != want {
		t.Errorf("words %q", info.Words())
	}
	if len(cc.Breaches) != 1 || cc.Breaches[0].Deadline != DeadlineRegistrantResponse {
		t.Errorf("breaches %+v; want the registrant's response only", cc.Breaches)
	}

	end := london(2026, 3, 30, 16, 0)
	after, ended, e, err := c.EndHold(h, "Disclosure received.", teamLeader, end)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.Deadlines[0].Due; !got.Equal(time.Date(2026, 4, 9, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("information due moved to %s; want 9 April 2026 (20 days later)", got)
	}
	if !after.Deadlines[1].Due.Equal(c.Deadlines[1].Due) {
		t.Errorf("registrant's response moved to %s", after.Deadlines[1].Due)
	}
	if !ended.End.Equal(end) || ended.EndedBy != "tl1" || ended.EndNote != "Disclosure received." || after.Version != c.Version+1 {
		t.Errorf("ended hold %+v, version %d", ended, after.Version)
	}
	if e.Payload["held_days"] != "20" || e.Payload["moved"] != DeadlineInformation || e.Seq != c.Version+1 {
		t.Errorf("event %+v", e)
	}
	if got, want := DescribeEvent(HCPCProcess(), e), "Taken off hold after 20 days; moved later by the days held: Requested information due"; got != want {
		t.Errorf("described as %q; want %q", got, want)
	}
	cc = Clocks(after, r, []Hold{ended}, end)
	if info := cc.Deadlines[1]; info.Name != DeadlineInformation || info.Overdue || info.Days != 10 || cc.Hold != nil || cc.HeldDays != 20 {
		t.Errorf("after the hold: %+v, held %d; want information due in 10 days, soonest last", info, cc.HeldDays)
	}
	if !cc.KPIStart.Equal(date(2026, 1, 25)) {
		t.Errorf("KPI counts from %s; want 25 January 2026 (received 5 January, 20 days held)", cc.KPIStart)
	}
	if _, _, _, err := after.EndHold(ended, "", teamLeader, end); ErrorCode(err) != EConflict {
		t.Errorf("ending an ended hold: %v; want a conflict", err)
	}
}

func TestHoldEdgeCases(t *testing.T) {
	r := HCPCRules()
	// A pausable deadline already overdue when the hold begins stays
	// overdue: a hold does not cure a breach.
	c := heldCase()
	late := london(2026, 3, 21, 9, 0)
	c, h, _, err := c.PlaceHold(r, nil, HoldInput{Reason: HoldOther, Details: "x"}, caseManager, late)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Paused) != 0 {
		t.Errorf("paused %v; want nothing", h.Paused)
	}
	if cc := Clocks(c, r, []Hold{h}, late); !cc.Deadlines[0].Overdue {
		t.Errorf("overdue information paused by a hold")
	}
	// A hold ended the day it began moves nothing.
	c = heldCase()
	c, h, _, _ = c.PlaceHold(r, nil, HoldInput{Reason: HoldOther, Details: "x"}, caseManager, london(2026, 3, 10, 9, 0))
	after, _, e, err := c.EndHold(h, "", caseManager, london(2026, 3, 10, 17, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(after.Deadlines, c.Deadlines) || e.Payload["held_days"] != "0" || e.Payload["moved"] != "" {
		t.Errorf("same-day hold moved %v (%v)", after.Deadlines, e.Payload)
	}
	// A deadline restarted during the hold (new due) is not moved.
	c = heldCase()
	c, h, _, _ = c.PlaceHold(r, nil, HoldInput{Reason: HoldOther, Details: "x"}, caseManager, london(2026, 3, 10, 9, 0))
	c.Deadlines[0].Due = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	after, _, _, _ = c.EndHold(h, "", caseManager, london(2026, 3, 15, 9, 0))
	if !after.Deadlines[0].Due.Equal(c.Deadlines[0].Due) {
		t.Errorf("restarted deadline moved to %s", after.Deadlines[0].Due)
	}
	// A note too long is refused.
	if _, _, _, err := c.EndHold(h, strings.Repeat("n", 4001), caseManager, london(2026, 3, 15, 9, 0)); ErrorFields(err)["note"] == "" {
		t.Errorf("long note: %v", err)
	}
	// Days held go by dates in the United Kingdom.
	bst := Hold{Start: time.Date(2026, 6, 1, 22, 30, 0, 0, time.UTC)} // 23:30 BST on 1 June
	if got := bst.Days(time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC)); got != 1 {
		t.Errorf("23:30 to 00:30 BST held %d days; want 1", got)
	}
}
