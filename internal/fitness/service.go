package fitness

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// RecipientRole is who a letter is issued to.
type RecipientRole string

// Recipient roles.
const (
	RecipientRegistrant  RecipientRole = "registrant"  // the person the case is about
	RecipientComplainant RecipientRole = "complainant" // the person who raised the concern
	RecipientEmployer    RecipientRole = "employer"    // an employer asked for information
)

// Label returns the role in words, as the object of a sentence: "the
// registrant", "the person who raised the concern", "the employer".
func (r RecipientRole) Label() string {
	switch r {
	case RecipientRegistrant:
		return "the registrant"
	case RecipientComplainant:
		return "the person who raised the concern"
	case RecipientEmployer:
		return "the employer"
	}
	return string(r)
}

// ServiceChannel is how a letter is served.
type ServiceChannel string

// Service channels.
const (
	ChannelEmail ServiceChannel = "email" // through the outbox, with the PDF attached
	ChannelPost  ServiceChannel = "post"  // printed and posted; staff record the posting
)

// Label returns the channel in words: "by email", "by post".
func (c ServiceChannel) Label() string { return "by " + string(c) }

// DocumentStatus is where a requested letter is in its making.
type DocumentStatus string

// Document statuses.
const (
	DocumentPending DocumentStatus = "pending" // waiting to be rendered, or to be tried again
	DocumentIssued  DocumentStatus = "issued"  // rendered and stored; served or waiting to be
	DocumentFailed  DocumentStatus = "failed"  // every attempt to render it failed
)

// Label returns the status in words.
func (s DocumentStatus) Label() string {
	switch s {
	case DocumentPending:
		return "Being prepared"
	case DocumentIssued:
		return "Issued"
	case DocumentFailed:
		return "Could not be prepared"
	}
	return string(s)
}

// Event types of the service of documents; they are not actions of the
// process table.
const (
	EventDocumentSent   = "document_sent"   // a letter was issued and queued by email
	EventDocumentPosted = "document_posted" // staff recorded that a letter was posted
)

// documentTitles are the names of the letters of the process table, in
// words. Kinds the table does not name come out humanised.
var documentTitles = map[string]string{
	"acknowledgement":             "Acknowledgement",
	"triage_closure_letter":       "Closure letter",
	"threshold_closure_letter":    "Closure letter",
	"notice_of_investigation":     "Notice of investigation",
	"allegation_letter":           "Allegation letter",
	"art25_demand":                "Article 25 information demand",
	"notice_of_decision":          "Notice of decision",
	"notice_of_hearing":           "Notice of hearing",
	"hearing_decision":            "Hearing decision",
	"order_notice":                "Order notice",
	"review_notice":               "Notice of review",
	"review_decision":             "Review decision",
	"consent_order":               "Consent order",
	"voluntary_removal_agreement": "Voluntary removal agreement",
	"restoration_decision":        "Restoration decision",
	"interim_order_application":   "Interim order application and notice",
	"interim_order_decision":      "Interim order decision",
}

// DocumentTitle returns the name of a letter of the process table in
// words, e.g. "Notice of decision".
func DocumentTitle(document string) string {
	if t, ok := documentTitles[document]; ok {
		return t
	}
	return humanise(document)
}

// DocumentRecipients returns who a letter of the process table is issued
// to, in order. A notice of decision goes to the registrant and to the
// person who raised the concern; an article 25 demand to the employer.
// Storage leaves out a recipient a case does not have (an anonymous
// concern has no one to tell).
func DocumentRecipients(document string) []RecipientRole {
	switch document {
	case "acknowledgement", "triage_closure_letter":
		return []RecipientRole{RecipientComplainant}
	case "threshold_closure_letter", "notice_of_decision", "hearing_decision":
		return []RecipientRole{RecipientRegistrant, RecipientComplainant}
	case "art25_demand":
		return []RecipientRole{RecipientEmployer}
	}
	return []RecipientRole{RecipientRegistrant}
}

// IssuedDocuments returns the letters action def issues when taken with
// in: the documents of its issue_document effects that apply.
func IssuedDocuments(def ActionDef, in Input) []string {
	var out []string
	for _, e := range def.Effects {
		if e.Kind == EffectIssueDocument && e.Applies(in) {
			out = append(out, e.Document)
		}
	}
	return out
}

