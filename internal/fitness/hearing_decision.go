package fitness

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FactFinding is a panel's finding on the facts of one particular.
type FactFinding string

// Findings of fact.
const (
	FactAdmitted     FactFinding = "admitted"
	FactProved       FactFinding = "proved"
	FactNotProved    FactFinding = "not_proved"
	FactDiscontinued FactFinding = "discontinued"
)

// FactFindings lists the findings as options.
var FactFindings = []Option{
	{string(FactAdmitted), "Admitted"},
	{string(FactProved), "Proved"},
	{string(FactNotProved), "Not proved"},
	{string(FactDiscontinued), "Discontinued"},
}

// Label returns the finding in words.
func (f FactFinding) Label() string { return optionLabel(FactFindings, string(f)) }

// Found reports whether the facts of the particular were found: admitted
// or proved.
func (f FactFinding) Found() bool { return f == FactAdmitted || f == FactProved }

// ParticularFinding is the panel's finding on one particular. A private
// particular (heard in private, health details for example) is left out of
// what is published.
type ParticularFinding struct {
	Number  string
	Text    string
	Finding FactFinding
	Reasons string
	Private bool
}

// Preliminary holds the preliminary matters a panel decides first.
type Preliminary struct {
	ServiceProved      bool   // notice of the hearing was properly served
	ProceededInAbsence bool   // the panel went on without the registrant
	AbsenceReasons     string // why it was fair to proceed in their absence
	PrivateSessions    string // which parts were heard in private and why; never published
	Amendments         string // amendments to the allegation the panel allowed
}

// SanctionKind is the sanction a panel imposes ("none" for no order).
type SanctionKind string

// Sanctions.
const (
	SanctionNone        SanctionKind = "none"
	SanctionCaution     SanctionKind = "caution"
	SanctionConditions  SanctionKind = "conditions"
	SanctionSuspension  SanctionKind = "suspension"
	SanctionStrikingOff SanctionKind = "striking_off"
)

// Sanctions lists the choices at a final hearing as options, least
// restrictive first.
var Sanctions = []Option{
	{string(SanctionNone), "No order (no further action)"},
	{string(SanctionCaution), "Caution order"},
	{string(SanctionConditions), "Conditions of practice order"},
	{string(SanctionSuspension), "Suspension order"},
	{string(SanctionStrikingOff), "Striking-off order"},
}

// Label returns the sanction in words.
func (s SanctionKind) Label() string { return optionLabel(Sanctions, string(s)) }

// ReviewOutcome is what a review panel decides about the order.
type ReviewOutcome string

// Review outcomes.
const (
	ReviewExtend    ReviewOutcome = "extend"
	ReviewVary      ReviewOutcome = "vary"
	ReviewReplace   ReviewOutcome = "replace"
	ReviewRevoke    ReviewOutcome = "revoke"
	ReviewLapse     ReviewOutcome = "lapse"
	ReviewStrikeOff ReviewOutcome = "strike_off"
)

// ReviewOutcomes lists the review outcomes as options.
var ReviewOutcomes = []Option{
	{string(ReviewExtend), "Extend the order"},
	{string(ReviewVary), "Vary the order"},
	{string(ReviewReplace), "Replace it with another order"},
	{string(ReviewRevoke), "Revoke the order"},
	{string(ReviewLapse), "No further order: let it lapse"},
	{string(ReviewStrikeOff), "Striking-off order"},
}

// HearingOutcome is the outcome of a hearing as a whole.
type HearingOutcome string

// Hearing outcomes.
const (
	HearingNotWellFounded     HearingOutcome = "not_well_founded"
	HearingNoFurtherAction    HearingOutcome = "no_further_action"
	HearingSanction           HearingOutcome = "sanction" // a final order (Sanction says which)
	HearingOrderContinued     HearingOutcome = "order_continued"
	HearingOrderRevoked       HearingOutcome = "order_revoked"
	HearingOrderLapsed        HearingOutcome = "order_lapsed"
	HearingRestored           HearingOutcome = "restored"
	HearingRestorationRefused HearingOutcome = "restoration_refused"
	// HearingRestorationBarred is a refusal that also suspends the right
	// to apply again (Rules.RestorationMaxRefusals).
	HearingRestorationBarred HearingOutcome = "restoration_refused_right_suspended"
	HearingInterimImposed    HearingOutcome = "interim_imposed"
	HearingNoInterimOrder    HearingOutcome = "no_interim_order"
)

