package fitness

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestEveryIssuedDocumentHasRecipientsAndTitle: every letter the process
// table issues is addressed to someone and has a name in words.
func TestEveryIssuedDocumentHasRecipientsAndTitle(t *testing.T) {
	for _, a := range HCPCProcess().Actions {
		for _, doc := range IssuedDocuments(a, Input{}) {
			if len(DocumentRecipients(doc)) == 0 {
				t.Errorf("%s: %s goes to nobody", a.Name, doc)
			}
			if _, ok := documentTitles[doc]; !ok {
				t.Errorf("%s: %s has no title", a.Name, doc)
			}
		}
	}
	if got := DocumentRecipients("notice_of_decision"); !cmp.Equal(got, []RecipientRole{RecipientRegistrant, RecipientComplainant}) {
		t.Errorf("notice of decision goes to %v", got)
	}
}

func TestPostInputValidate(t *testing.T) {
	issued := time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC) // still 9 March in London (GMT until 29 March)
	now := time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		in   PostInput
		want map[string]string
	}{
		{"the day issued", PostInput{PostedOn: day(9), Address: "1 Road"}, nil},
		{"today", PostInput{PostedOn: day(12), Address: "1 Road"}, nil},
		{"tomorrow", PostInput{PostedOn: day(13), Address: "1 Road"},
			map[string]string{"posted_on": "The date the letter was posted must be today or in the past"}},
		{"before it was issued", PostInput{PostedOn: day(8), Address: "1 Road"},
			map[string]string{"posted_on": "The date the letter was posted must be on or after the day it was issued, 9 March 2026"}},
		{"nothing", PostInput{Address: " "}, map[string]string{"posted_on": "Enter the date the letter was posted",
			"address": "Enter the address the letter was posted to"}},
		{"address too long", PostInput{PostedOn: day(10), Address: strings.Repeat("a", 501)},
			map[string]string{"address": "The address must be 500 characters or fewer"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ErrorFields(tt.in.Validate(issued, now))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestServiceAddress(t *testing.T) {
	if got := (ServiceAddress{Email: " dana@example.net "}).Channel(); got != ChannelEmail {
		t.Errorf("channel with an email: %s", got)
	}
	if got := (ServiceAddress{Postal: "1 Road"}).Channel(); got != ChannelPost {
		t.Errorf("channel without: %s", got)
	}
	if f := ErrorFields(ServiceAddress{Email: "dana at example"}.Validate()); f["email"] == "" {
		t.Errorf("bad email accepted: %v", f)
	}
	if err := (ServiceAddress{}).Validate(); err != nil {
		t.Errorf("empty address: %v", err)
	}
}

func TestDescribeServiceEvents(t *testing.T) {
	p := HCPCProcess()
	tests := []struct {
		e    Event
		want string
	}{
		{Event{Type: EventDocumentSent, Payload: map[string]string{"document": "notice_of_decision", "recipient": "registrant"}},
			"Notice of decision sent to the registrant by email"},
		{Event{Type: EventDocumentPosted, Payload: map[string]string{"document": "acknowledgement", "recipient": "complainant",
			"posted_on": "2026-03-10"}}, "Acknowledgement sent to the person who raised the concern by post (posted on 10 March 2026)"},
	}
	for _, tt := range tests {
		if got := DescribeEvent(p, tt.e); got != tt.want {
			t.Errorf("DescribeEvent = %q, want %q", got, tt.want)
		}
	}
}

func TestServiceRecordDescribe(t *testing.T) {
	at := time.Date(2026, 3, 10, 14, 5, 0, 0, time.UTC)
	tries := []OutboxAttempt{{Attempt: 1, Outcome: AttemptFailed}, {Attempt: 2, Outcome: AttemptSent}}
	tests := []struct {
		s      ServiceRecord
		want   string
		served bool
	}{
		{ServiceRecord{Channel: ChannelEmail, OutboxStatus: OutboxSent, SentAt: at, Attempts: tries},
			"Sent by email on 10 March 2026 at 14:05 (2 attempts)", true},
		{ServiceRecord{Channel: ChannelEmail, OutboxStatus: OutboxPending}, "Email waiting to be sent", false},
		{ServiceRecord{Channel: ChannelEmail, OutboxStatus: OutboxPending, Attempts: tries[:1]},
			"Email waiting to be tried again (1 attempt)", false},
		{ServiceRecord{Channel: ChannelEmail, OutboxStatus: OutboxFailed, Attempts: tries[:1]},
			"Email could not be delivered (1 attempt)", false},
		{ServiceRecord{Channel: ChannelPost, PostedOn: at, Address: "1 Road\nTown  TT1 1AA"},
			"Posted on 10 March 2026 to 1 Road, Town TT1 1AA", true},
	}
	for _, tt := range tests {
		if got := tt.s.Describe(time.UTC); got != tt.want || tt.s.Served() != tt.served {
			t.Errorf("Describe = %q (served %v), want %q (%v)", got, tt.s.Served(), tt.want, tt.served)
		}
	}
}
