package synth

import (
	"math/rand/v2"

	"fitness/internal/fitness"
)

// route is where a case leaves the funnel of ftp-process.md §6.5.
type route int

const (
	routeTriageClose    route = iota // closed at triage: outside our remit
	routeThresholdClose              // closed at the threshold decision
	routeNoCase                      // no case to answer at the Investigating Committee
	routeHearing                     // case to answer, then one of the outcomes
)

// outcome is how a case with a case to answer ends.
type outcome int

const (
	outNotWellFounded outcome = iota
	outDiscontinued
	outNoFurtherAction
	outCaution
	outConditions
	outSuspension
	outStrikeOff
	outVoluntaryRemoval
	outConsent
)

// plan is the route a case will take, drawn when it opens; the clock and
// the end of the data set decide how far it gets.
type plan struct {
	route      route
	outcome    outcome
	ground     string
	identify   string // registrant id to identify a case opened about an unknown person with; "" for none
	requests   int    // article 25 requests in the investigation
	fastTrack  bool   // serious concern: straight to an allegation
	reopen     bool   // sent back to investigation at the threshold
	risk       bool   // a risk assessment is recorded
	interim    bool   // referred for an interim order
	responds   bool   // the registrant responds to the allegation
	comment    bool   // the complainant is invited to comment
	icpAdjourn bool
	adjourn    bool // the first listing of the final hearing is adjourned
	appeal     bool
	realloc    bool // the case changes hands during the investigation
}

// newPlan draws a route in the proportions of ftp-process.md §6.5: about
// 62 % closed before the Investigating Committee (22 % at triage, 40 % at
// the threshold), 38 % to the Committee of which about two thirds have a
// case to answer; final outcomes in the 2014-15 shares of 351 hearings.
func newPlan(r *rand.Rand, source fitness.SourceCategory) plan {
	pl := plan{
		route:    route(weighted(r, 22, 40, 13, 25)),
		outcome:  outcome(weighted(r, 44, 8, 4, 30, 22, 40, 36, 9, 9)),
		ground:   []string{"misconduct", "lack_of_competence", "conviction_caution", "health", "other_regulator", "barred_list"}[weighted(r, 700, 120, 100, 60, 10, 10)],
		requests: weighted(r, 15, 35, 30, 15, 5),
	}
	if source == fitness.SourcePolice {
		pl.ground = "conviction_caution"
		if pl.route == routeThresholdClose {
			pl.route = routeHearing // a conviction always meets the threshold
		}
	}
	if pl.outcome == outStrikeOff && (pl.ground == "lack_of_competence" || pl.ground == "health") {
		pl.outcome = outSuspension // no striking off at first instance on these grounds
	}
	pl.fastTrack = pl.route != routeTriageClose && pl.route != routeThresholdClose && r.IntN(100) < 8
	pl.reopen, pl.risk = r.IntN(100) < 6, r.IntN(100) < 70
	pl.interim = pl.risk && pl.route >= routeNoCase && r.IntN(100) < 25
	pl.responds, pl.comment = r.IntN(100) < 65, r.IntN(100) < 25
	pl.icpAdjourn, pl.adjourn, pl.appeal = r.IntN(100) < 8, r.IntN(100) < 20, r.IntN(100) < 4
	pl.realloc = r.IntN(100) < 12
	return pl
}

// run takes the case along its plan until it closes or the data set ends.
func (s *caseSim) run(pl plan) {
	if !s.wait(0.02, 4) || !s.allocate() {
		return
	}
	s.notes(20)
	if !s.wait(0.5, 8) || !s.do(s.cm, fitness.ActionStartTriage, nil) {
		return
	}
	if !s.triage(pl) {
		return
	}
	if pl.fastTrack {
		in := s.allegationInput(pl)
		in["serious_category"] = []string{"violence", "sexual", "dishonesty", "other"}[s.r.IntN(4)]
		if !s.wait(2, 20) || !s.do(s.cm, fitness.ActionFastTrack, in) {
			return
		}
	} else if !s.wait(3, 40) || !s.do(s.cm, fitness.ActionStartInvestigation, nil) ||
		!s.investigate(pl, pl.requests) || !s.threshold(pl) {
		return
	}
	if !s.allegation(pl) || !s.committee(pl) {
		return
	}
	s.hearing(pl)
}

// allocate has a team leader name a case manager.
func (s *caseSim) allocate() bool {
	cm := s.actor(fitness.RoleCaseManager)
	if !s.do(s.actor(fitness.RoleTeamLeader), fitness.ActionAllocate, fitness.Input{"case_manager": cm.UserID}) {
		return false
	}
	s.cm = cm
	return true
}

