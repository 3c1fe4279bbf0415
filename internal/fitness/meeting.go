package fitness

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Committee is a practice committee whose panels meet.
type Committee string

// Committees. Only the Investigating Committee meets through meetings so
// far; the others will follow with hearings.
const (
	CommitteeInvestigating     Committee = "investigating"
	CommitteeConductCompetence Committee = "conduct_competence"
	CommitteeHealth            Committee = "health"
)

// Label returns the committee's name.
func (c Committee) Label() string {
	switch c {
	case CommitteeInvestigating:
		return "Investigating Committee"
	case CommitteeConductCompetence:
		return "Conduct and Competence Committee"
	case CommitteeHealth:
		return "Health Committee"
	}
	return string(c)
}

// AlwaysPrivate reports whether the committee's meetings are always held in
// private: an Investigating Committee panel meets in private, on the papers.
func (c Committee) AlwaysPrivate() bool { return c == CommitteeInvestigating }

// MeetingCommittees lists the committees a meeting can be arranged for now.
var MeetingCommittees = []Committee{CommitteeInvestigating}

// Meeting is a meeting of a panel: when and where, whether private, who
// sits on the panel and the cases on its agenda, in agenda order.
type Meeting struct {
	ID        string
	Committee Committee
	Date      time.Time // the day it meets (UTC midnight)
	Private   bool      // always true for the Investigating Committee
	Remote    bool      // held by video; Venue may then be empty
	Venue     string
	Panel     []PanelMember // in seat order: chair, lay member, registrant member
	Cases     []AgendaItem  // the agenda, in order
	CreatedAt time.Time
	CreatedBy string // user id
}

// AgendaItem is one case on a meeting's agenda.
type AgendaItem struct {
	CaseID           string
	Reference        string
	RegistrantName   string
	RegistrantNumber string
	ProfessionCode   string
	Stage            Stage
	Outcome          ICPOutcome // "" until the panel's decision is recorded
}

// Place returns where the meeting is held, in words.
func (m Meeting) Place() string {
	switch {
	case m.Remote && m.Venue != "":
		return m.Venue + " (remote)"
	case m.Remote:
		return "Remote, by video"
	}
	return m.Venue
}

// PanelUserIDs returns the user ids of the panel.
func (m Meeting) PanelUserIDs() []string {
	out := make([]string, len(m.Panel))
	for i, p := range m.Panel {
		out[i] = p.UserID
	}
	return out
}

// Chair returns the panel's chair, if chosen.
func (m Meeting) Chair() (PanelMember, bool) {
	for _, p := range m.Panel {
		if p.Kind == PanelChair {
			return p, true
		}
	}
	return PanelMember{}, false
}

// Resource describes the meeting to [Decide]: panel-scoped roles reach it
// only when they sit on its panel.
func (m Meeting) Resource() Resource {
	return Resource{Kind: "meeting", PanelUserIDs: m.PanelUserIDs()}
}

// Listed reports whether the case is on the agenda.
func (m Meeting) Listed(caseID string) bool {
	return slices.ContainsFunc(m.Cases, func(a AgendaItem) bool { return a.CaseID == caseID })
}

// DecisionActor returns the actor under whom a decision of this meeting's
// panel is applied to a case: a hearings officer as they are; the panel's
// chair with the hearings officer's authority to record a panel decision,
// for this meeting's cases only (a specific grant). Anyone else is refused
// with EForbidden.
func (m Meeting) DecisionActor(a Actor) (Actor, error) {
	if a.Has(RoleHearingsOfficer) {
		return a, nil
	}
	if chair, ok := m.Chair(); ok && chair.UserID == a.UserID && a.Has(RolePanelMember) {
		a.Roles = append(slices.Clone(a.Roles), RoleHearingsOfficer)
		return a, nil
	}
	return Actor{}, Errorf(EForbidden, "Only a hearings officer or the chair of the panel can record its decision")
}

// MeetingInput is what is needed to arrange a meeting.
type MeetingInput struct {
	Committee Committee
	Date      time.Time // a date
	Remote    bool
	Venue     string
	Panel     []string // user ids; optional at first
}

// Longest venue accepted, in characters.
const venueMax = 200

