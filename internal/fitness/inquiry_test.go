package fitness

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func d(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// OverlapCases are the boundary cases of the overlap rule for the period
// 1997-01-01..2013-12-31; storage's test runs the same cases through SQL.
var OverlapCases = []struct {
	Name       string
	Start, End string
	In         bool
}{
	{"left the day before the period", "1990-03-01", "1996-12-31", false},
	{"left on the first day", "1990-03-01", "1997-01-01", true},
	{"joined on the last day", "2013-12-31", "", true},
	{"joined the day after", "2014-01-01", "", false},
	{"still employed, joined before", "1995-05-05", "", true},
	{"within the period", "2000-01-01", "2001-01-01", true},
	{"spans the whole period", "1990-01-01", "2020-01-01", true},
	{"one day, on the first day", "1997-01-01", "1997-01-01", true},
	{"ended long before", "1990-01-01", "1991-01-01", false},
}

func TestEmploymentOverlaps(t *testing.T) {
	from, to := d("1997-01-01"), d("2013-12-31")
	for _, c := range OverlapCases {
		if got := EmploymentOverlaps(d(c.Start), d(c.End), from, to); got != c.In {
			t.Errorf("%s: EmploymentOverlaps(%s, %q) = %v, want %v", c.Name, c.Start, c.End, got, c.In)
		}
	}
}

func TestNewInquiryValidates(t *testing.T) {
	now := d("2026-06-01").Add(10 * time.Hour)
	a := Actor{UserID: "u1", Name: "Casey"}
	_, err := NewInquiry(InquiryInput{SourceLink: "javascript:alert(1)", From: d("2014-01-01"), To: d("2013-01-01"),
		SourcePublished: d("2027-01-01")}, a, now)
	want := map[string]string{
		"title":            "Enter title",
		"source_title":     "Enter title of the report",
		"source_publisher": "Enter publisher",
		"source_summary":   "Enter summary of the report",
		"source_link":      "Enter the link as a full web address, like https://www.example.org/report",
		"source_published": "The date the report was published must be today or in the past",
		"employers":        "Select at least one employer",
		"to":               "The end of the period must be the same as or after its start",
	}
	got := ErrorFields(err)
	for k := range want {
		if got[k] == "" {
			t.Errorf("no message for %s; got %v", k, got)
		}
	}
	if ErrorCode(err) != EInvalid || len(got) != len(want) {
		t.Errorf("fields = %v, want keys of %v", got, want)
	}
	inq, err := NewInquiry(InquiryInput{Title: " Inquiry ", SourceTitle: "Report", SourcePublisher: "Council",
		SourcePublished: d("2014-08-26"), SourceLink: "https://example.org/r", SourceSummary: "What it found",
		EmployerIDs: []string{"e1", "e1", " "}, From: d("1997-01-01"), To: d("2013-12-31"),
		TeamUserIDs: []string{"u2", "u1"}}, a, now)
	if err != nil {
		t.Fatal(err)
	}
	if inq.Title != "Inquiry" || len(inq.Employers) != 1 || !cmp.Equal(inq.TeamUserIDs(), []string{"u1", "u2"}) {
		t.Errorf("inquiry = %+v", inq)
	}
	if r := inq.Resource(); r.Kind != "inquiry" || !cmp.Equal(r.TeamUserIDs, []string{"u1", "u2"}) {
		t.Errorf("resource = %+v", r)
	}
}

func entry(reg, emp, role, from, to string) ScopeEntry {
	return ScopeEntry{RegistrantID: reg, Name: "Name " + reg, Number: "SW" + reg, Status: StatusRegistered,
		EmploymentID: emp, EmployerID: "council", Role: role, From: d(from), To: d(to)}
}

func TestDiffScope(t *testing.T) {
	before := []ScopeEntry{entry("1", "e1", "Social worker", "1995-01-01", ""),
		entry("2", "e2", "Social worker", "1999-01-01", "2001-01-01"),
		entry("3", "e3", "Team manager", "2005-01-01", "")}
	after := []ScopeEntry{entry("1", "e1", "Social worker", "1995-01-01", ""),
		entry("3", "e3", "Team manager", "2005-01-01", "2015-01-01"),
		entry("4", "e4", "Social worker", "2013-12-31", "")}
	diff := DiffScope(before, after)
	if len(diff.Added) != 1 || diff.Added[0].RegistrantID != "4" {
		t.Errorf("added = %+v", diff.Added)
	}
	if len(diff.Removed) != 1 || diff.Removed[0].RegistrantID != "2" {
		t.Errorf("removed = %+v", diff.Removed)
	}
	if len(diff.Changed) != 1 || diff.Changed[0].After.Employments[0].To != d("2015-01-01") {
		t.Errorf("changed = %+v", diff.Changed)
	}
	if !DiffScope(after, after).Empty() {
		t.Error("a scope compared with itself is not empty")
	}
	first := DiffScope(nil, after)
	if len(first.Added) != 3 || len(first.Removed)+len(first.Changed) != 0 {
		t.Errorf("first run diff = %+v", first)
	}
}

func TestBuildDashboard(t *testing.T) {
	now := d("2026-06-01")
	p := func(id, role string, s Screening, stage Stage, closed bool) InquiryPerson {
		ps := GroupScope([]ScopeEntry{entry(id, "e"+id, role, "2000-01-01", "")})[0]
		return InquiryPerson{ScopePerson: ps, Screening: s, CaseStage: stage, CaseClosed: closed}
	}
	people := []InquiryPerson{
		p("1", "Social worker", Screening{}, "", false),
		p("2", "Social worker", Screening{Outcome: ScreenOpenCase, CaseID: "c2"}, StageTriage, false),
		p("3", "Team manager", Screening{Outcome: ScreenOpenCase, CaseID: "c3"}, "", true),
		p("4", "Team manager", Screening{Outcome: ScreenNoAction}, "", false),
	}
	demands := []InquiryDemand{{Status: RequestOpen, Due: d("2026-05-01"), People: []DemandPerson{
		{RegistrantID: "1", AnsweredAt: now}, {RegistrantID: "2"}}}}
	db := BuildDashboard(Inquiry{}, ScopeSnapshot{Entries: []ScopeEntry{{}}}, people, demands, now)
	want := OutcomeCounts{ScreenNotScreened: 1, ScreenOpenCase: 2, ScreenNoAction: 1}
	if !cmp.Equal(db.Outcomes, want) || db.InScope != 4 || db.Snapshot.Entries != nil {
		t.Errorf("outcomes = %v, in scope %d", db.Outcomes, db.InScope)
	}
	if len(db.ByRole) != 2 || db.ByRole[0].Label != "Social worker" || db.ByRole[1].Outcomes[ScreenOpenCase] != 1 {
		t.Errorf("by role = %+v", db.ByRole)
	}
	if len(db.ByEmployer) != 1 || db.ByEmployer[0].Total != 4 {
		t.Errorf("by employer = %+v", db.ByEmployer)
	}
	if db.Cases.Opened != 2 || db.Cases.Open != 1 || db.Cases.Closed != 1 || db.Cases.ByStage[StageTriage] != 1 {
		t.Errorf("cases = %+v", db.Cases)
	}
	if db.Demands != (DemandProgress{Demands: 1, Overdue: 1, People: 2, PeopleAnswered: 1}) {
		t.Errorf("demands = %+v", db.Demands)
	}
}

func TestDemandAnswerAndSweep(t *testing.T) {
	r := HCPCRules()
	sent := d("2026-05-01").Add(9 * time.Hour)
	q := InquiryDemand{Status: RequestOpen, SentAt: sent, Due: d("2026-05-15"), EmployerName: "Council",
		People: []DemandPerson{{RegistrantID: "1"}, {RegistrantID: "2"}}}
	if _, err := (DemandAnswerInput{}).Validate(sent, sent); ErrorFields(err)["answer"] == "" {
		t.Errorf("empty answer accepted: %v", err)
	}
	in, err := DemandAnswerInput{Answer: "Employed as a social worker"}.Validate(sent, sent)
	if err != nil {
		t.Fatal(err)
	}
	q, err = q.Answer("1", in, Actor{UserID: "u"}, sent)
	if err != nil || q.Status != RequestOpen {
		t.Fatalf("after one answer: %v %v", q.Status, err)
	}
	if _, err := q.Answer("9", in, Actor{}, sent); ErrorCode(err) != ENotFound {
		t.Errorf("answer about someone not listed: %v", err)
	}
	late := d("2026-05-20").Add(12 * time.Hour)
	chased, ev, ok := q.Sweep(r, SystemActor, late)
	if !ok || ev != EventRequestChased || chased.ChasedAt.IsZero() {
		t.Errorf("sweep = %v %v %+v", ok, ev, chased)
	}
	if _, _, ok := chased.Sweep(r, SystemActor, late); ok {
		t.Error("chased twice on the same day")
	}
	q, _ = q.Answer("2", in, Actor{UserID: "u"}, sent)
	if q.Status != RequestAnswered || q.ClosedAt.IsZero() {
		t.Errorf("after every answer: %v", q.Status)
	}
}

func TestScreeningInputValidate(t *testing.T) {
	now := d("2026-06-01")
	_, err := ScreeningInput{Outcome: ScreenRefer}.Validate(now)
	if f := ErrorFields(err); f["reasons"] == "" || f["other_body"] == "" {
		t.Errorf("fields = %v", f)
	}
	in, err := ScreeningInput{Outcome: ScreenNoAction, Reasons: " Left before the events ", OtherBodyID: "x"}.Validate(now)
	if err != nil || in.OtherBodyID != "" || in.Reasons != "Left before the events" {
		t.Errorf("in = %+v, %v", in, err)
	}
	if _, err := (ScreeningInput{Outcome: "maybe", Reasons: "x"}).Validate(now); ErrorFields(err)["outcome"] == "" {
		t.Errorf("unknown outcome accepted: %v", err)
	}
}
