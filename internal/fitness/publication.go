package fitness

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// PublicationKind is what is published about a hearing.
type PublicationKind string

// Kinds of publication.
const (
	PublicationListing  PublicationKind = "listing"  // the hearing, ahead of it
	PublicationDecision PublicationKind = "decision" // the decision, private parts removed
)

// EventDecisionPublished records on a closed case that its decision was
// published (an open case records it by the process's action).
const EventDecisionPublished = "decision_published"

// PublishedOutcomeLabel returns a publication's outcome key (see
// [HearingDecision.PublicationOutcome]) in words.
func PublishedOutcomeLabel(outcome string) string {
	switch outcome {
	case string(HearingNotWellFounded):
		return "Not well founded"
	case string(HearingNoFurtherAction):
		return "Well founded: no further action"
	}
	return OrderKind(outcome).Label()
}

// Publication is something put on the public site about a hearing: its
// listing ahead of the hearing, or its decision with private material
// removed. It is visible from PublishedAt until TakeDownAt. Investigating
// Committee decisions and private material are never published.
type Publication struct {
	ID          string
	CaseID      string
	HearingID   string
	DecisionID  string // decisions only
	Kind        PublicationKind
	Outcome     string    // decisions: the key of Rules.PublicationPeriods
	DueBy       time.Time // decisions: to be published by (a date)
	PublishedAt time.Time // zero until published; a listing: when it goes up
	TakeDownAt  time.Time // when it comes down; zero: it stays
	Text        string    // decisions: the published text
	CreatedAt   time.Time
}

// Visible reports whether the publication is on the public site at now.
func (p Publication) Visible(now time.Time) bool {
	return !p.PublishedAt.IsZero() && !now.Before(p.PublishedAt) && (p.TakeDownAt.IsZero() || now.Before(p.TakeDownAt))
}

// Late reports whether a decision is still unpublished after its due date.
func (p Publication) Late(now time.Time) bool {
	return p.Kind == PublicationDecision && p.PublishedAt.IsZero() && !p.DueBy.IsZero() && today(now).After(p.DueBy)
}

// Publishable reports whether anything about a hearing of committee c is
// published: Investigating Committee matters never are.
func Publishable(c Committee) bool { return c != CommitteeInvestigating }

// ListingPublication returns the listing of h, published
// Rules.ListingPublication before its first day (or at now, when listed at
// shorter notice) and taken down after its last day; false when h is not
// published at all.
func ListingPublication(r Rules, h Hearing, now time.Time) (Publication, bool) {
	if !Publishable(h.Committee) {
		return Publication{}, false
	}
	up := h.Dates(r).ListingPublishedOn
	if up.Before(now) {
		up = now
	}
	return Publication{CaseID: h.CaseID, HearingID: h.ID, Kind: PublicationListing, PublishedAt: up,
		TakeDownAt: h.End.AddDate(0, 0, 1), CreatedAt: now}, true
}

// DecisionPublication returns the publication of decision d of hearing h,
// due Rules.DecisionPublication after the decision and not yet published;
// false when such a decision is not published (Investigating Committee,
// interim order and restoration decisions, and outcomes the rules give no
// publication period).
func DecisionPublication(r Rules, h Hearing, d HearingDecision, now time.Time) (Publication, bool) {
	outcome := d.PublicationOutcome()
	period, ok := r.PublicationPeriods[outcome]
	if !Publishable(h.Committee) || outcome == "" || !ok || period.IsZero() {
		return Publication{}, false
	}
	return Publication{CaseID: h.CaseID, HearingID: h.ID, DecisionID: d.ID, Kind: PublicationDecision,
		Outcome: outcome, DueBy: r.DecisionPublication.After(d.DecidedOn, r.Calendar),
		Text: PublishedDecisionText(h, d), CreatedAt: now}, true
}

// Publish returns the decision published at now, to be taken down after
// the publication period for its outcome.
func (p Publication) Publish(r Rules, now time.Time) (Publication, error) {
	if p.Kind != PublicationDecision {
		return p, Errorf(EConflict, "A listing is published by itself ahead of the hearing")
	}
	if !p.PublishedAt.IsZero() {
		return p, Errorf(EConflict, "The decision was already published on %s", formatDate(p.PublishedAt))
	}
	period, ok := r.PublicationPeriods[p.Outcome]
	if !ok || period.IsZero() {
		return p, Errorf(EConflict, "Decisions of this kind are not published")
	}
	p.PublishedAt, p.TakeDownAt = now, period.After(now, r.Calendar)
	return p, nil
}

// PrivateParticular is what the published decision says in place of a
// particular heard in private.
const PrivateParticular = "This particular concerns a private matter and is not published."

// PublishedHeadings are the headings of the sections of a published
// decision's text, each on a line of its own between blank lines.
var PublishedHeadings = []string{"Preliminary matters", "Decision on facts", "Decision on grounds",
	"Decision on impairment", "Decision", "Reasons"}

