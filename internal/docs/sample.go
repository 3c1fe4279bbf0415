package docs

import (
	"time"

	"fitness/internal/fitness"
)

// samples returns letters of every kind, to every recipient each kind may
// be addressed to, with every outcome and with optional facts both present
// and absent: New renders them all to check the templates. The people are
// fictional.
func samples() []Letter {
	var out []Letter
	for _, k := range Kinds() {
		check, _ := checksFor(k)
		for _, role := range check.roles {
			l := sampleLetter(k, role)
			out = append(out, l)
			out = append(out, sampleVariants(l)...)
		}
	}
	return out
}

// sampleVariants returns l with other outcomes and fewer optional facts.
func sampleVariants(l Letter) []Letter {
	var out []Letter
	with := func(f func(*Letter)) {
		v := l
		f(&v)
		out = append(out, v)
	}
	switch l.Kind {
	case KindNoticeOfDecision:
		for _, o := range []Outcome{OutcomeNoCaseToAnswer, OutcomeAdjourned} {
			with(func(v *Letter) { v.Decision.Outcome = o; v.Decision.RegistrantResponded = true })
		}
	case KindHearingDecision:
		with(func(v *Letter) { v.Decision.Outcome, v.Order = OutcomeNotWellFounded, Order{} })
		with(func(v *Letter) { v.Order = Order{} })
	case KindOrderNotice:
		for _, k := range []OrderKind{OrderCaution, OrderSuspension, OrderStrikingOff} {
			with(func(v *Letter) { v.Order.Kind = k })
		}
	default:
		out = append(out, orderSampleVariants(l)...)
	}
	with(func(v *Letter) {
		v.To.Salutation, v.Closure.Signposts, v.Closure.Factors = "", nil, nil
		if v.Kind == KindAcknowledgement {
			v.Concern.Summary = ""
		}
		v.Regulator.Phone, v.Regulator.Email, v.Regulator.Feedback = "", "", ""
		v.Hearing.Private, v.Hearing.PublishedOn, v.Hearing.RegulatorEvidence = true, time.Time{}, TimeLimit{}
		v.Decision.Findings, v.Decision.Reconsider = nil, fitness.Period{}
		v.Allegation.Stem, v.Allegation.Amended = "", true
	})
	return out
}

