package fitness

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The barring-service prompt. The rule, in words:
//
//   - A case is marked as a safeguarding case, with a reason, when the
//     concerns involve harm or risk of harm to children or adults at risk.
//     The mark is an event on the case's history; it can be made at any
//     stage, before or after a decision.
//   - Once a striking-off order has taken effect on a case marked as a
//     safeguarding case, the case prompts "Refer to the Disclosure and
//     Barring Service" until the decision is recorded: made (an outbound
//     referral to the barring service, with its date and reference) or not
//     made (with the reason).
//   - Team leaders see every outstanding prompt in one list.

// Event types of safeguarding and barring.
const (
	EventSafeguardingMarked = "safeguarding_marked"
	EventBarringDecided     = "barring_referral_decided"
	EventReferralMade       = "referral_made"
)

// BarringOutcome is whether a struck-off safeguarding case was referred to
// the barring service.
type BarringOutcome string

// Barring outcomes.
const (
	BarringUndecided BarringOutcome = ""
	BarringMade      BarringOutcome = "made"     // referred, with the referral
	BarringNotMade   BarringOutcome = "not_made" // not referred, with the reason
)

// BarringOutcomes lists the decisions as options.
var BarringOutcomes = []Option{
	{string(BarringMade), "Referral made to the Disclosure and Barring Service"},
	{string(BarringNotMade), "Referral not made"},
}

// Label returns the outcome in words.
func (o BarringOutcome) Label() string {
	if o == BarringUndecided {
		return "Not yet recorded"
	}
	return optionLabel(BarringOutcomes, string(o))
}

// Safeguarding is a case's safeguarding mark and barring decision. The
// zero value is a case not marked.
type Safeguarding struct {
	CaseID        string
	Reason        string
	MarkedAt      time.Time
	MarkedBy      string
	MarkedByName  string
	Barring       BarringOutcome
	ReferralID    string // when made
	Note          string // the reason when not made
	DecidedAt     time.Time
	DecidedBy     string
	DecidedByName string
}

// Marked reports whether the case is marked as a safeguarding case.
func (s Safeguarding) Marked() bool { return !s.MarkedAt.IsZero() }

// struckOffStages are the stages a case reaches only through a
// striking-off order taking effect.
var struckOffStages = []Stage{StageStruckOff, StageRestoration, StageRestorationRefused}

// StruckOff reports whether a striking-off order has taken effect on c.
func StruckOff(c Case) bool { return slices.Contains(struckOffStages, c.Stage) }

// StruckOffStages returns the stages of [StruckOff], for storage to list
// outstanding prompts in SQL with the same rule.
func StruckOffStages() []Stage { return slices.Clone(struckOffStages) }

// BarringPromptDue reports whether case c, with safeguarding s, must prompt
// a referral to the barring service: struck off, marked, undecided.
func BarringPromptDue(c Case, s Safeguarding) bool {
	return StruckOff(c) && s.Marked() && s.Barring == BarringUndecided
}

// MarkSafeguarding marks c as a safeguarding case for a at now, with the
// reason. It returns the case one version on, the mark and its event;
// EConflict when already marked; EInvalid with field "reason".
func (c Case) MarkSafeguarding(s Safeguarding, reason string, a Actor, now time.Time) (Case, Safeguarding, Event, error) {
	if s.Marked() {
		return c, s, Event{}, Errorf(EConflict, "This case was marked as a safeguarding case on %s", formatDate(s.MarkedAt))
	}
	reason = strings.TrimSpace(reason)
	fe := FieldErrors{}
	if reason == "" {
		fe.Add("reason", "Enter why this is a safeguarding case")
	}
	textLimit(fe, "reason", "The reason", reason, maxReferralText)
	if err := fe.Err(); err != nil {
		return c, s, Event{}, err
	}
	s = Safeguarding{CaseID: c.ID, Reason: reason, MarkedAt: now, MarkedBy: a.UserID, MarkedByName: a.Name}
	next, e := c.holdEvent(EventSafeguardingMarked, a, now, map[string]string{}, reason)
	return next, s, e, nil
}

