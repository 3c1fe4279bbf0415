package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/synth"
)

// demoStep is one action taken on every case of a demo concern, some days
// before today. Input values may hold {d}, {d+N} or {d-N} for a date
// relative to the step's day, and {user:EMAIL} for a demo user's id.
type demoStep struct {
	ago    int
	by     string
	action fitness.ActionName
	in     fitness.Input
}

// demoConcern is a concern of the demo, raised some days ago about one or
// more registrants (by index into the register) or a person not yet
// identified (name), allocated to owner, then taken through steps.
type demoConcern struct {
	ago      int
	source   fitness.SourceCategory
	summary  string
	subjects []int
	name     string // a subject not yet matched to a registrant
	owner    string // case manager's email; "" leaves it unallocated
	steps    []demoStep
}

// Demo staff by email, for the scripts.
const (
	cm1 = "case-manager@demo.test"
	cm2 = "case-manager-2@demo.test"
	cm3 = "case-manager-3@demo.test"
	tl  = "team-leader@demo.test"
	ho  = "hearings@demo.test"
	rg  = "registrar@demo.test"
)

// Step builders for the common routes through the process.
func triage(ago int, by string) demoStep {
	return demoStep{ago, by, fitness.ActionStartTriage, fitness.Input{"note": "Acknowledged; within remit on first reading."}}
}

func investigate(ago int, by string) demoStep {
	return demoStep{ago, by, fitness.ActionStartInvestigation, fitness.Input{}}
}

func requestInfo(ago int, by, who string) demoStep {
	return demoStep{ago, by, fitness.ActionRequestInformation, fitness.Input{"recipient": who,
		"request": "Rotas, supervision notes and the internal investigation report for the period concerned."}}
}

func completeInvestigation(ago int, by string) demoStep {
	return demoStep{ago, by, fitness.ActionCompleteInvestigation, fitness.Input{}}
}

func serveAllegation(ago int, by, ground string) demoStep {
	return demoStep{ago, by, fitness.ActionServeAllegation, fitness.Input{"ground": ground,
		"allegation": "1. Between the dates concerned you did not maintain accurate records.\n2. Your actions at 1 were dishonest."}}
}

func icpRoute(start int, by string) []demoStep {
	return []demoStep{
		triage(start, by), investigate(start-4, by), completeInvestigation(start-30, by),
		serveAllegation(start-35, by, "misconduct"),
		{start - 50, by, fitness.ActionRecordResponse, fitness.Input{"received_on": "{d}", "note": "Response received through the registrant's union representative."}},
		{start - 66, by, fitness.ActionReferToICP, fitness.Input{}},
	}
}

func caseToAnswer(ago int) demoStep {
	return demoStep{ago, ho, fitness.ActionCaseToAnswer, fitness.Input{"decision_date": "{d}", "reason": "A realistic prospect of proving the facts, the ground and impairment."}}
}

func listHearing(ago, inDays int) demoStep {
	return demoStep{ago, ho, fitness.ActionListHearing, fitness.Input{"hearing_date": "{d+" + strconv.Itoa(inDays) + "}",
		"committee": "ccc", "mode": "remote"}}
}

func sanction(ago int, kind, months string) demoStep {
	in := fitness.Input{"decision_date": "{d}", "ground": "misconduct", "sanction": kind, "length_months": months,
		"reason": "Serious departures from the standards; insight is developing."}
	if kind == "conditions" {
		in["conditions"] = "1. Work only under the supervision of a registered social worker.\n2. Tell us within 7 days of any new employment."
	}
	return demoStep{ago, ho, fitness.ActionRecordSanction, in}
}