// sampleLetter returns a letter of kind k to role with every fact set.
func sampleLetter(k Kind, role Role) Letter {
	day := func(n int) time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }
	particulars := []Particular{
		{Number: "1", Text: "You did not record a home visit.", Sub: []Particular{{Number: "1(a)", Text: "On 1 May 2025."}}},
		{Number: "2", Text: "Your conduct in particular 1 was dishonest."},
	}
	l := Letter{
		Kind: k, Reference: "FTP-2026-00001", Date: day(0),
		To:         Recipient{Role: role, Name: "Sam Sample", Organisation: "Sample Council", Address: []string{"1 Sample Street", "Sampleton SA1 1AA"}, Email: "sam@example.org", Salutation: "Dear Sam Sample"},
		From:       Signatory{Name: "Casey Worker", Title: "Case manager"},
		Regulator:  Regulator{Name: "Sample Regulator", Address: []string{"1 Regulator Row", "London SE1 1AA"}, Phone: "020 0000 0000", Email: "ftp@example.org", Website: "example.org", Feedback: "example.org/feedback", InformationPower: "article 25 of the Sample Order"},
		Registrant: Registrant{Name: "Alex Example", Number: "SW000001", Profession: "Social worker in England"},
		Concern:    Concern{ReceivedOn: day(-30), Summary: "A concern about record keeping."},
		Closure: Closure{
			DecisionDate: day(-1),
			Reasons:      []Reason{{Code: "service_complaint"}, {Code: "other", Detail: "Another reason."}},
			Signposts:    []Signpost{{Name: "The Ombudsman", Detail: "Complaints about services.", Contact: "example.org"}},
			Factors:      []string{"The records were later completed."},
			Explanation:  "The information does not suggest impairment.",
		},
		Allegation: Allegation{Stem: "As a registered social worker:", Particulars: particulars, Ground: "misconduct"},
		Response:   TimeLimit{Period: fitness.Period{Days: 28}, Due: day(28)},
		Demand:     Demand{Items: []string{"Supervision records."}, Reason: "To see what happened.", Limit: TimeLimit{Period: fitness.Period{Days: 14}, Due: day(14)}},
		Decision: Decision{
			Date: day(-1), Panel: "Investigating Committee", Outcome: sampleOutcome(k),
			Findings: sampleFindings(k), Reasons: "The panel's reasons.", Ground: "misconduct",
			Challenge: TimeLimit{Period: fitness.Period{Days: 28}, Due: day(28)}, Reconsider: fitness.Period{Years: 3},
		},
		Hearing: Hearing{
			Kind: "final hearing", Committee: "Conduct and Competence Committee", Start: day(60).Add(10 * time.Hour), End: day(62),
			Mode: ModeHybrid, Venue: "1 Hearing Place, London", Notice: fitness.Period{Days: 28},
			RegulatorEvidence:  TimeLimit{Period: fitness.Period{Days: 42}, Due: day(18)},
			RegistrantEvidence: TimeLimit{Period: fitness.Period{Days: 28}, Due: day(32)},
			PublishedOn:        day(32), Attendance: TimeLimit{Period: fitness.Period{Days: 28}, Due: day(28)},
		},
		Order: Order{
			Kind: OrderConditions, Length: fitness.Period{Months: 12}, Start: day(0), End: day(365),
			Conditions: []string{"Work under supervision."}, RestorationWait: fitness.Period{Years: 5},
			Review: TimeLimit{Period: fitness.Period{Months: 2}, Due: day(300)}, Register: "Conditions of practice order",
		},
		Previous: Order{Kind: OrderSuspension, Length: fitness.Period{Months: 12}, Start: day(-300), End: day(65)},
		Interim: Interim{Basis: "to protect the public", Reasons: "A risk to service users.", Maximum: fitness.Period{Months: 18},
			FirstReview: fitness.Period{Months: 6}, LaterReview: fitness.Period{Months: 3}, CourtExtension: fitness.Period{Months: 12},
			Court: "High Court", EndedBy: "A panel revoked it on review."},
		Restoration: Restoration{Earliest: TimeLimit{Period: fitness.Period{Years: 5}, Due: day(1826)}, Refusals: 2, MaxRefusals: 2,
			Basis: "because you do not intend to practise again"},
	}
	if k == KindInterimDecision {
		l.Order.Kind, l.Order.Review = OrderInterimConditions, TimeLimit{Period: fitness.Period{Months: 6}, Due: day(182)}
	}
	return l
}

func sampleOutcome(k Kind) Outcome {
	switch k {
	case KindHearingDecision:
		return OutcomeWellFounded
	case KindConsentOrder:
		return OutcomeConsentApproved
	case KindVoluntaryRemoval:
		return OutcomeRemovedByAgreement
	case KindReviewDecision:
		return OutcomeOrderExtended
	case KindRestorationDecision:
		return OutcomeRestored
	case KindInterimDecision:
		return OutcomeInterimImposed
	}
	return OutcomeCaseToAnswer
}

func sampleFindings(k Kind) []Finding {
	if k == KindHearingDecision {
		return []Finding{
			{Number: "1", Text: "You did not record a home visit.", Outcome: OutcomeProved, Reasons: "Admitted."},
			{Number: "2", Text: "Your conduct was dishonest.", Outcome: OutcomeNotProved},
		}
	}
	return []Finding{
		{Number: "1", Text: "You did not record a home visit.", Outcome: OutcomeCaseToAnswer, Reasons: "Records show it."},
		{Number: "2", Text: "Your conduct was dishonest.", Outcome: OutcomeNoCaseToAnswer, Reasons: "No evidence."},
	}
}
