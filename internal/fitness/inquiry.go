package fitness

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Inquiry is an own-motion inquiry (HPO art 22(6), the Rotherham type):
// the regulator, prompted by a published report, looks at everyone who
// worked for some employers during a period, whatever their status or
// employer today.
type Inquiry struct {
	ID         string
	Title      string
	Source     PublishedReport
	Employers  []Employer // the employers whose staff are in question
	From, To   time.Time  // the period, inclusive dates
	Team       []TeamMember
	CreatedAt  time.Time
	CreatedBy  string    // user id
	LastScoped time.Time // when the scope was last run; zero before the first run
}

// PublishedReport is the published source an inquiry starts from.
type PublishedReport struct {
	Title     string
	Publisher string
	Published time.Time // a date
	Link      string    // an http(s) address; optional
	Summary   string
}

// TeamMember is a member of staff on an inquiry's team.
type TeamMember struct {
	UserID string
	Name   string
}

// EmployerIDs returns the ids of the inquiry's employers.
func (inq Inquiry) EmployerIDs() []string {
	out := make([]string, len(inq.Employers))
	for i, e := range inq.Employers {
		out[i] = e.ID
	}
	return out
}

// TeamUserIDs returns the user ids of the inquiry's team.
func (inq Inquiry) TeamUserIDs() []string {
	out := make([]string, len(inq.Team))
	for i, m := range inq.Team {
		out[i] = m.UserID
	}
	return out
}

// Resource describes the inquiry to [Decide]: inquiry material is visible
// to its team and to the roles the policy names.
func (inq Inquiry) Resource() Resource {
	return Resource{Kind: "inquiry", InquiryID: inq.ID, TeamUserIDs: inq.TeamUserIDs()}
}

// InquiryInput is what staff give to open an inquiry. Dates are calendar
// dates (midnight UTC); storage checks that the employers and team members
// exist.
type InquiryInput struct {
	Title           string
	SourceTitle     string
	SourcePublisher string
	SourcePublished time.Time
	SourceLink      string
	SourceSummary   string
	EmployerIDs     []string
	From, To        time.Time
	TeamUserIDs     []string
}

// earliestPeriod is the earliest date an inquiry's period may start: the
// register's employment history does not go further back.
var earliestPeriod = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

// NewInquiry validates in and returns the inquiry to store at now, or
// EInvalid with a message per field (title, source_title,
// source_publisher, source_published, source_link, source_summary,
// employers, from, to, team). The creator is always on the team. Storage
// fills in the ID and the names of employers and team members.
func NewInquiry(in InquiryInput, a Actor, now time.Time) (Inquiry, error) {
	fe := FieldErrors{}
	inq := Inquiry{CreatedAt: now, CreatedBy: a.UserID}
	inq.Title = fieldValue(fe, "title", "Title", in.Title, true, InputText, now)
	inq.Source = newReport(fe, in, now)
	inq.From, inq.To = checkPeriod(fe, in.From, in.To, now)
	for _, id := range uniqueIDs(in.EmployerIDs) {
		inq.Employers = append(inq.Employers, Employer{ID: id})
	}
	if len(inq.Employers) == 0 {
		fe.Add("employers", "Select at least one employer")
	}
	for _, id := range uniqueIDs(append([]string{a.UserID}, in.TeamUserIDs...)) {
		inq.Team = append(inq.Team, TeamMember{UserID: id})
	}
	if err := fe.Err(); err != nil {
		return Inquiry{}, err
	}
	return inq, nil
}

// newReport validates the published source of an inquiry.
func newReport(fe FieldErrors, in InquiryInput, now time.Time) PublishedReport {
	r := PublishedReport{
		Title:     fieldValue(fe, "source_title", "Title of the report", in.SourceTitle, true, InputText, now),
		Publisher: fieldValue(fe, "source_publisher", "Publisher", in.SourcePublisher, true, InputText, now),
		Summary:   fieldValue(fe, "source_summary", "Summary of the report", in.SourceSummary, true, InputTextarea, now),
		Link:      fieldValue(fe, "source_link", "Link to the report", in.SourceLink, false, InputText, now),
	}
	switch {
	case in.SourcePublished.IsZero():
		fe.Add("source_published", "Enter the date the report was published")
	case calendarDate(in.SourcePublished).After(today(now)):
		fe.Add("source_published", "The date the report was published must be today or in the past")
	default:
		r.Published = calendarDate(in.SourcePublished)
	}
	if r.Link != "" {
		if u, err := url.Parse(r.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fe.Add("source_link", "Enter the link as a full web address, like https://www.example.org/report")
			r.Link = ""
		}
	}
	return r
}

// checkPeriod validates an inquiry's period: both dates given, the start
// no later than the end, neither in the future nor before 1950.
func checkPeriod(fe FieldErrors, from, to time.Time, now time.Time) (time.Time, time.Time) {
	day := today(now)
	for _, d := range []struct {
		field, label string
		t            time.Time
	}{{"from", "start", from}, {"to", "end", to}} {
		switch {
		case d.t.IsZero():
			fe.Add(d.field, "Enter the date the period of the inquiry "+d.label+"s")
		case calendarDate(d.t).After(day):
			fe.Add(d.field, "The "+d.label+" of the period must be today or in the past")
		case calendarDate(d.t).Before(earliestPeriod):
			fe.Add(d.field, "The "+d.label+" of the period must be on or after 1 January 1950")
		}
	}
	if !from.IsZero() && !to.IsZero() && calendarDate(to).Before(calendarDate(from)) {
		fe.Add("to", "The end of the period must be the same as or after its start")
	}
	return calendarDate(from), calendarDate(to)
}