// BarringInput is the decision on a barring-service prompt: made (with the
// referral's date, reason and the service's reference if known) or not
// made (with the reason).
type BarringInput struct {
	Outcome        BarringOutcome
	ReferredOn     string // made: the date, as typed
	TheirReference string // made: the barring service's reference, if known
	Reason         string // made: the referral's reason; not made: why not
}

// DecideBarring checks the decision in on c with safeguarding s for a at
// now. It returns the decided safeguarding (the caller sets ReferralID
// when made) and, when made, the outbound referral to record first;
// [Case.BarringEvent] then gives the event. EConflict when no prompt is
// due; EInvalid with fields outcome, referred_on, reason, their_reference.
func (c Case) DecideBarring(s Safeguarding, in BarringInput, a Actor, now time.Time) (Safeguarding, *ReferralInput, error) {
	if !BarringPromptDue(c, s) {
		return s, nil, Errorf(EConflict, "No referral to the barring service is awaiting a decision on this case")
	}
	fe := FieldErrors{}
	reason := strings.TrimSpace(in.Reason)
	var ref *ReferralInput
	switch in.Outcome {
	case BarringMade:
		ref = &ReferralInput{Direction: ReferralOut, BodyID: BodyIDBarringService, CaseID: c.ID,
			RegistrantID: c.RegistrantID, SubjectName: c.SubjectName, ReferredOn: in.ReferredOn,
			Reason: reason, TheirReference: in.TheirReference}
		if reason == "" {
			fe.Add("reason", "Enter the reason given to the Disclosure and Barring Service")
		}
	case BarringNotMade:
		if reason == "" {
			fe.Add("reason", "Enter why no referral was made")
		}
	default:
		fe.Add("outcome", "Select whether a referral was made")
	}
	textLimit(fe, "reason", "The reason", reason, maxReferralText)
	if err := fe.Err(); err != nil {
		return s, nil, err
	}
	s.Barring, s.DecidedAt, s.DecidedBy, s.DecidedByName = in.Outcome, now, a.UserID, a.Name
	if in.Outcome == BarringNotMade {
		s.Note = reason
	}
	return s, ref, nil
}

// BarringEvent returns c one version on and the event recording the
// barring decision of s.
func (c Case) BarringEvent(s Safeguarding, a Actor) (Case, Event) {
	reason := s.Note
	payload := map[string]string{"barring": string(s.Barring)}
	if s.ReferralID != "" {
		payload["referral_id"] = s.ReferralID
	}
	return c.holdEvent(EventBarringDecided, a, s.DecidedAt, payload, reason)
}

// BarringPrompt is one outstanding prompt, for the team leader's list.
type BarringPrompt struct {
	CaseID         string
	CaseReference  string
	RegistrantName string
	Stage          Stage
	MarkedAt       time.Time
	Reason         string
	StruckOffAt    time.Time // when the case entered its current stage
}

// BarringService records safeguarding marks and barring decisions.
type BarringService interface {
	// CaseSafeguarding returns the case's safeguarding (the zero value
	// with CaseID set when not marked); ENotFound when actor may not see
	// the case.
	CaseSafeguarding(ctx context.Context, actor Actor, caseID string) (Safeguarding, error)
	// MarkSafeguarding marks the case at version as a safeguarding case.
	MarkSafeguarding(ctx context.Context, actor Actor, caseID string, version int, reason string) (Case, Safeguarding, error)
	// DecideBarring records the barring decision on the case at version;
	// when made, the outbound referral is recorded in the same
	// transaction.
	DecideBarring(ctx context.Context, actor Actor, caseID string, version int, in BarringInput) (Case, Safeguarding, error)
	// BarringPrompts returns every outstanding prompt, oldest first.
	BarringPrompts(ctx context.Context, actor Actor) ([]BarringPrompt, error)
}

// describeReferral returns a referral, safeguarding or barring event in
// words: "Referral made to Ofsted", "Marked as a safeguarding case",
// "Barring service: Referral not made".
func describeReferral(e Event) (string, bool) {
	switch e.Type {
	case EventReferralMade:
		return "Referral made to " + e.Payload["body"], true
	case EventSafeguardingMarked:
		return "Marked as a safeguarding case", true
	case EventBarringDecided:
		return "Barring service: " + BarringOutcome(e.Payload["barring"]).Label(), true
	}
	return "", false
}
