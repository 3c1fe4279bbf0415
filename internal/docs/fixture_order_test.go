package docs

import (
	"time"

	"fitness/internal/fitness"
)

// The people, places and cases below are fictional.

// orderDay is the day of the decisions of the order letters.
var orderDay = day(time.March, 2)

// after is a time limit of period p counted from the decision.
func after(p fitness.Period) TimeLimit {
	return TimeLimit{Period: p, Due: p.After(orderDay, testRules.Calendar)}
}

// orderOfTest is the letter's view of an order the domain worked out.
func orderOfTest(o fitness.Order) Order { return orderOf(o, testRules) }

// orderCases returns the letters that follow a final hearing, on interim
// orders and on restoration, with the facts to look for. Every date and
// period comes from the test rules.
func orderCases() []testCase {
	var cs []testCase
	add := func(name string, l Letter, facts ...string) {
		cs = append(cs, testCase{name: name, letter: l, facts: append([]string{testRef, "Seán Ó Dálaigh", "SW012345"}, facts...)})
	}
	panel := func(o Outcome) Decision {
		return Decision{Date: orderDay, Panel: "Conduct and Competence Committee", Outcome: o,
			Reasons: "The panel weighed the registrant’s insight.", Challenge: after(testRules.AppealWindow)}
	}
	conditions := []string{"You must work under the supervision of a registered social worker."}

	c := baseLetter(KindConsentOrder, RoleRegistrant)
	c.Decision = panel(OutcomeConsentApproved)
	c.Order = orderOfTest(fitness.NewOrder(testRules, fitness.OrderConditions, orderDay, 12, ""))
	c.Order.Conditions = conditions
	// Conditions from 31 March 2026 (the day after the 28-day appeal window)
	// for 12 months; reviewed 2 months before the end.
	add("consent order", c, "Consent order: conditions of practice order", "admitted the allegation", "for 12 months",
		"31 March 2026", "31 March 2027", "supervision of a registered social worker", "within 28 days", "30 March 2026",
		"by 31 January 2027", "Conditions of practice order from 31 March 2026 to 31 March 2027")

	v := baseLetter(KindVoluntaryRemoval, RoleRegistrant)
	v.Decision = panel(OutcomeRemovedByAgreement)
	v.Decision.Reasons = ""
	v.Restoration = Restoration{Earliest: after(testRules.RestorationWait), Basis: removalBasis("ill_health")}
	add("voluntary removal", v, "Voluntary removal agreement", "because of serious or long-term ill health",
		"removed from the register from 2 March 2026", "no sooner than 5 years", "2 March 2031", "No finding has been made")

	cs = append(cs, reviewCases(panel, conditions)...)
	cs = append(cs, restorationCases(panel, conditions)...)
	cs = append(cs, interimCases(conditions)...)
	return cs
}

func reviewCases(panel func(Outcome) Decision, conditions []string) []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345", "The panel weighed the registrant’s insight."}
	prev := Order{Kind: OrderSuspension, Start: day(time.April, 1).AddDate(-1, 0, 0), End: day(time.April, 1)}
	ext := baseLetter(KindReviewDecision, RoleRegistrant)
	ext.Decision, ext.Previous = panel(OutcomeOrderExtended), prev
	end := fitness.Period{Months: 6}.After(orderDay, testRules.Calendar)
	ext.Order = orderOfTest(fitness.Order{Kind: fitness.OrderSuspension, Start: orderDay, End: end, Months: 6,
		ReviewDue: testRules.ReviewBeforeExpiry.Before(end, testRules.Calendar)})
	rep := ext
	rep.Decision.Outcome = OutcomeOrderReplaced
	rep.Order.Kind, rep.Order.Conditions = OrderConditions, conditions
	rep.Order.Register = "Conditions of practice order from 2 March 2026 to 2 September 2026"
	rev := baseLetter(KindReviewDecision, RoleRegistrant)
	rev.Decision, rev.Previous = panel(OutcomeOrderRevoked), prev
	rev.Decision.Challenge = TimeLimit{}
	lapse := rev
	lapse.Decision.Outcome = OutcomeOrderLapsed
	so := baseLetter(KindReviewDecision, RoleRegistrant)
	so.Decision, so.Previous = panel(OutcomeStruckOff), prev
	so.Decision.Ground = "misconduct"
	so.Order = orderOfTest(fitness.NewOrder(testRules, fitness.OrderStrikingOff, orderDay, 0, ""))
	return []testCase{
		{name: "review extends", letter: ext, facts: append(common, "review of your suspension order", "extended your suspension order by 6 months",
			"It now ends on 2 September 2026", "by 2 July 2026", "within 28 days", "30 March 2026", "Suspension order from 2 March 2026 to 2 September 2026")},
		{name: "review replaces", letter: rep, facts: append(common, "replaced your suspension order with a conditions of practice order",
			"supervision of a registered social worker")},
		{name: "review revokes", letter: rev, facts: append(common, "revoked your suspension order from 2 March 2026", "removed the order from your entry")},
		{name: "review lets lapse", letter: lapse, facts: append(common, "no further order is needed", "1 April 2026", "will not be renewed")},
		{name: "review strikes off", letter: so, facts: append(common, "made a striking-off order on the ground of misconduct",
			"31 March 2026", "not until 5 years", "within 28 days")},
	}
}

