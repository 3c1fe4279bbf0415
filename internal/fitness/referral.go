package fitness

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Referrals between bodies. The rule, in words:
//
//   - Other bodies (inspectorates, police forces, the barring service,
//     other regulators) are records, each with the source category a
//     concern it raises is counted under.
//   - A referral goes out (we refer a person to the body) or comes in (the
//     body refers a person to us), on a date, with a reason and, once
//     known, the body's reference.
//   - An inbound referral is recorded as a concern through the normal
//     concern path, with the body's source category, in the same
//     transaction; the referral keeps the concern.
//   - A referral is open until acknowledged, then closed (with an outcome)
//     or withdrawn (with why); closed and withdrawn are final. Every change
//     is kept in its history.

// BodyKind is what sort of body another body is.
type BodyKind string

// Body kinds.
const (
	BodyInspectorate   BodyKind = "inspectorate"    // CQC, Ofsted
	BodyPolice         BodyKind = "police"          // a police force
	BodyBarringService BodyKind = "barring_service" // the Disclosure and Barring Service
	BodyRegulator      BodyKind = "regulator"       // another professional regulator
	BodyOther          BodyKind = "other"
)

// BodyKinds lists every body kind as options.
var BodyKinds = []Option{
	{string(BodyInspectorate), "Inspectorate"},
	{string(BodyPolice), "Police force"},
	{string(BodyBarringService), "Barring service"},
	{string(BodyRegulator), "Professional regulator"},
	{string(BodyOther), "Other body"},
}

// Label returns the kind in words.
func (k BodyKind) Label() string { return optionLabel(BodyKinds, string(k)) }

// Seeded bodies: the migration records these with fixed ids.
const (
	BodyIDCareQualityCommission = "00000000-0000-7000-8000-00000000b001"
	BodyIDOfsted                = "00000000-0000-7000-8000-00000000b002"
	BodyIDBarringService        = "00000000-0000-7000-8000-00000000b003"
	BodyIDNursingMidwifery      = "00000000-0000-7000-8000-00000000b004"
	BodyIDGeneralMedical        = "00000000-0000-7000-8000-00000000b005"
	BodyIDPoliceForce           = "00000000-0000-7000-8000-00000000b006"
)

// OtherBody is another organisation referrals go to or come from.
type OtherBody struct {
	ID      string
	Name    string
	Kind    BodyKind
	Source  SourceCategory // of concerns raised by its inbound referrals
	Email   string
	Address string
	Notes   string
	Active  bool
}

// OtherBodyInput is what is needed to record another body.
type OtherBodyInput struct {
	Name    string
	Kind    BodyKind
	Source  SourceCategory
	Email   string
	Address string
	Notes   string
}

// Limits on referral text.
const (
	maxBodyName      = 200
	maxReferralText  = 10000
	maxReferenceText = 100
)

// NewOtherBody validates in and returns the body (without an ID). EInvalid
// names the fields: name, kind, source, email, address, notes.
func NewOtherBody(in OtherBodyInput) (OtherBody, error) {
	fe := FieldErrors{}
	b := OtherBody{Name: strings.TrimSpace(in.Name), Kind: in.Kind, Source: in.Source,
		Email: fieldEmail(fe, "email", in.Email), Address: strings.TrimSpace(in.Address),
		Notes: strings.TrimSpace(in.Notes), Active: true}
	switch {
	case b.Name == "":
		fe.Add("name", "Enter the name of the body")
	case utf8.RuneCountInString(b.Name) > maxBodyName:
		fe.Add("name", "The name must be 200 characters or fewer")
	}
	if !hasOption(BodyKinds, string(b.Kind)) {
		fe.Add("kind", "Select what kind of body it is")
	}
	if !hasOption(SourceCategories, string(b.Source)) || b.Source == SourceOwnMotion || b.Source == SourceAnonymous {
		fe.Add("source", "Select the source category of concerns this body raises")
	}
	textLimit(fe, "address", "The address", b.Address, maxReferralText)
	textLimit(fe, "notes", "The notes", b.Notes, maxReferralText)
	return b, fe.Err()
}

