package fitness

import "time"

// Event is the append-only record of something that happened to a case.
// Events are hash-chained per case: Hash covers the event's fields and
// PrevHash, the Hash of the event before it.
type Event struct {
	ID             string
	CaseID         string
	Seq            int // 1, 2, … within the case; equals the case version after it
	Type           string
	ActorID        string
	ActorName      string
	OnBehalfOf     string
	At             time.Time
	FromStage      Stage
	ToStage        Stage
	Payload        map[string]string
	Reason         string
	ProcessVersion string
	PrevHash       string
	Hash           string
}

// Event types that are not actions in the process table.
const (
	EventCaseOpened = "case_opened"
)
