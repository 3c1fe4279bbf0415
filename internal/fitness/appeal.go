package fitness

import (
	"strconv"
	"strings"
	"time"
)

// AppealOutcome is what the court decided on an appeal.
type AppealOutcome string

// Appeal outcomes.
const (
	AppealDismissed   AppealOutcome = "dismissed"
	AppealQuashed     AppealOutcome = "quashed"
	AppealSubstituted AppealOutcome = "substituted"
	AppealRemitted    AppealOutcome = "remitted"
)

// AppealOutcomes lists the outcomes as options.
var AppealOutcomes = []Option{
	{string(AppealDismissed), "Dismissed: the order stands"},
	{string(AppealQuashed), "Allowed: the decision is quashed"},
	{string(AppealSubstituted), "The court substituted another order"},
	{string(AppealRemitted), "Sent back for a new hearing"},
}

// Label returns the outcome in words.
func (o AppealOutcome) Label() string { return optionLabel(AppealOutcomes, string(o)) }

// Appellants lists who may appeal, as options.
var Appellants = []Option{
	{"registrant", "The registrant"},
	{"psa", "The Professional Standards Authority (section 29 referral)"},
}

// Appeal is an appeal to the court against a final order, and once decided
// its outcome.
type Appeal struct {
	ID                   string
	CaseID               string
	OrderID              string // the order appealed against
	Appellant            string // "registrant" or "psa"
	Court                string
	LodgedOn             time.Time
	Outcome              AppealOutcome // "" while undecided
	DecidedOn            time.Time
	Reasons              string
	Substitute           SanctionKind // substituted: the order the court made
	SubstituteMonths     int
	SubstituteConditions string
	RecordedAt           time.Time
	RecordedBy           string
}

// AppealInput is what is needed to record an appeal lodged.
type AppealInput struct {
	Appellant string
	Court     string
	LodgedOn  time.Time
}

// NewAppeal checks an appeal lodged against order at now: the registrant
// has Rules.AppealWindow from the decision, the PSA that and
// Rules.PSAWindowAfterAppeal more. Messages are keyed appellant, court and
// lodged_on.
func NewAppeal(r Rules, order Order, in AppealInput, now time.Time) (Appeal, error) {
	fe := FieldErrors{}
	a := Appeal{CaseID: order.CaseID, OrderID: order.ID, Appellant: in.Appellant, Court: strings.TrimSpace(in.Court)}
	window := r.AppealWindow
	switch in.Appellant {
	case "registrant":
	case "psa":
		window = window.Add(r.PSAWindowAfterAppeal)
	default:
		fe.Add("appellant", "Select who appealed")
	}
	if len([]rune(a.Court)) > InputTextMax {
		fe.Add("court", "The court must be 500 characters or fewer")
	}
	closes := window.After(order.MadeOn, r.Calendar)
	switch day := civilMidnight(in.LodgedOn); {
	case in.LodgedOn.IsZero():
		fe.Add("lodged_on", "Enter the date the appeal was lodged")
	case day.After(today(now)):
		fe.Add("lodged_on", "The date the appeal was lodged must be today or in the past")
	case day.Before(order.MadeOn):
		fe.Add("lodged_on", "The appeal cannot be lodged before the decision, "+formatDate(order.MadeOn))
	case day.After(closes):
		fe.Add("lodged_on", lateAppeal(in.Appellant, closes))
	default:
		a.LodgedOn = day
	}
	return a, fe.Err()
}

// lateAppeal says why an appeal by appellant lodged after closes, the last
// day to lodge it, cannot be recorded: one wording wherever it is refused.
func lateAppeal(appellant string, closes time.Time) string {
	if appellant == "psa" {
		return "The PSA referral period ended on " + formatDate(closes) + ": a referral lodged after that cannot be recorded"
	}
	return "The time to appeal ended on " + formatDate(closes) + ": an appeal lodged after that cannot be recorded"
}

// AppealOutcomeInput is the court's decision on an appeal.
type AppealOutcomeInput struct {
	Outcome      AppealOutcome
	DecidedOn    time.Time
	Reasons      string
	Sanction     SanctionKind // substituted: the order the court made
	LengthMonths int
	Conditions   string
}

