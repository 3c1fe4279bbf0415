package fitness

import (
	"fmt"
	"strings"
	"time"
)

// InquiryDemand is an art 25 demand to one employer for information about
// the people of an inquiry's scope who worked there. It is chased and
// escalated like any art 25 demand ([InformationRequest.Sweep]), and the
// employer's answers are recorded person by person.
type InquiryDemand struct {
	ID           string
	InquiryID    string
	StepID       string // the bulk step that sent it
	EmployerID   string
	EmployerName string
	Details      string
	SentAt       time.Time
	SentBy       string
	SentByName   string
	Due          time.Time // a date: the last day to answer
	Status       RequestStatus
	ChasedAt     time.Time
	EscalatedAt  time.Time
	ClosedAt     time.Time // when answered about everyone listed
	People       []DemandPerson
}

// DemandPerson is one person listed on a demand, with the employer's
// answer about them once received.
type DemandPerson struct {
	RegistrantID string
	Number       string
	Name         string
	Roles        string // the in-scope roles and dates, as listed on the demand
	Answer       string
	ReceivedOn   time.Time // a date; zero until answered
	AnsweredAt   time.Time
	AnsweredBy   string
}

// DemandInput is what staff give to send an inquiry's demands.
type DemandInput struct {
	Details string    // what is asked for about each person
	Due     time.Time // zero: the rules' period for art 25 demands
}

// DemandAnswerInput is the employer's answer about one person.
type DemandAnswerInput struct {
	Answer     string
	ReceivedOn time.Time // zero: today
}

// request returns q as the art 25 information request it is, so that the
// one set of rules for art 25 demands decides its status and its chasing.
func (q InquiryDemand) request() InformationRequest {
	return InformationRequest{ID: q.ID, Kind: RequestArt25Demand, Details: q.Details, SentAt: q.SentAt,
		SentBy: q.SentBy, SentByName: q.SentByName, Due: q.Due, Status: q.Status, ChasedAt: q.ChasedAt,
		EscalatedAt: q.EscalatedAt, ClosedAt: q.ClosedAt,
		Recipient: Recipient{Name: q.EmployerName, Organisation: q.EmployerName, EmployerID: q.EmployerID}}
}

// Shown returns the status to show at now (RequestOverdue for an open
// demand past its due date).
func (q InquiryDemand) Shown(now time.Time) RequestStatus { return q.request().Shown(now) }

// Sweep returns q after the chasing step due at now and the event type
// recording it (EventRequestChased or EventRequestEscalated); false when
// nothing is due.
func (q InquiryDemand) Sweep(r Rules, a Actor, now time.Time) (InquiryDemand, string, bool) {
	next, ev, ok := q.request().Sweep(r, a, now)
	if !ok {
		return q, "", false
	}
	q.Status, q.ChasedAt, q.EscalatedAt, q.ClosedAt = next.Status, next.ChasedAt, next.EscalatedAt, next.ClosedAt
	return q, ev.Type, true
}

// Validate checks the demand input at now under rules r and fills in the
// default due date. EInvalid with "details" and "due".
func (in DemandInput) Validate(r Rules, a Actor, now time.Time) (DemandInput, error) {
	q, err := NewInformationRequest("", RequestInput{Kind: RequestArt25Demand, RecipientName: "employer",
		Details: in.Details, Due: in.Due}, r, a, now)
	if err != nil {
		return in, err
	}
	return DemandInput{Details: q.Details, Due: q.Due}, nil
}

// Validate checks an answer at now. EInvalid with "answer" and
// "received_on".
func (in DemandAnswerInput) Validate(sent, now time.Time) (DemandAnswerInput, error) {
	fe := FieldErrors{}
	in.Answer = fieldValue(fe, "answer", "The employer's answer", in.Answer, true, InputTextarea, now)
	switch {
	case in.ReceivedOn.IsZero():
		in.ReceivedOn = today(now)
	case calendarDate(in.ReceivedOn).After(today(now)):
		fe.Add("received_on", "The date the answer was received must be today or in the past")
	case calendarDate(in.ReceivedOn).Before(today(sent)):
		fe.Add("received_on", "The date the answer was received must be on or after the date the demand was sent")
	}
	in.ReceivedOn = calendarDate(in.ReceivedOn)
	return in, fe.Err()
}

// Answer returns q with the answer about registrantID recorded at now, and
// answered once every person listed has an answer. ENotFound when the
// person is not listed; EConflict when the demand was withdrawn.
func (q InquiryDemand) Answer(registrantID string, in DemandAnswerInput, a Actor, now time.Time) (InquiryDemand, error) {
	if q.Status == RequestWithdrawn {
		return q, Errorf(EConflict, "This demand was withdrawn")
	}
	i := q.person(registrantID)
	if i < 0 {
		return q, Errorf(ENotFound, "This person is not listed on the demand")
	}
	people := append([]DemandPerson(nil), q.People...)
	people[i].Answer, people[i].ReceivedOn, people[i].AnsweredAt, people[i].AnsweredBy = in.Answer, in.ReceivedOn, now, a.UserID
	q.People = people
	if q.Status == RequestOpen && q.allAnswered() {
		q.Status, q.ClosedAt = RequestAnswered, now
	}
	return q, nil
}

// person returns the index of registrantID among the people, or -1.
func (q InquiryDemand) person(registrantID string) int {
	for i, p := range q.People {
		if p.RegistrantID == registrantID {
			return i
		}
	}
	return -1
}

// allAnswered reports whether every person listed has an answer.
func (q InquiryDemand) allAnswered() bool {
	for _, p := range q.People {
		if p.AnsweredAt.IsZero() {
			return false
		}
	}
	return len(q.People) > 0
}

// Mail returns the email of the demand to the employer about the inquiry:
// the legal basis, what is asked, the due date and everyone listed with
// the roles and dates the register holds. chase is true for the chaser
// sent when the due date has passed.
func (q InquiryDemand) Mail(inq Inquiry, chase bool) (subject, body string) {
	var b strings.Builder
	subject = "Demand for information under article 25: " + inq.Title
	if chase {
		subject = "Reminder: " + subject
		fmt.Fprintf(&b, "We have not received the information we asked for by %s. Please send it now.\n\n",
			formatDate(q.Due))
	}
	fmt.Fprintf(&b, "To %s\n\nWe are looking into the matters described in %q, published by %s on %s, "+
		"for the period %s to %s. Under article 25 of the Health Professions Order 2001 you must give us "+
		"the information below about each person listed, who worked for you in that period.\n\n",
		q.EmployerName, inq.Source.Title, inq.Source.Publisher, formatDate(inq.Source.Published),
		formatDate(inq.From), formatDate(inq.To))
	fmt.Fprintf(&b, "What we need:\n%s\n\nPlease reply by %s.\n\nPeople (%d):\n", q.Details, formatDate(q.Due), len(q.People))
	for _, p := range q.People {
		fmt.Fprintf(&b, "- %s (%s): %s\n", p.Name, p.Number, p.Roles)
	}
	return subject, b.String()
}
