package fitness

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// RequestKind is who an information request goes to, and on what footing.
type RequestKind string

// Request kinds.
const (
	// RequestRegistrantInvitation invites the registrant to respond within
	// the rules' period. Responding is optional: silence is a neutral fact.
	RequestRegistrantInvitation RequestKind = "registrant_invitation"
	// RequestArt25Demand requires information from anyone but the
	// registrant (HPO art 25): compulsory, chased and escalated when late.
	RequestArt25Demand RequestKind = "art25_demand"
	// RequestComplainantComment invites the person who raised the concern
	// to comment on the registrant's response (HPO art 26(2)(b)).
	RequestComplainantComment RequestKind = "complainant_comment"
	// RequestOther asks anyone else for information, without compulsion.
	RequestOther RequestKind = "other"
)

// RequestKinds lists the kinds as options, in the order staff choose them.
func RequestKinds() []Option {
	out := make([]Option, 0, 4)
	for _, k := range []RequestKind{RequestRegistrantInvitation, RequestArt25Demand, RequestComplainantComment, RequestOther} {
		out = append(out, Option{Value: string(k), Label: k.Label()})
	}
	return out
}

// Valid reports whether k is a known kind.
func (k RequestKind) Valid() bool {
	switch k {
	case RequestRegistrantInvitation, RequestArt25Demand, RequestComplainantComment, RequestOther:
		return true
	}
	return false
}

// Label returns the kind in words.
func (k RequestKind) Label() string {
	switch k {
	case RequestRegistrantInvitation:
		return "Invitation to the registrant to respond"
	case RequestArt25Demand:
		return "Article 25 demand for information"
	case RequestComplainantComment:
		return "Invitation to the person who raised the concern to comment"
	case RequestOther:
		return "Other request for information"
	}
	return string(k)
}

// Hint explains the kind, for the radios that choose it.
func (k RequestKind) Hint() string {
	switch k {
	case RequestRegistrantInvitation:
		return "Responding is optional. If no response arrives, that is recorded as a neutral fact."
	case RequestArt25Demand:
		return "To an employer or other third party, never the registrant. Compulsory: chased and escalated when late."
	case RequestComplainantComment:
		return "Comments on the registrant's response. Optional."
	case RequestOther:
		return "Anyone else we ask for information, without compulsion."
	}
	return ""
}

// Compulsory reports whether the recipient must answer (art 25).
func (k RequestKind) Compulsory() bool { return k == RequestArt25Demand }

// EndsWithoutResponse reports whether a request of this kind is closed as
// "no response received", a neutral fact, once its due date has passed:
// the invitations whose answer is optional.
func (k RequestKind) EndsWithoutResponse() bool {
	return k == RequestRegistrantInvitation || k == RequestComplainantComment
}

// RequestPeriod returns the rules' period for answering a request of kind k.
func (r Rules) RequestPeriod(k RequestKind) Period {
	switch k {
	case RequestRegistrantInvitation:
		return r.RegistrantResponse
	case RequestComplainantComment:
		return r.ComplainantComment
	}
	return r.EmployerInformation
}

// RequestStatus is where an information request stands.
type RequestStatus string

// Request statuses. RequestOverdue is never stored: it is how an open
// request past its due date is shown.
const (
	RequestOpen       RequestStatus = "open"
	RequestAnswered   RequestStatus = "answered"
	RequestNoResponse RequestStatus = "no_response"
	RequestWithdrawn  RequestStatus = "withdrawn"
	RequestOverdue    RequestStatus = "overdue"
)

// Label returns the status in words. "No response received" is a neutral
// fact and is worded as one.
func (s RequestStatus) Label() string {
	switch s {
	case RequestOpen:
		return "Open"
	case RequestAnswered:
		return "Answered"
	case RequestNoResponse:
		return "No response received"
	case RequestWithdrawn:
		return "Withdrawn"
	case RequestOverdue:
		return "Overdue"
	}
	return string(s)
}

// Recipient is who a request is sent to.
type Recipient struct {
	Name         string
	Email        string // optional
	Organisation string // optional
	EmployerID   string // optional: an employer on the register
}

// Display returns the recipient in words: "Name, Organisation".
func (r Recipient) Display() string {
	if r.Organisation == "" || r.Organisation == r.Name {
		return r.Name
	}
	return r.Name + ", " + r.Organisation
}

// InformationRequest is a request for information on a case, with a due
// date. Due is a date (midnight UTC): the last day to answer.
type InformationRequest struct {
	ID          string
	CaseID      string
	Kind        RequestKind
	Recipient   Recipient
	Details     string // what is asked for
	SentAt      time.Time
	SentBy      string // user id
	SentByName  string
	Due         time.Time
	Status      RequestStatus
	ChasedAt    time.Time // zero until chased (art 25)
	EscalatedAt time.Time // zero until escalated (art 25)
	ClosedAt    time.Time // when answered, marked no response or withdrawn
}

// Overdue reports whether the request is open and its due date has
// passed at now (in the United Kingdom).
func (q InformationRequest) Overdue(now time.Time) bool {
	return q.Status == RequestOpen && today(now).After(q.Due)
}

// Shown returns the status to show at now: RequestOverdue for an open
// request past its due date, else the stored status.
func (q InformationRequest) Shown(now time.Time) RequestStatus {
	if q.Overdue(now) {
		return RequestOverdue
	}
	return q.Status
}

// RequestInput is what staff give to send a request.
type RequestInput struct {
	Kind           RequestKind
	RecipientName  string
	RecipientEmail string
	Organisation   string
	EmployerID     string
	Details        string
	Due            time.Time // zero: the rules' period from today
}

