package fitness

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ICPOutcome is an Investigating Committee panel's decision on a case.
type ICPOutcome string

// Outcomes of an Investigating Committee panel.
const (
	OutcomeCaseToAnswer   ICPOutcome = "case_to_answer"
	OutcomeNoCaseToAnswer ICPOutcome = "no_case_to_answer"
	OutcomeAdjourned      ICPOutcome = "adjourned"
)

// ICPOutcomes lists the outcomes as options.
var ICPOutcomes = []Option{
	{string(OutcomeCaseToAnswer), "Case to answer"},
	{string(OutcomeNoCaseToAnswer), "No case to answer"},
	{string(OutcomeAdjourned), "Adjourned"},
}

// Label returns the outcome in words.
func (o ICPOutcome) Label() string {
	for _, opt := range ICPOutcomes {
		if opt.Value == string(o) {
			return opt.Label
		}
	}
	return string(o)
}

// Action returns the process action that records the outcome on the case.
func (o ICPOutcome) Action() (ActionName, bool) {
	switch o {
	case OutcomeCaseToAnswer:
		return ActionCaseToAnswer, true
	case OutcomeNoCaseToAnswer:
		return ActionNoCaseToAnswer, true
	case OutcomeAdjourned:
		return ActionICPAdjourn, true
	}
	return "", false
}

// Answer is a yes or no; "" while unanswered.
type Answer string

// Answers.
const (
	AnswerYes Answer = "yes"
	AnswerNo  Answer = "no"
)

// Valid reports whether a is yes or no.
func (a Answer) Valid() bool { return a == AnswerYes || a == AnswerNo }

// ICPFinding is the panel's decision on one particular: whether there is a
// realistic prospect of proving its facts, and why.
type ICPFinding struct {
	Number            string // e.g. "1", "2(a)"
	Text              string // the particular as alleged
	RealisticProspect Answer
	Reasons           string
}

// RealisticProspectTest is the case-to-answer test: is there a realistic,
// as opposed to fanciful, prospect that the regulator can prove the facts
// (Facts: yes when it can prove at least one particular), that they amount
// to the statutory ground, and that fitness to practise is currently
// impaired?
type RealisticProspectTest struct {
	Facts      Answer
	Ground     Answer
	Impairment Answer
}

// NoInferenceStatement is the neutral sentence the decision and its notice
// carry when the registrant did not respond to the allegation.
const NoInferenceStatement = "The registrant did not respond to the allegation; registrants do not have to respond, " +
	"and the panel drew no inference from the fact that they did not."

// ICPDecisionInput is what a panel decided, as recorded.
type ICPDecisionInput struct {
	Outcome    ICPOutcome
	DecidedOn  time.Time // a date
	Findings   []ICPFinding
	Ground     Answer
	Impairment Answer
	Reasons    string // overall reasons; for an adjournment, what the panel asked for
}

// ICPDecision is a recorded decision of an Investigating Committee panel.
type ICPDecision struct {
	ID                  string
	MeetingID           string
	CaseID              string
	Outcome             ICPOutcome
	DecidedOn           time.Time
	Findings            []ICPFinding
	Test                RealisticProspectTest
	Reasons             string
	RegistrantResponded bool
	// NoInferenceStatement is [NoInferenceStatement] when the registrant
	// did not respond, else "".
	NoInferenceStatement string
	RecordedAt           time.Time
	RecordedBy           string // user id
	RecordedByName       string
}

// NewICPDecision checks what the panel decided and returns the decision.
// responded says whether the registrant responded to the allegation; when
// not, the decision carries [NoInferenceStatement]. now decides what
// "today" is. Messages are keyed by form field: "outcome", "decided_on",
// "reasons", "findings", "ground", "impairment", and per particular i
// (from 1) "finding-i-number", "finding-i-text", "finding-i-prospect",
// "finding-i-reasons".
func NewICPDecision(in ICPDecisionInput, responded bool, now time.Time) (ICPDecision, error) {
	fe := FieldErrors{}
	d := ICPDecision{Outcome: in.Outcome, Reasons: strings.TrimSpace(in.Reasons), RegistrantResponded: responded}
	if _, ok := in.Outcome.Action(); !ok {
		fe.Add("outcome", "Select the panel's decision")
	}
	y, m, day := in.DecidedOn.Date()
	switch on := time.Date(y, m, day, 0, 0, 0, 0, time.UTC); {
	case in.DecidedOn.IsZero():
		fe.Add("decided_on", "Enter the date of the decision")
	case on.After(today(now)):
		fe.Add("decided_on", "The date of the decision must be today or in the past")
	default:
		d.DecidedOn = on
	}
	checkDecisionText(fe, "reasons", d.Reasons, reasonsMissing(in.Outcome), "The reasons")
	d.Findings = checkFindings(fe, in.Findings, in.Outcome != OutcomeAdjourned)
	d.Test = RealisticProspectTest{Facts: factsAnswer(d.Findings), Ground: in.Ground, Impairment: in.Impairment}
	if in.Outcome != OutcomeAdjourned {
		checkTest(fe, in.Outcome, d.Test)
	} else {
		d.Test.Ground, d.Test.Impairment = answerOrBlank(in.Ground), answerOrBlank(in.Impairment)
	}
	if !responded {
		d.NoInferenceStatement = NoInferenceStatement
	}
	if err := fe.Err(); err != nil {
		return ICPDecision{}, err
	}
	return d, nil
}

func reasonsMissing(o ICPOutcome) string {
	if o == OutcomeAdjourned {
		return "Enter what the panel asked for"
	}
	return "Enter the panel's reasons"
}

