package docs

import (
	"time"

	"fitness/internal/fitness"
)

// Kind is a kind of letter. The values are the document names of the
// process table ([fitness.Effect].Document), so an issue_document effect
// names its template directly.
type Kind string

// Letter kinds.
const (
	KindAcknowledgement       Kind = "acknowledgement"
	KindTriageClosure         Kind = "triage_closure_letter"
	KindThresholdClosure      Kind = "threshold_closure_letter"
	KindNoticeOfInvestigation Kind = "notice_of_investigation"
	KindInvitationToRespond   Kind = "allegation_letter"
	KindArt25Demand           Kind = "art25_demand"
	KindNoticeOfDecision      Kind = "notice_of_decision"
	KindNoticeOfHearing       Kind = "notice_of_hearing"
	KindHearingDecision       Kind = "hearing_decision"
	KindOrderNotice           Kind = "order_notice"
	KindReviewNotice          Kind = "review_notice"
	KindConsentOrder          Kind = "consent_order"
	KindVoluntaryRemoval      Kind = "voluntary_removal_agreement"
	KindReviewDecision        Kind = "review_decision"
	KindRestorationDecision   Kind = "restoration_decision"
	KindInterimApplication    Kind = "interim_order_application"
	KindInterimDecision       Kind = "interim_order_decision"
)

// Kinds returns every kind of letter, in the order a case meets them.
func Kinds() []Kind {
	return []Kind{
		KindAcknowledgement, KindTriageClosure, KindThresholdClosure,
		KindNoticeOfInvestigation, KindInvitationToRespond, KindArt25Demand,
		KindNoticeOfDecision, KindNoticeOfHearing, KindHearingDecision,
		KindConsentOrder, KindVoluntaryRemoval, KindOrderNotice, KindReviewNotice,
		KindReviewDecision, KindRestorationDecision, KindInterimApplication, KindInterimDecision,
	}
}

// Label returns the kind in words, for lists of documents.
func (k Kind) Label() string {
	switch k {
	case KindAcknowledgement:
		return "Acknowledgement"
	case KindTriageClosure:
		return "Closure letter: outside our remit"
	case KindThresholdClosure:
		return "Closure letter: threshold not met"
	case KindNoticeOfInvestigation:
		return "Notice of investigation"
	case KindInvitationToRespond:
		return "Allegation letter and invitation to respond"
	case KindArt25Demand:
		return "Article 25 information demand"
	case KindNoticeOfDecision:
		return "Notice of decision"
	case KindNoticeOfHearing:
		return "Notice of hearing"
	case KindHearingDecision:
		return "Hearing decision"
	case KindOrderNotice:
		return "Order notice"
	case KindReviewNotice:
		return "Notice of review"
	case KindConsentOrder:
		return "Consent order"
	case KindVoluntaryRemoval:
		return "Voluntary removal agreement"
	case KindReviewDecision:
		return "Review decision"
	case KindRestorationDecision:
		return "Restoration decision"
	case KindInterimApplication:
		return "Interim order application and notice"
	case KindInterimDecision:
		return "Interim order decision"
	}
	return string(k)
}

// Letter is everything one letter says. Common fields apply to every kind;
// each kind reads the blocks it needs (see [Letter.Validate] for which).
type Letter struct {
	Kind      Kind
	Reference string    // case reference, e.g. FTP-2026-00123
	Date      time.Time // date of the letter
	To        Recipient
	From      Signatory
	Regulator Regulator

	// Registrant is the person the case is about. For an acknowledgement
	// or a triage closure the name may be the one given in the concern and
	// the number empty.
	Registrant Registrant

	Concern    Concern    // acknowledgement, triage closure, notice of investigation, threshold closure
	Closure    Closure    // triage and threshold closures
	Allegation Allegation // invitation to respond, notice of hearing, ICP and hearing decisions
	Response   TimeLimit  // invitation to respond: the (optional) response period
	Demand     Demand     // article 25 demand
	Decision   Decision   // every decision and order letter; Date and Panel for an order notice
	Hearing    Hearing    // notice of hearing, hearing decision, review notice, interim order application
	Order      Order      // the order a decision makes, continues or ends; the order an order or review notice is about
	// Previous is the order a review decision is about.
	Previous    Order
	Interim     Interim     // interim order application and decision
	Restoration Restoration // voluntary removal agreement, restoration decision
}

// ToRegistrant reports whether the letter is addressed to the registrant,
// so that it says "you" rather than their name.
func (l Letter) ToRegistrant() bool { return l.To.Role == RoleRegistrant }

// Salutation returns the greeting: To.Salutation, or "Dear" and the name.
func (l Letter) Salutation() string {
	if l.To.Salutation != "" {
		return l.To.Salutation
	}
	return "Dear " + l.To.Name
}

