package docs

import (
	"fmt"
	"slices"

	"fitness/internal/fitness"
)

// Validate checks that the letter has every fact its kind states. It
// returns a *fitness.Error with code EInvalid and a message per missing or
// wrong field (keyed by the field's path, e.g. "Decision.Reasons"), or nil.
func (l Letter) Validate() error {
	f := fitness.FieldErrors{}
	check, ok := checksFor(l.Kind)
	if !ok {
		f.Add("Kind", fmt.Sprintf("There is no letter of kind %q", l.Kind))
		return f.Err()
	}
	l.checkCommon(f, check.roles)
	if check.number && l.Registrant.Number == "" {
		f.Add("Registrant.Number", "Enter the registrant's registration number")
	}
	if check.fn != nil {
		check.fn(l, f)
	}
	return f.Err()
}

// kindCheck is what one kind of letter needs beyond the common fields.
type kindCheck struct {
	roles  []Role // who it may be addressed to
	number bool   // whether the registration number is needed
	fn     func(l Letter, f fitness.FieldErrors)
}

// checksFor returns the checks of kind k, and whether k is a known kind.
func checksFor(k Kind) (kindCheck, bool) {
	toParty := []Role{RoleComplainant, RoleThirdParty}
	toParties := []Role{RoleRegistrant, RoleComplainant}
	toRegistrant := []Role{RoleRegistrant}
	switch k {
	case KindAcknowledgement:
		return kindCheck{roles: toParty, fn: checkReceived}, true
	case KindTriageClosure:
		return kindCheck{roles: toParty, fn: checkTriageClosure}, true
	case KindThresholdClosure:
		return kindCheck{roles: toParties, number: true, fn: checkThresholdClosure}, true
	case KindNoticeOfInvestigation:
		return kindCheck{roles: toRegistrant, number: true, fn: checkInvestigation}, true
	case KindInvitationToRespond:
		return kindCheck{roles: toRegistrant, number: true, fn: checkInvitation}, true
	case KindArt25Demand:
		return kindCheck{roles: []Role{RoleThirdParty}, number: true, fn: checkDemand}, true
	case KindNoticeOfDecision:
		return kindCheck{roles: toParties, number: true, fn: checkICPDecision}, true
	case KindNoticeOfHearing:
		return kindCheck{roles: toRegistrant, number: true, fn: checkHearingNotice}, true
	case KindHearingDecision:
		return kindCheck{roles: toParties, number: true, fn: checkHearingDecision}, true
	case KindOrderNotice:
		return kindCheck{roles: toRegistrant, number: true, fn: checkOrderNotice}, true
	case KindReviewNotice:
		return kindCheck{roles: toRegistrant, number: true, fn: checkReviewNotice}, true
	}
	return orderChecksFor(k)
}

func (l Letter) checkCommon(f fitness.FieldErrors, roles []Role) {
	need := func(field, value, msg string) {
		if value == "" {
			f.Add(field, msg)
		}
	}
	need("Reference", l.Reference, "Enter the case reference")
	need("To.Name", l.To.Name, "Enter who the letter is to")
	need("From.Name", l.From.Name, "Enter who signs the letter")
	need("Regulator.Name", l.Regulator.Name, "Enter the regulator's name")
	need("Registrant.Name", l.Registrant.Name, "Enter the registrant's name")
	if l.Date.IsZero() {
		f.Add("Date", "Enter the date of the letter")
	}
	if !slices.Contains(roles, l.To.Role) {
		f.Add("To.Role", fmt.Sprintf("A %s cannot be addressed to %q", l.Kind.Label(), l.To.Role))
	}
}

func checkReceived(l Letter, f fitness.FieldErrors) {
	if l.Concern.ReceivedOn.IsZero() {
		f.Add("Concern.ReceivedOn", "Enter the date the concern was received")
	}
}

