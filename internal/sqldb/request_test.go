package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// investigationFixture is a case with the request, document and
// allegation services on it.
type investigationFixture struct {
	*caseFixture
	requests    *RequestService
	documents   *DocumentService
	allegations *AllegationService
	theCase     fitness.Case
}

func mustInvestigationFixture(t *testing.T, db *DB) *investigationFixture {
	t.Helper()
	f := &investigationFixture{caseFixture: mustCaseFixture(t, db)}
	r := fitness.HCPCRules()
	f.requests = NewRequestService(db, r, f.clock.Now)
	f.documents = NewDocumentService(db, f.clock.Now)
	f.allegations = NewAllegationService(db, f.clock.Now)
	f.theCase = f.MustConcern(t, fitness.ConcernSubject{Name: "Robin Ashdown"})[0]
	return f
}

// mustSend sends a request of kind k on the fixture's case.
func (f *investigationFixture) mustSend(t *testing.T, k fitness.RequestKind) fitness.InformationRequest {
	t.Helper()
	q, err := f.requests.SendRequest(context.Background(), f.manager, f.theCase.ID, fitness.RequestInput{
		Kind: k, RecipientName: "HR team", Organisation: "Riverside Council", Details: "Supervision notes"})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// mustEvents returns the case's events, checking the hash chain.
func (f *investigationFixture) mustEvents(t *testing.T) []fitness.Event {
	t.Helper()
	evs, err := f.cases.CaseEvents(context.Background(), f.manager, f.theCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if e.Seq != i+1 || (i > 0 && e.PrevHash != evs[i-1].Hash) {
			t.Fatalf("event %d: seq %d, chain broken", i, e.Seq)
		}
	}
	return evs
}

func TestRequestLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		q := f.mustSend(t, fitness.RequestArt25Demand)
		if q.Status != fitness.RequestOpen || !q.Due.Equal(time.Date(2026, 3, 24, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("sent %+v", q)
		}
		got, err := f.requests.FindRequest(ctx, f.manager, f.theCase.Reference, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(q, got); diff != "" {
			t.Errorf("stored request (-sent +found):\n%s", diff)
		}
		pdf := []byte("%PDF-1.7 supervision notes")
		f.clock.Add(24 * time.Hour)
		resp, err := f.requests.RecordResponse(ctx, f.manager, f.theCase.ID, q.ID, fitness.ResponseInput{
			ReceivedOn: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), Summary: "  Notes for 2025 \r\n",
			Uploads: []fitness.Upload{
				{Filename: "notes.pdf", Content: pdf, Classification: fitness.ClassOfficial},
				{Filename: "copy of notes.pdf", Content: pdf, Classification: fitness.ClassOfficialSensitive},
			}})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Summary != "Notes for 2025" || len(resp.Documents) != 2 || count(t, db, "document_blobs") != 1 {
			t.Errorf("response %+v; %d blobs", resp, count(t, db, "document_blobs"))
		}
		got, _ = f.requests.FindRequest(ctx, f.manager, f.theCase.ID, q.ID)
		if got.Status != fitness.RequestAnswered || got.ClosedAt.IsZero() {
			t.Errorf("after the response: %+v", got)
		}
		responses, err := f.requests.RequestResponses(ctx, f.manager, f.theCase.ID, q.ID)
		if err != nil || len(responses) != 1 || len(responses[0].Documents) != 2 {
			t.Fatalf("responses %+v %v", responses, err)
		}
		other := f.mustSend(t, fitness.RequestOther)
		if _, err := f.requests.WithdrawRequest(ctx, f.manager, f.theCase.ID, other.ID, "Sent in error"); err != nil {
			t.Fatal(err)
		}
		_, err = f.requests.WithdrawRequest(ctx, f.manager, f.theCase.ID, other.ID, "Again")
		mustCode(t, err, fitness.EConflict, "")
		_, err = f.requests.RecordResponse(ctx, f.manager, f.theCase.ID, other.ID, fitness.ResponseInput{
			ReceivedOn: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), Summary: "x"})
		mustCode(t, err, fitness.EConflict, "This request was withdrawn, so no response can be recorded")

		var types []string
		for _, e := range f.mustEvents(t)[1:] {
			types = append(types, e.Type)
		}
		want := []string{fitness.EventRequestSent, fitness.EventResponseRecorded, fitness.EventRequestSent,
			fitness.EventRequestWithdrawn}
		if diff := cmp.Diff(want, types); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		c, _ := f.cases.FindCase(ctx, f.manager, f.theCase.ID)
		if c.Version != 5 {
			t.Errorf("case version %d", c.Version)
		}
		rep, err := NewAuditService(db).Verify(ctx)
		if err != nil || rep.Broken != nil {
			t.Errorf("audit: %+v %v", rep, err)
		}
	})
}