// Role is who a letter is addressed to.
type Role string

// Recipient roles.
const (
	RoleRegistrant  Role = "registrant"  // the person the case is about
	RoleComplainant Role = "complainant" // the person who raised the concern
	RoleThirdParty  Role = "third_party" // anyone else, e.g. an employer asked for information
)

// Recipient is who a letter is addressed to.
type Recipient struct {
	Role         Role
	Name         string
	Organisation string
	Address      []string // postal address, one line each
	Email        string
	Salutation   string // e.g. "Dear Ms Example"; default "Dear " + Name
}

// Signatory signs the letter.
type Signatory struct {
	Name  string
	Title string // e.g. "Case manager"
}

// Regulator is the letterhead and the regulator's own wording.
type Regulator struct {
	Name    string   // e.g. "Health and Care Professions Council"
	Address []string // one line each
	Phone   string
	Email   string
	Website string
	// Feedback says how to raise a concern about how a case was handled,
	// e.g. an address or web page. Optional.
	Feedback string
	// InformationPower names the power to require information, e.g.
	// "article 25 of the Health Professions Order 2001". Needed for an
	// article 25 demand.
	InformationPower string
}

// Registrant identifies the person the case is about.
type Registrant struct {
	Name       string
	Number     string // registration number, e.g. SW012345
	Profession string // in words, e.g. "Social worker in England"
}

// RegistrantFrom returns the letter's view of a registrant on the register.
func RegistrantFrom(r fitness.Registrant, p fitness.Profession) Registrant {
	return Registrant{Name: r.Name(), Number: r.Number, Profession: p.Name}
}

// Concern is what was raised and when.
type Concern struct {
	ReceivedOn time.Time
	Summary    string // what the concern is about, in a sentence or two
}

// TimeLimit is a time limit a letter states: the period the caller took
// from [fitness.Rules] and the date it works out to. The letter says both,
// e.g. "within 28 days, by 3 April 2026".
type TimeLimit struct {
	Period fitness.Period
	Due    time.Time
}

// IsZero reports whether no time limit is set.
func (t TimeLimit) IsZero() bool { return t.Period.IsZero() && t.Due.IsZero() }

// Reason is one structured reason a concern is outside the regulator's
// remit: a code with standard wording (see [RemitReasonCodes]) and optional
// detail in the caller's words. Code "other" needs Detail.
type Reason struct {
	Code   string
	Detail string
}

// Signpost is somewhere else a person can take their concern.
type Signpost struct {
	Name    string // e.g. "the Care Quality Commission"
	Detail  string // what they can help with
	Contact string // web address, phone number or email
}

// Closure explains why a case was closed before an allegation.
type Closure struct {
	DecisionDate time.Time
	Reasons      []Reason   // triage closure: why it is outside the remit
	Signposts    []Signpost // triage closure: where else to go
	Factors      []string   // threshold closure: what the decision-maker considered
	Explanation  string     // threshold closure: the reasons, in the decision-maker's words
}

// Particular is one numbered particular of an allegation, with its
// sub-particulars.
type Particular struct {
	Number string // e.g. "1", "2(a)"
	Text   string
	Sub    []Particular
}

// Allegation is the allegation as served: a stem, numbered particulars and
// the statutory ground.
type Allegation struct {
	Stem        string // e.g. "As a registered social worker, whilst employed by …"
	Particulars []Particular
	Ground      string // in words, e.g. "misconduct"
	Amended     bool
}

// Demand is what an article 25 demand requires, and by when.
type Demand struct {
	Items  []string // each piece of information or document required
	Reason string   // why it is needed; optional
	Limit  TimeLimit
}

// RemitReasonCodes lists the codes of a [Reason], the options of the
// process table's remit_reason input.
func RemitReasonCodes() []string {
	return []string{"not_registrant", "service_complaint", "compensation", "employment_dispute", "other"}
}

// RemitReason returns the standard wording of a remit reason, written to
// the person who raised the concern, and whether the code is known. The
// code "other" has no standard wording: its Detail says it all.
func RemitReason(code string) (string, bool) {
	switch code {
	case "not_registrant":
		return "The person you told us about is not on our register, so we have no power to act on a concern about them.", true
	case "service_complaint":
		return "Your concern is about the service you received rather than about an individual professional's fitness to practise.", true
	case "compensation":
		return "You are asking for compensation, and we have no power to award it.", true
	case "employment_dispute":
		return "Your concern is an employment dispute, which is for the employer, or an employment tribunal, to resolve.", true
	case "other":
		return "", true
	}
	return "", false
}