func checkTriageClosure(l Letter, f fitness.FieldErrors) {
	checkReceived(l, f)
	if len(l.Closure.Reasons) == 0 {
		f.Add("Closure.Reasons", "Give at least one reason the concern is outside our remit")
	}
	for i, r := range l.Closure.Reasons {
		field := fmt.Sprintf("Closure.Reasons[%d]", i)
		if text, ok := RemitReason(r.Code); !ok {
			f.Add(field+".Code", fmt.Sprintf("There is no reason with code %q", r.Code))
		} else if text == "" && r.Detail == "" {
			f.Add(field+".Detail", "Explain the reason in your own words")
		}
	}
	for i, s := range l.Closure.Signposts {
		if s.Name == "" {
			f.Add(fmt.Sprintf("Closure.Signposts[%d].Name", i), "Enter where the person can go")
		}
	}
}

func checkThresholdClosure(l Letter, f fitness.FieldErrors) {
	checkReceived(l, f)
	if l.Closure.DecisionDate.IsZero() {
		f.Add("Closure.DecisionDate", "Enter the date of the decision")
	}
	if l.Closure.Explanation == "" {
		f.Add("Closure.Explanation", "Enter the reasons for the decision")
	}
}

func checkInvestigation(l Letter, f fitness.FieldErrors) {
	checkReceived(l, f)
	if l.Concern.Summary == "" {
		f.Add("Concern.Summary", "Say what the concern is about")
	}
}

func checkInvitation(l Letter, f fitness.FieldErrors) {
	checkAllegation(l.Allegation, f)
	checkLimit("Response", l.Response, f)
}

func checkAllegation(a Allegation, f fitness.FieldErrors) {
	if len(a.Particulars) == 0 {
		f.Add("Allegation.Particulars", "Enter the particulars of the allegation")
	}
	for i, p := range a.Particulars {
		if p.Number == "" || p.Text == "" {
			f.Add(fmt.Sprintf("Allegation.Particulars[%d]", i), "Enter the number and text of every particular")
		}
	}
	if a.Ground == "" {
		f.Add("Allegation.Ground", "Enter the statutory ground")
	}
}

// checkLimit requires both the period and the date of a time limit.
func checkLimit(field string, t TimeLimit, f fitness.FieldErrors) {
	if t.Period.IsZero() {
		f.Add(field+".Period", "Enter the period, from the regulator's rules")
	}
	if t.Due.IsZero() {
		f.Add(field+".Due", "Enter the date it works out to")
	}
}

func checkDemand(l Letter, f fitness.FieldErrors) {
	if len(l.Demand.Items) == 0 {
		f.Add("Demand.Items", "Say what information or documents are required")
	}
	checkLimit("Demand.Limit", l.Demand.Limit, f)
	if l.Regulator.InformationPower == "" {
		f.Add("Regulator.InformationPower", "Name the power to require information")
	}
}

func checkICPDecision(l Letter, f fitness.FieldErrors) {
	d := l.Decision
	checkDecided(d, f)
	allowed := []Outcome{OutcomeCaseToAnswer, OutcomeNoCaseToAnswer, OutcomeAdjourned}
	if !slices.Contains(allowed, d.Outcome) {
		f.Add("Decision.Outcome", "Choose case to answer, no case to answer or adjourned")
	}
	checkFindings(d.Findings, []Outcome{OutcomeCaseToAnswer, OutcomeNoCaseToAnswer}, f)
}

// checkDecided checks what every decision states: when, by whom and why.
func checkDecided(d Decision, f fitness.FieldErrors) {
	if d.Date.IsZero() {
		f.Add("Decision.Date", "Enter the date of the decision")
	}
	if d.Panel == "" {
		f.Add("Decision.Panel", "Enter the committee that decided")
	}
	if d.Reasons == "" {
		f.Add("Decision.Reasons", "Enter the reasons for the decision")
	}
}

func checkFindings(fs []Finding, allowed []Outcome, f fitness.FieldErrors) {
	for i, x := range fs {
		field := fmt.Sprintf("Decision.Findings[%d]", i)
		if x.Number == "" || x.Text == "" {
			f.Add(field, "Enter the number and text of the particular")
		}
		if !slices.Contains(allowed, x.Outcome) {
			f.Add(field+".Outcome", fmt.Sprintf("%q is not a decision on a particular here", x.Outcome))
		}
	}
}

