package docs

import (
	"testing"
	"time"

	"fitness/internal/fitness"
)

// The people, places and cases below are fictional.

const testRef = "FTP-2026-00123"

// day returns a date in 2026 as midnight UTC.
func day(month time.Month, d int) time.Time { return time.Date(2026, month, d, 0, 0, 0, 0, time.UTC) }

// testCase is one letter and the facts its text must contain.
type testCase struct {
	name   string
	letter Letter
	facts  []string
}

// testRules are the rules the fixtures take their periods from, as a
// caller would.
var testRules = fitness.HCPCRules()

// baseLetter returns a letter of kind k to role with the common facts.
func baseLetter(k Kind, role Role) Letter {
	to := Recipient{Role: role, Name: "Seán Ó Dálaigh", Address: []string{"12 Rowan Close", "Lowestoft NR32 9ZZ"}}
	switch role {
	case RoleComplainant:
		to = Recipient{Role: role, Name: "Bríd Nic Giolla", Address: []string{"4 Mill Lane", "Norwich NR1 9ZZ"}}
	case RoleThirdParty:
		to = Recipient{Role: role, Name: "Head of Children's Services", Organisation: "Eastshire County Council",
			Address: []string{"County Hall", "Eastshire EA1 1ZZ"}}
	}
	return Letter{
		Kind: k, Reference: testRef, Date: day(time.March, 2), To: to,
		From: Signatory{Name: "Priya Casewell", Title: "Case manager"},
		Regulator: Regulator{
			Name: "Health and Care Regulator", Address: []string{"1 Example Road", "London SE11 9ZZ"},
			Phone: "020 7000 0000", Email: "ftp@regulator.example", Website: "regulator.example",
			Feedback: "regulator.example/feedback", InformationPower: "article 25 of the Health Professions Order 2001",
		},
		Registrant: Registrant{Name: "Seán Ó Dálaigh", Number: "SW012345", Profession: "Social worker in England"},
		Concern:    Concern{ReceivedOn: day(time.February, 2), Summary: "A concern that a child's case records were not kept up to date."},
	}
}

func testAllegation() Allegation {
	return Allegation{
		Stem: "As a registered social worker, whilst employed by Eastshire County Council:",
		Particulars: []Particular{
			{Number: "1", Text: "You did not record a home visit to Service User A.", Sub: []Particular{
				{Number: "1(a)", Text: "On or around 14 May 2025."},
			}},
			{Number: "2", Text: "You did not complete an assessment of Child B within the required time."},
		},
		Ground: "misconduct",
	}
}

// limit returns a time limit of period p counted from the letter's date,
// as a caller computes it from the rules.
func limit(p fitness.Period) TimeLimit {
	return TimeLimit{Period: p, Due: p.After(day(time.March, 2), testRules.Calendar)}
}

// before returns a time limit of period p counted back from t.
func before(p fitness.Period, t time.Time) TimeLimit {
	return TimeLimit{Period: p, Due: p.Before(t, testRules.Calendar)}
}

// testCases returns a letter of every kind, with the facts to look for.
func testCases(t testing.TB) []testCase {
	t.Helper()
	var cs []testCase
	add := func(name string, l Letter, facts ...string) {
		cs = append(cs, testCase{name: name, letter: l, facts: append([]string{testRef, "Seán Ó Dálaigh"}, facts...)})
	}

	l := baseLetter(KindAcknowledgement, RoleComplainant)
	l.Registrant.Number = ""
	add("acknowledgement", l, "2 February 2026", "Bríd Nic Giolla", "case records were not kept up to date")

	l = baseLetter(KindTriageClosure, RoleComplainant)
	l.Closure = Closure{
		Reasons: []Reason{{Code: "service_complaint"}, {Code: "other", Detail: "The events happened at a nursery, which we do not regulate."}},
		Signposts: []Signpost{{Name: "Local Government Ombudsman", Detail: "complaints about council services",
			Contact: "ombudsman.example"}},
	}
	add("triage closure", l, "rather than about an individual professional", "nursery, which we do not regulate",
		"Local Government Ombudsman", "ombudsman.example")

	cs = append(cs, thresholdCases()...)
	cs = append(cs, investigationCases()...)
	cs = append(cs, decisionCases()...)
	cs = append(cs, hearingCases()...)
	cs = append(cs, orderCases()...)
	return cs
}

