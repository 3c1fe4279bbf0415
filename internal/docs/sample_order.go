package docs

import "time"

// orderSampleVariants returns l, a letter after a final hearing, on an
// interim order or on restoration, with each of its other outcomes.
func orderSampleVariants(l Letter) []Letter {
	var out []Letter
	with := func(f func(*Letter)) {
		v := l
		f(&v)
		out = append(out, v)
	}
	switch l.Kind {
	case KindConsentOrder:
		for _, k := range []OrderKind{OrderCaution, OrderSuspension} {
			with(func(v *Letter) { v.Order.Kind, v.Order.Review = k, TimeLimit{} })
		}
	case KindReviewDecision:
		for _, o := range []Outcome{OutcomeOrderVaried, OutcomeOrderReplaced, OutcomeOrderRevoked, OutcomeOrderLapsed} {
			with(func(v *Letter) { v.Decision.Outcome = o })
		}
		with(func(v *Letter) {
			v.Decision.Outcome, v.Order = OutcomeStruckOff, Order{Kind: OrderStrikingOff, Start: l.Date.AddDate(0, 0, 29)}
		})
	case KindRestorationDecision:
		with(func(v *Letter) { v.Decision.Outcome = OutcomeRestorationRefused })
		with(func(v *Letter) { v.Order = Order{} })
	case KindInterimApplication:
		with(func(v *Letter) { v.Hearing = Hearing{Kind: "interim order hearing", Committee: v.Hearing.Committee} })
	case KindInterimDecision:
		for _, o := range []Outcome{OutcomeNoInterimOrder, OutcomeInterimContinued, OutcomeInterimVaried,
			OutcomeInterimExtended, OutcomeInterimEnded} {
			with(func(v *Letter) { v.Decision.Outcome = o })
		}
		with(func(v *Letter) {
			v.Interim.Cover, v.Order.Kind, v.Order.End, v.Order.Review = true, OrderInterimSuspension, time.Time{}, TimeLimit{}
		})
		with(func(v *Letter) { v.Decision.Outcome, v.Order.Conditions = OutcomeInterimExtended, nil })
	}
	return out
}
