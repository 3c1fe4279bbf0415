package staff

import (
	"net/http"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// employerData is the employer page.
type employerData struct {
	P         fitness.EmployerProfile
	Kind      string
	CanChange bool
	Current   web.Table
	Past      web.Table
	Cases     []caseRow
	CanCases  bool
}

// employerKinds names the kinds of employer the register records.
var employerKinds = map[string]string{"council": "Local council", "nhs-trust": "NHS trust",
	"private": "Private provider", "charity": "Charity"}

// employerProfile loads the employer of the request; ENotFound when the
// employer pages are not offered.
func (a *app) employerProfile(r *http.Request) (fitness.EmployerProfile, error) {
	if a.Employers == nil {
		return fitness.EmployerProfile{}, web.PageNotFound()
	}
	return a.Employers.EmployerProfile(r.Context(), r.PathValue("id"))
}

// employer shows an employer: its entry, where letters to it go, its staff
// on the register, past and present, and the cases that mention it.
func (a *app) employer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	p, err := a.employerProfile(r)
	if err != nil {
		return err
	}
	kind := employerKinds[p.Employer.Kind]
	if kind == "" {
		kind = p.Employer.Kind
	}
	d := employerData{P: p, Kind: kind, CanChange: allowed(actor, fitness.PermInvestigate),
		CanCases: allowed(actor, fitness.PermCaseList)}
	d.Current, d.Past = staffTables(p.Staff)
	if d.CanCases {
		cases, err := a.Employers.CasesForEmployer(ctx, actor, p.Employer.ID)
		if err != nil {
			return err
		}
		d.Cases = a.caseRows(cases)
	}
	page := a.page(r, p.Employer.Name)
	page.BackLink = "/register"
	return web.Render(w, r, http.StatusOK, employerPage(page, d))
}

// staffTables returns the tables of an employer's current and past staff.
func staffTables(list []fitness.EmployerStaff) (current, past web.Table) {
	current = web.Table{Caption: "Staff on the register now", Head: []string{"Registrant", "Status", "Role", "Since"}}
	past = web.Table{Caption: "Staff on the register in the past", Head: []string{"Registrant", "Status", "Role", "From", "To"}}
	for _, s := range list {
		who := web.Link("/registrants/"+s.RegistrantID, s.RegistrantName+" ("+s.RegistrantNumber+")")
		status := web.Tag(s.Status.Label(), statusColour(s.Status))
		if s.Current() {
			current.Rows = append(current.Rows, []templ.Component{who, status, web.Text(s.Role), web.Text(web.FormatDate(s.From))})
			continue
		}
		past.Rows = append(past.Rows, []templ.Component{who, status, web.Text(s.Role), web.Text(web.FormatDate(s.From)),
			web.Text(web.FormatDate(s.To))})
	}
	return current, past
}

// employerAddressForm shows the form that sets where letters to an
// employer go.
func (a *app) employerAddressForm(w http.ResponseWriter, r *http.Request) error {
	p, err := a.employerProfile(r)
	if err != nil {
		return err
	}
	return a.renderEmployerAddress(w, r, http.StatusOK, filledAddressForm(p.Address), p.Employer)
}

// setEmployerAddress sets where letters to an employer go and goes back
// to the employer, or shows the form again with what was typed.
func (a *app) setEmployerAddress(w http.ResponseWriter, r *http.Request) error {
	p, err := a.employerProfile(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = a.Employers.SetEmployerAddress(ctx, web.ActorFrom(ctx), p.Employer.ID, addressOf(f))
	if f.SetError(err) {
		return a.renderEmployerAddress(w, r, http.StatusUnprocessableEntity, f, p.Employer)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Where letters to "+p.Employer.Name+" are sent has been saved")
	return web.Redirect(w, r, "/employers/"+p.Employer.ID)
}

func (a *app) renderEmployerAddress(w http.ResponseWriter, r *http.Request, status int, f *web.Form, e fitness.Employer) error {
	f.Order = []string{serviceEmailField, servicePostalField}
	p := a.page(r, "Where letters are sent – "+e.Name)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/employers/" + e.ID
	return web.Render(w, r, status, employerAddressPage(p, f, e))
}