func thresholdCases() []testCase {
	l := baseLetter(KindThresholdClosure, RoleRegistrant)
	l.Closure = Closure{DecisionDate: day(time.February, 27), Factors: []string{"The records were completed within a week."},
		Explanation: "The information shows a single late record that the employer has dealt with."}
	c := baseLetter(KindThresholdClosure, RoleComplainant)
	c.Closure = l.Closure
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345", "27 February 2026", "fitness to practise may be impaired", "single late record"}
	return []testCase{
		{name: "threshold closure to registrant", letter: l, facts: append(common, "not a finding against you")},
		{name: "threshold closure to complainant", letter: c, facts: append(common, "feedback process", "regulator.example/feedback")},
	}
}

func investigationCases() []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345"}
	n := baseLetter(KindNoticeOfInvestigation, RoleRegistrant)
	inv := baseLetter(KindInvitationToRespond, RoleRegistrant)
	inv.Allegation = testAllegation()
	inv.Response = limit(testRules.RegistrantResponse)
	d := baseLetter(KindArt25Demand, RoleThirdParty)
	d.Demand = Demand{Items: []string{"Supervision records for Seán Ó Dálaigh from January to June 2025."},
		Limit: limit(testRules.EmployerInformation)}
	return []testCase{
		{name: "notice of investigation", letter: n, facts: append(common, "2 February 2026", "case records were not kept up to date", "No decision has been made")},
		{name: "invitation to respond", letter: inv, facts: append(common, "home visit to Service User A", "1(a)",
			"Statutory ground: misconduct", "within 28 days", "30 March 2026", "Responding is optional", "not responding is your right",
			"the panel will draw no inference")},
		{name: "art 25 demand", letter: d, facts: append(common, "article 25 of the Health Professions Order 2001",
			"Supervision records", "within 14 days", "16 March 2026", "criminal offence not to comply", "Eastshire County Council")},
	}
}

func icpDecision(outcome Outcome, responded bool) Decision {
	return Decision{
		Date: day(time.February, 26), Panel: "Investigating Committee", Outcome: outcome, RegistrantResponded: responded,
		Findings: []Finding{
			{Number: "1", Text: "You did not record a home visit to Service User A.", Outcome: OutcomeNoCaseToAnswer,
				Reasons: "The visit was recorded in another system."},
			{Number: "2", Text: "You did not complete an assessment of Child B.", Outcome: OutcomeNoCaseToAnswer,
				Reasons: "The assessment was completed by a colleague, as agreed."},
		},
		Reasons:    "There is no realistic prospect of proving the facts.",
		Challenge:  TimeLimit{Period: testRules.JudicialReview},
		Reconsider: testRules.PreviousNCAWindow,
	}
}

func decisionCases() []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345", "26 February 2026"}
	nca := baseLetter(KindNoticeOfDecision, RoleRegistrant)
	nca.Decision = icpDecision(OutcomeNoCaseToAnswer, false)
	ncaC := baseLetter(KindNoticeOfDecision, RoleComplainant)
	ncaC.Decision = nca.Decision
	cta := baseLetter(KindNoticeOfDecision, RoleRegistrant)
	cta.Decision = icpDecision(OutcomeCaseToAnswer, true)
	cta.Decision.Findings[0].Outcome = OutcomeCaseToAnswer
	adj := baseLetter(KindNoticeOfDecision, RoleRegistrant)
	adj.Decision = icpDecision(OutcomeAdjourned, true)
	adj.Decision.Findings, adj.Decision.Reasons = nil, "The panel asked for the supervision records."
	return []testCase{
		{name: "no case to answer, no response", letter: nca, facts: append(common, "there is no case to answer",
			"recorded in another system", "completed by a colleague", "realistic prospect", "within 3 months",
			"the panel drew no inference from the fact that you did not respond", "within 3 years")},
		{name: "no case to answer to complainant", letter: ncaC, facts: append(common, "there is no case to answer",
			"Seán Ó Dálaigh did not send a response", "the panel drew no inference from the fact that they did not respond")},
		{name: "case to answer", letter: cta, facts: append(common, "there is a case to answer", "Case to answer", "final hearing")},
		{name: "adjourned", letter: adj, facts: append(common, "adjourned", "asked for the supervision records")},
	}
}

