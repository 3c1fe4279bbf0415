package synth

import (
	"strconv"
	"time"

	"fitness/internal/fitness"
)

// Order lengths in months panels choose from, within the HCPC limits.
var orderMonths = map[string][]int{
	"caution":    {12, 24, 36, 60},
	"conditions": {6, 12, 18, 24, 36},
	"suspension": {3, 6, 9, 12},
}

// sanctionOf names the order of a sanction outcome.
var sanctionOf = map[outcome]string{
	outCaution: "caution", outConditions: "conditions", outSuspension: "suspension", outStrikeOff: "striking_off",
}

// hearing takes a case with a case to answer to its outcome.
func (s *caseSim) hearing(pl plan) {
	s.notes(25)
	if !s.wait(30, 150) {
		return
	}
	switch pl.outcome {
	case outDiscontinued:
		s.proposeAndApprove(fitness.ActionProposeDiscontinuance, fitness.Input{"scope": "all",
			"reason": "No realistic prospect of proving the particulars."}, fitness.ActionApproveDiscontinuance, nil)
		return
	case outVoluntaryRemoval:
		s.proposeAndApprove(fitness.ActionProposeVoluntaryRemoval, fitness.Input{"basis": "not_practising"},
			fitness.ActionApproveVoluntaryRemoval, nil)
		return
	case outConsent:
		order := []string{"caution", "conditions", "suspension"}[s.r.IntN(3)]
		months := s.months(order)
		approved := fitness.Input{"order": order, "length_months": months}
		if order == "conditions" {
			approved["conditions"] = "Work only under the supervision of a registered colleague."
		}
		if s.proposeAndApprove(fitness.ActionProposeConsent, fitness.Input{"order": order, "admits_in_full": "yes"},
			fitness.ActionApproveConsent, approved) {
			s.afterDecision(pl, order, months)
		}
		return
	}
	if !s.listAndHear(pl) {
		return
	}
	s.decide(pl)
}

// proposeAndApprove has the case manager propose and a panel approve.
func (s *caseSim) proposeAndApprove(propose fitness.ActionName, pin fitness.Input, approve fitness.ActionName, ain fitness.Input) bool {
	if !s.do(s.cm, propose, pin) || !s.wait(14, 60) {
		return false
	}
	in := fitness.Input{"decision_date": s.today()}
	for k, v := range ain {
		in[k] = v
	}
	return s.do(s.actor(fitness.RoleHearingsOfficer), approve, in)
}

// months returns a length in months for an order of kind order.
func (s *caseSim) months(order string) string {
	ms := orderMonths[order]
	return strconv.Itoa(ms[s.r.IntN(len(ms))])
}

// listAndHear lists the final hearing and moves the clock to its day;
// the first listing is adjourned when planned.
func (s *caseSim) listAndHear(pl plan) bool {
	committee := "ccc"
	if pl.ground == "health" {
		committee = "hc"
	}
	for first := true; ; first = false {
		date := day(s.now).AddDate(0, 0, 42+s.r.IntN(110))
		in := fitness.Input{"hearing_date": date.Format(time.DateOnly), "committee": committee,
			"mode": []string{"in_person", "remote", "hybrid"}[s.r.IntN(3)]}
		if !s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionListHearing, in) || !s.waitUntil(date, 0, 3) {
			return false
		}
		if !first || !pl.adjourn {
			return true
		}
		in = fitness.Input{"kind": []string{"adjourned", "part_heard", "postponed"}[s.r.IntN(3)], "reason": "Witness unavailable."}
		if !s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionAdjournHearing, in) || !s.wait(20, 90) {
			return false
		}
	}
}

// decide records the final hearing's decision.
func (s *caseSim) decide(pl plan) {
	ho := s.actor(fitness.RoleHearingsOfficer)
	in := fitness.Input{"decision_date": s.today(), "reason": "The panel's reasons are set out in the decision."}
	switch pl.outcome {
	case outNotWellFounded:
		in["finding"] = []string{"facts", "ground", "impairment"}[s.r.IntN(3)]
		s.do(ho, fitness.ActionNotWellFounded, in)
	case outNoFurtherAction:
		in["ground"] = pl.ground
		s.do(ho, fitness.ActionNoFurtherAction, in)
	default:
		order := sanctionOf[pl.outcome]
		in["ground"], in["sanction"] = pl.ground, order
		months := ""
		if order != "striking_off" {
			months = s.months(order)
			in["length_months"] = months
		}
		if order == "conditions" {
			in["conditions"] = "Work only under the supervision of a registered colleague, who reports to us every three months."
		}
		if s.do(ho, fitness.ActionRecordSanction, in) {
			s.afterDecision(pl, order, months)
		}
	}
}