func restorationCases(panel func(Outcome) Decision, conditions []string) []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345", "application for restoration"}
	g := baseLetter(KindRestorationDecision, RoleRegistrant)
	g.Decision = panel(OutcomeRestored)
	g.Order = Order{Kind: OrderConditions, Start: orderDay, Conditions: conditions}
	r := baseLetter(KindRestorationDecision, RoleRegistrant)
	r.Decision = panel(OutcomeRestorationRefused)
	r.Restoration = Restoration{Earliest: after(testRules.RestorationInterval), Refusals: 2, MaxRefusals: testRules.RestorationMaxRefusals}
	first := r
	first.Restoration.Refusals = 1
	suspended := r
	suspended.Restoration.Suspended = true
	return []testCase{
		{name: "restored with conditions", letter: g, facts: append(common, "granted your application", "restored to the register from 2 March 2026",
			"subject to conditions of practice", "supervision of a registered social worker")},
		{name: "restoration refused twice", letter: r, facts: append(common, "refused your application", "The panel weighed the registrant’s insight.",
			"not within 12 months", "2 March 2027", "2 applications refused", "suspend your right to apply again")},
		{name: "restoration refused once", letter: first, facts: append(common, "refused your application", "2 March 2027")},
		{name: "restoration refused, right suspended", letter: suspended, facts: append(common, "refused your application",
			"2 applications refused", "suspended your right to apply again", "while the suspension stands")},
	}
}

func interimCases(conditions []string) []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345"}
	app := baseLetter(KindInterimApplication, RoleRegistrant)
	app.Interim = interimLimits(testRules)
	app.Interim.Basis, app.Interim.Reasons = interimBasis("public_protection"), "Two service users reported missed medication."
	app.Hearing = Hearing{Kind: "interim order hearing", Committee: "Investigating Committee", Mode: ModeRemote,
		Start: time.Date(2026, time.March, 9, 10, 0, 0, 0, time.UTC)}
	unlisted := app
	unlisted.Hearing = Hearing{Kind: "interim order hearing", Committee: "Investigating Committee"}

	imp := baseLetter(KindInterimDecision, RoleRegistrant)
	imp.Interim = interimLimits(testRules)
	imp.Decision = Decision{Date: orderDay, Panel: "Investigating Committee", Outcome: OutcomeInterimImposed,
		Reasons: "An order is necessary to protect the public."}
	imp.Order = orderOfTest(fitness.InterimOrder(testRules, fitness.OrderInterimConditions, orderDay, false, ""))
	imp.Order.Conditions, imp.Order.Review = conditions, after(testRules.InterimFirstReview)
	rv := imp
	rv.Decision.Outcome, rv.Order.Review = OutcomeInterimContinued, after(testRules.InterimLaterReview)
	ext := imp
	ext.Decision.Outcome, ext.Decision.Panel, ext.Interim.Court = OutcomeInterimExtended, "", "High Court"
	ext.Order.End, ext.Order.Review = day(time.March, 2).AddDate(2, 0, 0), TimeLimit{}
	ext.Order.Register = "Interim conditions of practice order from 2 March 2026 to 2 March 2028"
	ended := imp
	ended.Decision.Outcome, ended.Interim.EndedBy, ended.Order.End = OutcomeInterimEnded, interimEnding("final_order"), orderDay
	ended.Decision.Reasons = ""
	none := imp
	none.Decision.Outcome, none.Order = OutcomeNoInterimOrder, Order{}
	none.Decision.Reasons = "Supervision arranged by the employer manages the risk."
	return []testCase{
		{name: "interim application", letter: app, facts: append(common, "applying for an interim order", "to protect the public",
			"missed medication", "not a finding", "no longer than 18 months", "within 6 months", "every 3 months",
			"9 March 2026 at 10:00am", "Remotely", "right to attend", "represented")},
		{name: "interim application not yet listed", letter: unlisted, facts: append(common, "as soon as it is arranged", "short notice")},
		{name: "interim order made", letter: imp, facts: append(common, "made an interim conditions of practice order", "2 March 2026",
			"2 September 2027", "18 months", "by 2 September 2026", "supervision of a registered social worker",
			"An order is necessary to protect the public.", "not a finding")},
		{name: "interim order reviewed", letter: rv, facts: append(common, "Review of your interim conditions of practice order",
			"continues in force", "by 2 June 2026", "within 3 months")},
		{name: "interim order extended", letter: ext, facts: append(common, "extended by the court", "High Court", "2 March 2028",
			"up to 12 months at a time")},
		{name: "interim order ended", letter: ended, facts: append(common, "has ended", "ended on 2 March 2026", "replaced by the final order")},
		{name: "no interim order", letter: none, facts: append(common, "no order made", "continue to practise", "Supervision arranged by the employer")},
	}
}