// Decide checks the court's decision on a and returns a decided. now
// decides what today is and counts the substituted order's length.
// Messages are keyed outcome, decided_on, reasons, sanction, length_months
// and conditions.
func (a Appeal) Decide(r Rules, in AppealOutcomeInput, now time.Time) (Appeal, error) {
	fe := FieldErrors{}
	if a.Outcome != "" {
		return a, Errorf(EConflict, "The appeal has already been decided: %s", strings.ToLower(a.Outcome.Label()))
	}
	if !hasOption(AppealOutcomes, string(in.Outcome)) {
		fe.Add("outcome", "Select the court's decision")
	}
	switch day := civilMidnight(in.DecidedOn); {
	case in.DecidedOn.IsZero():
		fe.Add("decided_on", "Enter the date of the court's decision")
	case day.After(today(now)):
		fe.Add("decided_on", "The date of the court's decision must be today or in the past")
	case day.Before(a.LodgedOn):
		fe.Add("decided_on", "The court's decision cannot be before the appeal was lodged, "+formatDate(a.LodgedOn))
	default:
		a.DecidedOn = day
	}
	a.Outcome, a.Reasons = in.Outcome, strings.TrimSpace(in.Reasons)
	checkDecisionText(fe, "reasons", a.Reasons, "Enter the court's reasons", "The reasons")
	if in.Outcome == AppealSubstituted {
		a.Substitute, a.SubstituteConditions = in.Sanction, strings.TrimSpace(in.Conditions)
		switch in.Sanction {
		case SanctionCaution, SanctionConditions, SanctionSuspension:
			a.SubstituteMonths = in.LengthMonths
			months := ""
			if in.LengthMonths != 0 {
				months = strconv.Itoa(in.LengthMonths)
			}
			checkLength(fe, r, string(in.Sanction), months, now)
		case SanctionStrikingOff:
		default:
			fe.Add("sanction", "Select the order the court substituted")
		}
		if in.Sanction == SanctionConditions && a.SubstituteConditions == "" {
			fe.Add("conditions", "Enter the conditions of practice")
		}
	}
	return a, fe.Err()
}

// ProcessStep returns the process action that records the court's decision
// on the order appealed against (pending, or already in force when the PSA
// referred it): the order taking effect (dismissed, or substituted), or
// staying in force (dismissed); the decision quashed, or the case sent back
// for a new hearing.
func (a Appeal) ProcessStep(r Rules, appealed Order) ProcessStep {
	date := a.DecidedOn.Format(time.DateOnly)
	kind, months, conditions := appealed.Kind, appealed.Months, appealed.Conditions
	if a.Outcome == AppealSubstituted {
		kind, months, conditions = OrderKind(a.Substitute), a.SubstituteMonths, a.SubstituteConditions
	}
	switch a.Outcome {
	case AppealQuashed:
		return ProcessStep{ActionAppealAllowed, Input{"decision_date": date, "note": a.Reasons}}
	case AppealRemitted:
		return ProcessStep{ActionAppealRemitted, Input{"decision_date": date, "note": a.Reasons}}
	case AppealDismissed:
		if appealed.Status == OrderInForce {
			return ProcessStep{ActionAppealDismissed, Input{"decision_date": date, "note": a.Reasons}}
		}
	}
	if kind == OrderStrikingOff {
		return ProcessStep{ActionStrikingOffTakesEffect, Input{"appeal_outcome": string(a.Outcome)}}
	}
	in := Input{"order": string(kind), "appeal_outcome": string(a.Outcome),
		"expires_on": orderEnd(r, a.DecidedOn, months).Format(time.DateOnly)}
	if conditions != "" {
		in["conditions"] = conditions
	}
	return ProcessStep{ActionOrderTakesEffect, in}
}

// Event types for what an appeal does to orders and the register.
const (
	EventOrderQuashed = "order_quashed"
)

// QuashedEvent is the case event saying why orders were quashed and taken
// off the register.
func (a Appeal) QuashedEvent(actor Actor, quashed []Order, at time.Time) Event {
	kinds := make([]string, len(quashed))
	for i, o := range quashed {
		kinds[i] = strings.ToLower(o.Kind.Label())
	}
	why := "The court quashed the decision on " + formatDate(a.DecidedOn) + ": " + a.Reasons
	if len(kinds) > 0 {
		why += ". Quashed and removed from the register: " + andList(kinds) + "."
	}
	return Event{CaseID: a.CaseID, Type: EventOrderQuashed, ActorID: actor.UserID, ActorName: actor.Name,
		OnBehalfOf: actor.OnBehalfOf, At: at, Reason: why,
		Payload: map[string]string{"appeal": a.ID, "orders": strings.Join(kinds, ",")}}
}
