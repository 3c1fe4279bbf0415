package docs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Letterhead is what every issued letter says of the regulator and who
// signs it when the case has no case manager.
type Letterhead struct {
	Regulator Regulator
	// Team signs letters on cases with no case manager allocated, e.g.
	// "Fitness to Practise team".
	Team string
}

// LetterFor turns the facts storage gathered for one document request into
// the letter it issues. The kind is the request's document name; the
// statutory periods it states come from f.Rules. It returns a
// *fitness.Error with code ENotFound when there is no template for the
// document yet, and EInvalid (as [Letter.Validate]) when the case lacks a
// fact the letter states.
func LetterFor(f fitness.LetterFacts, head Letterhead) (Letter, error) {
	k := Kind(f.Request.Document)
	if !slices.Contains(Kinds(), k) {
		return Letter{}, fitness.Errorf(fitness.ENotFound, "There is no template for the %s yet",
			strings.ToLower(fitness.DocumentTitle(f.Request.Document)))
	}
	l := Letter{
		Kind: k, Reference: f.Case.Reference, Date: f.Event.At,
		To: recipientFor(f), From: signatoryFor(f, head), Regulator: head.Regulator,
		Registrant: Registrant{Name: f.Case.SubjectName, Number: f.Registrant.Number, Profession: f.ProfessionName},
		Concern:    Concern{ReceivedOn: f.Case.ReceivedOn, Summary: f.Case.Summary},
	}
	if f.Registrant.ID != "" {
		l.Registrant.Name = f.Registrant.Name()
	}
	if f.Allegation != nil {
		l.Allegation = allegationFrom(*f.Allegation)
	} else if g := lastInput(f.Events, "ground"); g != "" {
		l.Allegation = Allegation{Ground: strings.ToLower(fitness.Ground(g).Label())}
		if text := strings.TrimSpace(lastInput(f.Events, "allegation")); text != "" {
			l.Allegation.Particulars = []Particular{{Number: "1", Text: text}}
		}
	}
	kindFacts(&l, f)
	if err := l.Validate(); err != nil {
		return l, err
	}
	return l, nil
}

// kindFacts fills in the blocks of l's kind from the action's inputs.
func kindFacts(l *Letter, f fitness.LetterFacts) {
	in, r := f.Event.Payload, f.Rules
	on := dateInput(in, "decision_date", f.Event.At)
	switch l.Kind {
	case KindTriageClosure:
		l.Closure = Closure{DecisionDate: on, Reasons: []Reason{{Code: in["remit_reason"]}}}
		if in["remit_reason"] == "other" {
			l.Closure.Reasons[0].Detail = in["reason"]
		}
		if s := strings.TrimSpace(in["signposting"]); s != "" {
			l.Closure.Signposts = []Signpost{{Name: s}}
		}
	case KindThresholdClosure:
		l.Closure = Closure{DecisionDate: on, Factors: lines(in["factors"]), Explanation: in["reason"]}
	case KindInvitationToRespond:
		l.Response = limitAfter(r.RegistrantResponse, f.Event.At, r)
	case KindArt25Demand:
		l.Demand = Demand{Items: lines(in["request"]), Limit: limitAfter(r.EmployerInformation, f.Event.At, r)}
	case KindNoticeOfDecision:
		l.Decision = panelDecision(f, on)
	case KindNoticeOfHearing:
		l.Hearing = hearingFrom(in, r, f.Event.At)
	case KindHearingDecision:
		l.Decision = Decision{Date: on, Panel: committeeName(lastInput(f.Events, "committee")), Reasons: in["reason"],
			Ground: strings.ToLower(fitness.Ground(in["ground"]).Label()), Outcome: OutcomeWellFounded,
			Challenge: limitAfter(r.AppealWindow, on, r)}
		if f.Event.Type == string(fitness.ActionNotWellFounded) {
			l.Decision.Outcome = OutcomeNotWellFounded
		}
		l.Order = orderFrom(in, on, r)
		l.Hearing = Hearing{Kind: "final hearing", Start: dateInput(map[string]string{"d": lastInput(f.Events, "hearing_date")}, "d", on)}
		withHearingDecision(l, f)
	case KindOrderNotice:
		l.Order, l.Decision = orderInForce(f.Events, r)
	case KindReviewNotice:
		l.Order, _ = orderInForce(f.Events, r)
		l.Hearing = hearingFrom(in, r, f.Event.At)
		l.Hearing.Kind = "review"
		if t := in["review_type"]; t != "" {
			l.Hearing.Kind = t + " review"
		}
		l.Hearing.Committee = committeeName(lastInput(f.Events, "committee"))
	default:
		orderKindFacts(l, f)
	}
}

