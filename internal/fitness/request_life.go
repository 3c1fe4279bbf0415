package fitness

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Response is an answer received to an information request.
type Response struct {
	ID             string
	RequestID      string
	CaseID         string
	ReceivedOn     time.Time // date
	Summary        string
	Documents      []DocumentRef
	RecordedAt     time.Time
	RecordedBy     string // user id
	RecordedByName string
}

// ResponseInput is what staff give to record a response.
type ResponseInput struct {
	ReceivedOn time.Time
	Summary    string
	Uploads    []Upload
}

// CheckedUpload is an upload that passed [CheckUpload].
type CheckedUpload struct {
	Upload
	ContentType string
}

// RecordResponse validates a response to q received as in, recorded by a
// at now, and returns the request as it becomes (answered), the response
// (storage fills in its ID and documents) and the checked uploads.
// A response can be recorded after "no response received" (responding late
// is allowed) and after another response, but not to a withdrawn request
// (EConflict). EInvalid names the fields: received_on, summary, and each
// upload's document and classification.
func (q InformationRequest) RecordResponse(in ResponseInput, a Actor, now time.Time) (InformationRequest, Response, []CheckedUpload, error) {
	if q.Status == RequestWithdrawn {
		return q, Response{}, nil, Errorf(EConflict, "This request was withdrawn, so no response can be recorded")
	}
	fe := FieldErrors{}
	day := today(now)
	switch received := calendarDate(in.ReceivedOn); {
	case in.ReceivedOn.IsZero():
		fe.Add("received_on", "Enter the date the response was received")
	case received.After(day):
		fe.Add("received_on", "The date the response was received must be today or in the past")
	case received.Before(today(q.SentAt)):
		fe.Add("received_on", "The date the response was received must be on or after "+formatDate(today(q.SentAt))+", when the request was sent")
	}
	summary := fieldValue(fe, "summary", "Summary of the response", in.Summary, true, InputTextarea, now)
	uploads := make([]CheckedUpload, 0, len(in.Uploads))
	for i, u := range in.Uploads {
		name, ct := CheckUpload(fe, i, u)
		u.Filename = name
		uploads = append(uploads, CheckedUpload{Upload: u, ContentType: ct})
	}
	if err := fe.Err(); err != nil {
		return q, Response{}, nil, err
	}
	next := q
	if next.Status != RequestAnswered {
		next.Status, next.ClosedAt = RequestAnswered, now
	}
	resp := Response{RequestID: q.ID, CaseID: q.CaseID, ReceivedOn: calendarDate(in.ReceivedOn), Summary: summary,
		RecordedAt: now, RecordedBy: a.UserID, RecordedByName: a.Name}
	return next, resp, uploads, nil
}

// Withdraw returns q withdrawn at now; only an open request can be
// withdrawn (EConflict), and a reason is required (EInvalid).
func (q InformationRequest) Withdraw(reason string, now time.Time) (InformationRequest, string, error) {
	if q.Status != RequestOpen {
		return q, "", Errorf(EConflict, "Only an open request can be withdrawn; this one is %s", lowerFirst(q.Status.Label()))
	}
	fe := FieldErrors{}
	reason = fieldValue(fe, "reason", "Reason for withdrawing", reason, true, InputTextarea, now)
	if err := fe.Err(); err != nil {
		return q, "", err
	}
	q.Status, q.ClosedAt = RequestWithdrawn, now
	return q, reason, nil
}

// Sweep returns q after the step due at now, and the event recording it;
// false when nothing is due. Steps: an optional request past its due date
// is closed as "no response received", a neutral fact; an art 25 demand is
// chased Rules.Art25Chase after its due date, and escalated
// Rules.Art25Escalate after the chase. One step is taken at a time.
func (q InformationRequest) Sweep(r Rules, a Actor, now time.Time) (InformationRequest, Event, bool) {
	if q.Status != RequestOpen || !q.Overdue(now) {
		return q, Event{}, false
	}
	day := today(now)
	switch {
	case q.Kind.EndsWithoutResponse():
		q.Status, q.ClosedAt = RequestNoResponse, now
		return q, q.event(EventRequestNoResponse, a, now, nil), true
	case !q.Kind.Compulsory():
		return q, Event{}, false
	case q.ChasedAt.IsZero() && !day.Before(r.Art25Chase.After(q.Due, r.Calendar)):
		q.ChasedAt = now
		return q, q.event(EventRequestChased, a, now, nil), true
	case !q.ChasedAt.IsZero() && q.EscalatedAt.IsZero() && !day.Before(r.Art25Escalate.After(today(q.ChasedAt), r.Calendar)):
		q.EscalatedAt = now
		return q, q.event(EventRequestEscalated, a, now, nil), true
	}
	return q, Event{}, false
}