// afterDecision publishes the decision, runs the appeal period (and any
// appeal) and has the order take effect.
func (s *caseSim) afterDecision(pl plan, order, months string) {
	s.notes(40)
	if s.chance(0.85) && (!s.wait(1, 6) || !s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionPublishDecision, nil)) {
		return
	}
	outcome := ""
	if pl.appeal {
		reg := s.actor(fitness.RoleRegistrar)
		in := fitness.Input{"appellant": "registrant", "lodged_on": s.today(), "court": "High Court"}
		if !s.wait(5, 25) || !s.do(reg, fitness.ActionRecordAppeal, in) || !s.wait(90, 240) {
			return
		}
		switch n := s.r.IntN(10); {
		case n < 2:
			s.do(reg, fitness.ActionAppealAllowed, fitness.Input{"decision_date": s.today()})
			return
		case n < 3:
			pl.appeal, pl.adjourn = false, false
			for o, name := range sanctionOf {
				if name == order {
					pl.outcome = o // a consent order remitted is heard in full
				}
			}
			if s.do(reg, fitness.ActionAppealRemitted, fitness.Input{"decision_date": s.today()}) && s.wait(30, 90) && s.listAndHear(pl) {
				s.decide(pl)
			}
			return
		}
		outcome = "dismissed"
	} else if !s.afterDue(fitness.DeadlineAppealWindow, 0, 10) {
		return
	}
	s.takeEffect(pl, order, months, outcome)
}

// takeEffect has the order take effect and follows it while in force.
func (s *caseSim) takeEffect(pl plan, order, months, appealOutcome string) {
	reg := s.actor(fitness.RoleRegistrar)
	in := fitness.Input{}
	if appealOutcome != "" {
		in["appeal_outcome"] = appealOutcome
	}
	if order == "striking_off" {
		if s.do(reg, fitness.ActionStrikingOffTakesEffect, in) {
			s.struckOff()
		}
		return
	}
	n, _ := strconv.Atoi(months)
	in["order"], in["expires_on"] = order, s.monthsAhead(n)
	if !s.do(reg, fitness.ActionOrderTakesEffect, in) {
		return
	}
	if s.c.InterimStage == fitness.StageInterimInForce {
		s.interim = interimStep{}
		if !s.do(reg, fitness.ActionEndInterim, fitness.Input{"ended_by": "final_order"}) {
			return
		}
	}
	if _, published := s.due(fitness.DeadlineDecisionPublication); published &&
		(!s.wait(5, 40) || !s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionPublishDecision, nil)) {
		return
	}
	s.inForce(pl, order)
}

// monthsAhead returns the date n months after today, as the rules count.
func (s *caseSim) monthsAhead(n int) string {
	return fitness.Period{Months: n}.After(day(s.now), s.rules.Calendar).Format(time.DateOnly)
}

// inForce follows an order in force: it expires, or is reviewed before it
// does (conditions and suspension) and continued, revoked, allowed to
// lapse or replaced by striking off.
func (s *caseSim) inForce(pl plan, order string) {
	s.notes(75)
	reg, ho := s.actor(fitness.RoleRegistrar), s.actor(fitness.RoleHearingsOfficer)
	for reviews := 0; ; reviews++ {
		reviewDue, ok := s.due(fitness.DeadlineReviewDue)
		if !ok || reviews >= 3 || s.chance(0.15) {
			if s.afterDue(fitness.DeadlineOrderExpires, 0, 10) {
				s.do(reg, fitness.ActionOrderExpired, nil)
			}
			return
		}
		date := day(reviewDue).AddDate(0, 0, 21+s.r.IntN(30))
		in := fitness.Input{"review_type": "mandatory", "hearing_date": date.Format(time.DateOnly)}
		if !s.waitUntil(reviewDue.AddDate(0, 0, -20), 0, 14) || !s.do(ho, fitness.ActionListReview, in) || !s.waitUntil(date, 0, 2) {
			return
		}
		if !s.review(pl, order) {
			return
		}
	}
}

