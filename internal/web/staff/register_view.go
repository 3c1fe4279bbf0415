package staff

import (
	"net/http"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// searchLimit is the most register search results shown.
const searchLimit = 50

// hitRow is one register search result, in words.
type hitRow struct {
	ID, Number, Name, Profession, Town string
	Status                             fitness.RegistrantStatus
}

// searchRegister searches the register by number or name. An empty search
// shows the form, with an error only once it has been submitted.
func (a *app) searchRegister(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := web.NewForm(q)
	p := a.page(r, "Search the register")
	if !q.Has("q") {
		return web.Render(w, r, http.StatusOK, registerSearchPage(p, f, nil, false))
	}
	if f.Value("q") == "" {
		f.AddError("q", "Enter a registration number or a name")
		p.HasErrors = true
		return web.Render(w, r, http.StatusOK, registerSearchPage(p, f, nil, false))
	}
	hits, err := a.Registrants.SearchRegistrants(r.Context(), fitness.RegistrantQuery{Text: f.Value("q"), Limit: searchLimit})
	if f.SetError(err) {
		p.HasErrors = true
		return web.Render(w, r, http.StatusOK, registerSearchPage(p, f, nil, false))
	}
	if err != nil {
		return err
	}
	rows := make([]hitRow, 0, len(hits))
	for _, h := range hits {
		rows = append(rows, hitRow{ID: h.ID, Number: h.Number, Name: h.Name(), Profession: h.ProfessionName,
			Town: h.Town, Status: h.Status})
	}
	return web.Render(w, r, http.StatusOK, registerSearchPage(p, f, rows, true))
}

// statusColour picks the tag colour for a register status.
func statusColour(s fitness.RegistrantStatus) web.TagColour {
	switch s {
	case fitness.StatusRegistered:
		return web.TagGreen
	case fitness.StatusSuspended:
		return web.TagOrange
	case fitness.StatusStruckOff:
		return web.TagRed
	}
	return web.TagGrey
}

// registrantData is what the registrant page shows.
type registrantData struct {
	R           fitness.Registrant
	Profession  string
	Employments []fitness.Employment
	Cases       []caseRow
	CanRaise    bool
	Address     *addressData // where letters go (service_address.go); nil when letters are off
	Referrals   *web.Table   // referrals about the registrant; nil when the actor may not see referrals
}

// registrant shows one registrant: their entry, employment history and
// the cases about them.
func (a *app) registrant(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	reg, err := a.Registrants.FindRegistrant(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := registrantData{R: reg, CanRaise: allowed(actor, fitness.PermConcernCreate)}
	if d.Profession, err = a.professionName(r, reg.ProfessionCode); err != nil {
		return err
	}
	if d.Employments, err = a.Registrants.Employments(ctx, reg.ID); err != nil {
		return err
	}
	if allowed(actor, fitness.PermCaseList) {
		cases, err := a.Cases.CasesForRegistrant(ctx, actor, reg.ID)
		if err != nil {
			return err
		}
		d.Cases = a.caseRows(cases)
	}
	if d.Address, err = a.serviceAddressOf(r, reg); err != nil {
		return err
	}
	if a.Referrals != nil && allowed(actor, fitness.PermReferralView) {
		refs, err := a.Referrals.ListReferrals(ctx, actor, fitness.ReferralFilter{RegistrantID: reg.ID})
		if err != nil {
			return err
		}
		t := referralTable("Referrals about "+reg.Name(), refs)
		d.Referrals = &t
	}
	p := a.page(r, reg.Name())
	p.BackLink = "/register"
	return web.Render(w, r, http.StatusOK, registrantPage(p, d))
}

// professionName returns the name of the profession with code.
func (a *app) professionName(r *http.Request, code string) (string, error) {
	profs, err := a.Registrants.Professions(r.Context())
	if err != nil {
		return "", err
	}
	for _, p := range profs {
		if p.Code == code {
			return p.Name, nil
		}
	}
	return code, nil
}

// employmentTable lays out an employment history, "Present" for current work.
func employmentTable(list []fitness.Employment) web.Table {
	t := web.Table{Caption: "Employment history, most recent first", HideCaption: true,
		Head: []string{"Employer", "Role", "From", "To"}}
	for _, e := range list {
		to := "Present"
		if !e.Current() {
			to = web.FormatDate(e.To)
		}
		t.Rows = append(t.Rows, []templ.Component{web.Link("/employers/"+e.EmployerID, e.EmployerName), web.Text(e.Role),
			web.Text(web.FormatDate(e.From)), web.Text(to)})
	}
	return t
}