// ServiceAddress is where letters to a registrant or an employer are
// served: an email address, a postal address, or both.
type ServiceAddress struct {
	Email  string
	Postal string // one line per line of the address
}

// Channel returns how a letter to this address is served: by email when
// there is an email address, else by post.
func (a ServiceAddress) Channel() ServiceChannel {
	if strings.TrimSpace(a.Email) != "" {
		return ChannelEmail
	}
	return ChannelPost
}

// Validate checks the address: a valid email address when one is given,
// a postal address of at most 500 characters. Messages are keyed "email"
// and "postal".
func (a ServiceAddress) Validate() error {
	fe := FieldErrors{}
	if e := strings.TrimSpace(a.Email); e != "" {
		if m, err := mail.ParseAddress(e); err != nil || m.Address != e {
			fe.Add("email", "Enter an email address in the correct format, like name@example.com")
		}
	}
	if utf8.RuneCountInString(a.Postal) > 500 {
		fe.Add("postal", "The postal address must be 500 characters or fewer")
	}
	return fe.Err()
}

// DocumentRequest is one letter to one recipient that an action issued:
// recorded in the action's transaction, rendered and stored afterwards by
// the jobs, then served by email or by post.
type DocumentRequest struct {
	ID               string
	CaseID           string
	EventID          string // the event of the action that issued it
	EventSeq         int
	Document         string // the process table's document name, e.g. "notice_of_decision"
	RecipientRole    RecipientRole
	RecipientName    string
	RecipientEmail   string
	RecipientAddress string // postal address, one line per line; may be empty
	Channel          ServiceChannel
	Status           DocumentStatus
	RequestedAt      time.Time
	Attempts         int    // attempts to render it so far
	LastError        string // why the last attempt failed
	// Set once issued: the stored PDF (a case document), its SHA-256 and
	// that of the HTML, and when.
	DocumentID string
	Filename   string
	SHA256     string
	HTMLSHA256 string
	IssuedAt   time.Time
	Service    []ServiceRecord // proof of service, oldest first
}

// Title returns the letter's name in words.
func (r DocumentRequest) Title() string { return DocumentTitle(r.Document) }

// Served reports whether the letter has been served: an email the mail
// server accepted, or a posting recorded.
func (r DocumentRequest) Served() bool {
	for _, s := range r.Service {
		if s.Served() {
			return true
		}
	}
	return false
}

// ServiceRecord is one act of service of an issued letter: an email
// queued in the outbox (with its delivery, as the outbox records it) or a
// posting recorded by staff. Records are never changed.
type ServiceRecord struct {
	ID        string
	RequestID string
	Channel   ServiceChannel
	// Email: the outbox message and its delivery so far.
	OutboxMessageID string
	OutboxStatus    OutboxStatus
	SentAt          time.Time // when the mail server accepted it
	Attempts        []OutboxAttempt
	// Post: when and where it was posted.
	PostedOn time.Time // a date
	Address  string
	// Who recorded it (the system for email) and when.
	RecordedAt     time.Time
	RecordedBy     string
	RecordedByName string
}

// Served reports whether this record proves service: the mail server
// accepted the email, or the letter was posted.
func (s ServiceRecord) Served() bool {
	if s.Channel == ChannelPost {
		return !s.PostedOn.IsZero()
	}
	return s.OutboxStatus == OutboxSent
}

// Describe says what happened, e.g. "Sent by email on 3 March 2026 at
// 10:04 after 2 attempts", "Posted on 3 March 2026 to 1 Sample Street".
func (s ServiceRecord) Describe(loc *time.Location) string {
	if s.Channel == ChannelPost {
		return fmt.Sprintf("Posted on %s to %s", s.PostedOn.Format("2 January 2006"),
			strings.Join(strings.Fields(strings.ReplaceAll(s.Address, "\n", ", ")), " "))
	}
	tries := attemptsWord(len(s.Attempts))
	switch s.OutboxStatus {
	case OutboxSent:
		return fmt.Sprintf("Sent by email on %s%s", s.SentAt.In(loc).Format("2 January 2006 at 15:04"), tries)
	case OutboxFailed:
		return "Email could not be delivered" + tries
	}
	if len(s.Attempts) > 0 {
		return "Email waiting to be tried again" + tries
	}
	return "Email waiting to be sent"
}