// textLimit records a message when v is longer than limit characters.
func textLimit(fe FieldErrors, field, what, v string, limit int) {
	if utf8.RuneCountInString(v) > limit {
		fe.Add(field, what+" must be "+thousands(limit)+" characters or fewer")
	}
}

// ReferralDirection says whether a referral went out or came in.
type ReferralDirection string

// Referral directions.
const (
	ReferralIn  ReferralDirection = "in"  // the body referred someone to us
	ReferralOut ReferralDirection = "out" // we referred someone to the body
)

// ReferralDirections lists both directions as options.
var ReferralDirections = []Option{
	{string(ReferralIn), "Received from another body"},
	{string(ReferralOut), "Made to another body"},
}

// Label returns the direction in words.
func (d ReferralDirection) Label() string { return optionLabel(ReferralDirections, string(d)) }

// ReferralStatus is where a referral stands.
type ReferralStatus string

// Referral statuses.
const (
	ReferralOpen         ReferralStatus = "open"         // made or received, not yet acknowledged
	ReferralAcknowledged ReferralStatus = "acknowledged" // acknowledged by the receiving body
	ReferralClosed       ReferralStatus = "closed"       // dealt with; the outcome is recorded
	ReferralWithdrawn    ReferralStatus = "withdrawn"    // withdrawn, with why
)

// ReferralStatuses lists every status as options.
var ReferralStatuses = []Option{
	{string(ReferralOpen), "Awaiting acknowledgement"},
	{string(ReferralAcknowledged), "Acknowledged"},
	{string(ReferralClosed), "Closed"},
	{string(ReferralWithdrawn), "Withdrawn"},
}

// Label returns the status in words.
func (s ReferralStatus) Label() string { return optionLabel(ReferralStatuses, string(s)) }

// Final reports whether no further change of status is possible.
func (s ReferralStatus) Final() bool { return s == ReferralClosed || s == ReferralWithdrawn }

// Referral is one referral to or from another body about one person.
type Referral struct {
	ID             string
	Direction      ReferralDirection
	BodyID         string
	BodyName       string
	CaseID         string // the case it is about (out) or opened (in); may be ""
	CaseReference  string
	ConcernID      string // in: the concern it was recorded as
	RegistrantID   string // may be ""
	RegistrantName string
	InquiryID      string // the own-motion inquiry whose screening made it; may be ""
	SubjectName    string // who it is about, in words, when not a registrant
	ReferredOn     time.Time
	Reason         string
	TheirReference string
	Status         ReferralStatus
	AcknowledgedOn time.Time // zero until acknowledged
	Outcome        string    // why closed or withdrawn
	OriginKey      string    // caller's idempotency key; "" for none
	Version        int
	CreatedAt      time.Time
	CreatedBy      string
	CreatedByName  string
	UpdatedAt      time.Time
}

// Subject returns who the referral is about, in words.
func (r Referral) Subject() string {
	if r.RegistrantName != "" {
		return r.RegistrantName
	}
	return r.SubjectName
}

// ReferralInput is what is needed to record a referral. Dates are as typed:
// YYYY-MM-DD or D/M/YYYY.
type ReferralInput struct {
	Direction      ReferralDirection
	BodyID         string
	CaseID         string // out: the case it is about, if any
	RegistrantID   string // the registrant it is about, if known
	InquiryID      string // out: the inquiry whose screening made it, if any
	SubjectName    string // who it is about, when no registrant is given
	SubjectDetails string // in: employer, profession, anything to find them
	ReferredOn     string
	Reason         string
	TheirReference string
	// OriginKey makes the insert idempotent: a second referral with the
	// same non-empty key returns the first. Bulk steps use "step:person".
	OriginKey string
}