// orderInForce is the order the case's history made and put in force,
// with the decision that made it.
func orderInForce(evs []fitness.Event, r fitness.Rules) (Order, Decision) {
	var o Order
	var d Decision
	committee := ""
	for _, e := range evs {
		in := e.Payload
		switch fitness.ActionName(e.Type) {
		case fitness.ActionListHearing:
			committee = in["committee"]
		case fitness.ActionRecordSanction, fitness.ActionApproveConsent:
			on := dateInput(in, "decision_date", e.At)
			o = orderFrom(in, on, r)
			d = Decision{Date: on, Panel: committeeName(committee)}
		case fitness.ActionOrderTakesEffect, fitness.ActionReviewDecision, fitness.ActionStrikingOffTakesEffect:
			if in["order"] != "" {
				o.Kind = OrderKind(in["order"])
			}
			o.Start = e.At
			if end := dateInput(in, "expires_on", time.Time{}); !end.IsZero() {
				o.End = end
			}
			if c := lines(in["conditions"]); len(c) > 0 {
				o.Conditions = c
			} else if o.Kind != OrderConditions {
				o.Conditions = nil
			}
		}
	}
	return o, d
}

// lastInput returns the latest value given for the input called name in
// the events, "" when none.
func lastInput(evs []fitness.Event, name string) string {
	for _, e := range slices.Backward(evs) {
		if v := e.Payload[name]; v != "" {
			return v
		}
	}
	return ""
}

// panelDecision is the Investigating Committee panel's decision the event
// recorded: the findings per particular from the decision recorded with
// it, when the panel's decision was recorded through its meeting.
func panelDecision(f fitness.LetterFacts, on time.Time) Decision {
	r := f.Rules
	d := Decision{Date: on, Panel: fitness.CommitteeInvestigating.Label(),
		RegistrantResponded: fitness.RegistrantResponded(f.Events),
		Reasons:             withoutNoInference(f.Event.Payload["reason"]),
		Challenge:           limitAfter(r.JudicialReview, on, r)}
	switch fitness.ActionName(f.Event.Type) {
	case fitness.ActionCaseToAnswer:
		d.Outcome = OutcomeCaseToAnswer
	case fitness.ActionNoCaseToAnswer:
		d.Outcome, d.Reconsider = OutcomeNoCaseToAnswer, r.PreviousNCAWindow
	default:
		d.Outcome = OutcomeAdjourned
	}
	if f.Decision == nil {
		return d
	}
	d.Reasons = f.Decision.Reasons
	d.RegistrantResponded = f.Decision.RegistrantResponded
	for _, x := range f.Decision.Findings {
		o := OutcomeNoCaseToAnswer
		if x.RealisticProspect == fitness.AnswerYes {
			o = OutcomeCaseToAnswer
		}
		d.Findings = append(d.Findings, Finding{Number: x.Number, Text: x.Text, Outcome: o, Reasons: x.Reasons})
	}
	return d
}

// withoutNoInference removes the no-inference statement the panel's
// reasons carry on the case: the letter states it in its own words, to
// the person it is addressed to.
func withoutNoInference(reasons string) string {
	return strings.TrimSpace(strings.ReplaceAll(reasons, fitness.NoInferenceStatement, ""))
}

// recipientFor addresses the letter to the request's recipient.
func recipientFor(f fitness.LetterFacts) Recipient {
	q := f.Request
	to := Recipient{Name: q.RecipientName, Email: q.RecipientEmail, Address: lines(q.RecipientAddress)}
	switch q.RecipientRole {
	case fitness.RecipientRegistrant:
		to.Role = RoleRegistrant
	case fitness.RecipientComplainant:
		to.Role = RoleComplainant
	default:
		to.Role, to.Organisation = RoleThirdParty, q.RecipientName
		if f.EmployerName != "" && f.EmployerName != q.RecipientName {
			to.Organisation = f.EmployerName
		}
	}
	if to.Name == "Sir or Madam" {
		to.Salutation = "Dear Sir or Madam"
	}
	return to
}

