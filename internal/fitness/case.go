package fitness

import (
	"context"
	"time"
)

// SourceCategory is who raised a concern, in the categories regulators
// report on.
type SourceCategory string

// Source categories (HCPC statistics).
const (
	SourcePublic           SourceCategory = "public"
	SourceEmployer         SourceCategory = "employer"
	SourceSelfReferral     SourceCategory = "self_referral"
	SourceOtherRegistrant  SourceCategory = "other_registrant"
	SourcePolice           SourceCategory = "police"
	SourceProfessionalBody SourceCategory = "professional_body"
	SourceAnonymous        SourceCategory = "anonymous"
	SourceOther            SourceCategory = "other"
	SourceOwnMotion        SourceCategory = "own_motion" // art 22(6)
)

// SourceCategories lists every source category as options.
var SourceCategories = []Option{
	{string(SourcePublic), "Member of the public"},
	{string(SourceEmployer), "Employer"},
	{string(SourceSelfReferral), "Self-referral"},
	{string(SourceOtherRegistrant), "Another registrant"},
	{string(SourcePolice), "Police"},
	{string(SourceProfessionalBody), "Professional body"},
	{string(SourceAnonymous), "Anonymous"},
	{string(SourceOther), "Other"},
	{string(SourceOwnMotion), "The regulator of its own motion (article 22(6))"},
}

// ConcernSubject names one registrant a concern is about: by registrant id
// when known, or by the name and details given when not yet resolved.
type ConcernSubject struct {
	RegistrantID string
	Name         string // as given, when RegistrantID is empty
	Details      string // employer, profession, anything to help find them
}

// ConcernInput is what is needed to record a new concern.
type ConcernInput struct {
	ReceivedOn    time.Time // date received
	Source        SourceCategory
	RaisedByName  string // empty for anonymous and own-motion
	RaisedByEmail string
	Summary       string
	Subjects      []ConcernSubject
}

// Concern is what someone raised, about one or more registrants.
type Concern struct {
	ID            string
	ReceivedOn    time.Time
	Source        SourceCategory
	RaisedByName  string
	RaisedByEmail string
	Summary       string
	CreatedAt     time.Time
	CreatedBy     string
}

// Deadline is a running clock on a case.
type Deadline struct {
	Name  string
	Label string
	Due   time.Time
}

// Case is one registrant, one matter.
type Case struct {
	ID             string
	Reference      string // FTP-YYYY-NNNNN
	ConcernID      string
	RegistrantID   string // empty until resolved
	SubjectName    string // the name given in the concern
	SubjectDetails string
	Source         SourceCategory
	Summary        string
	Stage          Stage
	InterimStage   Stage // stage on the interim-order track; "" when not opened
	StageEnteredAt time.Time
	Version        int // number of events; optimistic concurrency
	ProcessVersion string
	CaseManagerID  string
	ReceivedOn     time.Time
	OpenedAt       time.Time
	ClosedAt       time.Time // zero while open
	Deadlines      []Deadline
	Linked         []string // ids of cases from the same concern
	// RestorationRefusals counts the applications for restoration a panel
	// has refused on this case (Rules.RestorationMaxRefusals).
	RestorationRefusals int
}

// NextDue returns the earliest deadline, or the zero time.
func (c Case) NextDue() time.Time {
	var due time.Time
	for _, d := range c.Deadlines {
		if due.IsZero() || d.Due.Before(due) {
			due = d.Due
		}
	}
	return due
}

// Open reports whether the case has not been closed.
func (c Case) Open() bool { return c.ClosedAt.IsZero() }

// CaseSummary is one row of a case list.
type CaseSummary struct {
	Case
	RegistrantName   string
	RegistrantNumber string
	CaseManagerName  string
}

// CaseFilter selects cases for a list.
type CaseFilter struct {
	CaseManagerID string // "" for any
	RegistrantID  string
	Stage         Stage
	OpenOnly      bool
	After         string // cursor from a previous page
	Limit         int
}

// CasePage is one page of a case list, ordered by next due date (cases
// with no due date last), then reference.
type CasePage struct {
	Cases []CaseSummary
	Next  string // cursor for the next page; "" at the end
}

// CaseService records concerns and runs cases through the process.
type CaseService interface {
	// CreateConcern records a concern and opens one case per subject, all
	// linked, in one transaction. EInvalid with fields for bad input.
	CreateConcern(ctx context.Context, actor Actor, in ConcernInput) (Concern, []Case, error)
	// FindCase returns the case with id or reference and records the read.
	// ENotFound when it does not exist or actor may not see it.
	FindCase(ctx context.Context, actor Actor, idOrRef string) (Case, error)
	// ListCases returns the cases actor may see that match f.
	ListCases(ctx context.Context, actor Actor, f CaseFilter) (CasePage, error)
	// ApplyAction applies an action to the case at version, recording its
	// events in the same transaction. EConflict when version is stale;
	// EInvalid with fields for bad input; EForbidden when the action is
	// not available to actor.
	ApplyAction(ctx context.Context, actor Actor, caseID string, version int, action ActionName, in Input) (Case, error)
	// CaseEvents returns the events of a case in order.
	CaseEvents(ctx context.Context, actor Actor, caseID string) ([]Event, error)
	// RecentEvents returns the latest limit events of a case, oldest
	// first: a page of its timeline (the case's Version counts them all).
	RecentEvents(ctx context.Context, actor Actor, caseID string, limit int) ([]Event, error)
	// CasesForRegistrant returns the cases about a registrant.
	CasesForRegistrant(ctx context.Context, actor Actor, registrantID string) ([]CaseSummary, error)
}