func checkHearingNotice(l Letter, f fitness.FieldErrors) {
	checkHearing(l.Hearing, f)
	checkAllegation(l.Allegation, f)
	if l.Hearing.Notice.IsZero() {
		f.Add("Hearing.Notice", "Enter the notice period, from the regulator's rules")
	}
	checkLimit("Hearing.RegistrantEvidence", l.Hearing.RegistrantEvidence, f)
}

// checkHearing checks when, where and before whom a hearing is held.
func checkHearing(h Hearing, f fitness.FieldErrors) {
	if h.Kind == "" {
		f.Add("Hearing.Kind", "Say what kind of hearing it is")
	}
	if h.Committee == "" {
		f.Add("Hearing.Committee", "Enter the committee")
	}
	if h.Start.IsZero() {
		f.Add("Hearing.Start", "Enter when the hearing starts")
	}
	switch h.Mode {
	case ModeRemote:
	case ModeInPerson, ModeHybrid:
		if h.Venue == "" {
			f.Add("Hearing.Venue", "Enter the venue")
		}
	default:
		f.Add("Hearing.Mode", "Choose how the hearing is held")
	}
}

func checkHearingDecision(l Letter, f fitness.FieldErrors) {
	d := l.Decision
	checkDecided(d, f)
	if l.Hearing.Start.IsZero() {
		f.Add("Hearing.Start", "Enter when the hearing started")
	}
	if l.Hearing.Kind == "" {
		f.Add("Hearing.Kind", "Say what kind of hearing it was")
	}
	checkFindings(d.Findings, []Outcome{OutcomeProved, OutcomeNotProved, OutcomeAdmitted, OutcomeDiscontinued}, f)
	switch d.Outcome {
	case OutcomeNotWellFounded:
	case OutcomeWellFounded:
		if d.Ground == "" {
			f.Add("Decision.Ground", "Enter the statutory ground found")
		}
		if l.Order.Kind != "" {
			checkOrder(l.Order, false, f)
			checkLimit("Decision.Challenge", d.Challenge, f)
		}
	default:
		f.Add("Decision.Outcome", "Choose well founded or not well founded")
	}
}

// checkOrder checks an order; inForce also needs its dates.
func checkOrder(o Order, inForce bool, f fitness.FieldErrors) {
	switch o.Kind {
	case OrderStrikingOff:
	case OrderCaution, OrderConditions, OrderSuspension:
		if o.Length.IsZero() {
			f.Add("Order.Length", "Enter the length of the order")
		}
		if inForce && o.End.IsZero() {
			f.Add("Order.End", "Enter when the order expires")
		}
	default:
		f.Add("Order.Kind", "Choose the kind of order")
	}
	if o.Kind == OrderConditions && len(o.Conditions) == 0 {
		f.Add("Order.Conditions", "Enter the conditions of practice")
	}
	if inForce && o.Start.IsZero() {
		f.Add("Order.Start", "Enter when the order takes effect")
	}
}

func checkOrderNotice(l Letter, f fitness.FieldErrors) {
	checkOrder(l.Order, true, f)
	if l.Decision.Date.IsZero() {
		f.Add("Decision.Date", "Enter when the order was made")
	}
	if l.Decision.Panel == "" {
		f.Add("Decision.Panel", "Enter the committee that made the order")
	}
}

func checkReviewNotice(l Letter, f fitness.FieldErrors) {
	checkOrder(l.Order, true, f)
	if l.Order.Kind != OrderConditions && l.Order.Kind != OrderSuspension {
		f.Add("Order.Kind", "Only a conditions of practice or suspension order is reviewed")
	}
	checkHearing(l.Hearing, f)
	checkLimit("Hearing.Attendance", l.Hearing.Attendance, f)
}
