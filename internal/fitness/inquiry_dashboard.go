package fitness

import (
	"slices"
	"strings"
	"time"
)

// OutcomeCounts counts people by screening outcome.
type OutcomeCounts map[ScreeningOutcome]int

// Breakdown is one row of a dashboard table: people of one role or one
// employer, counted by screening outcome.
type Breakdown struct {
	Key      string // the role, or the employer id
	Label    string
	Total    int
	Outcomes OutcomeCounts
}

// CaseProgress counts the cases screening opened, by where they stand.
type CaseProgress struct {
	Opened  int
	Open    int
	Closed  int
	ByStage map[Stage]int // open cases
}

// DemandProgress counts an inquiry's demands and the answers about people.
type DemandProgress struct {
	Demands        int
	Answered       int // demands answered about everyone they list
	Overdue        int
	People         int // people listed across all demands
	PeopleAnswered int
}

// InquiryDashboard is an inquiry's progress: how many are in scope, how
// screening stands overall, per role and per employer, and the state of
// the cases opened and of the demands.
type InquiryDashboard struct {
	Inquiry    Inquiry
	Snapshot   ScopeSnapshot // the latest, without entries; zero before the first run
	InScope    int
	Outcomes   OutcomeCounts
	ByRole     []Breakdown
	ByEmployer []Breakdown
	Cases      CaseProgress
	Demands    DemandProgress
}

// BuildDashboard counts people and demands into a dashboard at now. A
// person is counted under the role of their latest in-scope employment and
// under every employer they are in scope through.
func BuildDashboard(inq Inquiry, snap ScopeSnapshot, people []InquiryPerson, demands []InquiryDemand, now time.Time) InquiryDashboard {
	snap.Entries = nil
	d := InquiryDashboard{Inquiry: inq, Snapshot: snap, InScope: len(people), Outcomes: OutcomeCounts{},
		Cases: CaseProgress{ByStage: map[Stage]int{}}}
	roles, employers := map[string]*Breakdown{}, map[string]*Breakdown{}
	for _, p := range people {
		o := p.Outcome()
		d.Outcomes[o]++
		count(roles, p.Role(), p.Role(), o)
		for _, id := range employerIDsOf(p) {
			count(employers, id, employerName(p, id), o)
		}
		d.Cases.add(p)
	}
	d.ByRole, d.ByEmployer = sortedBreakdowns(roles), sortedBreakdowns(employers)
	for _, q := range demands {
		d.Demands.add(q, now)
	}
	return d
}

// add counts the case opened for p, if any.
func (c *CaseProgress) add(p InquiryPerson) {
	if p.Screening.CaseID == "" {
		return
	}
	c.Opened++
	if p.CaseClosed {
		c.Closed++
		return
	}
	c.Open++
	c.ByStage[p.CaseStage]++
}

// add counts demand q at now.
func (d *DemandProgress) add(q InquiryDemand, now time.Time) {
	d.Demands++
	d.People += len(q.People)
	for _, p := range q.People {
		if !p.AnsweredAt.IsZero() {
			d.PeopleAnswered++
		}
	}
	switch q.Shown(now) {
	case RequestAnswered:
		d.Answered++
	case RequestOverdue:
		d.Overdue++
	}
}

// count adds one person with outcome o to the breakdown under key.
func count(m map[string]*Breakdown, key, label string, o ScreeningOutcome) {
	b, ok := m[key]
	if !ok {
		b = &Breakdown{Key: key, Label: label, Outcomes: OutcomeCounts{}}
		m[key] = b
	}
	b.Total++
	b.Outcomes[o]++
}

// sortedBreakdowns returns the breakdowns by label.
func sortedBreakdowns(m map[string]*Breakdown) []Breakdown {
	out := make([]Breakdown, 0, len(m))
	for _, b := range m {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b Breakdown) int {
		return cmpFirst(strings.Compare(a.Label, b.Label), strings.Compare(a.Key, b.Key))
	})
	return out
}

// employerIDsOf returns the distinct employers of p's in-scope employments.
func employerIDsOf(p InquiryPerson) []string {
	var out []string
	for _, e := range p.Employments {
		if !slices.Contains(out, e.EmployerID) {
			out = append(out, e.EmployerID)
		}
	}
	return out
}

// employerName returns the name of employer id among p's employments.
func employerName(p InquiryPerson, id string) string {
	for _, e := range p.Employments {
		if e.EmployerID == id {
			return e.EmployerName
		}
	}
	return id
}
