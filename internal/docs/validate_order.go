package docs

import (
	"slices"

	"fitness/internal/fitness"
)

// orderChecksFor returns the checks of the letters that follow a final
// hearing, an interim order track or a restoration application, and
// whether k is one of them. Each goes to the registrant.
func orderChecksFor(k Kind) (kindCheck, bool) {
	fns := map[Kind]func(Letter, fitness.FieldErrors){
		KindConsentOrder:        checkConsent,
		KindVoluntaryRemoval:    checkVoluntaryRemoval,
		KindReviewDecision:      checkReviewDecision,
		KindRestorationDecision: checkRestorationDecision,
		KindInterimApplication:  checkInterimApplication,
		KindInterimDecision:     checkInterimDecision,
	}
	fn, ok := fns[k]
	if !ok {
		return kindCheck{}, false
	}
	return kindCheck{roles: []Role{RoleRegistrant}, number: true, fn: fn}, true
}

// checkPanelDecision checks when and by whom a decision was made, and that
// its outcome is one of allowed.
func checkPanelDecision(d Decision, allowed []Outcome, f fitness.FieldErrors) {
	if d.Date.IsZero() {
		f.Add("Decision.Date", "Enter the date of the decision")
	}
	if d.Panel == "" {
		f.Add("Decision.Panel", "Enter the committee that decided")
	}
	if !slices.Contains(allowed, d.Outcome) {
		f.Add("Decision.Outcome", "Choose the decision")
	}
}

// needReasons requires the decision's reasons.
func needReasons(d Decision, f fitness.FieldErrors) {
	if d.Reasons == "" {
		f.Add("Decision.Reasons", "Enter the reasons for the decision")
	}
}

// checkConditions requires the text of conditions of practice.
func checkConditions(o Order, f fitness.FieldErrors) {
	if (o.Kind == OrderConditions || o.Kind == OrderInterimConditions) && len(o.Conditions) == 0 {
		f.Add("Order.Conditions", "Enter the conditions of practice")
	}
}

func checkConsent(l Letter, f fitness.FieldErrors) {
	checkPanelDecision(l.Decision, []Outcome{OutcomeConsentApproved}, f)
	checkOrder(l.Order, true, f)
	checkLimit("Decision.Challenge", l.Decision.Challenge, f)
}

func checkVoluntaryRemoval(l Letter, f fitness.FieldErrors) {
	checkPanelDecision(l.Decision, []Outcome{OutcomeRemovedByAgreement}, f)
	checkLimit("Restoration.Earliest", l.Restoration.Earliest, f)
}

func checkReviewDecision(l Letter, f fitness.FieldErrors) {
	d := l.Decision
	checkPanelDecision(d, []Outcome{OutcomeOrderExtended, OutcomeOrderVaried, OutcomeOrderReplaced,
		OutcomeOrderRevoked, OutcomeOrderLapsed, OutcomeStruckOff}, f)
	needReasons(d, f)
	if l.Previous.Kind == "" {
		f.Add("Previous.Kind", "Enter the order that was reviewed")
	}
	switch d.Outcome {
	case OutcomeOrderExtended, OutcomeOrderVaried, OutcomeOrderReplaced:
		if !slices.Contains([]OrderKind{OrderCaution, OrderConditions, OrderSuspension}, l.Order.Kind) {
			f.Add("Order.Kind", "Choose the order that continues")
		}
		if l.Order.End.IsZero() {
			f.Add("Order.End", "Enter when the order ends")
		}
		checkConditions(l.Order, f)
	case OutcomeOrderLapsed:
		if l.Previous.End.IsZero() {
			f.Add("Previous.End", "Enter when the order ends")
		}
	case OutcomeStruckOff:
		if l.Order.Kind != OrderStrikingOff || l.Order.Start.IsZero() {
			f.Add("Order.Start", "Enter when the striking-off order takes effect")
		}
		checkLimit("Decision.Challenge", d.Challenge, f)
	}
}

func checkRestorationDecision(l Letter, f fitness.FieldErrors) {
	d := l.Decision
	checkPanelDecision(d, []Outcome{OutcomeRestored, OutcomeRestorationRefused}, f)
	if d.Outcome == OutcomeRestored {
		checkConditions(l.Order, f)
		return
	}
	needReasons(d, f)
	checkLimit("Restoration.Earliest", l.Restoration.Earliest, f)
}

// checkInterimLimits requires the rules' limits an interim order letter
// states.
func checkInterimLimits(in Interim, f fitness.FieldErrors) {
	if in.Maximum.IsZero() {
		f.Add("Interim.Maximum", "Enter the longest an interim order lasts, from the regulator's rules")
	}
	if in.FirstReview.IsZero() || in.LaterReview.IsZero() {
		f.Add("Interim.FirstReview", "Enter when interim orders are reviewed, from the regulator's rules")
	}
}

func checkInterimApplication(l Letter, f fitness.FieldErrors) {
	checkInterimLimits(l.Interim, f)
	if l.Interim.Basis == "" {
		f.Add("Interim.Basis", "Say why an interim order is sought")
	}
	if h := l.Hearing; !h.Start.IsZero() && h.Mode != ModeRemote && h.Venue == "" {
		f.Add("Hearing.Venue", "Enter the venue")
	}
}

func checkInterimDecision(l Letter, f fitness.FieldErrors) {
	d, o := l.Decision, l.Order
	outcomes := []Outcome{OutcomeInterimImposed, OutcomeNoInterimOrder, OutcomeInterimContinued,
		OutcomeInterimVaried, OutcomeInterimEnded}
	if d.Outcome == OutcomeInterimExtended { // by the court, not a panel
		d.Panel = "the court"
		outcomes = append(outcomes, d.Outcome)
	}
	checkPanelDecision(d, outcomes, f)
	checkInterimLimits(l.Interim, f)
	if d.Outcome == OutcomeNoInterimOrder {
		needReasons(d, f)
		return
	}
	if !o.Kind.Interim() {
		f.Add("Order.Kind", "Choose the interim order")
	}
	if o.Start.IsZero() {
		f.Add("Order.Start", "Enter when the interim order took effect")
	}
	switch d.Outcome {
	case OutcomeInterimImposed:
		needReasons(d, f)
		checkConditions(o, f)
		if !l.Interim.Cover {
			checkLimit("Order.Review", o.Review, f)
		}
	case OutcomeInterimContinued, OutcomeInterimVaried:
		checkConditions(o, f)
		checkLimit("Order.Review", o.Review, f)
	case OutcomeInterimExtended:
		if o.End.IsZero() {
			f.Add("Order.End", "Enter the date the court extended the order to")
		}
	case OutcomeInterimEnded:
		if l.Interim.EndedBy == "" {
			f.Add("Interim.EndedBy", "Say how the interim order ended")
		}
	}
}
