package docs

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// orderKindFacts fills in the blocks of the letters that follow a final
// hearing, an interim order track or a restoration application.
func orderKindFacts(l *Letter, f fitness.LetterFacts) {
	switch l.Kind {
	case KindConsentOrder:
		consentFacts(l, f)
	case KindVoluntaryRemoval:
		voluntaryRemovalFacts(l, f)
	case KindReviewDecision:
		reviewDecisionFacts(l, f)
	case KindRestorationDecision:
		restorationFacts(l, f)
	case KindInterimApplication:
		interimApplicationFacts(l, f)
	case KindInterimDecision:
		interimDecisionFacts(l, f)
	}
}

// decidedOn is the date of the decision the event recorded: its
// decision_date input, else the day of the event.
func decidedOn(f fitness.LetterFacts) time.Time {
	return dateInput(f.Event.Payload, "decision_date", f.Event.At)
}

// reasonsOf is the panel's reasons for the decision the event recorded:
// those of the hearing decision recorded with it, else the action's
// reasons or note.
func reasonsOf(f fitness.LetterFacts) string {
	if d := f.HearingDecision; d != nil && d.Reasons != "" {
		return d.Reasons
	}
	if r := f.Event.Payload["reason"]; r != "" {
		return r
	}
	return f.Event.Payload["note"]
}

// conditionsOf is the text of the conditions the event's decision set:
// those of the hearing decision recorded with it, else the action's
// conditions input.
func conditionsOf(f fitness.LetterFacts) []string {
	if d := f.HearingDecision; d != nil && d.Conditions != "" {
		return lines(d.Conditions)
	}
	return lines(f.Event.Payload["conditions"])
}

// panelOf names the committee whose panel decided: the hearing's, else the
// committee the case's final hearing was listed before, else def.
func panelOf(f fitness.LetterFacts, def fitness.Committee) string {
	if d := f.HearingDecision; d != nil && d.Committee != "" {
		return d.Committee.Label()
	}
	if c := lastInput(f.Events, "committee"); c != "" {
		return committeeName(c)
	}
	return def.Label()
}

// withHearingDecision fills in a final hearing's decision letter from the
// decision recorded through the hearing, when there is one: the committee,
// the reasons, the conditions and the finding on each particular. A
// particular heard in private is told only to the registrant.
func withHearingDecision(l *Letter, f fitness.LetterFacts) {
	d := f.HearingDecision
	if d == nil {
		return
	}
	if d.Committee != "" {
		l.Decision.Panel = d.Committee.Label()
	}
	if d.Reasons != "" {
		l.Decision.Reasons = d.Reasons
	}
	if l.Order.Kind == OrderConditions && d.Conditions != "" {
		l.Order.Conditions = lines(d.Conditions)
	}
	for _, x := range d.Facts {
		if x.Private && !l.ToRegistrant() {
			continue
		}
		l.Decision.Findings = append(l.Decision.Findings, Finding{Number: x.Number, Text: x.Text,
			Outcome: Outcome(x.Finding), Reasons: x.Reasons})
	}
}

// lastOf returns the payload of the latest event of action a, nil if none.
func lastOf(evs []fitness.Event, a fitness.ActionName) map[string]string {
	for _, e := range slices.Backward(evs) {
		if e.Type == string(a) {
			return e.Payload
		}
	}
	return nil
}

// orderOf is the letter's view of an order the domain worked out: its
// dates, its next review (Rules.ReviewBeforeExpiry before it ends) and its
// register entry.
func orderOf(o fitness.Order, r fitness.Rules) Order {
	out := Order{Kind: OrderKind(o.Kind), Start: o.Start, End: o.End, Register: o.Annotation()}
	if o.Months > 0 {
		out.Length = fitness.Period{Months: o.Months}
	}
	if !o.ReviewDue.IsZero() {
		out.Review = TimeLimit{Period: r.ReviewBeforeExpiry, Due: o.ReviewDue}
	}
	if o.Kind == fitness.OrderStrikingOff {
		out.RestorationWait = r.RestorationWait
	}
	if o.Kind == fitness.OrderConditions || o.Kind == fitness.OrderInterimConditions {
		out.Conditions = lines(o.Conditions)
	}
	return out
}

// consentFacts: the panel approved the order the registrant agreed to; it
// takes effect, like any final order, when the appeal period ends.
func consentFacts(l *Letter, f fitness.LetterFacts) {
	in, r, on := f.Event.Payload, f.Rules, decidedOn(f)
	months, _ := strconv.Atoi(in["length_months"])
	o := fitness.NewOrder(r, fitness.OrderKind(in["order"]), on, months, "")
	l.Order = orderOf(o, r)
	if o.Kind == fitness.OrderConditions {
		l.Order.Conditions = conditionsOf(f)
	}
	l.Decision = Decision{Date: on, Panel: panelOf(f, fitness.CommitteeConductCompetence), Outcome: OutcomeConsentApproved,
		Reasons: reasonsOf(f), Challenge: limitAfter(r.AppealWindow, on, r)}
}

// voluntaryRemovalFacts: the panel approved the agreement and the
// registrant is removed; restoration is possible after the wait.
func voluntaryRemovalFacts(l *Letter, f fitness.LetterFacts) {
	r, on := f.Rules, decidedOn(f)
	l.Decision = Decision{Date: on, Panel: panelOf(f, fitness.CommitteeConductCompetence), Outcome: OutcomeRemovedByAgreement,
		Reasons: f.Event.Payload["note"]}
	// The wait counts from the removal, as the guard on applications does.
	l.Restoration = Restoration{Earliest: limitAfter(r.RestorationWait, f.Event.At, r),
		Basis: removalBasis(lastOf(f.Events, fitness.ActionProposeVoluntaryRemoval)["basis"])}
}