// Case event types of information requests and allegations.
const (
	EventRequestSent       = "information_request_sent"
	EventResponseRecorded  = "information_response_recorded"
	EventRequestNoResponse = "information_request_no_response"
	EventRequestChased     = "information_request_chased"
	EventRequestEscalated  = "information_request_escalated"
	EventRequestWithdrawn  = "information_request_withdrawn"
	EventAllegationAmended = "allegation_amended"
)

// event returns a case event of type t about q; storage fills in the
// sequence, stages and hashes.
func (q InformationRequest) event(t string, a Actor, now time.Time, more map[string]string) Event {
	p := map[string]string{"request_id": q.ID, "kind": string(q.Kind), "recipient": q.Recipient.Display(),
		"due": q.Due.Format(time.DateOnly)}
	for k, v := range more {
		p[k] = v
	}
	return Event{CaseID: q.CaseID, Type: t, ActorID: a.UserID, ActorName: a.Name, OnBehalfOf: a.OnBehalfOf,
		At: now, Payload: p}
}

// SentEvent is the event recording that q was sent.
func (q InformationRequest) SentEvent(a Actor, now time.Time) Event {
	return q.event(EventRequestSent, a, now, nil)
}

// ResponseEvent is the event recording response resp to q. Only the
// number of documents is recorded: the names of sensitive documents stay
// off the timeline.
func (q InformationRequest) ResponseEvent(resp Response, a Actor, now time.Time) Event {
	return q.event(EventResponseRecorded, a, now, map[string]string{"response_id": resp.ID,
		"received_on": resp.ReceivedOn.Format(time.DateOnly), "documents": strconv.Itoa(len(resp.Documents))})
}

// WithdrawnEvent is the event recording that q was withdrawn for reason.
func (q InformationRequest) WithdrawnEvent(reason string, a Actor, now time.Time) Event {
	e := q.event(EventRequestWithdrawn, a, now, nil)
	e.Reason = reason
	return e
}

// describeRecordEvent describes the events of information requests and
// allegations for a case timeline; false for other events.
func describeRecordEvent(e Event) (string, bool) {
	p := e.Payload
	kind, recipient := RequestKind(p["kind"]), p["recipient"]
	due := p["due"]
	if t, err := time.Parse(time.DateOnly, due); err == nil {
		due = t.Format("2 January 2006")
	}
	switch e.Type {
	case EventRequestSent:
		return fmt.Sprintf("Information request sent: %s, to %s, due %s", lowerFirst(kind.Label()), recipient, due), true
	case EventResponseRecorded:
		s := fmt.Sprintf("Response recorded: %s, from %s", lowerFirst(kind.Label()), recipient)
		switch n := p["documents"]; n {
		case "", "0":
		case "1":
			s += ", with 1 document"
		default:
			s += ", with " + n + " documents"
		}
		return s, true
	case EventRequestNoResponse:
		return fmt.Sprintf("No response received by %s: %s, to %s", due, lowerFirst(kind.Label()), recipient), true
	case EventRequestChased:
		return fmt.Sprintf("Chased: %s, to %s, was due %s", lowerFirst(kind.Label()), recipient, due), true
	case EventRequestEscalated:
		return fmt.Sprintf("Escalated after chasing: %s, to %s, was due %s", lowerFirst(kind.Label()), recipient, due), true
	case EventRequestWithdrawn:
		return fmt.Sprintf("Information request withdrawn: %s, to %s", lowerFirst(kind.Label()), recipient), true
	case EventAllegationAmended:
		if p["version"] == "1" {
			return "Allegation drafted (version 1)", true
		}
		return "Allegation amended (version " + p["version"] + ")", true
	}
	return "", false
}