// HearingDecisionInput is what a panel decided, as recorded. Which parts
// apply depends on the kind of hearing: facts, ground, impairment and
// sanction at a final hearing; ReviewOutcome at a review; Granted at a
// restoration hearing (restored?) and an interim order hearing (order
// imposed or continued?).
type HearingDecisionInput struct {
	DecidedOn      time.Time
	Preliminary    Preliminary
	Facts          []ParticularFinding
	Ground         Ground
	GroundFound    Answer
	Impairment     Answer
	Sanction       SanctionKind
	LengthMonths   int
	Conditions     string
	InterimCover   bool // an interim order covers the appeal period
	ReviewOutcome  ReviewOutcome
	Granted        Answer
	SuspendRight   bool      // restoration refused: the right to apply again suspended too
	InterimKind    OrderKind // interim order hearings
	Reasons        string    // published
	PrivateReasons string    // never published
}

// HearingDecision is a recorded decision of a hearing's panel.
type HearingDecision struct {
	HearingDecisionInput
	ID          string
	HearingID   string
	CaseID      string
	HearingKind HearingKind
	Committee   Committee
	Outcome     HearingOutcome
	// FellAt says where an allegation not well founded fell: "facts",
	// "ground" or "impairment".
	FellAt         string
	RecordedAt     time.Time
	RecordedBy     string
	RecordedByName string
}

// OrderContext is what a decision needs to know of the case's orders: the
// order under review (or the pending order, for an appeal) and since when
// practice has been restricted without a break.
type OrderContext struct {
	Current         *Order
	RestrictedSince time.Time // zero when practice is not restricted
}

// NewHearingDecision checks what the panel of h decided and returns the
// decision. now decides what today is; the sanction limits count from it,
// as the process table's guards do. Messages are keyed by form field:
// decided_on, service_proved, absence_reasons, facts, fact-N-number,
// fact-N-text, fact-N-finding (N from 1), ground, ground_found, impairment,
// sanction, length_months, conditions, interim_cover, review_outcome,
// granted, interim_kind, reasons, private_reasons.
func NewHearingDecision(h Hearing, in HearingDecisionInput, r Rules, oc OrderContext, now time.Time) (HearingDecision, error) {
	fe := FieldErrors{}
	d := HearingDecision{HearingDecisionInput: in, HearingID: h.ID, CaseID: h.CaseID, HearingKind: h.Kind, Committee: h.Committee}
	d.Reasons, d.PrivateReasons, d.Conditions = strings.TrimSpace(in.Reasons), strings.TrimSpace(in.PrivateReasons), strings.TrimSpace(in.Conditions)
	d.checkDate(fe, h, now)
	d.checkPreliminary(fe)
	checkDecisionText(fe, "reasons", d.Reasons, "Enter the panel's reasons", "The reasons")
	if utf8.RuneCountInString(d.PrivateReasons) > InputTextareaMax {
		fe.Add("private_reasons", "The private reasons must be 20,000 characters or fewer")
	}
	switch h.Kind {
	case HearingFinal:
		d.decideFinal(fe, r, now)
	case HearingReview:
		d.decideReview(fe, r, oc, now)
	case HearingRestoration:
		d.decideRestoration(fe, r)
	case HearingInterim:
		d.decideInterim(fe)
	}
	if err := fe.Err(); err != nil {
		return HearingDecision{}, err
	}
	return d, nil
}

func (d *HearingDecision) checkDate(fe FieldErrors, h Hearing, now time.Time) {
	switch {
	case d.DecidedOn.IsZero():
		fe.Add("decided_on", "Enter the date of the decision")
	case civilMidnight(d.DecidedOn).After(today(now)):
		fe.Add("decided_on", "The date of the decision must be today or in the past")
	case civilMidnight(d.DecidedOn).Before(h.Day()):
		fe.Add("decided_on", "The date of the decision must be on or after the hearing started, "+formatDate(h.Start))
	default:
		d.DecidedOn = civilMidnight(d.DecidedOn)
	}
}

func (d *HearingDecision) checkPreliminary(fe FieldErrors) {
	p := &d.Preliminary
	p.AbsenceReasons, p.PrivateSessions, p.Amendments = strings.TrimSpace(p.AbsenceReasons), strings.TrimSpace(p.PrivateSessions), strings.TrimSpace(p.Amendments)
	if p.ProceededInAbsence && !p.ServiceProved {
		fe.Add("service_proved", "A hearing can only go ahead in the registrant's absence once service of the notice is proved")
	}
	if p.ProceededInAbsence && p.AbsenceReasons == "" {
		fe.Add("absence_reasons", "Enter why the panel decided to go ahead in the registrant's absence")
	}
	for field, s := range map[string]string{"absence_reasons": p.AbsenceReasons, "private_sessions": p.PrivateSessions, "amendments": p.Amendments} {
		if utf8.RuneCountInString(s) > InputTextareaMax {
			fe.Add(field, "This must be 20,000 characters or fewer")
		}
	}
}

