package staff

import (
	"net/http"
	"net/url"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// pageSize is the number of cases in one page of a list.
const pageSize = 50

// caseRow is one case in a list, in words.
type caseRow struct {
	ID          string
	Reference   string
	Registrant  string
	Stage       string
	InStage     string
	Manager     string
	Due         string
	Overdue     bool
	DaysOverdue string
}

// caseRows turns case summaries into rows, flagging overdue ones.
func (a *app) caseRows(cases []fitness.CaseSummary) []caseRow {
	now := a.Now()
	rows := make([]caseRow, 0, len(cases))
	for _, c := range cases {
		row := caseRow{
			ID:         c.ID,
			Reference:  c.Reference,
			Registrant: registrantLabel(c),
			Stage:      a.stageLabel(c.Stage),
			InStage:    a.daysSince(c.StageEnteredAt),
			Manager:    c.CaseManagerName,
		}
		if due := c.NextDue(); !due.IsZero() {
			row.Due = web.FormatDate(due)
			if days := web.DaysBetween(due, now); days > 0 {
				row.Overdue, row.DaysOverdue = true, web.FormatDays(days)+" overdue"
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// registrantLabel names who a case is about.
func registrantLabel(c fitness.CaseSummary) string {
	if c.RegistrantID != "" && c.RegistrantName != "" {
		return c.RegistrantName + " (" + c.RegistrantNumber + ")"
	}
	return "Not yet identified: " + c.SubjectName
}

// home shows the signed-in user's open cases, soonest due first; users who
// hold no case list see links to what they may do.
func (a *app) home(w http.ResponseWriter, r *http.Request) error {
	actor := web.ActorFrom(r.Context())
	if !allowed(actor, fitness.PermCaseList) {
		p := a.page(r, "Home")
		return web.Render(w, r, http.StatusOK, homePage(p))
	}
	after := r.URL.Query().Get("after")
	page, err := a.Cases.ListCases(r.Context(), actor, fitness.CaseFilter{
		CaseManagerID: actor.UserID, OpenOnly: true, After: after, Limit: pageSize,
	})
	if err != nil {
		return err
	}
	var next string
	if page.Next != "" {
		next = "/?after=" + url.QueryEscape(page.Next)
	}
	p := a.page(r, "My cases")
	return web.Render(w, r, http.StatusOK, myCasesPage(p, a.caseRows(page.Cases), next, canSeeAllCases(actor)))
}

// allCases lists every open case the actor may see, filtered by stage and
// case manager, a page at a time.
func (a *app) allCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := web.NewForm(url.Values{"stage": {q.Get("stage")}, "manager": {q.Get("manager")}})
	filter := fitness.CaseFilter{OpenOnly: true, After: q.Get("after"), Limit: pageSize,
		CaseManagerID: f.Value("manager")}
	if s := fitness.Stage(f.Value("stage")); a.knownStage(s) {
		filter.Stage = s
	}
	page, err := a.Cases.ListCases(r.Context(), web.ActorFrom(r.Context()), filter)
	if err != nil {
		return err
	}
	managers, err := a.userOptions(r, fitness.RoleCaseManager, "Any case manager")
	if err != nil {
		return err
	}
	var next string
	if page.Next != "" {
		v := url.Values{"after": {page.Next}}
		if filter.Stage != "" {
			v.Set("stage", string(filter.Stage))
		}
		if filter.CaseManagerID != "" {
			v.Set("manager", filter.CaseManagerID)
		}
		next = "/cases?" + v.Encode()
	}
	p := a.page(r, "All open cases")
	stages := web.OptionsWithPrompt("Any stage", a.openStageOptions())
	return web.Render(w, r, http.StatusOK, allCasesPage(p, f, stages, managers, a.caseRows(page.Cases), next))
}

// userOptions lists the users holding role as options after a prompt.
func (a *app) userOptions(r *http.Request, role fitness.Role, prompt string) ([]fitness.Option, error) {
	users, err := a.Users.Users(r.Context(), role)
	if err != nil {
		return nil, err
	}
	opts := make([]fitness.Option, 0, len(users))
	for _, u := range users {
		if u.Active {
			opts = append(opts, fitness.Option{Value: u.ID, Label: u.Name})
		}
	}
	return web.OptionsWithPrompt(prompt, opts), nil
}

// daysSince says how long ago t was, in whole days.
func (a *app) daysSince(t time.Time) string {
	return web.FormatDays(max(web.DaysBetween(t, a.Now()), 0))
}

// today returns today's date in Europe/London, as midnight UTC (the way
// dates are stored).
func (a *app) today() time.Time {
	t := a.Now().In(web.London())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
