package fitness

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sentAt is when the test requests are sent: Tuesday 3 March 2026, 10:00.
var sentAt = time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var investigator = Actor{UserID: "u1", Name: "Casey Manager", Roles: []Role{RoleCaseManager}}

// mustRequest sends a valid request of kind k with due (zero: default).
func mustRequest(t *testing.T, k RequestKind, due time.Time) InformationRequest {
	t.Helper()
	q, err := NewInformationRequest("case-1", RequestInput{Kind: k, RecipientName: "Northshire Council",
		Details: "Supervision records for 2025", Due: due}, HCPCRules(), investigator, sentAt)
	if err != nil {
		t.Fatal(err)
	}
	q.ID = "req-1"
	return q
}

func TestRequestDueFromRules(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		kind RequestKind
		want time.Time
	}{
		{RequestRegistrantInvitation, day(2026, 3, 31)}, // 28 days
		{RequestComplainantComment, day(2026, 3, 17)},   // 14 days
		{RequestArt25Demand, day(2026, 3, 17)},
		{RequestOther, day(2026, 3, 17)},
	}
	for _, tt := range tests {
		q := mustRequest(t, tt.kind, time.Time{})
		if !q.Due.Equal(tt.want) || q.Status != RequestOpen || q.SentBy != "u1" {
			t.Errorf("%s: due %s status %s", tt.kind, q.Due, q.Status)
		}
		if got := r.DefaultDue(tt.kind, sentAt); !got.Equal(tt.want) {
			t.Errorf("%s: DefaultDue %s", tt.kind, got)
		}
	}
	// A different regulator's rules change the due date without code changes.
	r.RegistrantResponse = Period{WorkingDays: 10}
	if got := r.DefaultDue(RequestRegistrantInvitation, sentAt); !got.Equal(day(2026, 3, 17)) {
		t.Errorf("10 working days: %s", got)
	}
}

