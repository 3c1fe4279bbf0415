package fitness

import (
	"fmt"
	"strconv"
	"time"
)

// decideReview checks a review panel's decision on the order in oc.
func (d *HearingDecision) decideReview(fe FieldErrors, r Rules, oc OrderContext, now time.Time) {
	d.Outcome = HearingOrderContinued
	if oc.Current == nil {
		fe.Add("review_outcome", "There is no order in force to review")
		return
	}
	cur := *oc.Current
	if !d.Impairment.Valid() {
		fe.Add("impairment", "Select whether fitness to practise is still impaired")
	}
	if d.Impairment == AnswerNo && d.ReviewOutcome != ReviewRevoke && d.ReviewOutcome != ReviewLapse {
		fe.Add("review_outcome", "Fitness to practise is no longer impaired: revoke the order or let it lapse")
	}
	switch d.ReviewOutcome {
	case ReviewExtend, ReviewVary:
		d.Sanction = SanctionKind(cur.Kind)
		d.checkOrderLength(fe, r, now)
		d.checkConditions(fe, d.Sanction == SanctionConditions)
	case ReviewReplace:
		switch {
		case d.Sanction == SanctionKind(cur.Kind):
			fe.Add("sanction", "Select an order of another kind, or vary the order instead")
		case d.Sanction != SanctionCaution && d.Sanction != SanctionConditions && d.Sanction != SanctionSuspension:
			fe.Add("sanction", "Select the order that replaces it")
		default:
			d.checkOrderLength(fe, r, now)
			d.checkConditions(fe, d.Sanction == SanctionConditions)
		}
	case ReviewRevoke:
		d.Outcome, d.Sanction = HearingOrderRevoked, ""
	case ReviewLapse:
		d.Outcome, d.Sanction = HearingOrderLapsed, ""
	case ReviewStrikeOff:
		d.Outcome, d.Sanction, d.LengthMonths = HearingSanction, SanctionStrikingOff, 0
		d.checkReviewStrikeOff(fe, r, oc, now)
	default:
		fe.Add("review_outcome", "Select the panel's decision on the order")
	}
}

// checkOrderLength checks LengthMonths for the order d.Sanction.
func (d *HearingDecision) checkOrderLength(fe FieldErrors, r Rules, now time.Time) {
	months := ""
	if d.LengthMonths != 0 {
		months = strconv.Itoa(d.LengthMonths)
	}
	checkLength(fe, r, string(d.Sanction), months, now)
}

// checkReviewStrikeOff applies the bar on striking off for lack of
// competence or health: only after continuous suspension or conditions.
func (d *HearingDecision) checkReviewStrikeOff(fe FieldErrors, r Rules, oc OrderContext, now time.Time) {
	if !d.Ground.Valid() {
		fe.Add("ground", "Select the statutory ground")
		return
	}
	if d.Ground != GroundLackOfCompetence && d.Ground != GroundHealth {
		return
	}
	since := oc.RestrictedSince
	if since.IsZero() || since.After(r.StrikeOffBarContinuous.Before(today(now), r.Calendar)) {
		msg := fmt.Sprintf("Striking off %s needs at least %s of continuous suspension or conditions", groundPhrase(d.Ground), r.StrikeOffBarContinuous)
		if !since.IsZero() {
			msg += "; practice has been restricted since " + formatDate(since)
		}
		fe.Add("review_outcome", msg)
	}
}

func (d *HearingDecision) decideRestoration(fe FieldErrors, r Rules) {
	switch d.Granted {
	case AnswerYes:
		d.Outcome = HearingRestored
		if d.Conditions != "" && !r.RestorationWithConditions {
			fe.Add("conditions", "Restoration with conditions is not available")
		}
	case AnswerNo:
		d.Outcome, d.Conditions = HearingRestorationRefused, ""
		if d.SuspendRight {
			d.Outcome = HearingRestorationBarred
		}
	default:
		fe.Add("granted", "Select whether the panel restored the applicant to the register")
	}
}

func (d *HearingDecision) decideInterim(fe FieldErrors) {
	switch d.Granted {
	case AnswerYes:
		d.Outcome = HearingInterimImposed
		if d.InterimKind != OrderInterimSuspension && d.InterimKind != OrderInterimConditions {
			fe.Add("interim_kind", "Select the interim order")
		}
		d.checkConditions(fe, d.InterimKind == OrderInterimConditions)
	case AnswerNo:
		d.Outcome, d.InterimKind, d.Conditions = HearingNoInterimOrder, "", ""
	default:
		fe.Add("granted", "Select whether the panel made (or continued) an interim order")
	}
}

// OutcomeLabel returns the outcome in words, as published.
func (d HearingDecision) OutcomeLabel() string {
	switch d.Outcome {
	case HearingNotWellFounded:
		return "Not well founded"
	case HearingNoFurtherAction:
		return "Well founded: no further action"
	case HearingSanction:
		return d.Sanction.Label()
	case HearingOrderContinued:
		return d.Sanction.Label() + " continued on review"
	case HearingOrderRevoked:
		return "Order revoked on review"
	case HearingOrderLapsed:
		return "No further order: the order lapses"
	case HearingRestored:
		return "Restored to the register"
	case HearingRestorationRefused:
		return "Restoration refused"
	case HearingRestorationBarred:
		return "Restoration refused: right to apply again suspended"
	case HearingInterimImposed:
		return OrderKind(d.InterimKind).Label()
	case HearingNoInterimOrder:
		return "No interim order"
	}
	return string(d.Outcome)
}