// demoConcerns returns the demo's concerns. reg gives the registrant
// indexes: fixed registrants by number, others picked by pick.
func demoConcerns(reg *demoRegister, pick func() int) []demoConcern {
	councilA, councilB := reg.fixed[demoCouncilNumberA], reg.fixed[demoCouncilNumberB]
	c := func(ago int, src fitness.SourceCategory, summary, owner string, steps ...demoStep) demoConcern {
		return demoConcern{ago: ago, source: src, summary: summary, subjects: []int{pick()}, owner: owner, steps: steps}
	}
	concerns := []demoConcern{
		{ago: 70, source: fitness.SourceEmployer, owner: cm1, subjects: []int{councilA, councilB},
			summary: "Northmoor Borough Council reports that two staff in its adult services team shared service users' records on a personal messaging group.",
			steps:   []demoStep{triage(66, cm1), investigate(60, cm1), requestInfo(45, cm1, demoCouncil)}},
		c(3, fitness.SourcePublic, "A service user's daughter says the registrant was rude and dismissive during a home visit.", ""),
		c(2, fitness.SourceAnonymous, "An anonymous caller alleges the registrant practises while unwell.", ""),
		c(9, fitness.SourceSelfReferral, "The registrant declares a caution for a public order offence.", cm1, triage(6, cm1)),
		c(12, fitness.SourcePolice, "Police report the registrant has been charged with driving with excess alcohol.", cm2, triage(10, cm2),
			demoStep{9, cm2, fitness.ActionRecordRisk, fitness.Input{"risk": "high", "interim_order_needed": "yes", "reason": "Charged with an offence while on duty."}},
			demoStep{8, cm2, fitness.ActionReferInterim, fitness.Input{"basis": "public_protection", "reason": "Alleged to have driven an ambulance after drinking."}}),
		c(62, fitness.SourceEmployer, "The trust reports repeated medication errors over six months despite support.", cm1,
			triage(60, cm1), investigate(55, cm1), requestInfo(40, cm1, "Caldermere and Redbrook NHS Foundation Trust")),
		c(30, fitness.SourceOtherRegistrant, "A colleague reports the registrant signed off equipment checks that were not done.", cm1,
			triage(28, cm1), investigate(25, cm1), requestInfo(5, cm1, "Glassmere Imaging Services Ltd")),
		c(80, fitness.SourcePublic, "A patient complains of inappropriate comments during treatment.", cm2,
			triage(78, cm2), investigate(72, cm2), completeInvestigation(12, cm2)),
		c(100, fitness.SourceEmployer, "The employer found the registrant claimed for home visits that did not take place.", cm1,
			triage(98, cm1), investigate(94, cm1), completeInvestigation(60, cm1), serveAllegation(45, cm1, "misconduct")),
		c(60, fitness.SourceEmployer, "Falsified continuing professional development records submitted at renewal.", cm3,
			triage(58, cm3), investigate(55, cm3), completeInvestigation(20, cm3), serveAllegation(7, cm3, "misconduct")),
		c(150, fitness.SourcePublic, "A parent reports the registrant shared a child's assessment on social media.", cm2, icpRoute(148, cm2)...),
		c(170, fitness.SourceEmployer, "Persistent failure to complete assessments to the required standard.", cm1,
			append(icpRoute(168, cm1), caseToAnswer(15))...),
		c(240, fitness.SourceEmployer, "Inappropriate relationship with a former service user.", cm3,
			append(icpRoute(238, cm3), caseToAnswer(120), listHearing(20, 60))...),
		c(300, fitness.SourcePolice, "Conviction for theft from a patient.", cm2,
			append(icpRoute(298, cm2), caseToAnswer(160), listHearing(70, 59), sanction(10, "conditions", "12"))...),
		c(420, fitness.SourceEmployer, "Dishonestly recorded observations that were never taken.", cm1,
			append(icpRoute(418, cm1), caseToAnswer(280), listHearing(200, 60), sanction(140, "suspension", "12"),
				demoStep{120, ho, fitness.ActionPublishDecision, fitness.Input{}},
				demoStep{100, rg, fitness.ActionOrderTakesEffect, fitness.Input{"order": "suspension", "expires_on": "{d+250}"}})...),
		c(460, fitness.SourcePolice, "Conviction for sexual assault of a colleague.", cm3,
			append(icpRoute(458, cm3), caseToAnswer(330), listHearing(260, 60), sanction(200, "striking_off", ""),
				demoStep{160, rg, fitness.ActionStrikingOffTakesEffect, fitness.Input{}})...),
		c(40, fitness.SourcePublic, "Complaint about waiting times at a clinic.", cm2, triage(38, cm2),
			demoStep{35, tl, fitness.ActionCloseOutsideRemit, fitness.Input{"remit_reason": "service_complaint",
				"signposting": "The clinic's complaints procedure", "reason": "A complaint about a service, not about the registrant's practice."}}),
		c(120, fitness.SourcePublic, "Alleged rough handling during a home assessment.", cm3,
			triage(118, cm3), investigate(115, cm3), completeInvestigation(70, cm3),
			demoStep{65, tl, fitness.ActionThresholdNotMet, fitness.Input{"conviction_or_caution": "no", "factors": "Single incident; no harm; full reflection.",
				"reason": "The information does not amount to an allegation that fitness to practise may be impaired."}}),
		c(200, fitness.SourceEmployer, "Alleged failure to escalate a deteriorating patient.", cm1,
			append(icpRoute(198, cm1), demoStep{100, ho, fitness.ActionNoCaseToAnswer, fitness.Input{"decision_date": "{d}",
				"reason": "The records show the registrant escalated appropriately."}})...),
		c(260, fitness.SourceSelfReferral, "Self-referral after a health-related absence and a medication error.", cm2,
			append(icpRoute(258, cm2), caseToAnswer(150),
				demoStep{60, cm2, fitness.ActionProposeConsent, fitness.Input{"order": "conditions", "admits_in_full": "yes", "note": "Conditions agreed with the registrant's representative."}})...),
		{ago: 20, source: fitness.SourceEmployer, owner: cm1, name: "A. Farrowdale",
			summary: "An agency reports a locum physiotherapist it placed; the registration number given does not match the register.",
			steps:   []demoStep{triage(18, cm1)}},
		c(50, fitness.SourcePublic, "A relative says the registrant left a care home resident without prescribed pain relief.", cm1,
			triage(48, cm1), investigate(44, cm1)),
	}
	return concerns
}