func TestRequestValidation(t *testing.T) {
	valid := RequestInput{Kind: RequestArt25Demand, RecipientName: "HR team", Organisation: "Northshire Council",
		RecipientEmail: "hr@northshire.example", Details: "Records"}
	tests := []struct {
		name   string
		change func(*RequestInput)
		want   map[string]string
	}{
		{"valid", func(*RequestInput) {}, nil},
		{"nothing", func(in *RequestInput) { *in = RequestInput{} }, map[string]string{
			"kind": "Select what kind of request this is", "recipient_name": "Enter who the request is to"}},
		{"art 25 needs details", func(in *RequestInput) { in.Details = " " }, map[string]string{
			"details": "Enter what is asked for"}},
		{"invitation needs no details", func(in *RequestInput) { in.Kind, in.Details = RequestRegistrantInvitation, "" }, nil},
		{"bad email", func(in *RequestInput) { in.RecipientEmail = "hr at northshire" }, map[string]string{
			"recipient_email": "Enter an email address in the correct format, like name@example.com"}},
		{"due today", func(in *RequestInput) { in.Due = day(2026, 3, 3) }, map[string]string{
			"due": "The due date must be in the future"}},
		{"due tomorrow", func(in *RequestInput) { in.Due = day(2026, 3, 4) }, nil},
		{"due at the longest", func(in *RequestInput) { in.Due = day(2026, 6, 3) }, nil},
		{"due after the longest", func(in *RequestInput) { in.Due = day(2026, 6, 4) }, map[string]string{
			"due": "The due date must be 3 June 2026 or earlier"}},
		{"invitation: the full period", func(in *RequestInput) { in.Kind, in.Due = RequestRegistrantInvitation, day(2026, 3, 31) }, nil},
		{"invitation: a day short", func(in *RequestInput) { in.Kind, in.Due = RequestRegistrantInvitation, day(2026, 3, 30) },
			map[string]string{"due": "The due date must be 31 March 2026 or later: the registrant has at least 28 days to respond"}},
		{"control characters", func(in *RequestInput) { in.RecipientName = "HR\x00" }, map[string]string{
			"recipient_name": "Who the request is to must not contain unusual characters"}},
	}
	for _, tt := range tests {
		in := valid
		tt.change(&in)
		_, err := NewInformationRequest("case-1", in, HCPCRules(), investigator, sentAt)
		if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestArt25ChasedThenEscalated walks an unanswered art 25 demand through
// a fixed clock: nothing on its due date, chased the day after, escalated
// seven days after the chase, then nothing more.
func TestArt25ChasedThenEscalated(t *testing.T) {
	r := HCPCRules()
	q := mustRequest(t, RequestArt25Demand, time.Time{}) // due 17 March
	at := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	if _, _, ok := q.Sweep(r, SystemActor, at(17)); ok {
		t.Fatal("a step on the due date")
	}
	if q.Shown(at(17)) != RequestOpen || q.Shown(at(18)) != RequestOverdue {
		t.Errorf("shown %s then %s", q.Shown(at(17)), q.Shown(at(18)))
	}
	q, e, ok := q.Sweep(r, SystemActor, at(18))
	if !ok || e.Type != EventRequestChased || !q.ChasedAt.Equal(at(18)) || q.Status != RequestOpen {
		t.Fatalf("chase: %v %+v %+v", ok, e, q)
	}
	if _, _, ok := q.Sweep(r, SystemActor, at(24)); ok {
		t.Fatal("escalated six days after the chase")
	}
	q, e, ok = q.Sweep(r, SystemActor, at(25))
	if !ok || e.Type != EventRequestEscalated || !q.EscalatedAt.Equal(at(25)) || q.Status != RequestOpen {
		t.Fatalf("escalate: %v %+v %+v", ok, e, q)
	}
	if _, _, ok := q.Sweep(r, SystemActor, at(31)); ok {
		t.Fatal("a step after escalation")
	}
	if e.Payload["request_id"] != "req-1" || e.ActorID != SystemActor.UserID {
		t.Errorf("event %+v", e)
	}
}

// TestInvitationEndsWithNoResponse closes an unanswered invitation as "no
// response received" once its last day has ended in the United Kingdom
// (BST from 29 March 2026), and takes no other step.
func TestInvitationEndsWithNoResponse(t *testing.T) {
	r := HCPCRules()
	q := mustRequest(t, RequestRegistrantInvitation, time.Time{}) // due 31 March
	lastMinute := time.Date(2026, 3, 31, 22, 59, 0, 0, time.UTC)  // 23:59 BST
	if _, _, ok := q.Sweep(r, SystemActor, lastMinute); ok {
		t.Fatal("no response recorded before the last day to respond ended")
	}
	next, e, ok := q.Sweep(r, SystemActor, lastMinute.Add(time.Minute))
	if !ok || next.Status != RequestNoResponse || e.Type != EventRequestNoResponse || !next.ClosedAt.Equal(lastMinute.Add(time.Minute)) {
		t.Fatalf("after the deadline: %v %+v %+v", ok, next, e)
	}
	if _, _, ok := next.Sweep(r, SystemActor, lastMinute.AddDate(0, 1, 0)); ok {
		t.Error("a second step")
	}
	// Responding late is allowed: the request becomes answered.
	answered, _, _, err := next.RecordResponse(ResponseInput{ReceivedOn: day(2026, 4, 2), Summary: "Late reply"},
		investigator, time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC))
	if err != nil || answered.Status != RequestAnswered {
		t.Errorf("late response: %v %+v", err, answered)
	}
	// Other requests are shown overdue but left open for staff.
	other := mustRequest(t, RequestOther, time.Time{})
	if _, _, ok := other.Sweep(r, SystemActor, lastMinute.AddDate(0, 1, 0)); ok || !other.Overdue(lastMinute) {
		t.Error("a step on another request")
	}
}

func TestRecordResponseValidation(t *testing.T) {
	q := mustRequest(t, RequestArt25Demand, time.Time{})
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	pdf := []byte("%PDF-1.7\n...")
	tests := []struct {
		name string
		in   ResponseInput
		want map[string]string
	}{
		{"valid", ResponseInput{ReceivedOn: day(2026, 3, 10), Summary: "Records sent",
			Uploads: []Upload{{Filename: "records.pdf", Content: pdf, Classification: ClassOfficial}}}, nil},
		{"nothing", ResponseInput{}, map[string]string{"received_on": "Enter the date the response was received",
			"summary": "Enter the summary of the response"}},
		{"future", ResponseInput{ReceivedOn: day(2026, 3, 11), Summary: "x"}, map[string]string{
			"received_on": "The date the response was received must be today or in the past"}},
		{"before sending", ResponseInput{ReceivedOn: day(2026, 3, 2), Summary: "x"}, map[string]string{
			"received_on": "The date the response was received must be on or after 3 March 2026, when the request was sent"}},
		{"bad uploads", ResponseInput{ReceivedOn: day(2026, 3, 10), Summary: "x", Uploads: []Upload{
			{Filename: "a.exe", Content: []byte("MZ\x90\x00\x03"), Classification: "secret"},
			{Filename: "b.docx", Content: pdf, Classification: ClassPublic}}}, map[string]string{
			"document": "The selected file must be a PDF, DOCX, JPEG, PNG or TXT", "classification": "Select how sensitive the document is",
			"document-2": "The selected file is a PDF, so its name must end in .pdf"}},
	}
	for _, tt := range tests {
		next, resp, ups, err := q.RecordResponse(tt.in, investigator, now)
		if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
		if err == nil && (next.Status != RequestAnswered || len(ups) != 1 || ups[0].ContentType != TypePDF ||
			resp.Summary != "Records sent" || resp.RecordedBy != "u1" || !resp.ReceivedOn.Equal(day(2026, 3, 10))) {
			t.Errorf("%s: %+v %+v %+v", tt.name, next, resp, ups)
		}
	}
	withdrawn, reason, err := q.Withdraw("  Sent to the wrong council ", now)
	if err != nil || withdrawn.Status != RequestWithdrawn || reason != "Sent to the wrong council" {
		t.Fatalf("withdraw: %v %+v", err, withdrawn)
	}
	if _, _, _, err := withdrawn.RecordResponse(tests[0].in, investigator, now); ErrorCode(err) != EConflict {
		t.Errorf("response to a withdrawn request: %v", err)
	}
	if _, _, err := withdrawn.Withdraw("again", now); ErrorCode(err) != EConflict {
		t.Errorf("withdrawn twice: %v", err)
	}
}

// adverseWords are words that would make "no response received" read as a
// failing of the registrant. Responding is optional, so none may appear on
// the no-response path.
var adverseWords = regexp.MustCompile(`(?i)fail|refus|non-?\s?complian|did not co-?operate|not co-?operat|uncooperative|` +
	`adverse|ignor|neglect|breach|default|penalt|offence|sanction|warning|chase|escalat|overdue|late\b|missed|silen`)

// NoResponseTexts returns every description and label the system
// produces on the no-response path: the status, the events of each kind
// of request that can end without a response, and the process table's own
// no-response action.
func noResponseTexts(t *testing.T) []string {
	t.Helper()
	p, r := HCPCProcess(), HCPCRules()
	out := []string{RequestNoResponse.Label()}
	for _, o := range RequestKinds() {
		k := RequestKind(o.Value)
		if !k.EndsWithoutResponse() {
			continue
		}
		out = append(out, k.Label(), k.Hint())
		q := mustRequest(t, k, time.Time{})
		next, e, ok := q.Sweep(r, SystemActor, q.Due.AddDate(0, 0, 2))
		if !ok {
			t.Fatalf("%s: no step", k)
		}
		out = append(out, next.Shown(q.Due.AddDate(0, 1, 0)).Label(), DescribeEvent(p, e))
	}
	def, ok := p.Action(ActionNoResponse)
	if !ok {
		t.Fatal("no no-response action")
	}
	out = append(out, def.Label, def.Description, def.Event,
		DescribeEvent(p, Event{Type: string(ActionNoResponse), FromStage: StageAllegation, ToStage: StageAllegation}))
	for _, e := range def.Effects {
		out = append(out, e.Label)
	}
	served := Case{Deadlines: []Deadline{{Name: DeadlineRegistrantResponse, Due: time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)}}}
	q, _ := NewInvitation(served, Recipient{Name: "Jordan Example"}, caseManager, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	closed, _ := q.CloseByProcess(InvitationNoResponse, time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC))
	return append(out, q.Details, closed.Status.Label())
}