// InvitationStep is what an action of the process does to the registrant's
// invitation to respond. The invitation and the process deadline
// [DeadlineRegistrantResponse] are one mechanism: serving the allegation
// sends the invitation, due the day the deadline falls; a response to it
// stops the deadline; and when the deadline passes, the one neutral "no
// response received" is the process's [ActionNoResponse], which closes the
// invitation without an event of its own.
type InvitationStep int

// Invitation steps.
const (
	InvitationUnchanged  InvitationStep = iota
	InvitationSend                      // the action served an allegation, starting the time to respond
	InvitationAnswered                  // the registrant's response was recorded on the case
	InvitationNoResponse                // the time to respond passed without a response
)

// InvitationStepOf returns what action def does to the invitation.
func InvitationStepOf(def ActionDef) InvitationStep {
	switch {
	case def.Name == ActionRecordResponse:
		return InvitationAnswered
	case def.System && def.OnDeadline == DeadlineRegistrantResponse:
		return InvitationNoResponse
	}
	for _, e := range def.Effects {
		if e.Kind == EffectStartDeadline && e.Deadline == DeadlineRegistrantResponse {
			return InvitationSend
		}
	}
	return InvitationUnchanged
}

// NewInvitation returns the invitation to the registrant to respond that
// an action serving an allegation, leaving the case as c, sends at now:
// due on the day c's response deadline falls (in the United Kingdom), so
// the date is computed once, by the process. False when c has no such
// deadline. Storage fills in the ID.
func NewInvitation(c Case, to Recipient, a Actor, now time.Time) (InformationRequest, bool) {
	due, ok := deadlineDue(c, DeadlineRegistrantResponse)
	if !ok {
		return InformationRequest{}, false
	}
	return InformationRequest{CaseID: c.ID, Kind: RequestRegistrantInvitation, Recipient: to,
		Details: "Your response to the allegation served on " + formatDate(today(now)) + ". Responding is optional.",
		SentAt:  now, SentBy: a.UserID, SentByName: a.Name, Due: today(due), Status: RequestOpen}, true
}

// CloseByProcess returns q as step leaves it at now, and whether it
// changed. Only open invitations to the registrant change: a new serving
// replaces one still open (withdrawn), a response recorded on the case
// answers it, and the passing of the time to respond closes it as "no
// response received" once its own last day is over.
func (q InformationRequest) CloseByProcess(step InvitationStep, now time.Time) (InformationRequest, bool) {
	if q.Kind != RequestRegistrantInvitation || q.Status != RequestOpen {
		return q, false
	}
	switch step {
	case InvitationSend:
		q.Status = RequestWithdrawn
	case InvitationAnswered:
		q.Status = RequestAnswered
	case InvitationNoResponse:
		if !q.Overdue(now) {
			return q, false
		}
		q.Status = RequestNoResponse
	default:
		return q, false
	}
	q.ClosedAt = now
	return q, true
}

// LeftToProcess reports whether the request sweep must leave q alone on
// c: an invitation to the registrant while c's time to respond runs is
// closed by the process (see [InvitationStep]), so silence is recorded
// once.
func (q InformationRequest) LeftToProcess(c Case) bool {
	return q.Kind == RequestRegistrantInvitation && InvitationRunning(c)
}

// InvitationRunning reports whether the registrant's time to respond to
// the allegation runs on c: they have been invited, and there is no need
// to invite them again.
func InvitationRunning(c Case) bool {
	_, running := deadlineDue(c, DeadlineRegistrantResponse)
	return running
}

// AnswerOnCase returns c as a response to q leaves it, and whether it
// changed: a response to an invitation to the registrant while the time
// to respond runs is their response to the allegation, so it stops that
// deadline, as [ActionRecordResponse] does.
func (q InformationRequest) AnswerOnCase(c Case) (Case, bool) {
	if !q.LeftToProcess(c) {
		return c, false
	}
	c.Deadlines = slices.Clone(c.Deadlines)
	c.stopDeadline(DeadlineRegistrantResponse)
	return c, true
}