// checkFacts checks the finding on each particular; empty rows are dropped.
func (d *HearingDecision) checkFacts(fe FieldErrors) {
	var out []ParticularFinding
	for _, f := range d.Facts {
		f.Number, f.Text, f.Reasons = strings.TrimSpace(f.Number), strings.TrimSpace(f.Text), strings.TrimSpace(f.Reasons)
		if f.Number == "" && f.Text == "" && f.Finding == "" && f.Reasons == "" {
			continue
		}
		out = append(out, f)
	}
	d.Facts = out
	if len(out) == 0 {
		fe.Add("facts", "Record the panel's finding on each particular")
	}
	seen := map[string]bool{}
	for i, f := range out {
		key := "fact-" + strconv.Itoa(i+1) + "-"
		name := "particular " + f.Number
		if f.Number == "" {
			fe.Add(key+"number", fmt.Sprintf("Enter the number of particular %d", i+1))
			name = fmt.Sprintf("particular %d", i+1)
		} else if seen[f.Number] {
			fe.Add(key+"number", "Particular "+f.Number+" is given more than once")
		}
		seen[f.Number] = true
		checkDecisionText(fe, key+"text", f.Text, "Enter the text of "+name, "The text of "+name)
		if !hasOption(FactFindings, string(f.Finding)) {
			fe.Add(key+"finding", "Select the panel's finding on "+name)
		}
	}
}

// decideFinal works through facts, ground, impairment and sanction.
func (d *HearingDecision) decideFinal(fe FieldErrors, r Rules, now time.Time) {
	d.checkFacts(fe)
	found := false
	for _, f := range d.Facts {
		found = found || f.Finding.Found()
	}
	switch {
	case len(d.Facts) > 0 && !found:
		d.notWellFounded("facts")
		return
	case !d.Ground.Valid():
		fe.Add("ground", "Select the statutory ground")
	}
	switch d.GroundFound {
	case AnswerNo:
		d.notWellFounded("ground")
		return
	case AnswerYes:
	default:
		fe.Add("ground_found", "Select whether the facts found amount to the statutory ground")
		return
	}
	switch d.Impairment {
	case AnswerNo:
		d.notWellFounded("impairment")
		return
	case AnswerYes:
	default:
		fe.Add("impairment", "Select whether fitness to practise is currently impaired")
		return
	}
	d.checkSanction(fe, r, now)
}

func (d *HearingDecision) notWellFounded(at string) {
	d.Outcome, d.FellAt = HearingNotWellFounded, at
	d.Sanction, d.LengthMonths, d.Conditions, d.InterimCover = "", 0, "", false
}

// checkSanction checks the sanction at a final hearing against the rules.
func (d *HearingDecision) checkSanction(fe FieldErrors, r Rules, now time.Time) {
	switch d.Sanction {
	case SanctionNone:
		d.Outcome, d.LengthMonths, d.Conditions, d.InterimCover = HearingNoFurtherAction, 0, "", false
		return
	case SanctionCaution, SanctionConditions, SanctionSuspension, SanctionStrikingOff:
		d.Outcome = HearingSanction
	default:
		fe.Add("sanction", "Select the sanction")
		return
	}
	months := ""
	if d.LengthMonths != 0 {
		months = strconv.Itoa(d.LengthMonths)
	}
	if d.Sanction == SanctionStrikingOff {
		d.LengthMonths = 0
	}
	for k, v := range ErrorFields(CheckSanction(r, d.Ground, string(d.Sanction), months, now)) {
		fe.Add(k, v)
	}
	d.checkConditions(fe, d.Sanction == SanctionConditions)
	if d.InterimCover && d.Sanction == SanctionCaution {
		fe.Add("interim_cover", "A caution order does not restrict practice, so no interim order is needed to cover the appeal period")
	}
}

func (d *HearingDecision) checkConditions(fe FieldErrors, needed bool) {
	switch {
	case !needed:
		d.Conditions = ""
	case d.Conditions == "":
		fe.Add("conditions", "Enter the conditions of practice")
	case utf8.RuneCountInString(d.Conditions) > InputTextareaMax:
		fe.Add("conditions", "The conditions must be 20,000 characters or fewer")
	}
}
