package fitness

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// HearingKind is what a hearing is for.
type HearingKind string

// Kinds of hearing.
const (
	HearingFinal       HearingKind = "final"
	HearingReview      HearingKind = "review"
	HearingInterim     HearingKind = "interim_order"
	HearingRestoration HearingKind = "restoration"
)

// HearingKinds lists the kinds as options.
var HearingKinds = []Option{
	{string(HearingFinal), "Final hearing"},
	{string(HearingReview), "Review hearing"},
	{string(HearingInterim), "Interim order hearing"},
	{string(HearingRestoration), "Restoration hearing"},
}

// Label returns the kind in words: "Final hearing".
func (k HearingKind) Label() string { return optionLabel(HearingKinds, string(k)) }

// Valid reports whether k is a known kind.
func (k HearingKind) Valid() bool { return hasOption(HearingKinds, string(k)) }

// Privacy says whether a hearing is held in public.
type Privacy string

// Privacy of a hearing. Hearings are public unless the panel decides that
// part or all of it is heard in private; the decision is still published,
// with the private material removed.
const (
	PrivacyPublic  Privacy = "public"
	PrivacyPartly  Privacy = "partly_private"
	PrivacyPrivate Privacy = "private"
)

// Privacies lists the choices as options.
var Privacies = []Option{
	{string(PrivacyPublic), "In public"},
	{string(PrivacyPartly), "Partly in private"},
	{string(PrivacyPrivate), "In private"},
}

// Label returns the privacy in words.
func (p Privacy) Label() string { return optionLabel(Privacies, string(p)) }

// HearingStatus is where a hearing is.
type HearingStatus string

// Hearing statuses.
const (
	HearingListed  HearingStatus = "listed"
	HearingDecided HearingStatus = "decided"
)

// HearingCommittees lists the committees whose panels hold hearings, as
// options.
var HearingCommittees = []Option{
	{string(CommitteeConductCompetence), CommitteeConductCompetence.Label()},
	{string(CommitteeHealth), CommitteeHealth.Label()},
	{string(CommitteeInvestigating), CommitteeInvestigating.Label() + " (register entry)"},
}

// Hearing is a hearing of a case before a panel: what it is for, the
// committee, when and where, whether in public, and whether the registrant
// agreed to short notice.
type Hearing struct {
	ID                string
	CaseID            string
	Kind              HearingKind
	Committee         Committee
	Start             time.Time // when it starts (UTC)
	End               time.Time // its last day, a date (UTC midnight)
	Remote            bool
	Venue             string
	Privacy           Privacy
	ShortNoticeAgreed bool
	ShortNoticeReason string
	Panel             []PanelMember // chosen later, or at listing; see [ValidatePanel]
	Status            HearingStatus
	ListedAt          time.Time
	ListedBy          string // user id
}

// Place returns where the hearing is held, in words.
func (h Hearing) Place() string {
	switch {
	case h.Remote && h.Venue != "":
		return h.Venue + " (remote)"
	case h.Remote:
		return "Remote, by video"
	}
	return h.Venue
}

// Day returns the date the hearing starts, as midnight UTC.
func (h Hearing) Day() time.Time { return today(h.Start) }

// NoticePeriod returns the least notice the rules require of a hearing of
// kind k: an interim order hearing may be held at short notice.
func (k HearingKind) NoticePeriod(r Rules) Period {
	switch k {
	case HearingReview:
		return r.ReviewAttendanceNotice
	case HearingInterim:
		return Period{}
	}
	return r.HearingNotice
}

// HearingDates are the dates that count back from a hearing's first day.
type HearingDates struct {
	NoticeBy             time.Time // notice of hearing served by
	RegulatorEvidenceBy  time.Time // our evidence served by
	RegistrantEvidenceBy time.Time // the registrant's evidence due by
	ListingPublishedOn   time.Time // the listing is published on
}

// Dates returns the deadlines counted back from the hearing's first day.
func (h Hearing) Dates(r Rules) HearingDates {
	day := h.Day()
	return HearingDates{
		NoticeBy:             h.Kind.NoticePeriod(r).Before(day, r.Calendar),
		RegulatorEvidenceBy:  r.RegulatorEvidence.Before(day, r.Calendar),
		RegistrantEvidenceBy: r.RegistrantEvidence.Before(day, r.Calendar),
		ListingPublishedOn:   r.ListingPublication.Before(day, r.Calendar),
	}
}