// demoClock is the clock seeding moves through the past, so that the
// cases' histories are spread over months.
type demoClock struct{ t time.Time }

// Now returns the clock's time.
func (c *demoClock) Now() time.Time { return c.t }

// seedDemoCases records the demo concerns and takes their cases through
// their steps with the real process table, so every history is valid by
// construction. It returns how many cases it opened.
func seedDemoCases(ctx context.Context, a *app, users map[string]fitness.User, reg *demoRegister) (int, error) {
	today := a.now()
	morning := time.Date(today.Year(), today.Month(), today.Day(), 9, 0, 0, 0, today.Location())
	clock := &demoClock{}
	cases := sqldb.NewCaseService(a.db, a.process, a.rules, clock.Now)
	g := synth.New(demoSeed + 1)
	next := 3 // fixed registrants come first
	pick := func() int {
		for reg.registrants[next].Status != fitness.StatusRegistered {
			next++
		}
		next += 7
		return next - 7
	}
	opened := 0
	for i, dc := range demoConcerns(reg, pick) {
		at := func(ago, minute int) time.Time {
			return morning.AddDate(0, 0, -ago).Add(time.Duration(i*7+minute) * time.Minute)
		}
		clock.t = at(dc.ago, 0)
		in := fitness.ConcernInput{ReceivedOn: clock.t.AddDate(0, 0, -1), Source: dc.source, Summary: dc.summary}
		if dc.source != fitness.SourceAnonymous {
			in.RaisedByName = g.GivenNames() + " " + g.FamilyName()
			in.RaisedByEmail = synth.Email(in.RaisedByName, "public")
		}
		for _, s := range dc.subjects {
			in.Subjects = append(in.Subjects, fitness.ConcernSubject{RegistrantID: reg.registrants[s].ID})
		}
		if dc.name != "" {
			in.Subjects = append(in.Subjects, fitness.ConcernSubject{Name: dc.name, Details: "Locum physiotherapist, agency placement"})
		}
		_, cs, err := cases.CreateConcern(ctx, users[tl].Actor(), in)
		if err != nil {
			return opened, fmt.Errorf("concern %d: %w", i+1, err)
		}
		opened += len(cs)
		steps := dc.steps
		if dc.owner != "" {
			alloc := demoStep{dc.ago, tl, fitness.ActionAllocate, fitness.Input{"case_manager": "{user:" + dc.owner + "}"}}
			steps = append([]demoStep{alloc}, steps...)
		}
		for _, c := range cs {
			for j, st := range steps {
				clock.t = at(st.ago, j+1)
				if c, err = cases.ApplyAction(ctx, users[st.by].Actor(), c.ID, c.Version, st.action, expandInput(st.in, clock.t, users)); err != nil {
					return opened, fmt.Errorf("concern %d, step %d (%s): %w", i+1, j+1, st.action, err)
				}
			}
		}
	}
	return opened, nil
}

// expandInput fills the placeholders of a step's input for its day.
func expandInput(in fitness.Input, day time.Time, users map[string]fitness.User) fitness.Input {
	out := fitness.Input{}
	for k, v := range in {
		switch {
		case strings.HasPrefix(v, "{user:"):
			v = users[strings.TrimSuffix(strings.TrimPrefix(v, "{user:"), "}")].ID
		case v == "{d}":
			v = day.Format(time.DateOnly)
		case strings.HasPrefix(v, "{d+"), strings.HasPrefix(v, "{d-"):
			n, _ := strconv.Atoi(strings.TrimSuffix(v[2:], "}"))
			v = day.AddDate(0, 0, n).Format(time.DateOnly)
		}
		out[k] = v
	}
	return out
}
