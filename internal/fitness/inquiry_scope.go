package fitness

import (
	"slices"
	"strings"
	"time"
)

// OverlapRule names the rule deciding who is in an inquiry's scope, and
// its version. It is stored with every snapshot, so a snapshot always says
// by which rule it was taken. Change the name when the rule changes.
const OverlapRule = "employment-overlaps-period/v1"

// OverlapRuleText is [OverlapRule] in words, for the screens.
const OverlapRuleText = "Employed by one of the inquiry's employers at any time in its period: " +
	"the employment started on or before the last day of the period and had not ended before its first day " +
	"(dates inclusive; an employment with no end date is still going on)."

// EmploymentOverlaps is the one overlap rule: an employment from start to
// end (zero end: still employed) overlaps the period from..to, all dates
// inclusive, iff start <= to and (end is open or end >= from). Storage's
// scoping query mirrors it in SQL, and a test proves they agree.
func EmploymentOverlaps(start, end, from, to time.Time) bool {
	start, from, to = calendarDate(start), calendarDate(from), calendarDate(to)
	if start.After(to) {
		return false
	}
	return end.IsZero() || !calendarDate(end).Before(from)
}

// ScopeEntry is one employment that puts a registrant in scope, with the
// registrant's status when the scope was run.
type ScopeEntry struct {
	RegistrantID string
	Number       string
	Name         string
	Status       RegistrantStatus // at the time of the run
	EmploymentID string
	EmployerID   string
	EmployerName string
	Role         string
	From         time.Time
	To           time.Time // zero: still employed
}

// ScopeSnapshot is the stored result of one scope run: who was in scope,
// when, by which rule.
type ScopeSnapshot struct {
	ID          string
	InquiryID   string
	Seq         int // 1 for the first run of the inquiry, then 2, …
	Rule        string
	TakenAt     time.Time
	TakenBy     string // user id
	TakenByName string
	People      int // distinct registrants
	Entries     []ScopeEntry
}

// ScopePerson is one registrant in scope with the employments that put
// them there.
type ScopePerson struct {
	RegistrantID string
	Number       string
	Name         string
	Status       RegistrantStatus
	Employments  []ScopeEntry
}

// Roles returns the distinct roles of the person's in-scope employments.
func (p ScopePerson) Roles() []string {
	var out []string
	for _, e := range p.Employments {
		if !slices.Contains(out, e.Role) {
			out = append(out, e.Role)
		}
	}
	return out
}

// ScopeChange is a person in scope before and after whose in-scope
// employments or status differ.
type ScopeChange struct {
	Before, After ScopePerson
}

// ScopeDiff is what changed between two snapshots: people who came into
// scope, people who left it, and people still in scope whose employments
// or status changed.
type ScopeDiff struct {
	FromID, ToID string // snapshot ids; FromID "" against nothing
	Added        []ScopePerson
	Removed      []ScopePerson
	Changed      []ScopeChange
}

// Empty reports whether nothing changed.
func (d ScopeDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0
}

// ScopeRun is the result of running an inquiry's scope: the new snapshot
// and the difference from the one before.
type ScopeRun struct {
	Snapshot ScopeSnapshot
	Diff     ScopeDiff
}

// GroupScope groups entries by person, ordered by name then number, each
// person's employments by start date.
func GroupScope(entries []ScopeEntry) []ScopePerson {
	byID := map[string]int{}
	var out []ScopePerson
	for _, e := range entries {
		i, ok := byID[e.RegistrantID]
		if !ok {
			i = len(out)
			byID[e.RegistrantID] = i
			out = append(out, ScopePerson{RegistrantID: e.RegistrantID, Number: e.Number, Name: e.Name, Status: e.Status})
		}
		out[i].Employments = append(out[i].Employments, e)
	}
	for _, p := range out {
		slices.SortFunc(p.Employments, func(a, b ScopeEntry) int {
			return cmpFirst(a.From.Compare(b.From), strings.Compare(a.EmploymentID, b.EmploymentID))
		})
	}
	slices.SortFunc(out, func(a, b ScopePerson) int {
		return cmpFirst(strings.Compare(a.Name, b.Name), strings.Compare(a.Number, b.Number),
			strings.Compare(a.RegistrantID, b.RegistrantID))
	})
	return out
}

// cmpFirst returns the first non-zero comparison.
func cmpFirst(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

// DiffScope returns what changed from the entries of one snapshot to
// those of the next, person by person.
func DiffScope(before, after []ScopeEntry) ScopeDiff {
	return DiffPeople(GroupScope(before), GroupScope(after))
}

// DiffPeople is DiffScope over entries already grouped by GroupScope.
func DiffPeople(before, after []ScopePerson) ScopeDiff {
	old := make(map[string]ScopePerson, len(before))
	for _, p := range before {
		old[p.RegistrantID] = p
	}
	var d ScopeDiff
	seen := make(map[string]bool, len(after))
	for _, p := range after {
		seen[p.RegistrantID] = true
		o, ok := old[p.RegistrantID]
		switch {
		case !ok:
			d.Added = append(d.Added, p)
		case !samePerson(o, p):
			d.Changed = append(d.Changed, ScopeChange{Before: o, After: p})
		}
	}
	for _, p := range before {
		if !seen[p.RegistrantID] {
			d.Removed = append(d.Removed, p)
		}
	}
	return d
}

// samePerson reports whether a person's scope facts are unchanged: status
// and every in-scope employment's employer, role and dates.
func samePerson(a, b ScopePerson) bool {
	if a.Status != b.Status || len(a.Employments) != len(b.Employments) {
		return false
	}
	for i, e := range a.Employments {
		f := b.Employments[i]
		if e.EmploymentID != f.EmploymentID || e.EmployerID != f.EmployerID || e.Role != f.Role ||
			!e.From.Equal(f.From) || !e.To.Equal(f.To) {
			return false
		}
	}
	return true
}
