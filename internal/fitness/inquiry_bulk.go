package fitness

import "time"

// BulkKind is what a bulk step does for each person.
type BulkKind string

// Bulk step kinds.
const (
	// BulkDemands lists each person on the art 25 demand to each employer
	// they are in scope through, sending the demand with the first.
	BulkDemands BulkKind = "demands"
	// BulkScreening records the same screening decision for each person.
	BulkScreening BulkKind = "screening"
	// BulkLetters requests, on the case screening opened for each person,
	// the notice of investigation telling them of it: the letter the
	// case's own process would send, through the same letters pipeline.
	BulkLetters BulkKind = "letters"
)

// Label returns the kind in words.
func (k BulkKind) Label() string {
	switch k {
	case BulkDemands:
		return "Art 25 demands to employers"
	case BulkScreening:
		return "Screening decisions"
	case BulkLetters:
		return "Letters to the people whose cases were opened"
	}
	return string(k)
}

// BulkStatus is where a bulk step stands.
type BulkStatus string

// Bulk step statuses.
const (
	BulkRunning BulkStatus = "running"
	BulkDone    BulkStatus = "done"
)

// BulkItemStatus is where one person of a bulk step stands.
type BulkItemStatus string

// Bulk item statuses. A person is done or failed exactly once: the effect
// and the status are written in one transaction, keyed by (step, person).
const (
	BulkItemPending BulkItemStatus = "pending"
	BulkItemDone    BulkItemStatus = "done"
	BulkItemFailed  BulkItemStatus = "failed"
)

// Label returns the status in words.
func (s BulkItemStatus) Label() string {
	switch s {
	case BulkItemPending:
		return "Waiting"
	case BulkItemDone:
		return "Done"
	case BulkItemFailed:
		return "Not done"
	}
	return string(s)
}

// BulkStep is one step taken for many people of an inquiry as a
// background job, with an outcome per person. It is idempotent and
// resumable: after a crash, the people still pending are done and no one
// is done twice.
type BulkStep struct {
	ID            string
	InquiryID     string
	Kind          BulkKind
	Screening     ScreeningInput // BulkScreening
	Demand        DemandInput    // BulkDemands
	Status        BulkStatus
	Total         int
	Done          int
	Failed        int
	CreatedAt     time.Time
	CreatedBy     string
	CreatedByName string
	FinishedAt    time.Time
}

// Pending returns how many people are still to do.
func (s BulkStep) Pending() int { return s.Total - s.Done - s.Failed }

// Percent returns how far the step has got, 0 to 100.
func (s BulkStep) Percent() int {
	if s.Total == 0 {
		return 100
	}
	return (s.Done + s.Failed) * 100 / s.Total
}

// BulkItem is the outcome of a bulk step for one person.
type BulkItem struct {
	StepID       string
	RegistrantID string
	Number       string
	Name         string
	Status       BulkItemStatus
	Outcome      string // in words: what was done, or why not
	DoneAt       time.Time
}

// InquiryEvent is the append-only record of something done in an inquiry.
type InquiryEvent struct {
	ID           string
	InquiryID    string
	Seq          int
	Type         string
	ActorID      string
	ActorName    string
	At           time.Time
	RegistrantID string // the person concerned, if any
	Payload      map[string]string
}

// Inquiry event types.
const (
	EventInquiryCreated  = "inquiry_created"
	EventScopeRun        = "inquiry_scope_run"
	EventBulkStarted     = "inquiry_bulk_started"
	EventBulkFinished    = "inquiry_bulk_finished"
	EventDemandSent      = "inquiry_demand_sent"
	EventDemandAnswered  = "inquiry_demand_answered"
	EventPersonScreened  = "inquiry_person_screened"
	EventInquiryCaseOpen = "inquiry_case_opened"
	EventDemandChased    = "inquiry_demand_chased"
	EventDemandEscalated = "inquiry_demand_escalated"
	EventInquiryReferral = "inquiry_referral_made"
)

// NoticeDocument is the letter the letters step requests: the notice of
// investigation telling a registrant that a case has been opened about
// them.
const NoticeDocument = "notice_of_investigation"

// EventNoticeRequested is the case event recording that the letters step
// of an inquiry requested the notice of investigation; it is not an action
// of the process table and leaves the case's stage as it is.
const EventNoticeRequested = "notice_of_investigation_requested"

// Outcomes of the letters step for one person, in words.
const (
	LetterRequested     = "Notice of investigation requested"
	LetterSkippedNoCase = "Skipped: no case was opened from screening"
	LetterSkippedAgain  = "Skipped: a notice of investigation has already been requested on the case"
)