// PublishedDecisionText returns the decision as published: the preliminary
// matters, the findings, the decision and its reasons, with every private
// part left out: particulars marked private, the private reasons and what
// was heard in private sessions.
func PublishedDecisionText(h Hearing, d HearingDecision) string {
	var b strings.Builder
	section := func(title string) { fmt.Fprintf(&b, "\n%s\n\n", title) }
	fmt.Fprintf(&b, "%s of the %s, decided on %s.\n", h.Kind.Label(), h.Committee.Label(), formatDate(d.DecidedOn))
	section("Preliminary matters")
	writePreliminary(&b, d.Preliminary, h)
	if len(d.Facts) > 0 {
		section("Decision on facts")
		for _, f := range d.Facts {
			if f.Private {
				fmt.Fprintf(&b, "Particular %s: %s\n", f.Number, PrivateParticular)
				continue
			}
			fmt.Fprintf(&b, "Particular %s: %s\nFinding: %s.", f.Number, f.Text, f.Finding.Label())
			if f.Reasons != "" {
				b.WriteString(" " + f.Reasons)
			}
			b.WriteString("\n")
		}
	}
	if d.HearingKind == HearingFinal && d.FellAt != "facts" && d.Ground != "" {
		section("Decision on grounds")
		fmt.Fprintf(&b, "Statutory ground: %s. Found: %s.\n", d.Ground.Label(), yesNoWord(d.GroundFound))
	}
	if d.Impairment != "" && d.FellAt != "facts" && d.FellAt != "ground" {
		section("Decision on impairment")
		fmt.Fprintf(&b, "Fitness to practise currently impaired: %s.\n", yesNoWord(d.Impairment))
	}
	section("Decision")
	fmt.Fprintf(&b, "%s.\n", d.OutcomeLabel())
	if d.LengthMonths > 0 {
		fmt.Fprintf(&b, "Length of the order: %s.\n", Period{Months: d.LengthMonths})
	}
	if d.Conditions != "" {
		fmt.Fprintf(&b, "Conditions of practice:\n%s\n", d.Conditions)
	}
	section("Reasons")
	b.WriteString(d.Reasons + "\n")
	return strings.TrimSpace(b.String())
}

func writePreliminary(b *strings.Builder, p Preliminary, h Hearing) {
	if p.ServiceProved {
		b.WriteString("The panel was satisfied that notice of the hearing was properly served.\n")
	}
	if p.ProceededInAbsence {
		fmt.Fprintf(b, "The registrant did not attend. The panel decided to proceed in their absence: %s\n", p.AbsenceReasons)
	}
	if p.PrivateSessions != "" || (h.Privacy != PrivacyPublic && h.Privacy != "") {
		b.WriteString("Parts of the hearing were heard in private. What was heard in private is not published.\n")
	}
	if p.Amendments != "" {
		fmt.Fprintf(b, "Amendments to the allegation: %s\n", p.Amendments)
	}
	if !p.ServiceProved && !p.ProceededInAbsence && p.PrivateSessions == "" && p.Amendments == "" && (h.Privacy == PrivacyPublic || h.Privacy == "") {
		b.WriteString("None.\n")
	}
}

func yesNoWord(a Answer) string {
	if a == AnswerYes {
		return "yes"
	}
	return "no"
}

// PublicListing is a hearing as the public site lists it: the registrant's
// name, profession, registration number and only the town of
// registration; the hearing; and the allegation, marked "as amended" when
// it was, left out when the hearing is held in private.
type PublicListing struct {
	HearingID          string
	Name               string
	ProfessionName     string
	RegistrationNumber string
	Town               string
	Kind               HearingKind
	Committee          Committee
	Start              time.Time
	End                time.Time
	Place              string
	Privacy            Privacy
	Allegation         string
	AsAmended          bool
	DecisionID         string // the published decision, once there is one
}

// PublicDecision is a published decision as the public site shows it.
type PublicDecision struct {
	ID                 string
	HearingID          string
	Name               string
	ProfessionName     string
	RegistrationNumber string
	Town               string
	Kind               HearingKind
	Committee          Committee
	Outcome            string // in words
	Text               string
	PublishedAt        time.Time
}

// PublicRecords is what the public site reads: only what is published and
// not taken down at now.
type PublicRecords interface {
	// PublicListings returns the hearings listed at now, soonest first.
	PublicListings(ctx context.Context, now time.Time) ([]PublicListing, error)
	// PublicListing returns one listed hearing, or ENotFound.
	PublicListing(ctx context.Context, hearingID string, now time.Time) (PublicListing, error)
	// PublicDecision returns a published decision, or ENotFound.
	PublicDecision(ctx context.Context, id string, now time.Time) (PublicDecision, error)
}

// PublicationService publishes decisions and lists what a case has
// published.
type PublicationService interface {
	// CasePublications returns what the case has published or will.
	CasePublications(ctx context.Context, actor Actor, caseID string) ([]Publication, error)
	// PublishDecision publishes a decision of the case at version;
	// ENotFound when the publication is not the case's.
	PublishDecision(ctx context.Context, actor Actor, caseID, publicationID string, version int) (Publication, error)
}