// HearingInput is what is needed to list a hearing.
type HearingInput struct {
	Kind              HearingKind
	Committee         Committee
	Date              time.Time // the first day
	StartTime         string    // "10:00" (UK time); "" means 10:00
	EndDate           time.Time // the last day; zero means the first day
	Remote            bool
	Venue             string
	Privacy           Privacy
	ShortNoticeAgreed bool
	ShortNoticeReason string
	ReviewType        string   // review hearings: "mandatory" or "early"
	Panel             []string // user ids; optional
}

// DefaultStartTime is when a hearing starts when no time is given.
const DefaultStartTime = "10:00"

// Validate checks in for case c at now and returns the hearing it
// describes (without its panel, which storage resolves). The notice rule
// is [ListingCheck]'s. Messages are keyed kind, committee, hearing_date,
// start_time, end_date, venue, privacy, short_notice_reason and
// review_type.
func (in HearingInput) Validate(p *Process, r Rules, c Case, now time.Time) (Hearing, error) {
	fe := FieldErrors{}
	h := Hearing{CaseID: c.ID, Kind: in.Kind, Committee: in.Committee, Remote: in.Remote,
		Venue: strings.TrimSpace(in.Venue), Privacy: in.Privacy, ShortNoticeAgreed: in.ShortNoticeAgreed,
		ShortNoticeReason: strings.TrimSpace(in.ShortNoticeReason), Status: HearingListed}
	if !in.Kind.Valid() {
		fe.Add("kind", "Select the kind of hearing")
	} else if msg := hearingStageProblem(p, c, in.Kind); msg != "" {
		fe.Add("kind", msg)
	}
	if !hasOption(HearingCommittees, string(in.Committee)) {
		fe.Add("committee", "Select the committee")
	} else if in.Committee == CommitteeInvestigating && in.Kind != HearingFinal && in.Kind != HearingInterim {
		fe.Add("committee", "The Investigating Committee holds only register-entry and interim order hearings")
	}
	if h.Privacy == "" {
		h.Privacy = PrivacyPublic
	} else if !hasOption(Privacies, string(h.Privacy)) {
		fe.Add("privacy", "Select whether the hearing is held in public")
	}
	in.checkPlace(fe, &h)
	in.checkWhen(fe, r, &h, now)
	if in.Kind == HearingReview && in.ReviewType != "mandatory" && in.ReviewType != "early" {
		fe.Add("review_type", "Select the kind of review")
	}
	return h, fe.Err()
}

// checkPlace checks the venue and the short-notice reason.
func (in HearingInput) checkPlace(fe FieldErrors, h *Hearing) {
	switch {
	case h.Venue == "" && !h.Remote:
		fe.Add("venue", "Enter the venue, or say that the hearing is held remotely")
	case utf8.RuneCountInString(h.Venue) > venueMax:
		fe.Add("venue", "The venue must be 200 characters or fewer")
	}
	switch {
	case !h.ShortNoticeAgreed:
		h.ShortNoticeReason = ""
	case h.ShortNoticeReason == "":
		fe.Add("short_notice_reason", "Enter why short notice was agreed")
	case utf8.RuneCountInString(h.ShortNoticeReason) > InputTextareaMax:
		fe.Add("short_notice_reason", "The reason must be 20,000 characters or fewer")
	}
}

// checkWhen checks the dates, the start time and the notice.
func (in HearingInput) checkWhen(fe FieldErrors, r Rules, h *Hearing, now time.Time) {
	if in.Date.IsZero() {
		fe.Add("hearing_date", "Enter the date of the hearing")
		return
	}
	day := civilMidnight(in.Date)
	if !day.After(today(now)) {
		fe.Add("hearing_date", "The date of the hearing must be in the future")
		return
	}
	clock := strings.TrimSpace(in.StartTime)
	if clock == "" {
		clock = DefaultStartTime
	}
	hm, err := time.Parse("15:04", clock)
	if err != nil {
		fe.Add("start_time", "Enter the start time as hours and minutes on the 24-hour clock, like 09:30")
		return
	}
	h.Start = ukClock(day, hm.Hour(), hm.Minute())
	h.End = day
	if !in.EndDate.IsZero() {
		h.End = civilMidnight(in.EndDate)
	}
	if h.End.Before(day) {
		fe.Add("end_date", "The last day must be on or after the first day")
	}
	if err := checkNotice(r, in.Kind.NoticePeriod(r), now, h.Start, h.ShortNoticeAgreed); err != nil {
		for k, v := range ErrorFields(err) {
			fe.Add(k, v)
		}
	}
}