// TestRequestErrorsStoreNothing: bad input is refused with field errors
// and leaves no row and no event behind; others cannot send requests.
func TestRequestErrorsStoreNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		_, err := f.requests.SendRequest(ctx, f.manager, f.theCase.ID, fitness.RequestInput{
			Kind: fitness.RequestRegistrantInvitation, RecipientName: "Robin Ashdown",
			Due: time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC)})
		mustCode(t, err, fitness.EInvalid, "")
		if msg := fitness.ErrorFields(err)["due"]; msg != "The due date must be 7 April 2026 or later: the registrant has at least 28 days to respond" {
			t.Errorf("due: %q", msg)
		}
		_, err = f.requests.SendRequest(ctx, f.manager, f.theCase.ID, fitness.RequestInput{
			Kind: fitness.RequestArt25Demand, RecipientName: "HR", Details: "x", EmployerID: "no-such-employer"})
		mustCode(t, err, fitness.EInvalid, "")
		q := f.mustSend(t, fitness.RequestArt25Demand)
		_, err = f.requests.RecordResponse(ctx, f.manager, f.theCase.ID, q.ID, fitness.ResponseInput{
			ReceivedOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Summary: "Reply",
			Uploads: []fitness.Upload{{Filename: "virus.exe", Content: []byte("MZ\x90\x00"), Classification: fitness.ClassOfficial}}})
		mustCode(t, err, fitness.EInvalid, "")
		for table, want := range map[string]int{"information_requests": 1, "responses": 0, "documents": 0,
			"document_blobs": 0, "events": 2} {
			if n := count(t, db, table); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
		registrar := MustCreateUser(t, f.users, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar).Actor()
		_, err = f.requests.SendRequest(ctx, registrar, f.theCase.ID, fitness.RequestInput{Kind: fitness.RequestOther})
		mustCode(t, err, fitness.EForbidden, "")
		_, err = f.requests.CaseRequests(ctx, f.panel, f.theCase.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")
	})
}

// TestMarkOverdue runs the sweep with a fixed clock: an art 25 demand is
// chased then escalated, an invitation to the registrant ends with a
// neutral "no response received", and sweeping again changes nothing.
func TestMarkOverdue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		demand := f.mustSend(t, fitness.RequestArt25Demand)          // due 24 March
		invite := f.mustSend(t, fitness.RequestRegistrantInvitation) // due 7 April
		other := f.mustSend(t, fitness.RequestOther)                 // due 24 March, never swept
		at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
		steps := []struct {
			now  time.Time
			want fitness.SweepReport
		}{
			{at(3, 24, 23), fitness.SweepReport{}},             // the due date, 23:00 GMT
			{at(3, 25, 9), fitness.SweepReport{Chased: 1}},     // the day after
			{at(3, 25, 10), fitness.SweepReport{}},             // idempotent
			{at(3, 31, 22), fitness.SweepReport{}},             // 23:00 BST, six days after the chase
			{at(4, 1, 9), fitness.SweepReport{Escalated: 1}},   // seven days after
			{at(4, 7, 22), fitness.SweepReport{}},              // 23:00 BST on the invitation's last day
			{at(4, 7, 23), fitness.SweepReport{NoResponse: 1}}, // 00:00 BST on 8 April
			{at(5, 1, 9), fitness.SweepReport{}},
		}
		for _, s := range steps {
			rep, err := f.requests.MarkOverdue(ctx, s.now)
			if err != nil {
				t.Fatal(err)
			}
			if rep != s.want {
				t.Errorf("at %s: %+v, want %+v", s.now, rep, s.want)
			}
		}
		got, _ := f.requests.FindRequest(ctx, f.manager, f.theCase.ID, demand.ID)
		if got.Status != fitness.RequestOpen || !got.ChasedAt.Equal(at(3, 25, 9)) || !got.EscalatedAt.Equal(at(4, 1, 9)) {
			t.Errorf("demand %+v", got)
		}
		got, _ = f.requests.FindRequest(ctx, f.manager, f.theCase.ID, invite.ID)
		if got.Status != fitness.RequestNoResponse {
			t.Errorf("invitation %+v", got)
		}
		got, _ = f.requests.FindRequest(ctx, f.manager, f.theCase.ID, other.ID)
		if got.Status != fitness.RequestOpen || !got.Overdue(at(5, 1, 9)) {
			t.Errorf("other %+v", got)
		}
		evs := f.mustEvents(t)
		last := evs[len(evs)-1]
		words := fitness.DescribeEvent(fitness.HCPCProcess(), last)
		if last.Type != fitness.EventRequestNoResponse || last.ActorID != fitness.SystemActor.UserID ||
			words != "No response received by 7 April 2026: invitation to the registrant to respond, to HR team, Riverside Council" {
			t.Errorf("last event %+v: %q", last, words)
		}
		// A response arriving late is still recorded.
		f.clock.Set(at(4, 9, 10))
		if _, err := f.requests.RecordResponse(ctx, f.manager, f.theCase.ID, invite.ID, fitness.ResponseInput{
			ReceivedOn: at(4, 9, 0), Summary: "My account of events"}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(words), "fail") {
			t.Error("adverse wording")
		}
	})
}

