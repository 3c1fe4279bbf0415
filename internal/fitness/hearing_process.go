package fitness

import (
	"slices"
	"strconv"
	"time"
)

// ProcessStep is one process action, with its inputs, that recording a
// decision applies to the case.
type ProcessStep struct {
	Action ActionName
	Input  Input
}

// ProcessSteps returns the process actions that record d on case c, in
// order: the decision itself and, when an interim order covers the appeal
// period, that order. r gives the end date of an order continued on
// review; oc the continuous restriction a striking-off on review needs.
func (d HearingDecision) ProcessSteps(c Case, r Rules, oc OrderContext) []ProcessStep {
	date := d.DecidedOn.Format(time.DateOnly)
	one := func(a ActionName, in Input) []ProcessStep { return []ProcessStep{{a, in}} }
	switch d.Outcome {
	case HearingNotWellFounded:
		return one(ActionNotWellFounded, Input{"decision_date": date, "finding": d.FellAt, "reason": d.Reasons})
	case HearingNoFurtherAction:
		return one(ActionNoFurtherAction, Input{"decision_date": date, "ground": string(d.Ground), "reason": d.Reasons})
	case HearingSanction:
		return d.sanctionSteps(date, oc)
	case HearingOrderContinued:
		return one(ActionReviewDecision, withConditions(Input{"decision_date": date, "outcome": string(d.ReviewOutcome),
			"order": string(d.Sanction), "expires_on": orderEnd(r, d.DecidedOn, d.LengthMonths).Format(time.DateOnly)}, d.Conditions))
	case HearingOrderRevoked:
		return one(ActionReviewRevoke, Input{"decision_date": date, "reason": d.Reasons})
	case HearingOrderLapsed:
		return one(ActionReviewLapse, Input{"decision_date": date, "reason": d.Reasons})
	case HearingRestored:
		with := "no"
		if d.Conditions != "" {
			with = "yes"
		}
		return one(ActionGrantRestoration, Input{"decision_date": date, "with_conditions": with, "note": d.Reasons})
	case HearingRestorationRefused:
		return one(ActionRefuseRestoration, Input{"decision_date": date, "reason": d.Reasons})
	case HearingRestorationBarred:
		return one(ActionSuspendRestoration, Input{"decision_date": date, "reason": d.Reasons})
	case HearingInterimImposed:
		if c.InterimStage == StageInterimInForce {
			return one(ActionReviewInterim, Input{"decision_date": date, "outcome": "continued", "note": d.Reasons})
		}
		return one(ActionImposeInterim, withConditions(Input{"decision_date": date, "order": string(d.InterimKind), "reason": d.Reasons}, d.Conditions))
	case HearingNoInterimOrder:
		if c.InterimStage == StageInterimInForce {
			return one(ActionEndInterim, Input{"ended_by": "revoked", "note": d.Reasons})
		}
		return one(ActionNoInterimOrder, Input{"decision_date": date, "reason": d.Reasons})
	}
	return nil
}

// sanctionSteps records a final order: at a first hearing, or striking off
// on review; then any interim order covering the appeal period.
func (d HearingDecision) sanctionSteps(date string, oc OrderContext) []ProcessStep {
	if d.HearingKind == HearingReview {
		in := Input{"decision_date": date, "ground": string(d.Ground)}
		if !oc.RestrictedSince.IsZero() {
			in["restricted_since"] = oc.RestrictedSince.Format(time.DateOnly)
		}
		return []ProcessStep{{ActionReviewStrikeOff, in}}
	}
	in := withConditions(Input{"decision_date": date, "ground": string(d.Ground), "sanction": string(d.Sanction), "reason": d.Reasons}, d.Conditions)
	if d.LengthMonths > 0 {
		in["length_months"] = strconv.Itoa(d.LengthMonths)
	}
	steps := []ProcessStep{{ActionRecordSanction, in}}
	if d.InterimCover {
		steps = append(steps, ProcessStep{ActionImposeInterimCover,
			withConditions(Input{"decision_date": date, "order": string(d.CoverKind()), "reason": d.Reasons}, d.Conditions)})
	}
	return steps
}

// withConditions adds the text of conditions of practice to in, when
// there are any, so that the case's events (and the notices made from
// them) carry it.
func withConditions(in Input, conditions string) Input {
	if conditions != "" {
		in["conditions"] = conditions
	}
	return in
}

// CoverKind returns the interim order that covers the appeal period for
// the sanction: interim conditions for conditions, else interim suspension.
func (d HearingDecision) CoverKind() OrderKind {
	if d.Sanction == SanctionConditions {
		return OrderInterimConditions
	}
	return OrderInterimSuspension
}

// PublicationOutcome returns the key of Rules.PublicationPeriods the
// decision is published under: the order in force after it, or
// not_well_founded, no_further_action; "" for decisions not published
// (interim orders, restoration).
func (d HearingDecision) PublicationOutcome() string {
	switch d.Outcome {
	case HearingNotWellFounded, HearingNoFurtherAction:
		return string(d.Outcome)
	case HearingSanction, HearingOrderContinued:
		return string(d.Sanction)
	case HearingOrderRevoked, HearingOrderLapsed:
		return string(HearingNoFurtherAction)
	}
	return ""
}

// HearingActions are the process actions recorded through hearings,
// orders, appeals and publications (see [HearingService] and
// [OrderService]), so that the orders and the register stay in step with
// the case. Adapters offer them through those pages, not as bare actions.
var HearingActions = []ActionName{
	ActionListHearing, ActionNotWellFounded, ActionNoFurtherAction, ActionRecordSanction,
	ActionPublishDecision, ActionRecordAppeal, ActionAppealAllowed, ActionAppealRemitted, ActionAppealDismissed,
	ActionOrderTakesEffect, ActionStrikingOffTakesEffect, ActionOrderExpired, ActionListReview,
	ActionReviewDecision, ActionReviewRevoke, ActionReviewLapse, ActionReviewStrikeOff, ActionImposeInterimCover,
	ActionImposeInterim, ActionNoInterimOrder, ActionReviewInterim,
}

// IsHearingAction reports whether the action is one of [HearingActions].
func IsHearingAction(name ActionName) bool { return slices.Contains(HearingActions, name) }

// OfferedActions returns the actions available on c to a (see
// [Process.Available]) that are taken as bare actions: all but
// [HearingActions], which adapters offer through their hearing, order,
// appeal and publication pages.
func (p *Process) OfferedActions(c Case, a Actor) []ActionDef {
	return slices.DeleteFunc(p.Available(c, a), func(d ActionDef) bool { return IsHearingAction(d.Name) })
}