func attemptsWord(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 attempt)"
	}
	return fmt.Sprintf(" (%d attempts)", n)
}

// PostInput is what staff record when a letter is posted.
type PostInput struct {
	PostedOn time.Time // a date
	Address  string    // the postal address it was sent to
}

// Validate checks a posting at now: a date that is not in the future and
// not before the letter was issued, and an address. Messages are keyed
// "posted_on" and "address".
func (in PostInput) Validate(issued, now time.Time) error {
	fe := FieldErrors{}
	posted := calendarDate(in.PostedOn)
	switch {
	case in.PostedOn.IsZero():
		fe.Add("posted_on", "Enter the date the letter was posted")
	case posted.After(today(now)):
		fe.Add("posted_on", "The date the letter was posted must be today or in the past")
	case !issued.IsZero() && posted.Before(today(issued)):
		fe.Add("posted_on", "The date the letter was posted must be on or after the day it was issued, "+
			today(issued).Format("2 January 2006"))
	}
	switch a := strings.TrimSpace(in.Address); {
	case a == "":
		fe.Add("address", "Enter the address the letter was posted to")
	case utf8.RuneCountInString(a) > 500:
		fe.Add("address", "The address must be 500 characters or fewer")
	}
	return fe.Err()
}

// LetterFacts is everything a letter may state, gathered by storage for
// one document request: the case and its parties, the action's event and
// the case's history, the allegation, the panel's decision and the rules.
type LetterFacts struct {
	Request         DocumentRequest
	Case            Case
	Registrant      Registrant // zero while the case names no registrant
	ProfessionName  string
	Concern         Concern
	Event           Event   // the event of the action that issued the letter
	Events          []Event // every event of the case up to and including Event
	Allegation      *Allegation
	Decision        *ICPDecision     // the panel's decision recorded with Event, if any
	HearingDecision *HearingDecision // the hearing panel's decision recorded with Event, if any
	CaseManagerName string
	EmployerName    string // the registrant's current employer, if known
	Rules           Rules
}

// IssuedLetter is a letter rendered for one request: the HTML and PDF to
// store, and the covering email that serves it.
type IssuedLetter struct {
	HTML     []byte
	PDF      []byte
	Filename string // of the PDF, e.g. FTP-2026-00001-notice-of-decision-registrant.pdf
	Subject  string
	BodyText string // plain-text covering note
	Engine   string // how the PDF was made
}

// LetterService shows the letters issued on a case and their service, and
// records postings.
type LetterService interface {
	// CaseLetters lists every letter issued (or being prepared) on a case,
	// oldest first, each with its proof of service, and records the read.
	// ENotFound when the case does not exist or actor may not see it.
	CaseLetters(ctx context.Context, actor Actor, caseID string) ([]DocumentRequest, error)
	// RecordPosting records that an issued letter was posted, with a case
	// event. EInvalid with fields for bad input; EConflict when the letter
	// has not been issued yet.
	RecordPosting(ctx context.Context, actor Actor, caseID, requestID string, in PostInput) (DocumentRequest, error)
	// SetServiceAddress sets where letters to a registrant are served.
	SetServiceAddress(ctx context.Context, actor Actor, registrantID string, a ServiceAddress) error
	// ServiceAddressOf returns where letters to a registrant are served.
	ServiceAddressOf(ctx context.Context, registrantID string) (ServiceAddress, error)
}

// describeServiceEvent describes the events of the service of documents:
// "Notice of decision sent to the registrant by email".
func describeServiceEvent(e Event) (string, bool) {
	switch e.Type {
	case EventDocumentSent, EventDocumentPosted:
	default:
		return "", false
	}
	title := DocumentTitle(e.Payload["document"])
	to := RecipientRole(e.Payload["recipient"]).Label()
	if e.Type == EventDocumentSent {
		return fmt.Sprintf("%s sent to %s by email", title, to), true
	}
	s := fmt.Sprintf("%s sent to %s by post", title, to)
	if t, err := time.Parse(time.DateOnly, e.Payload["posted_on"]); err == nil {
		s += " (posted on " + t.Format("2 January 2006") + ")"
	}
	return s, true
}