// NewReferral validates in for body at now and returns the referral
// (without an ID, open, version 1). EInvalid names the fields: direction,
// body_id, subject_name, referred_on, reason, their_reference.
func NewReferral(in ReferralInput, body OtherBody, a Actor, now time.Time) (Referral, error) {
	fe := FieldErrors{}
	r := Referral{Direction: in.Direction, BodyID: body.ID, BodyName: body.Name, CaseID: in.CaseID,
		RegistrantID: strings.TrimSpace(in.RegistrantID), InquiryID: in.InquiryID,
		SubjectName: strings.TrimSpace(in.SubjectName), Reason: strings.TrimSpace(in.Reason),
		TheirReference: strings.TrimSpace(in.TheirReference), Status: ReferralOpen, OriginKey: in.OriginKey,
		Version: 1, CreatedAt: now, CreatedBy: a.UserID, CreatedByName: a.Name, UpdatedAt: now}
	if !hasOption(ReferralDirections, string(r.Direction)) {
		fe.Add("direction", "Select whether the referral was made or received")
	}
	if body.ID == "" || !body.Active {
		fe.Add("body_id", "Select the body from the list")
	}
	if r.RegistrantID == "" && r.CaseID == "" && r.SubjectName == "" {
		fe.Add("subject_name", "Enter the name of the person the referral is about")
	}
	textLimit(fe, "subject_name", "The name", r.SubjectName, maxBodyName)
	r.ReferredOn = pastDate(fe, "referred_on", "the date of the referral", in.ReferredOn, time.Time{}, now)
	switch {
	case r.Reason == "":
		fe.Add("reason", "Enter the reason for the referral")
	default:
		textLimit(fe, "reason", "The reason", r.Reason, maxReferralText)
	}
	textLimit(fe, "their_reference", "The reference", r.TheirReference, maxReferenceText)
	return r, fe.Err()
}

// pastDate reads the date typed for field, which must be today or earlier
// and not before notBefore (when not zero), recording a message in the
// terms of what ("the date of the referral") when it is not.
func pastDate(fe FieldErrors, field, what, raw string, notBefore, now time.Time) time.Time {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		fe.Add(field, "Enter "+what)
		return time.Time{}
	}
	t, ok := parseInputDate(raw)
	switch {
	case !ok:
		fe.Add(field, upperFirst(what)+" must be a real date, like 27 3 2026")
	case t.Year() < earliestInputYear:
		fe.Add(field, upperFirst(what)+" must be in 1900 or later")
	case t.After(today(now)):
		fe.Add(field, upperFirst(what)+" must be today or in the past")
	case !notBefore.IsZero() && t.Before(calendarDate(notBefore)):
		fe.Add(field, upperFirst(what)+" must be on or after "+formatDate(notBefore))
	default:
		return t
	}
	return time.Time{}
}

// upperFirst returns s with its first letter in capitals.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// InboundConcern returns the concern an inbound referral r from body is
// recorded as: received on the referral's date, raised by the body under
// its source category, about the registrant or the person named.
func InboundConcern(body OtherBody, r Referral, details string) ConcernInput {
	summary := "Referral from " + body.Name
	if r.TheirReference != "" {
		summary += " (their reference " + r.TheirReference + ")"
	}
	return ConcernInput{ReceivedOn: r.ReferredOn, Source: body.Source, RaisedByName: body.Name,
		RaisedByEmail: body.Email, Summary: summary + ": " + r.Reason,
		Subjects: []ConcernSubject{{RegistrantID: r.RegistrantID, Name: r.SubjectName,
			Details: strings.TrimSpace(details)}}}
}

// ReferralUpdateInput is a change of a referral's status: acknowledged
// (on a date, with their reference if given), closed (with the outcome) or
// withdrawn (with why).
type ReferralUpdateInput struct {
	Status         ReferralStatus
	AcknowledgedOn string // when acknowledging: the date, as typed
	TheirReference string // may be given or corrected when acknowledging
	Note           string // the outcome (closed), why (withdrawn), optional otherwise
}

// ReferralHistory is one change of a referral, in order.
type ReferralHistory struct {
	At        time.Time
	ActorID   string
	ActorName string
	Status    ReferralStatus
	Note      string
}

