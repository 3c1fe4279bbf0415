package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// teamData is what the team view shows.
type teamData struct {
	Q        fitness.TeamQueue
	Filter   *web.Form // the GET filters
	Form     *web.Form // the reassignment form: cases ticked, case manager chosen
	Managers []fitness.Option
	Stages   []fitness.Option
	Bands    []fitness.Option
	Rows     []teamRow
	Query    string // the filters as a query string, to come back to
	Next     string
	Target   string // the case age target in words
}

// teamRow is one case of the team view, in words.
type teamRow struct {
	ID, Reference, Registrant, Received, Band, Stage, Manager, Due, Version string
	Breached, OnHold                                                        bool
}

// teamFilterFields are the query parameters of the team view's filters.
var teamFilterFields = []string{"manager", "stage", "band", "breached"}

// teamView shows the counts of the team's open cases per ageing band and
// case manager, and the cases the filters select with a form to reassign
// those ticked.
func (a *app) teamView(w http.ResponseWriter, r *http.Request) error {
	return a.renderTeam(w, r, http.StatusOK, r.URL.Query(), web.NewForm(nil))
}

// renderTeam shows the team view for the filters in query, with the
// reassignment form form (what was ticked and chosen, and its errors).
func (a *app) renderTeam(w http.ResponseWriter, r *http.Request, status int, query url.Values, form *web.Form) error {
	if a.Clocks == nil {
		return web.PageNotFound()
	}
	d := teamData{Filter: web.NewForm(url.Values{}), Form: form, Target: a.Rules.TargetCaseAge.String()}
	filter := fitness.TeamFilter{After: query.Get("after"), Limit: pageSize}
	keep := url.Values{}
	for _, name := range teamFilterFields {
		if v := query.Get(name); v != "" {
			d.Filter.Values.Set(name, v)
			keep.Set(name, v)
		}
	}
	filter.CaseManagerID = d.Filter.Value("manager")
	if s := fitness.Stage(d.Filter.Value("stage")); a.knownStage(s) {
		filter.Stage = s
	}
	if n, err := strconv.Atoi(d.Filter.Value("band")); err == nil && n > 0 && n <= len(a.Rules.AgeingBandLimits)+1 {
		filter.Band = n
	}
	filter.BreachedOnly = d.Filter.Value("breached") == "yes"
	q, err := a.Clocks.TeamQueue(r.Context(), web.ActorFrom(r.Context()), filter)
	if err != nil {
		return err
	}
	d.Q, d.Query = q, keep.Encode()
	if err := a.teamOptions(r, &d); err != nil {
		return err
	}
	for _, row := range q.Rows {
		d.Rows = append(d.Rows, a.newTeamRow(row))
	}
	if q.Next != "" {
		next, _ := url.ParseQuery(d.Query)
		next.Set("after", q.Next)
		d.Next = "/team?" + next.Encode()
	}
	p := a.page(r, "Team view")
	p.HasErrors = form.HasErrors()
	return web.Render(w, r, status, teamPage(p, d))
}

// teamOptions fills in the choices of the filters and the reassignment.
func (a *app) teamOptions(r *http.Request, d *teamData) error {
	managers, err := a.userOptions(r, fitness.RoleCaseManager, "Any case manager")
	if err != nil {
		return err
	}
	d.Managers = append(managers, fitness.Option{Value: fitness.Unallocated, Label: "Not allocated"})
	d.Stages = web.OptionsWithPrompt("Any stage", a.openStageOptions())
	d.Bands = []fitness.Option{{Value: "", Label: "Any time since receipt"}}
	for _, b := range fitness.AgeingBands(a.Rules) {
		d.Bands = append(d.Bands, fitness.Option{Value: strconv.Itoa(b.Number), Label: b.Label})
	}
	return nil
}

func (a *app) newTeamRow(row fitness.TeamRow) teamRow {
	out := teamRow{ID: row.ID, Reference: row.Reference, Registrant: registrantLabel(row.CaseSummary),
		Received: web.FormatDate(row.ReceivedOn), Band: row.Band.Label, Stage: a.stageLabel(row.Stage),
		Manager: row.CaseManagerName, Version: strconv.Itoa(row.Version), Breached: row.Breached, OnHold: row.OnHold}
	if due := row.NextDue(); !due.IsZero() {
		out.Due = web.FormatDate(due)
	}
	return out
}

// reassignField is the name of the checkboxes of the cases to reassign;
// each listed case also sends its version as "version-" + its id.
const reassignField = "cases"

// reassign allocates the cases ticked to the case manager chosen, all or
// none. Errors show the team view again with the ticks and choice kept.
func (a *app) reassign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if a.Clocks == nil {
		return web.PageNotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	query, _ := url.ParseQuery(f.Value("filters"))
	ids := slices.Compact(slices.Sorted(slices.Values(f.Values[reassignField])))
	ids = slices.DeleteFunc(ids, func(s string) bool { return s == "" })
	versions := map[string]int{}
	for _, id := range ids {
		if v, err := strconv.Atoi(f.Value("version-" + id)); err == nil {
			versions[id] = v
		}
	}
	manager := f.Value("case_manager")
	err = a.Clocks.ReassignCases(ctx, web.ActorFrom(ctx), ids, versions, manager)
	f.Order = []string{reassignField, "case_manager"}
	f.Anchors[reassignField] = "cases-1"
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		f.Message = fitness.ErrorMessage(err)
		return a.renderTeam(w, r, http.StatusConflict, query, f)
	case f.SetError(err):
		return a.renderTeam(w, r, http.StatusUnprocessableEntity, query, f)
	case err != nil:
		return err
	}
	name := manager
	if u, err := a.Users.FindUser(ctx, manager); err == nil {
		name = u.Name
	}
	msg := fmt.Sprintf("%d cases reassigned to %s", len(ids), name)
	if len(ids) == 1 {
		msg = "1 case reassigned to " + name
	}
	web.AddFlash(ctx, a.Sessions, msg)
	return web.Redirect(w, r, "/team?"+query.Encode())
}