func testHearing() Hearing {
	start := time.Date(2026, time.June, 15, 9, 30, 0, 0, time.UTC) // 10:30am in London
	return Hearing{
		Kind: "final hearing", Committee: "Conduct and Competence Committee", Start: start, End: day(time.June, 17),
		Mode: ModeInPerson, Venue: "Hearing Centre, 9 Example Road, London SE11 9ZZ", Notice: testRules.HearingNotice,
		RegulatorEvidence:  before(testRules.RegulatorEvidence, start),
		RegistrantEvidence: before(testRules.RegistrantEvidence, start),
		PublishedOn:        testRules.ListingPublication.Before(start, testRules.Calendar),
	}
}

func hearingCases() []testCase {
	common := []string{testRef, "Seán Ó Dálaigh", "SW012345"}
	h := baseLetter(KindNoticeOfHearing, RoleRegistrant)
	h.Hearing, h.Allegation = testHearing(), testAllegation()
	dec := baseLetter(KindHearingDecision, RoleRegistrant)
	dec.Hearing = testHearing()
	decided := day(time.June, 17)
	dec.Decision = Decision{Date: decided, Panel: "Conduct and Competence Committee", Outcome: OutcomeWellFounded, Ground: "misconduct",
		Findings:  []Finding{{Number: "1", Text: "You did not record a home visit.", Outcome: OutcomeProved, Reasons: "Admitted."}},
		Reasons:   "A period of suspension is needed to protect the public.",
		Challenge: TimeLimit{Period: testRules.AppealWindow, Due: testRules.AppealWindow.After(decided, testRules.Calendar)}}
	dec.Order = Order{Kind: OrderSuspension, Length: fitness.Period{Months: 12}}
	o := baseLetter(KindOrderNotice, RoleRegistrant)
	o.Decision = Decision{Date: decided, Panel: "Conduct and Competence Committee"}
	o.Order = Order{Kind: OrderConditions, Length: fitness.Period{Months: 18}, Start: day(time.July, 16), End: time.Date(2027, time.June, 30, 0, 0, 0, 0, time.UTC),
		Conditions: []string{"You must work under the supervision of a registered social worker."}}
	rv := baseLetter(KindReviewNotice, RoleRegistrant)
	rv.Order = Order{Kind: OrderSuspension, Length: fitness.Period{Months: 12}, Start: day(time.July, 16), End: day(time.July, 16).AddDate(1, 0, 0)}
	rv.Hearing = Hearing{Kind: "mandatory review", Committee: "Conduct and Competence Committee", Mode: ModeRemote,
		Start: time.Date(2027, time.May, 10, 13, 0, 0, 0, time.UTC), Attendance: limit(testRules.ReviewAttendanceNotice)}
	return []testCase{
		{name: "notice of hearing", letter: h, facts: append(common, "15 June 2026 at 10:30am", "17 June 2026", "Hearing Centre",
			"at least 28 days before it", "18 May 2026", "4 May 2026", "home visit to Service User A", "go ahead without you")},
		{name: "hearing decision", letter: dec, facts: append(common, "well founded", "suspension order for 12 months",
			"amount to misconduct", "currently impaired", "within 28 days", "15 July 2026", "protect the public")},
		{name: "order notice", letter: o, facts: append(common, "Conditions of practice order", "16 July 2026", "30 June 2027",
			"supervision of a registered social worker")},
		{name: "review notice", letter: rv, facts: append(common, "suspension order", "10 May 2027 at 2:00pm", "Remotely",
			"within 28 days", "30 March 2026", "16 July 2027")},
	}
}
