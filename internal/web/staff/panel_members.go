package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// panelMemberRow is one panel member in the list.
type panelMemberRow struct {
	UserID, Name, Seat, Profession, Qualified string
	SetUp                                     bool
}

// panelMemberList lists the users holding the panel member role with the
// seat each fills.
func (a *app) panelMemberList(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	users, err := a.Users.Users(ctx, fitness.RolePanelMember)
	if err != nil {
		return err
	}
	members, err := a.Panels.PanelMembers(ctx)
	if err != nil {
		return err
	}
	professions, err := a.Registrants.Professions(ctx)
	if err != nil {
		return err
	}
	byID := map[string]fitness.PanelMember{}
	for _, m := range members {
		byID[m.UserID] = m
	}
	var rows []panelMemberRow
	for _, u := range users {
		if !u.Active {
			continue
		}
		row := panelMemberRow{UserID: u.ID, Name: u.Name, Seat: "Not set up yet"}
		if m, ok := byID[u.ID]; ok {
			row.SetUp, row.Seat, row.Qualified = true, m.Kind.Label(), "No"
			if m.LegallyQualified {
				row.Qualified = "Yes"
			}
			if m.Kind == fitness.PanelRegistrant {
				row.Profession = professionLabel(professions, m.ProfessionCode)
			}
		}
		rows = append(rows, row)
	}
	return web.Render(w, r, http.StatusOK, panelMemberListPage(a.page(r, "Panel members"), rows))
}

// panelMemberFormData is what a panel member's form shows.
type panelMemberFormData struct {
	User        fitness.User
	Professions []fitness.Option
}

// panelMemberUser returns the user the page is about: an active user
// holding the panel member role, else "Page not found".
func (a *app) panelMemberUser(r *http.Request) (fitness.User, error) {
	u, err := a.Users.FindUser(r.Context(), r.PathValue("id"))
	if err != nil || !u.Active || !u.HasRole(fitness.RolePanelMember) {
		if err == nil || fitness.ErrorCode(err) == fitness.ENotFound {
			err = web.PageNotFound()
		}
		return u, err
	}
	return u, nil
}

// panelMemberForm shows the form setting up a panel member's seat.
func (a *app) panelMemberForm(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	u, err := a.panelMemberUser(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	m, err := a.Panels.FindPanelMember(r.Context(), u.ID)
	switch {
	case err == nil:
		f.Values.Set("kind", string(m.Kind))
		f.Values.Set("profession", m.ProfessionCode)
		f.Values.Set("legally_qualified", "no")
		if m.LegallyQualified {
			f.Values.Set("legally_qualified", "yes")
		}
	case fitness.ErrorCode(err) != fitness.ENotFound:
		return err
	}
	return a.renderPanelMember(w, r, http.StatusOK, u, f)
}

// savePanelMember saves the seat, or shows the form again.
func (a *app) savePanelMember(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	u, err := a.panelMemberUser(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"kind", "profession", "legally_qualified"}
	if q := f.Value("legally_qualified"); q != "yes" && q != "no" {
		f.AddError("legally_qualified", "Select whether they are legally qualified")
	}
	m := fitness.PanelMember{UserID: u.ID, Kind: fitness.PanelKind(f.Value("kind")),
		ProfessionCode: f.Value("profession"), LegallyQualified: f.Value("legally_qualified") == "yes"}
	if !f.HasErrors() {
		_, err = a.Panels.SavePanelMember(r.Context(), web.ActorFrom(r.Context()), m)
	} else {
		ps, perr := a.Registrants.Professions(r.Context())
		if perr != nil {
			return perr
		}
		_, err = m.Validate(ps)
	}
	if f.SetError(err) || f.HasErrors() {
		return a.renderPanelMember(w, r, http.StatusUnprocessableEntity, u, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, u.Name+" is set up to sit on panels")
	return web.Redirect(w, r, "/panel-members")
}

func (a *app) renderPanelMember(w http.ResponseWriter, r *http.Request, status int, u fitness.User, f *web.Form) error {
	ps, err := a.Registrants.Professions(r.Context())
	if err != nil {
		return err
	}
	d := panelMemberFormData{User: u}
	for _, p := range ps {
		d.Professions = append(d.Professions, fitness.Option{Value: p.Code, Label: p.Name})
	}
	d.Professions = web.OptionsWithPrompt("Select the profession", d.Professions)
	p := a.page(r, "Panel member: "+u.Name)
	p.HasErrors, p.BackLink = f.HasErrors(), "/panel-members"
	return web.Render(w, r, status, panelMemberFormPage(p, d, f))
}
