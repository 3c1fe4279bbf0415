package fitness

import "context"

// TeamFilter selects the open cases of a team view. Its zero value is
// every open case.
type TeamFilter struct {
	CaseManagerID string // "" for any; [Unallocated] for cases with none
	Stage         Stage  // main or interim stage; "" for any
	Band          int    // Band.Number; 0 for any
	BreachedOnly  bool
	After         string // cursor from a previous page
	Limit         int
}

// Unallocated is the TeamFilter.CaseManagerID of cases with no case
// manager.
const Unallocated = "none"

// TeamRow is one open case of a team view.
type TeamRow struct {
	CaseSummary
	Band     Band
	Breached bool
	OnHold   bool
}

// BandCount counts the open cases of one ageing band.
type BandCount struct {
	Band     Band
	Cases    int
	Breached int
}

// ManagerCount counts the open cases of one case manager ("" ID for cases
// not allocated), per ageing band (ByBand[i] for band i+1).
type ManagerCount struct {
	CaseManagerID string
	Name          string
	Cases         int
	Breached      int
	ByBand        []int
}

// TeamQueue is a page of a team view and the counts of the whole team.
// The counts cover every open case the actor may see, whatever the
// filter; the rows are the page of cases the filter selects, oldest
// receipt first.
type TeamQueue struct {
	Rows     []TeamRow
	Next     string // cursor for the next page; "" at the end
	Bands    []BandCount
	Managers []ManagerCount // by name, unallocated last
	Cases    int            // open cases in all
	Breached int
}

// TeamService is the team leader's view of the caseload.
type TeamService interface {
	// TeamQueue returns the counts of the open cases actor may see and a
	// page of those f selects. EForbidden without [PermTeamView];
	// EInvalid for a bad cursor.
	TeamQueue(ctx context.Context, actor Actor, f TeamFilter) (TeamQueue, error)
	// ReassignCases allocates every case named to the case manager in one
	// transaction, each through the process action "allocate" at the
	// version given for it. All or nothing: a stale version, a closed case
	// or a case the actor may not act on refuses them all (EConflict,
	// naming the cases). EInvalid with fields "cases" or "case_manager".
	ReassignCases(ctx context.Context, actor Actor, caseIDs []string, versions map[string]int, caseManagerID string) error
}

// ClockService is everything about clocks storage offers: holds and the
// team view.
type ClockService interface {
	HoldService
	TeamService
}