// hearingStageProblem says why a hearing of kind k cannot be listed for c
// now, or "".
func hearingStageProblem(p *Process, c Case, k HearingKind) string {
	if !c.Open() && k != HearingRestoration {
		return "This case is closed"
	}
	var ok bool
	var where string
	switch k {
	case HearingFinal:
		ok, where = c.Stage == StagePreHearing, p.StageLabel(StagePreHearing)
	case HearingReview:
		ok, where = c.Stage == StageOrderInForce, p.StageLabel(StageOrderInForce)
	case HearingRestoration:
		ok, where = c.Stage == StageRestoration, p.StageLabel(StageRestoration)
	case HearingInterim:
		ok = c.InterimStage == StageInterimConsidered || c.InterimStage == StageInterimInForce
		where = "an interim order being considered or in force"
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("A %s can only be listed at %s; this case is at %s", strings.ToLower(k.Label()), where, p.StageLabel(c.Stage))
}

// ListAction returns the process action that records the listing on the
// case and its inputs; false for kinds the process does not list.
func (h Hearing) ListAction(reviewType string) (ActionName, Input, bool) {
	date := h.Day().Format(time.DateOnly)
	mode := "in_person"
	if h.Remote {
		mode = "remote"
	}
	switch h.Kind {
	case HearingFinal:
		in := Input{"hearing_date": date, "committee": processCommittee(h.Committee), "mode": mode, "venue": h.Venue}
		if h.ShortNoticeAgreed {
			in["short_notice_agreed"], in["short_notice_reason"] = "yes", h.ShortNoticeReason
		}
		return ActionListHearing, in, true
	case HearingReview:
		return ActionListReview, Input{"review_type": reviewType, "hearing_date": date, "mode": mode, "venue": h.Venue}, true
	}
	return "", nil, false
}

// processCommittee is the committee as the process table's inputs name it.
func processCommittee(c Committee) string {
	switch c {
	case CommitteeHealth:
		return "hc"
	case CommitteeInvestigating:
		return "ic"
	}
	return "ccc"
}

// Event types of hearings that the process table does not record itself.
const (
	EventHearingListed = "hearing_listed"
)

// ListedEvent is the case event for a listing no process action records
// (interim order and restoration hearings).
func (h Hearing) ListedEvent(a Actor) Event {
	return Event{CaseID: h.CaseID, Type: EventHearingListed, ActorID: a.UserID, ActorName: a.Name,
		OnBehalfOf: a.OnBehalfOf, At: h.ListedAt, Payload: map[string]string{
			"kind": string(h.Kind), "hearing_date": h.Day().Format(time.DateOnly), "committee": string(h.Committee)}}
}

// civilMidnight returns the calendar date of t as midnight UTC.
func civilMidnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ukClock returns the instant at hour:minute on the UK clock on day (a
// date at midnight UTC).
func ukClock(day time.Time, hour, minute int) time.Time {
	t := day.Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	_, offset := ukTime(t).Zone()
	return t.Add(-time.Duration(offset) * time.Second).UTC()
}

func optionLabel(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

func hasOption(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}

// HearingService lists hearings and records their decisions, the orders
// they make and publishes what the public may see.
type HearingService interface {
	// ListHearing lists a hearing of the case at version, applying the
	// process's listing action in the same transaction. EInvalid with
	// fields (the notice rule among them); EConflict when stale.
	ListHearing(ctx context.Context, actor Actor, caseID string, version int, in HearingInput) (Hearing, error)
	// FindHearing returns a hearing actor may see, or ENotFound.
	FindHearing(ctx context.Context, actor Actor, id string) (Hearing, error)
	// CaseHearings returns the hearings of a case, soonest first.
	CaseHearings(ctx context.Context, actor Actor, caseID string) ([]Hearing, error)
	// RecordDecision records the panel's decision on a listed hearing of
	// the case at version, applies the matching process action and makes
	// the orders it makes, in one transaction.
	RecordDecision(ctx context.Context, actor Actor, hearingID string, version int, in HearingDecisionInput) (HearingDecision, error)
	// HearingDecision returns the decision of a hearing, or ENotFound.
	HearingDecision(ctx context.Context, actor Actor, hearingID string) (HearingDecision, error)
}