func answerOrBlank(a Answer) Answer {
	if a.Valid() {
		return a
	}
	return ""
}

// checkDecisionText requires s and limits its length.
func checkDecisionText(fe FieldErrors, field, s, missing, name string) {
	switch {
	case s == "":
		fe.Add(field, missing)
	case utf8.RuneCountInString(s) > InputTextareaMax:
		fe.Add(field, fmt.Sprintf("%s must be %s characters or fewer", name, thousands(InputTextareaMax)))
	}
}

// checkFindings checks each particular's finding; required says the
// outcome needs one per particular (not an adjournment). Empty rows are
// dropped.
func checkFindings(fe FieldErrors, in []ICPFinding, required bool) []ICPFinding {
	var out []ICPFinding
	for _, f := range in {
		f.Number, f.Text, f.Reasons = strings.TrimSpace(f.Number), strings.TrimSpace(f.Text), strings.TrimSpace(f.Reasons)
		undecided := f.Reasons == "" && f.RealisticProspect == ""
		if undecided && (!required || f.Number == "" && f.Text == "") {
			continue // an empty row, or a particular an adjournment left undecided
		}
		out = append(out, f)
	}
	if required && len(out) == 0 {
		fe.Add("findings", "Record the panel's decision on each particular")
	}
	seen := map[string]bool{}
	for i, f := range out {
		key := fmt.Sprintf("finding-%d-", i+1)
		name := "particular " + f.Number
		if f.Number == "" {
			fe.Add(key+"number", fmt.Sprintf("Enter the number of particular %d", i+1))
			name = fmt.Sprintf("particular %d", i+1)
		} else if seen[f.Number] {
			fe.Add(key+"number", "Particular "+f.Number+" is given more than once")
		}
		seen[f.Number] = true
		checkDecisionText(fe, key+"text", f.Text, "Enter the text of "+name, "The text of "+name)
		if !f.RealisticProspect.Valid() {
			fe.Add(key+"prospect", "Select whether there is a realistic prospect of proving "+name)
		}
		if required || f.Reasons != "" {
			checkDecisionText(fe, key+"reasons", f.Reasons, "Enter the panel's reasons on "+name, "The reasons on "+name)
		}
	}
	return out
}

// factsAnswer is yes when the facts of at least one particular have a
// realistic prospect of being proved, no when every particular is
// answered no, and "" otherwise.
func factsAnswer(fs []ICPFinding) Answer {
	if slices.ContainsFunc(fs, func(f ICPFinding) bool { return f.RealisticProspect == AnswerYes }) {
		return AnswerYes
	}
	if len(fs) > 0 && !slices.ContainsFunc(fs, func(f ICPFinding) bool { return f.RealisticProspect != AnswerNo }) {
		return AnswerNo
	}
	return ""
}

// checkTest checks the three parts of the test agree with the outcome: a
// case to answer needs yes to all three; no case to answer needs a no to
// at least one (ground and impairment need answering once some facts could
// be proved).
func checkTest(fe FieldErrors, o ICPOutcome, t RealisticProspectTest) {
	parts := []struct {
		field string
		a     Answer
		what  string
	}{
		{"ground", t.Ground, "the facts amount to the statutory ground"},
		{"impairment", t.Impairment, "fitness to practise is currently impaired"},
	}
	needed := o == OutcomeCaseToAnswer || t.Facts == AnswerYes
	for _, p := range parts {
		switch {
		case p.a == "" && needed:
			fe.Add(p.field, "Select whether there is a realistic prospect that "+p.what)
		case p.a != "" && !p.a.Valid():
			fe.Add(p.field, "Select yes or no")
		case o == OutcomeCaseToAnswer && p.a == AnswerNo:
			fe.Add(p.field, "A case to answer needs a realistic prospect that "+p.what)
		}
	}
	switch {
	case o == OutcomeCaseToAnswer && t.Facts == AnswerNo:
		fe.Add("findings", "A case to answer needs a realistic prospect of proving at least one particular")
	case o == OutcomeNoCaseToAnswer && t.Facts == AnswerYes && t.Ground == AnswerYes && t.Impairment == AnswerYes:
		fe.Add("outcome", "The panel found a realistic prospect on the facts, the ground and impairment: that is a case to answer")
	}
}

// ProcessInput returns the inputs of the process action that records the
// decision on the case: its date, and its reasons with the no-inference
// statement when the registrant did not respond.
func (d ICPDecision) ProcessInput() Input {
	reason := d.Reasons
	if d.NoInferenceStatement != "" {
		reason += "\n\n" + d.NoInferenceStatement
	}
	return Input{"decision_date": d.DecidedOn.Format(time.DateOnly), "reason": reason}
}

// NoticeRole is who a notice of decision is addressed to.
type NoticeRole string

// Notice recipients.
const (
	NoticeToRegistrant NoticeRole = "registrant"
	NoticeToRaiser     NoticeRole = "raiser" // the person who raised the concern
)

// NoticeRecipient is someone a notice of decision goes to.
type NoticeRecipient struct {
	Role  NoticeRole
	Name  string
	Email string
}

// NoticeOfDecision is the notice of an Investigating Committee panel's
// decision, with its reasons. It goes to the registrant and to the person
// who raised the concern (when there is one to tell) and is never
// published.
type NoticeOfDecision struct {
	Reference      string
	Committee      Committee
	Registrant     Registrant
	ProfessionName string
	Decision       ICPDecision
	Recipients     []NoticeRecipient
	// Reconsider is how long a no-case-to-answer decision may be looked
	// at again with a new concern (Rules.PreviousNCAWindow).
	Reconsider Period
	// JudicialReview is the time to challenge the decision.
	JudicialReview Period
}