// uniqueIDs returns the trimmed, non-empty ids in order, without repeats.
func uniqueIDs(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// InquiryService runs own-motion inquiries: scoping, art 25 demands to the
// employers, screening of each person in scope and the bulk steps that do
// these for many people at once. Every method answers ENotFound for an
// inquiry the actor may not see (not on its team, and no role seeing every
// inquiry) and EForbidden for a change the actor may not make.
type InquiryService interface {
	// CreateInquiry validates and stores a new inquiry. EInvalid with the
	// fields of [NewInquiry], and "employers"/"team" for unknown ids.
	CreateInquiry(ctx context.Context, actor Actor, in InquiryInput) (Inquiry, error)
	// FindInquiry returns one inquiry.
	FindInquiry(ctx context.Context, actor Actor, id string) (Inquiry, error)
	// ListInquiries lists the inquiries actor may see, newest first.
	ListInquiries(ctx context.Context, actor Actor) ([]Inquiry, error)
	// InquiryOfCase returns the inquiry a case was opened from, with ok
	// false for a case not opened from one the actor may see. The case
	// shares the inquiry's evidence by this link.
	InquiryOfCase(ctx context.Context, actor Actor, caseID string) (inq Inquiry, ok bool, err error)

	// RunScope finds everyone in scope now by [OverlapRule], stores the
	// result as a new snapshot and returns it with the difference from the
	// previous snapshot (everyone added on the first run).
	RunScope(ctx context.Context, actor Actor, inquiryID string) (ScopeRun, error)
	// Snapshots lists the inquiry's scope snapshots, newest first, without
	// their entries.
	Snapshots(ctx context.Context, actor Actor, inquiryID string) ([]ScopeSnapshot, error)
	// Snapshot returns one snapshot with its entries; snapshotID "" means
	// the latest. ENotFound before the first run.
	Snapshot(ctx context.Context, actor Actor, inquiryID, snapshotID string) (ScopeSnapshot, error)
	// CompareSnapshots returns the difference between two snapshots.
	CompareSnapshots(ctx context.Context, actor Actor, inquiryID, fromID, toID string) (ScopeDiff, error)

	// People returns the people in the latest scope with their in-scope
	// employments, screening and any case opened, ordered by name.
	People(ctx context.Context, actor Actor, inquiryID string, f PersonFilter) ([]InquiryPerson, error)
	// Person returns one person in the latest scope. ENotFound when they
	// are not in it.
	Person(ctx context.Context, actor Actor, inquiryID, registrantID string) (InquiryPerson, error)
	// Dashboard returns the inquiry's progress.
	Dashboard(ctx context.Context, actor Actor, inquiryID string) (InquiryDashboard, error)

	// StartDemands starts the bulk step sending one art 25 demand to each
	// employer, listing its staff in the latest scope. EInvalid ("details",
	// "due"); EConflict before the first scope run.
	StartDemands(ctx context.Context, actor Actor, inquiryID string, in DemandInput) (BulkStep, error)
	// Demands lists the inquiry's demands with the people each lists.
	Demands(ctx context.Context, actor Actor, inquiryID string) ([]InquiryDemand, error)
	// FindDemand returns one demand with the people it lists.
	FindDemand(ctx context.Context, actor Actor, inquiryID, demandID string) (InquiryDemand, error)
	// RecordDemandAnswer records the employer's answer about one person
	// listed on a demand. EInvalid ("answer", "received_on").
	RecordDemandAnswer(ctx context.Context, actor Actor, inquiryID, demandID, registrantID string, in DemandAnswerInput) (InquiryDemand, error)

	// Screen records the screening of one person in scope, taking its
	// effect (opening a case, making a referral) in the same transaction.
	// EInvalid ("outcome", "reasons", "other_body"); EConflict when the
	// person has already been screened.
	Screen(ctx context.Context, actor Actor, inquiryID, registrantID string, in ScreeningInput) (Screening, error)
	// StartScreening validates in and starts the bulk step applying it to
	// each selected person ("registrants" when none or one not in scope).
	StartScreening(ctx context.Context, actor Actor, inquiryID string, registrantIDs []string, in ScreeningInput) (BulkStep, error)
	// StartLetters starts the bulk step requesting, for each selected
	// person whose screening opened a case, the notice of investigation on
	// that case ("registrants" when none or one not in scope).
	StartLetters(ctx context.Context, actor Actor, inquiryID string, registrantIDs []string) (BulkStep, error)

	// BulkSteps lists the inquiry's bulk steps with their progress, newest
	// first.
	BulkSteps(ctx context.Context, actor Actor, inquiryID string) ([]BulkStep, error)
	// FindBulkStep returns one bulk step and its outcome per person.
	FindBulkStep(ctx context.Context, actor Actor, inquiryID, stepID string) (BulkStep, []BulkItem, error)
}
