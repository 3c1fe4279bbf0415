package docs

import "fitness/internal/fitness"

// interimDecisionFacts: what a panel (or the court) decided about an
// interim order: made, refused, reviewed, extended or ended.
func interimDecisionFacts(l *Letter, f fitness.LetterFacts) {
	in, r, on := f.Event.Payload, f.Rules, decidedOn(f)
	l.Interim = interimLimits(r)
	l.Decision = Decision{Date: on, Panel: panelOf(f, fitness.CommitteeInvestigating), Reasons: reasonsOf(f)}
	current := interimInForce(f.Events[:len(f.Events)-1], r)
	switch fitness.ActionName(f.Event.Type) {
	case fitness.ActionImposeInterim, fitness.ActionImposeInterimCover:
		cover := f.Event.Type == string(fitness.ActionImposeInterimCover)
		l.Decision.Outcome, l.Interim.Cover = OutcomeInterimImposed, cover
		l.Order = interimOrderOf(fitness.InterimOrder(r, fitness.OrderKind(in["order"]), on, cover, ""), r, f)
		if !cover {
			l.Order.Length = r.InterimMaximum
			l.Order.Review = limitAfter(r.InterimFirstReview, on, r)
		}
	case fitness.ActionNoInterimOrder:
		l.Decision.Outcome = OutcomeNoInterimOrder
	case fitness.ActionReviewInterim:
		l.Decision.Outcome = OutcomeInterimContinued
		if in["outcome"] == "varied" {
			l.Decision.Outcome = OutcomeInterimVaried
		}
		l.Order = current
		if c := conditionsOf(f); len(c) > 0 && l.Order.Kind == OrderInterimConditions {
			l.Order.Conditions = c
		}
		l.Order.Review = limitAfter(r.InterimLaterReview, on, r)
	case fitness.ActionExtendInterim:
		l.Decision.Outcome, l.Decision.Panel, l.Interim.Court = OutcomeInterimExtended, "", in["court"]
		l.Order = current
		l.Order.End = dateInput(in, "extended_until", current.End)
		l.Order.Register = fitness.Order{Kind: fitness.OrderKind(l.Order.Kind), Start: l.Order.Start, End: l.Order.End}.Annotation()
	case fitness.ActionEndInterim:
		l.Decision.Outcome, l.Interim.EndedBy = OutcomeInterimEnded, interimEnding(in["ended_by"])
		l.Order = current
		l.Order.End, l.Order.Review, l.Order.Register = on, TimeLimit{}, ""
	}
}

// interimOrderOf is the letter's view of an interim order, with the
// conditions the event's decision set.
func interimOrderOf(o fitness.Order, r fitness.Rules, f fitness.LetterFacts) Order {
	out := orderOf(o, r)
	if o.Kind == fitness.OrderInterimConditions {
		out.Conditions = conditionsOf(f)
	}
	return out
}

// interimInForce is the interim order the case's history made and has not
// ended: its kind, dates and conditions.
func interimInForce(evs []fitness.Event, r fitness.Rules) Order {
	var o Order
	for _, e := range evs {
		in := e.Payload
		switch fitness.ActionName(e.Type) {
		case fitness.ActionImposeInterim, fitness.ActionImposeInterimCover:
			cover := e.Type == string(fitness.ActionImposeInterimCover)
			fo := fitness.InterimOrder(r, fitness.OrderKind(in["order"]), dateInput(in, "decision_date", e.At), cover, in["conditions"])
			o = orderOf(fo, r)
		case fitness.ActionReviewInterim:
			if c := lines(in["conditions"]); len(c) > 0 {
				o.Conditions = c
			}
		case fitness.ActionExtendInterim:
			o.End = dateInput(in, "extended_until", o.End)
		case fitness.ActionEndInterim:
			o = Order{}
		}
	}
	if o.Kind != "" {
		o.Register = fitness.Order{Kind: fitness.OrderKind(o.Kind), Start: o.Start, End: o.End}.Annotation()
	}
	return o
}

// interimEnding says how an interim order ended, in words.
func interimEnding(code string) string {
	switch code {
	case "revoked":
		return "A panel revoked it on review."
	case "expired":
		return "It reached the end of its term."
	case "final_order":
		return "It has been replaced by the final order made in your case."
	case "court":
		return "The court ended it."
	}
	return ""
}