// review records a review panel's decision; true when the order
// continues.
func (s *caseSim) review(pl plan, order string) bool {
	ho := s.actor(fitness.RoleHearingsOfficer)
	in := fitness.Input{"decision_date": s.today(), "reason": "Insight and remediation considered."}
	canStrike := pl.ground != "lack_of_competence" && pl.ground != "health" && order == "suspension"
	switch n := s.r.IntN(100); {
	case n < 40:
		in["outcome"], in["order"], in["expires_on"] = "extend", order, s.monthsAhead(6)
		return s.do(ho, fitness.ActionReviewDecision, in)
	case n < 50:
		s.do(ho, fitness.ActionReviewRevoke, in)
	case n < 85 || !canStrike:
		s.do(ho, fitness.ActionReviewLapse, in)
	default:
		in = fitness.Input{"decision_date": s.today(), "ground": pl.ground}
		if s.do(ho, fitness.ActionReviewStrikeOff, in) && s.afterDue(fitness.DeadlineAppealWindow, 0, 10) {
			if s.do(s.actor(fitness.RoleRegistrar), fitness.ActionStrikingOffTakesEffect, nil) {
				s.struckOff()
			}
		}
	}
	return false
}

// struckOff applies for restoration, now and then, once the wait is over.
func (s *caseSim) struckOff() {
	if !s.chance(0.15) {
		return
	}
	from := s.rules.RestorationWait.After(s.c.StageEnteredAt, s.rules.Calendar)
	reg := s.actor(fitness.RoleRegistrar)
	if !s.waitUntil(from, 30, 400) || !s.do(reg, fitness.ActionApplyRestoration, fitness.Input{"received_on": s.today()}) {
		return
	}
	s.notes(30)
	if !s.wait(60, 200) {
		return
	}
	in := fitness.Input{"decision_date": s.today()}
	if s.chance(0.4) {
		in["with_conditions"] = "no"
		s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionGrantRestoration, in)
		return
	}
	in["reason"] = "Insufficient evidence of insight and remediation."
	s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionRefuseRestoration, in)
}

// The interim-order track runs in the background of the main track: a
// panel decides on the referral, then reviews the order until the final
// order replaces it or the case closes; the court extends it when its
// maximum nears.

// referInterim refers the case for an interim order.
func (s *caseSim) referInterim() bool {
	in := fitness.Input{"basis": "public_protection", "reason": "A real risk to service users while the case continues."}
	if !s.do(s.cm, fitness.ActionReferInterim, in) {
		return false
	}
	s.interim = interimStep{at: s.office(s.now.Add(time.Duration(5+s.r.IntN(16)) * 24 * time.Hour)), do: s.interimDecision}
	return true
}

func (s *caseSim) interimDecision() {
	in := fitness.Input{"decision_date": s.today(), "reason": "The panel's reasons are set out in the decision."}
	if s.chance(0.3) {
		s.interim = interimStep{}
		s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionNoInterimOrder, in)
		return
	}
	in["order"] = []string{"interim_suspension", "interim_conditions"}[s.r.IntN(2)]
	if s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionImposeInterim, in) {
		s.scheduleInterimReview()
	}
}

func (s *caseSim) scheduleInterimReview() {
	due, ok := s.due(fitness.DeadlineInterimReview)
	if !ok {
		s.interim = interimStep{}
		return
	}
	s.interim = interimStep{at: s.office(due.Add(-time.Duration(s.r.IntN(14)) * 24 * time.Hour)), do: s.interimReview}
}

func (s *caseSim) interimReview() {
	if end, ok := s.due(fitness.DeadlineInterimExpires); ok && end.Sub(s.now) < 100*24*time.Hour {
		until := fitness.Period{Months: 12}.After(day(end), s.rules.Calendar)
		in := fitness.Input{"extended_until": until.Format(time.DateOnly), "court": "High Court"}
		if !s.do(s.actor(fitness.RoleRegistrar), fitness.ActionExtendInterim, in) {
			return
		}
	}
	in := fitness.Input{"decision_date": s.today(), "outcome": []string{"continued", "varied"}[s.r.IntN(2)]}
	if s.do(s.actor(fitness.RoleHearingsOfficer), fitness.ActionReviewInterim, in) {
		s.scheduleInterimReview()
	}
}