// signatoryFor signs the letter: the case manager, or the team.
func signatoryFor(f fitness.LetterFacts, head Letterhead) Signatory {
	if f.CaseManagerName != "" {
		return Signatory{Name: f.CaseManagerName, Title: "Case manager"}
	}
	team := head.Team
	if team == "" {
		team = "Fitness to Practise team"
	}
	return Signatory{Name: team, Title: head.Regulator.Name}
}

// allegationFrom is the allegation as served.
func allegationFrom(a fitness.Allegation) Allegation {
	out := Allegation{Stem: a.Stem, Amended: a.Version > 1}
	var grounds []string
	for _, g := range a.Grounds {
		grounds = append(grounds, strings.ToLower(g.Label()))
	}
	out.Ground = strings.Join(grounds, " and/or ")
	for _, p := range a.Particulars {
		n := strconv.Itoa(p.Number)
		x := Particular{Number: n, Text: p.Text}
		for i, s := range p.Subparticulars {
			x.Sub = append(x.Sub, Particular{Number: fmt.Sprintf("%s(%c)", n, 'a'+i), Text: s})
		}
		out.Particulars = append(out.Particulars, x)
	}
	if a.Impairment != "" {
		out.Particulars = append(out.Particulars, Particular{Number: strconv.Itoa(len(a.Particulars) + 1), Text: a.Impairment})
	}
	return out
}

// hearingFrom is the hearing the listing inputs describe, as of now.
func hearingFrom(in map[string]string, r fitness.Rules, now time.Time) Hearing {
	start := dateInput(in, "hearing_date", time.Time{})
	if !start.IsZero() {
		start = start.Add(10 * time.Hour) // hearings start at 10am unless the listing says otherwise
	}
	h := Hearing{Kind: "final hearing", Committee: committeeName(in["committee"]), Start: start,
		Mode: Mode(in["mode"]), Venue: in["venue"], Notice: r.HearingNotice,
		RegulatorEvidence:  limitBefore(r.RegulatorEvidence, start, r),
		RegistrantEvidence: limitBefore(r.RegistrantEvidence, start, r),
		Attendance:         limitAfter(r.ReviewAttendanceNotice, now, r)}
	if h.Mode == "" {
		h.Mode = ModeInPerson
	}
	if !start.IsZero() {
		h.PublishedOn = r.ListingPublication.Before(start, r.Calendar)
	}
	return h
}

// orderFrom is the order a decision's inputs make, if any.
func orderFrom(in map[string]string, on time.Time, r fitness.Rules) Order {
	kind := in["sanction"]
	if kind == "" {
		kind = in["order"]
	}
	o := Order{Kind: OrderKind(kind), Start: on}
	if n, err := strconv.Atoi(in["length_months"]); err == nil && n > 0 {
		o.Length = fitness.Period{Months: n}
		o.End = o.Length.After(on, r.Calendar)
	}
	if o.Kind == OrderStrikingOff {
		o.RestorationWait = r.RestorationWait
	}
	if c := lines(in["conditions"]); len(c) > 0 {
		o.Conditions = c
	}
	return o
}

// committeeName names a committee input in words: the process table's
// codes (ccc, hc, ic) or a committee's own.
func committeeName(v string) string {
	switch v {
	case "", "ccc":
		return fitness.CommitteeConductCompetence.Label()
	case "hc":
		return fitness.CommitteeHealth.Label()
	case "ic":
		return fitness.CommitteeInvestigating.Label()
	}
	return fitness.Committee(v).Label()
}

// limitAfter is a time limit of p from base.
func limitAfter(p fitness.Period, base time.Time, r fitness.Rules) TimeLimit {
	if p.IsZero() || base.IsZero() {
		return TimeLimit{Period: p}
	}
	return TimeLimit{Period: p, Due: p.After(base, r.Calendar)}
}

// limitBefore is a time limit of p before base.
func limitBefore(p fitness.Period, base time.Time, r fitness.Rules) TimeLimit {
	if p.IsZero() || base.IsZero() {
		return TimeLimit{Period: p}
	}
	return TimeLimit{Period: p, Due: p.Before(base, r.Calendar)}
}

// dateInput reads a date input (YYYY-MM-DD), or returns def.
func dateInput(in map[string]string, name string, def time.Time) time.Time {
	if t, err := time.Parse(time.DateOnly, in[name]); err == nil {
		return t
	}
	return def
}

// lines splits text into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