// removalBasis is the basis of a voluntary removal in words.
func removalBasis(code string) string {
	switch code {
	case "ill_health":
		return "because of serious or long-term ill health"
	case "not_practising":
		return "because you do not intend to practise again"
	}
	return ""
}

// reviewDecisionFacts: what a review panel decided about the order it
// reviewed.
func reviewDecisionFacts(l *Letter, f fitness.LetterFacts) {
	in, r, on := f.Event.Payload, f.Rules, decidedOn(f)
	l.Previous, _ = orderInForce(f.Events[:len(f.Events)-1], r)
	l.Decision = Decision{Date: on, Panel: panelOf(f, fitness.CommitteeConductCompetence), Reasons: reasonsOf(f)}
	switch fitness.ActionName(f.Event.Type) {
	case fitness.ActionReviewDecision:
		l.Decision.Outcome = map[string]Outcome{"extend": OutcomeOrderExtended, "vary": OutcomeOrderVaried,
			"replace": OutcomeOrderReplaced}[in["outcome"]]
		l.Decision.Challenge = limitAfter(r.AppealWindow, on, r)
		o := fitness.Order{Kind: fitness.OrderKind(in["order"]), Start: on, End: dateInput(in, "expires_on", time.Time{})}
		if d := f.HearingDecision; d != nil {
			o.Months = d.LengthMonths
		}
		if o.Kind.Restricts() && !o.End.IsZero() {
			o.ReviewDue = r.ReviewBeforeExpiry.Before(o.End, r.Calendar)
		}
		l.Order = orderOf(o, r)
		if o.Kind == fitness.OrderConditions {
			l.Order.Conditions = conditionsOf(f)
		}
	case fitness.ActionReviewRevoke:
		l.Decision.Outcome = OutcomeOrderRevoked
	case fitness.ActionReviewLapse:
		l.Decision.Outcome = OutcomeOrderLapsed
	case fitness.ActionReviewStrikeOff:
		l.Decision.Outcome = OutcomeStruckOff
		l.Decision.Challenge = limitAfter(r.AppealWindow, on, r)
		l.Decision.Ground = groundWords(in["ground"])
		l.Order = orderOf(fitness.NewOrder(r, fitness.OrderStrikingOff, on, 0, ""), r)
	}
}

// groundWords is a statutory ground in words, "" for none.
func groundWords(g string) string {
	if g == "" {
		return ""
	}
	return strings.ToLower(fitness.Ground(g).Label())
}

// restorationFacts: the panel restored the applicant (perhaps with
// conditions) or refused, and when they may apply again.
func restorationFacts(l *Letter, f fitness.LetterFacts) {
	r, on := f.Rules, decidedOn(f)
	l.Decision = Decision{Date: on, Panel: panelOf(f, fitness.CommitteeConductCompetence), Reasons: reasonsOf(f)}
	if fitness.ActionName(f.Event.Type) == fitness.ActionGrantRestoration {
		l.Decision.Outcome = OutcomeRestored
		if f.Event.Payload["with_conditions"] == "yes" {
			l.Order = Order{Kind: OrderConditions, Start: on, Conditions: conditionsOf(f)}
		}
		return
	}
	l.Decision.Outcome = OutcomeRestorationRefused
	refused := 0
	for _, e := range f.Events {
		switch fitness.ActionName(e.Type) {
		case fitness.ActionRefuseRestoration, fitness.ActionSuspendRestoration:
			refused++
		}
	}
	// The interval counts from the refusal, as the guard on applications does.
	l.Restoration = Restoration{Earliest: limitAfter(r.RestorationInterval, f.Event.At, r), Refusals: refused,
		MaxRefusals: r.RestorationMaxRefusals, Suspended: fitness.ActionName(f.Event.Type) == fitness.ActionSuspendRestoration}
}

// interimLimits are the rules' limits on interim orders.
func interimLimits(r fitness.Rules) Interim {
	return Interim{Maximum: r.InterimMaximum, FirstReview: r.InterimFirstReview, LaterReview: r.InterimLaterReview,
		CourtExtension: r.InterimCourtExtension}
}

// interimBasis is why an interim order is sought, in words.
func interimBasis(code string) string {
	switch code {
	case "public_protection":
		return "to protect the public"
	case "public_interest":
		return "because it is otherwise in the public interest"
	case "own_interests":
		return "in your own interests"
	}
	return ""
}

// interimApplicationFacts: we have asked a panel for an interim order.
func interimApplicationFacts(l *Letter, f fitness.LetterFacts) {
	in, r := f.Event.Payload, f.Rules
	l.Interim = interimLimits(r)
	l.Interim.Basis, l.Interim.Reasons = interimBasis(in["basis"]), in["reason"]
	l.Hearing = Hearing{Kind: "interim order hearing", Committee: panelOf(f, fitness.CommitteeInvestigating),
		Mode: Mode(in["mode"]), Venue: in["venue"]}
	if start := dateInput(in, "hearing_date", time.Time{}); !start.IsZero() {
		l.Hearing.Start = start.Add(10 * time.Hour)
		if l.Hearing.Mode == "" {
			l.Hearing.Mode = ModeInPerson
		}
	}
}