// DueLimits returns the earliest and latest due dates a request of kind k
// sent at now may have: no earlier than the rules' period for an
// invitation to the registrant (who must have at least that long), else
// tomorrow; no later than Rules.RequestLongest.
func (r Rules) DueLimits(k RequestKind, now time.Time) (earliest, latest time.Time) {
	day := today(now)
	earliest = day.AddDate(0, 0, 1)
	if k == RequestRegistrantInvitation {
		earliest = r.RegistrantResponse.After(day, r.Calendar)
	}
	return earliest, r.RequestLongest.After(day, r.Calendar)
}

// DefaultDue returns the due date the rules give a request of kind k sent
// at now.
func (r Rules) DefaultDue(k RequestKind, now time.Time) time.Time {
	return r.RequestPeriod(k).After(today(now), r.Calendar)
}

// NewInformationRequest validates in and returns the request to send on
// the case at now, or EInvalid with a message per field (kind,
// recipient_name, recipient_email, recipient_organisation, details, due).
// Storage fills in the ID.
func NewInformationRequest(caseID string, in RequestInput, r Rules, a Actor, now time.Time) (InformationRequest, error) {
	fe := FieldErrors{}
	if !in.Kind.Valid() {
		fe.Add("kind", "Select what kind of request this is")
	}
	q := InformationRequest{CaseID: caseID, Kind: in.Kind, SentAt: now, SentBy: a.UserID, SentByName: a.Name,
		Status: RequestOpen}
	q.Recipient.Name = fieldValue(fe, "recipient_name", "Who the request is to", in.RecipientName, true, InputText, now)
	q.Recipient.Organisation = fieldValue(fe, "recipient_organisation", "Organisation", in.Organisation, false, InputText, now)
	q.Recipient.Email = fieldEmail(fe, "recipient_email", in.RecipientEmail)
	q.Recipient.EmployerID = in.EmployerID
	q.Details = fieldValue(fe, "details", "What is asked for", in.Details,
		in.Kind == RequestArt25Demand || in.Kind == RequestOther, InputTextarea, now)
	q.Due = in.Due
	if in.Kind.Valid() {
		if q.Due.IsZero() {
			q.Due = r.DefaultDue(in.Kind, now)
		}
		checkDue(fe, r, in.Kind, q.Due, now)
	}
	if err := fe.Err(); err != nil {
		return InformationRequest{}, err
	}
	q.Due = calendarDate(q.Due)
	return q, nil
}

// checkDue records a message when due is outside the limits for kind.
func checkDue(fe FieldErrors, r Rules, k RequestKind, due, now time.Time) {
	earliest, latest := r.DueLimits(k, now)
	due = calendarDate(due)
	switch {
	case due.Before(earliest) && k == RequestRegistrantInvitation:
		fe.Add("due", fmt.Sprintf("The due date must be %s or later: the registrant has at least %s to respond",
			formatDate(earliest), r.RegistrantResponse))
	case due.Before(earliest):
		fe.Add("due", "The due date must be in the future")
	case due.After(latest):
		fe.Add("due", fmt.Sprintf("The due date must be %s or earlier", formatDate(latest)))
	}
}

// fieldValue normalises a text or textarea value like an action input,
// recording a message under field when it is missing or unacceptable.
func fieldValue(fe FieldErrors, field, label, raw string, required bool, kind InputKind, now time.Time) string {
	v, msg := normaliseInput(InputDef{Name: field, Label: label, Kind: kind, Required: required}, raw, now)
	if msg != "" {
		fe.Add(field, msg)
	}
	return v
}

// fieldEmail returns the trimmed email, recording a message when it is
// given and not an email address.
func fieldEmail(fe FieldErrors, field, raw string) string {
	v := strings.TrimSpace(raw)
	if v == "" {
		return ""
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		fe.Add(field, "Enter an email address in the correct format, like name@example.com")
		return ""
	}
	return v
}

// calendarDate returns the date of t (in t's own location) as midnight UTC.
func calendarDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// RequestService sends information requests on cases and records their
// responses and documents. Every change appends a case event in the same
// transaction.
type RequestService interface {
	// SendRequest validates and records a request on the case. ENotFound
	// when the actor may not see the case; EForbidden when they may not
	// investigate; EInvalid with fields; EConflict when the case is closed.
	SendRequest(ctx context.Context, actor Actor, caseID string, in RequestInput) (InformationRequest, error)
	// CaseRequests lists the requests of a case, newest first.
	CaseRequests(ctx context.Context, actor Actor, caseID string) ([]InformationRequest, error)
	// FindRequest returns one request of a case.
	FindRequest(ctx context.Context, actor Actor, caseID, requestID string) (InformationRequest, error)
	// RecordResponse records a response, with its documents, to a request.
	RecordResponse(ctx context.Context, actor Actor, caseID, requestID string, in ResponseInput) (Response, error)
	// WithdrawRequest withdraws an open request, with a reason.
	WithdrawRequest(ctx context.Context, actor Actor, caseID, requestID, reason string) (InformationRequest, error)
	// RequestResponses lists the responses to a request, oldest first,
	// each listing only the documents the actor may see.
	RequestResponses(ctx context.Context, actor Actor, caseID, requestID string) ([]Response, error)
	// MarkOverdue takes every step due at now: a neutral "no response
	// received" for optional requests past their due date, and chasing
	// then escalating late art 25 demands. It is idempotent.
	MarkOverdue(ctx context.Context, now time.Time) (SweepReport, error)
}

// SweepReport counts what one [RequestService.MarkOverdue] did.
type SweepReport struct {
	NoResponse int
	Chased     int
	Escalated  int
}
