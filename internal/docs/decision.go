package docs

import (
	"time"

	"fitness/internal/fitness"
)

// Outcome is the result of a decision, overall or on one particular.
type Outcome string

// Outcomes of an Investigating Committee panel (overall and per particular).
const (
	OutcomeCaseToAnswer   Outcome = "case_to_answer"
	OutcomeNoCaseToAnswer Outcome = "no_case_to_answer"
	OutcomeAdjourned      Outcome = "adjourned"
)

// Outcomes of a final hearing: overall, and on the facts of each particular.
const (
	OutcomeWellFounded    Outcome = "well_founded"
	OutcomeNotWellFounded Outcome = "not_well_founded"
	OutcomeProved         Outcome = "proved"
	OutcomeNotProved      Outcome = "not_proved"
	OutcomeAdmitted       Outcome = "admitted"
	OutcomeDiscontinued   Outcome = "discontinued"
)

// Label returns the outcome in words.
func (o Outcome) Label() string {
	switch o {
	case OutcomeCaseToAnswer:
		return "Case to answer"
	case OutcomeNoCaseToAnswer:
		return "No case to answer"
	case OutcomeAdjourned:
		return "Adjourned"
	case OutcomeWellFounded:
		return "Well founded"
	case OutcomeNotWellFounded:
		return "Not well founded"
	case OutcomeProved:
		return "Proved"
	case OutcomeNotProved:
		return "Not proved"
	case OutcomeAdmitted:
		return "Admitted and found proved"
	case OutcomeDiscontinued:
		return "Discontinued"
	}
	if l, ok := orderOutcomeLabels[o]; ok {
		return l
	}
	return string(o)
}

// Finding is a panel's decision on one particular, with its reasons.
type Finding struct {
	Number  string // the particular's number
	Text    string // the particular, as alleged
	Outcome Outcome
	Reasons string
}

// Decision is a panel's decision: an Investigating Committee panel's (notice
// of decision) or a final hearing's (hearing decision). An order notice reads
// Date and Panel as when and by whom the order was made.
type Decision struct {
	Date     time.Time
	Panel    string // the committee, e.g. "Investigating Committee"
	Outcome  Outcome
	Findings []Finding // per particular
	Reasons  string    // overall reasons; for an adjournment, what the panel asked for
	// RegistrantResponded says whether the registrant sent a response to
	// the allegation. When false, a notice of decision says the panel drew
	// no inference from that.
	RegistrantResponded bool
	Ground              string // hearing: the statutory ground found, in words
	// Challenge is the time to challenge the decision: judicial review of
	// an Investigating Committee decision, or the appeal window after a
	// hearing that made an order.
	Challenge TimeLimit
	// Reconsider is how long a no-case-to-answer decision may be looked at
	// again with a new concern (Rules.PreviousNCAWindow). Optional.
	Reconsider fitness.Period
}

// Mode is how a hearing is held.
type Mode string

// Hearing modes, as in the process table.
const (
	ModeInPerson Mode = "in_person"
	ModeRemote   Mode = "remote"
	ModeHybrid   Mode = "hybrid"
)

// Label returns the mode in words.
func (m Mode) Label() string {
	switch m {
	case ModeInPerson:
		return "In person"
	case ModeRemote:
		return "Remotely, by video"
	case ModeHybrid:
		return "In person, with some people joining by video"
	}
	return string(m)
}

// Hearing is a hearing or review: when, where and the time limits before it.
type Hearing struct {
	Kind      string    // in words, e.g. "final hearing", "mandatory review"
	Committee string    // e.g. "Conduct and Competence Committee"
	Start     time.Time // date and time it starts
	End       time.Time // last day; zero for one day
	Mode      Mode
	Venue     string // needed unless remote
	Private   bool   // to be held wholly in private
	// Notice is the least notice the rules require (Rules.HearingNotice).
	Notice             fitness.Period
	RegulatorEvidence  TimeLimit // when we serve our evidence; optional
	RegistrantEvidence TimeLimit // when the registrant's evidence is due
	PublishedOn        time.Time // when the listing is published; optional
	// Attendance is the time to ask to attend a review
	// (Rules.ReviewAttendanceNotice).
	Attendance TimeLimit
}

// OrderKind is a kind of order, as in the process table.
type OrderKind string

// Order kinds.
const (
	OrderCaution     OrderKind = "caution"
	OrderConditions  OrderKind = "conditions"
	OrderSuspension  OrderKind = "suspension"
	OrderStrikingOff OrderKind = "striking_off"
)

// Label returns the kind of order in words.
func (k OrderKind) Label() string {
	switch k {
	case OrderCaution:
		return "Caution order"
	case OrderConditions:
		return "Conditions of practice order"
	case OrderSuspension:
		return "Suspension order"
	case OrderStrikingOff:
		return "Striking-off order"
	case OrderInterimConditions:
		return "Interim conditions of practice order"
	case OrderInterimSuspension:
		return "Interim suspension order"
	}
	return string(k)
}

// Order is an order made by a panel.
type Order struct {
	Kind       OrderKind
	Length     fitness.Period // zero for striking off
	Start, End time.Time      // when it takes (took) effect and expires; End zero for striking off
	Conditions []string       // conditions of practice
	// RestorationWait is how long after striking off an application for
	// restoration may be made (Rules.RestorationWait). Optional.
	RestorationWait fitness.Period
	// Review is when a panel next reviews the order: the period from the
	// rules it was worked out from and the date. Optional.
	Review TimeLimit
	// Register is the entry the register shows while the order is in
	// force, e.g. "Suspension order from 2 April 2026 to 2 April 2027".
	// Optional.
	Register string
}