// triage identifies the registrant if need be, assesses the risk, refers
// for an interim order, and closes cases outside our remit.
func (s *caseSim) triage(pl plan) bool {
	if pl.identify != "" {
		if !s.wait(1, 15) || !s.do(s.cm, fitness.ActionIdentifyRegistrant, fitness.Input{"registrant": pl.identify}) {
			return false
		}
	}
	if pl.risk {
		risk := []string{"low", "medium"}[s.r.IntN(2)]
		needed := "no"
		if pl.interim {
			risk, needed = "high", "yes"
		}
		in := fitness.Input{"risk": risk, "interim_order_needed": needed, "reason": "Assessed against the risk matrix."}
		if !s.wait(0.5, 10) || !s.do(s.cm, fitness.ActionRecordRisk, in) {
			return false
		}
	}
	if pl.interim && (!s.wait(0.5, 5) || !s.referInterim()) {
		return false
	}
	if pl.route != routeTriageClose {
		return true
	}
	reason := []string{"service_complaint", "compensation", "employment_dispute", "other"}[s.r.IntN(4)]
	if s.c.RegistrantID == "" {
		reason = "not_registrant"
	}
	s.wait(7, 45)
	s.do(s.actor(fitness.RoleTeamLeader), fitness.ActionCloseOutsideRemit, fitness.Input{"remit_reason": reason,
		"signposting": "The provider's own complaints procedure", "reason": "Not a fitness to practise matter."})
	return false
}

// investigate makes article 25 requests and completes the investigation.
func (s *caseSim) investigate(pl plan, requests int) bool {
	for i := 0; i < requests; i++ {
		in := fitness.Input{"recipient": "The registrant's employer", "request": oneOf(s.r, requestTexts)}
		if !s.wait(3, 30) || !s.do(s.cm, fitness.ActionRequestInformation, in) {
			return false
		}
		if s.chance(0.9) && (!s.wait(5, 35) || !s.do(s.cm, fitness.ActionInformationReceived, fitness.Input{"received_on": s.today()})) {
			return false
		}
		if pl.realloc && i == 0 && (!s.wait(5, 30) || !s.allocate()) {
			return false
		}
	}
	return s.wait(10, 90) && s.do(s.cm, fitness.ActionCompleteInvestigation, nil)
}

// threshold decides whether the threshold is met: closes the case, or
// serves the allegation.
func (s *caseSim) threshold(pl plan) bool {
	if !s.wait(7, 45) {
		return false
	}
	if pl.reopen {
		if !s.do(s.cm, fitness.ActionReopenInvestigation, fitness.Input{"reason": "The employer's report is still awaited."}) ||
			!s.investigate(pl, 1) || !s.wait(7, 30) {
			return false
		}
	}
	if pl.route == routeThresholdClose {
		s.do(s.actor(fitness.RoleTeamLeader), fitness.ActionThresholdNotMet, fitness.Input{"conviction_or_caution": "no",
			"factors": "Single incident; insight and remediation shown.", "reason": "The information does not amount to an allegation that fitness to practise may be impaired."})
		return false
	}
	return s.do(s.cm, fitness.ActionServeAllegation, s.allegationInput(pl))
}

func (s *caseSim) allegationInput(pl plan) fitness.Input {
	return fitness.Input{"ground": pl.ground,
		"allegation": "1. Between the dates concerned you did not meet the standards expected.\n2. By reason of the matters above your fitness to practise is impaired."}
}

// allegation waits for the registrant's response (or records that none
// came), takes the complainant's comments and refers the case to the
// Investigating Committee.
func (s *caseSim) allegation(pl plan) bool {
	if pl.responds {
		if !s.wait(5, 26) || !s.do(s.cm, fitness.ActionRecordResponse, fitness.Input{"received_on": s.today()}) {
			return false
		}
	} else if !s.afterDue(fitness.DeadlineRegistrantResponse, 0, 2) || !s.do(fitness.SystemActor, fitness.ActionNoResponse, nil) {
		return false
	}
	if pl.comment {
		if !s.wait(1, 10) || !s.do(s.cm, fitness.ActionInviteComment, nil) ||
			!s.wait(5, 14) || !s.do(s.cm, fitness.ActionRecordComment, nil) {
			return false
		}
	}
	return s.wait(3, 30) && s.do(s.cm, fitness.ActionReferToICP, nil)
}

// committee has the Investigating Committee decide, after an adjournment
// for an amended allegation when planned.
func (s *caseSim) committee(pl plan) bool {
	ho := s.actor(fitness.RoleHearingsOfficer)
	if !s.wait(14, 70) {
		return false
	}
	if pl.icpAdjourn {
		pl.icpAdjourn = false
		in := fitness.Input{"decision_date": s.today(), "reason": "The panel asked for the particulars to be amended."}
		if !s.do(ho, fitness.ActionICPAdjourn, in) || !s.wait(14, 60) ||
			!s.do(s.cm, fitness.ActionServeAmended, s.allegationInput(pl)) || !s.allegation(pl) {
			return false
		}
		return s.committee(pl)
	}
	if pl.route == routeNoCase {
		s.do(ho, fitness.ActionNoCaseToAnswer, fitness.Input{"decision_date": s.today(),
			"reason": "No realistic prospect of proving that fitness to practise is impaired."})
		return false
	}
	return s.do(ho, fitness.ActionCaseToAnswer, fitness.Input{"decision_date": s.today()})
}