// TestInvitationIsTheProcess: the invitation to the registrant follows the
// process table: the actions serving an allegation send it, due the day
// the response deadline falls in the United Kingdom; recording the
// response answers it; the system's no-response closes it once its day
// is over; a response to it stops the deadline.
func TestInvitationIsTheProcess(t *testing.T) {
	p := HCPCProcess()
	for name, want := range map[ActionName]InvitationStep{ActionServeAllegation: InvitationSend,
		ActionFastTrack: InvitationSend, ActionServeAmended: InvitationSend, ActionRecordResponse: InvitationAnswered,
		ActionNoResponse: InvitationNoResponse, ActionReferToICP: InvitationUnchanged, ActionInviteComment: InvitationUnchanged} {
		def, _ := p.Action(name)
		if got := InvitationStepOf(def); got != want {
			t.Errorf("%s: step %d, want %d", name, got, want)
		}
	}
	if _, ok := NewInvitation(Case{}, Recipient{Name: "X"}, caseManager, time.Now()); ok {
		t.Error("an invitation without a response deadline")
	}
	// Due 23:30 UTC on 29 March is 30 March in the United Kingdom (BST).
	c := Case{ID: "c1", Deadlines: []Deadline{{Name: DeadlineRegistrantResponse, Due: time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC)}}}
	sent := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	q, ok := NewInvitation(c, Recipient{Name: "Jordan Example"}, caseManager, sent)
	if !ok || q.Kind != RequestRegistrantInvitation || q.Status != RequestOpen || q.CaseID != "c1" ||
		!q.Due.Equal(time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)) || q.SentBy != caseManager.UserID {
		t.Fatalf("invitation %+v", q)
	}
	if _, changed := q.CloseByProcess(InvitationNoResponse, time.Date(2026, 3, 30, 20, 0, 0, 0, time.UTC)); changed {
		t.Error("closed as no response on its last day")
	}
	for step, want := range map[InvitationStep]RequestStatus{InvitationSend: RequestWithdrawn,
		InvitationAnswered: RequestAnswered, InvitationNoResponse: RequestNoResponse} {
		next, changed := q.CloseByProcess(step, time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC))
		if !changed || next.Status != want || next.ClosedAt.IsZero() {
			t.Errorf("step %d: %+v, %v; want %s", step, next.Status, changed, want)
		}
		if _, again := next.CloseByProcess(step, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)); again {
			t.Errorf("step %d closed a closed invitation", step)
		}
	}
	demand := mustRequest(t, RequestArt25Demand, time.Time{})
	if _, changed := demand.CloseByProcess(InvitationAnswered, sent); changed || demand.LeftToProcess(c) {
		t.Error("the process changed an art 25 demand")
	}
	if !q.LeftToProcess(c) {
		t.Error("the sweep may close the invitation while the deadline runs")
	}
	answered, ok := q.AnswerOnCase(c)
	if !ok || len(answered.Deadlines) != 0 || len(c.Deadlines) != 1 {
		t.Errorf("after a response: %+v (was %+v)", answered.Deadlines, c.Deadlines)
	}
	if _, ok := q.AnswerOnCase(answered); ok || q.LeftToProcess(answered) {
		t.Error("a response after the deadline stopped changed the case again")
	}
}

// TestNoResponseIsNeutral fails if anything said about a registrant (or
// complainant) who did not respond sounds adverse.
func TestNoResponseIsNeutral(t *testing.T) {
	texts := noResponseTexts(t)
	if len(texts) < 8 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, s := range texts {
		if w := adverseWords.FindString(s); w != "" {
			t.Errorf("%q sounds adverse (%q)", s, w)
		}
	}
	for _, s := range []string{"Registrant failed to respond", "Refused to engage", "non-compliance", "did not cooperate"} {
		if !adverseWords.MatchString(s) {
			t.Errorf("the check misses %q", s)
		}
	}
	if !strings.Contains(strings.Join(texts, "\n"), "No response received") {
		t.Error("the neutral words are missing")
	}
}