// TestInvitationFollowsProcess: the registrant's invitation to respond is
// the process's: serving the allegation sends it, due the day the response
// deadline falls; serving an amended allegation replaces it; recording the
// response on the case answers it; and no request event is added, so the
// case's timeline tells each step once.
func TestInvitationFollowsProcess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		c := f.theCase
		for _, a := range []fitness.ActionName{fitness.ActionStartTriage, fitness.ActionStartInvestigation, fitness.ActionCompleteInvestigation} {
			c = f.MustApply(t, f.manager, c, a, nil)
		}
		c = f.MustApply(t, f.manager, c, fitness.ActionServeAllegation, fitness.Input{"ground": "misconduct"})
		first := f.mustInvitations(t, 1)[0]
		if first.Status != fitness.RequestOpen || first.Recipient.Name != "Robin Ashdown" ||
			first.Due.Format(time.DateOnly) != c.Deadlines[0].Due.Format(time.DateOnly) {
			t.Fatalf("invitation %+v, deadlines %+v", first, c.Deadlines)
		}
		f.clock.Add(48 * time.Hour)
		c = f.MustApply(t, f.manager, c, fitness.ActionServeAmended, fitness.Input{"ground": "misconduct"})
		qs := f.mustInvitations(t, 2)
		if qs[1].ID != first.ID || qs[1].Status != fitness.RequestWithdrawn || qs[0].Status != fitness.RequestOpen ||
			!qs[0].Due.After(first.Due) {
			t.Fatalf("after the amended allegation: %+v", qs)
		}
		f.MustApply(t, f.manager, c, fitness.ActionRecordResponse, fitness.Input{"received_on": "2026-03-04", "note": "By post."})
		qs = f.mustInvitations(t, 2)
		resps, err := f.requests.RequestResponses(ctx, f.manager, c.ID, qs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].Status != fitness.RequestAnswered || len(resps) != 1 || resps[0].Summary != "By post." ||
			resps[0].ReceivedOn.Format(time.DateOnly) != "2026-03-04" {
			t.Errorf("after the response: %+v, responses %+v", qs[0], resps)
		}
		for _, e := range f.mustEvents(t) {
			if strings.HasPrefix(e.Type, "information_") {
				t.Errorf("request event %s recorded beside the process's", e.Type)
			}
		}
	})
}

// mustInvitations returns the invitations to the registrant on the
// fixture's case, newest first, checking there are n.
func (f *investigationFixture) mustInvitations(t *testing.T, n int) []fitness.InformationRequest {
	t.Helper()
	qs, err := f.requests.CaseRequests(context.Background(), f.manager, f.theCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != n {
		t.Fatalf("%d requests; want %d: %+v", len(qs), n, qs)
	}
	return qs
}