// Update applies in to r for a at now: it returns the referral one version
// on and the history entry, or EConflict when r is closed or withdrawn or
// the change goes backwards; EInvalid with fields status, acknowledged_on,
// their_reference, note.
func (r Referral) Update(in ReferralUpdateInput, a Actor, now time.Time) (Referral, ReferralHistory, error) {
	if r.Status.Final() {
		return r, ReferralHistory{}, Errorf(EConflict, "This referral is %s, so it cannot be changed",
			strings.ToLower(r.Status.Label()))
	}
	fe := FieldErrors{}
	next := r
	note := strings.TrimSpace(in.Note)
	switch in.Status {
	case ReferralAcknowledged:
		if r.Status == ReferralAcknowledged {
			return r, ReferralHistory{}, Errorf(EConflict, "This referral has already been acknowledged")
		}
		next.AcknowledgedOn = pastDate(fe, "acknowledged_on", "the date it was acknowledged", in.AcknowledgedOn, r.ReferredOn, now)
		if ref := strings.TrimSpace(in.TheirReference); ref != "" {
			next.TheirReference = ref
			textLimit(fe, "their_reference", "The reference", ref, maxReferenceText)
		}
	case ReferralClosed, ReferralWithdrawn:
		if note == "" {
			fe.Add("note", map[ReferralStatus]string{ReferralClosed: "Enter the outcome of the referral",
				ReferralWithdrawn: "Enter why the referral was withdrawn"}[in.Status])
		}
		next.Outcome = note
	default:
		fe.Add("status", "Select what has happened to the referral")
	}
	textLimit(fe, "note", "The note", note, maxReferralText)
	if err := fe.Err(); err != nil {
		return r, ReferralHistory{}, err
	}
	next.Status, next.Version, next.UpdatedAt = in.Status, r.Version+1, now
	return next, ReferralHistory{At: now, ActorID: a.UserID, ActorName: a.Name, Status: in.Status, Note: note}, nil
}

// ReferralFilter selects referrals for a list.
type ReferralFilter struct {
	Direction    ReferralDirection // "" for both
	BodyID       string
	CaseID       string
	RegistrantID string
	OpenOnly     bool // open or acknowledged
	Limit        int  // 0 for the default
}

// ReferralService records other bodies and referrals to and from them,
// and a case's safeguarding mark and barring-service decision.
type ReferralService interface {
	// ListBodies returns the other bodies by name; inactive ones too when
	// all is true.
	ListBodies(ctx context.Context, actor Actor, all bool) ([]OtherBody, error)
	// FindBody returns one body; ENotFound when there is none.
	FindBody(ctx context.Context, actor Actor, id string) (OtherBody, error)
	// CreateBody records a body; EInvalid with fields, EConflict when the
	// name is taken.
	CreateBody(ctx context.Context, actor Actor, in OtherBodyInput) (OtherBody, error)
	// CreateReferral records a referral. An inbound one is recorded as a
	// concern (one case) through the normal concern path in the same
	// transaction, and the case comes back; an outbound one about a case
	// appends an event to it. EInvalid with fields for bad input.
	CreateReferral(ctx context.Context, actor Actor, in ReferralInput) (Referral, []Case, error)
	// FindReferral returns a referral and its history; ENotFound when
	// there is none or actor may not see it.
	FindReferral(ctx context.Context, actor Actor, id string) (Referral, []ReferralHistory, error)
	// ListReferrals returns referrals matching f, latest first.
	ListReferrals(ctx context.Context, actor Actor, f ReferralFilter) ([]Referral, error)
	// UpdateReferral changes a referral's status at version; EConflict
	// when the version is stale or the change not possible.
	UpdateReferral(ctx context.Context, actor Actor, id string, version int, in ReferralUpdateInput) (Referral, error)
	BarringService
}

// ReferralEvent returns c one version on and the event recording that the
// outbound referral r was made about it.
func (c Case) ReferralEvent(r Referral, a Actor) (Case, Event) {
	return c.holdEvent(EventReferralMade, a, r.CreatedAt, map[string]string{"body": r.BodyName,
		"referral_id": r.ID, "referred_on": r.ReferredOn.Format(time.DateOnly)}, r.Reason)
}