// Validate checks the input and returns the meeting it describes (without
// its panel, which storage resolves from the user ids).
func (in MeetingInput) Validate() (Meeting, error) {
	fe := FieldErrors{}
	if !slices.Contains(MeetingCommittees, in.Committee) {
		fe.Add("committee", "Select the committee")
	}
	if in.Date.IsZero() {
		fe.Add("date", "Enter the date of the meeting")
	}
	venue := strings.TrimSpace(in.Venue)
	switch {
	case venue == "" && !in.Remote:
		fe.Add("venue", "Enter the venue, or say that the meeting is held remotely")
	case utf8.RuneCountInString(venue) > venueMax:
		fe.Add("venue", "The venue must be 200 characters or fewer")
	}
	y, mo, d := in.Date.Date()
	m := Meeting{Committee: in.Committee, Date: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC),
		Private: in.Committee.AlwaysPrivate(), Remote: in.Remote, Venue: venue}
	return m, fe.Err()
}

// CheckAgendaCase checks that c may go on the agenda of m: it is at the
// Investigating Committee stage, its registrant is identified and it is not
// listed already. The panel rules are checked separately.
func (m Meeting) CheckAgendaCase(p *Process, c Case) error {
	fe := FieldErrors{}
	switch {
	case m.Listed(c.ID):
		fe.Add("case", c.Reference+" is already on the agenda")
	case c.Stage != StageICP:
		fe.Add("case", c.Reference+" is at "+p.StageLabel(c.Stage)+
			": only cases referred to the Investigating Committee can go on the agenda")
	case c.RegistrantID == "":
		fe.Add("case", "The registrant of "+c.Reference+" has not been identified yet")
	}
	return fe.Err()
}

// MeetingService arranges panel meetings, their agendas and bundles, and
// records the panels' decisions.
type MeetingService interface {
	// CreateMeeting arranges a meeting, with its panel when ids are
	// given. EInvalid with fields; EForbidden.
	CreateMeeting(ctx context.Context, actor Actor, in MeetingInput) (Meeting, error)
	// FindMeeting returns a meeting actor may see, or ENotFound.
	FindMeeting(ctx context.Context, actor Actor, id string) (Meeting, error)
	// ListMeetings returns the meetings actor may see, soonest last:
	// every meeting for a hearings officer, their own for a panel member.
	ListMeetings(ctx context.Context, actor Actor) ([]Meeting, error)
	// SetPanel chooses the panel (user ids), checked by [ValidatePanel]
	// against every case on the agenda.
	SetPanel(ctx context.Context, actor Actor, meetingID string, userIDs []string) (Meeting, error)
	// AddCase puts a case (id or reference) at the end of the agenda.
	AddCase(ctx context.Context, actor Actor, meetingID, caseIDOrRef string) (Meeting, error)
	// Bundle returns the papers for one case on the agenda.
	Bundle(ctx context.Context, actor Actor, meetingID, caseID string) (Bundle, error)
	// RecordDecision records the panel's decision on a case on the agenda
	// at version and applies the matching process action in the same
	// transaction. EConflict when the case changed since version.
	RecordDecision(ctx context.Context, actor Actor, meetingID, caseID string, version int, in ICPDecisionInput) (ICPDecision, error)
	// Decision returns the decision recorded on a case of the meeting, or
	// ENotFound.
	Decision(ctx context.Context, actor Actor, meetingID, caseID string) (ICPDecision, error)
	// Notice returns the notice of decision for a decided case. It goes to
	// the registrant and the person who raised the concern and is never
	// published.
	Notice(ctx context.Context, actor Actor, meetingID, caseID string) (NoticeOfDecision, error)
}

// CheckDecision checks a decision recorded for this meeting: it cannot be
// dated before the meeting.
func (m Meeting) CheckDecision(d ICPDecision) error {
	if !d.DecidedOn.IsZero() && d.DecidedOn.Before(m.Date) {
		return &Error{Code: EInvalid, Message: "There is a problem with what you entered", Fields: map[string]string{
			"decided_on": "The date of the decision must be on or after the meeting, " + formatDate(m.Date)}}
	}
	return nil
}
