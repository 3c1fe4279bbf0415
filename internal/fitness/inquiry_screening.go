package fitness

import (
	"slices"
	"time"
)

// ScreeningOutcome is what screening decided about a person in an
// inquiry's scope. Screening is private: it is never shown in any view of
// the registrant's own or of the public, and the person hears of it only
// when a case is opened and they are notified through the case's process.
type ScreeningOutcome string

// Screening outcomes. NotScreened is never stored: it is how a person not
// yet screened is counted.
const (
	ScreenNoAction    ScreeningOutcome = "no_action"
	ScreenOpenCase    ScreeningOutcome = "open_case"
	ScreenRefer       ScreeningOutcome = "refer"
	ScreenNotScreened ScreeningOutcome = "not_screened"
)

// ScreeningOutcomes lists the outcomes staff choose from, as options.
func ScreeningOutcomes() []Option {
	out := make([]Option, 0, 3)
	for _, o := range []ScreeningOutcome{ScreenNoAction, ScreenOpenCase, ScreenRefer} {
		out = append(out, Option{Value: string(o), Label: o.Label()})
	}
	return out
}

// Valid reports whether o is an outcome staff may choose.
func (o ScreeningOutcome) Valid() bool {
	return o == ScreenNoAction || o == ScreenOpenCase || o == ScreenRefer
}

// Label returns the outcome in words.
func (o ScreeningOutcome) Label() string {
	switch o {
	case ScreenNoAction:
		return "No action"
	case ScreenOpenCase:
		return "Open a case"
	case ScreenRefer:
		return "Refer to another body"
	case ScreenNotScreened:
		return "Not yet screened"
	}
	return string(o)
}

// ScreeningInput is a screening decision as staff give it.
type ScreeningInput struct {
	Outcome     ScreeningOutcome
	Reasons     string
	OtherBodyID string // the body referred to, for ScreenRefer
}

// Screening is the recorded screening of one person in an inquiry.
type Screening struct {
	InquiryID     string
	RegistrantID  string
	Outcome       ScreeningOutcome
	Reasons       string
	OtherBodyID   string // ScreenRefer
	ReferralID    string // ScreenRefer: the outbound referral made
	CaseID        string // ScreenOpenCase: the case opened
	CaseReference string
	StepID        string // the bulk step that recorded it; "" when screened singly
	DecidedAt     time.Time
	DecidedBy     string
	DecidedByName string
}

// Validate checks a screening decision: an outcome, reasons (always), and
// the body referred to for a referral. EInvalid with "outcome", "reasons"
// and "other_body".
func (in ScreeningInput) Validate(now time.Time) (ScreeningInput, error) {
	fe := FieldErrors{}
	if !in.Outcome.Valid() {
		fe.Add("outcome", "Select the outcome of screening")
	}
	in.Reasons = fieldValue(fe, "reasons", "Reasons", in.Reasons, true, InputTextarea, now)
	switch {
	case in.Outcome == ScreenRefer && in.OtherBodyID == "":
		fe.Add("other_body", "Select the body to refer to")
	case in.Outcome != ScreenRefer:
		in.OtherBodyID = ""
	}
	return in, fe.Err()
}

// ConcernSummary is the summary of the concern opened when screening opens
// a case: the inquiry, its source and the reasons.
func (in ScreeningInput) ConcernSummary(inq Inquiry) string {
	return "Own-motion inquiry (article 22(6)): " + inq.Title + ". Source: " + inq.Source.Title + ", " +
		inq.Source.Publisher + ". Reasons for opening a case: " + in.Reasons
}

// PersonFilter narrows the people of an inquiry.
type PersonFilter struct {
	Outcome    ScreeningOutcome // "" any; ScreenNotScreened those not yet screened
	EmployerID string
	Role       string
}

// InquiryPerson is one person in an inquiry's latest scope.
type InquiryPerson struct {
	ScopePerson
	Screening  Screening // zero Outcome when not yet screened
	CaseStage  Stage     // of the case opened, if any
	CaseClosed bool
	Listings   []DemandListing // the demands listing them, with any answers (filled in by Person only)
}

// DemandListing is a person's place on one demand: to which employer,
// when due, and the employer's answer about them once received.
type DemandListing struct {
	DemandID     string
	EmployerName string
	Due          time.Time
	DemandPerson
}

// Outcome returns the person's screening outcome, ScreenNotScreened when
// not yet screened.
func (p InquiryPerson) Outcome() ScreeningOutcome {
	if p.Screening.Outcome == "" {
		return ScreenNotScreened
	}
	return p.Screening.Outcome
}

// Role returns the role of the person's latest in-scope employment: the
// one they are counted under.
func (p InquiryPerson) Role() string {
	if len(p.Employments) == 0 {
		return ""
	}
	return p.Employments[len(p.Employments)-1].Role
}

// Matches reports whether the person passes f.
func (p InquiryPerson) Matches(f PersonFilter) bool {
	if f.Outcome != "" && p.Outcome() != f.Outcome {
		return false
	}
	if f.Role != "" && !slices.Contains(p.Roles(), f.Role) {
		return false
	}
	return f.EmployerID == "" || slices.ContainsFunc(p.Employments, func(e ScopeEntry) bool {
		return e.EmployerID == f.EmployerID
	})
}
