package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// inquiryHead is what every page of an inquiry shows at its top: its
// title, the section links and whether the actor may change it.
type inquiryHead struct {
	Inq       fitness.Inquiry
	Section   string // "overview", "scope", "demands", "screening" or "letters"
	CanManage bool
}

// inquirySection is one link of an inquiry's section navigation.
type inquirySection struct{ Key, Text, Href string }

// sections lists the sections of the inquiry.
func (h inquiryHead) sections() []inquirySection {
	base := "/inquiries/" + h.Inq.ID
	return []inquirySection{{"overview", "Overview", base}, {"scope", "Scope", base + "/scope"},
		{"demands", "Demands to employers", base + "/demands"}, {"screening", "Screening", base + "/screening"},
		{"letters", "Letters", base + "/letters"}}
}

// loadInquiry finds the inquiry of the request's {id} for the actor, as
// the head of the section named.
func (a *app) loadInquiry(r *http.Request, section string) (inquiryHead, error) {
	if a.Inquiries == nil {
		return inquiryHead{}, web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	inq, err := a.Inquiries.FindInquiry(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return inquiryHead{}, err
	}
	return inquiryHead{Inq: inq, Section: section,
		CanManage: fitness.Decide(actor, fitness.PermInquiryManage, inq.Resource()).Allow}, nil
}

// countRow is one row of a dashboard table: a label and its counts.
type countRow struct {
	Label, Href string
	Counts      []int
}

// inquiryOverview is what an inquiry's overview page shows: the inquiry
// and its dashboard.
type inquiryOverview struct {
	inquiryHead
	D          fitness.InquiryDashboard
	Outcomes   []fitness.ScreeningOutcome // the dashboard's columns
	ByOutcome  []countRow
	ByRole     []countRow
	ByEmployer []countRow
	ByStage    []countRow
	Cases      []caseOpened
}

// caseOpened is a case screening opened, and where it stands.
type caseOpened struct{ CaseID, Reference, Person, Stage string }

// dashboardOutcomes are the columns of the dashboard's tables.
var dashboardOutcomes = []fitness.ScreeningOutcome{fitness.ScreenNotScreened, fitness.ScreenNoAction,
	fitness.ScreenOpenCase, fitness.ScreenRefer}

// inquiryView shows an inquiry: its source, employers, period and team,
// and the dashboard of its progress.
func (a *app) inquiryView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "overview")
	if err != nil {
		return err
	}
	actor := web.ActorFrom(r.Context())
	dash, err := a.Inquiries.Dashboard(r.Context(), actor, h.Inq.ID)
	if err != nil {
		return err
	}
	d := inquiryOverview{inquiryHead: h, D: dash, Outcomes: dashboardOutcomes}
	base := "/inquiries/" + h.Inq.ID + "/screening"
	for _, o := range dashboardOutcomes {
		d.ByOutcome = append(d.ByOutcome, countRow{Label: o.Label(), Href: base + "?screened=" + string(o),
			Counts: []int{dash.Outcomes[o]}})
	}
	d.ByRole = breakdownRows(dash.ByRole, base+"?role=")
	d.ByEmployer = breakdownRows(dash.ByEmployer, base+"?employer=")
	for _, s := range a.Process.Stages {
		if n := dash.Cases.ByStage[s.Stage]; n > 0 {
			d.ByStage = append(d.ByStage, countRow{Label: s.Label, Counts: []int{n}})
		}
	}
	if dash.Cases.Opened > 0 {
		people, err := a.Inquiries.People(r.Context(), actor, h.Inq.ID, fitness.PersonFilter{Outcome: fitness.ScreenOpenCase})
		if err != nil {
			return err
		}
		for _, p := range people {
			c := caseOpened{CaseID: p.Screening.CaseID, Reference: p.Screening.CaseReference,
				Person: p.Name + " (" + p.Number + ")", Stage: a.stageLabel(p.CaseStage)}
			if p.CaseClosed {
				c.Stage += " (closed)"
			}
			d.Cases = append(d.Cases, c)
		}
	}
	return web.Render(w, r, http.StatusOK, inquiryOverviewPage(a.page(r, h.Inq.Title), d))
}

// breakdownRows turns a dashboard breakdown into table rows, each linked
// to the people it counts.
func breakdownRows(bs []fitness.Breakdown, href string) []countRow {
	var out []countRow
	for _, b := range bs {
		row := countRow{Label: b.Label, Href: href + url.QueryEscape(b.Key), Counts: []int{b.Total}}
		for _, o := range dashboardOutcomes {
			row.Counts = append(row.Counts, b.Outcomes[o])
		}
		out = append(out, row)
	}
	return out
}

// teamNames lists the names of an inquiry's team.
func teamNames(inq fitness.Inquiry) string {
	names := make([]string, len(inq.Team))
	for i, m := range inq.Team {
		names[i] = m.Name
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// itoa is strconv.Itoa, short for the templates.
func itoa(n int) string { return strconv.Itoa(n) }

// loadCaseInquiry adds to a case's page the inquiry whose screening opened
// it, when there is one the actor may see.
func (a *app) loadCaseInquiry(r *http.Request, d *caseData) error {
	if a.Inquiries == nil {
		return nil
	}
	inq, ok, err := a.Inquiries.InquiryOfCase(r.Context(), web.ActorFrom(r.Context()), d.C.ID)
	if ok {
		d.Inquiry = &inq
	}
	return err
}
