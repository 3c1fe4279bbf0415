package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// panelRow is one seat of a panel, in words.
type panelRow struct{ Seat, Name, Detail string }

// agendaRow is one case of an agenda.
type agendaRow struct {
	CaseID, Reference, Registrant, Stage, Outcome string
	Decided                                       bool
}

// meetingData is what a meeting's page shows.
type meetingData struct {
	M         fitness.Meeting
	Date      string
	Panel     []panelRow
	Agenda    []agendaRow
	CanManage bool // arrange the panel and agenda
	CanDecide bool // record decisions
}

// meetingView shows a meeting: when and where, its panel and its agenda,
// with the form to add a case for those who arrange meetings.
func (a *app) meetingView(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	m, err := a.Meetings.FindMeeting(r.Context(), web.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	return a.renderMeeting(w, r, http.StatusOK, m, web.NewForm(nil))
}

func (a *app) renderMeeting(w http.ResponseWriter, r *http.Request, status int, m fitness.Meeting, f *web.Form) error {
	actor := web.ActorFrom(r.Context())
	professions, err := a.Registrants.Professions(r.Context())
	if err != nil {
		return err
	}
	_, decErr := m.DecisionActor(actor)
	d := meetingData{M: m, Date: web.FormatDate(m.Date), CanManage: allowed(actor, fitness.PermMeetingManage),
		CanDecide: decErr == nil && allowed(actor, fitness.PermMeetingDecide)}
	for _, p := range m.Panel {
		row := panelRow{Seat: p.Kind.Label(), Name: p.Name}
		if p.Kind == fitness.PanelRegistrant {
			row.Detail = professionLabel(professions, p.ProfessionCode)
		}
		if p.LegallyQualified {
			row.Detail = joinDetail(row.Detail, "Legally qualified")
		}
		d.Panel = append(d.Panel, row)
	}
	for _, c := range m.Cases {
		d.Agenda = append(d.Agenda, agendaRow{CaseID: c.CaseID, Reference: c.Reference,
			Registrant: c.RegistrantName + " (" + c.RegistrantNumber + ")", Stage: a.stageLabel(c.Stage),
			Outcome: c.Outcome.Label(), Decided: c.Outcome != ""})
	}
	p := a.page(r, m.Committee.Label()+" meeting, "+d.Date)
	p.HasErrors, p.BackLink = f.HasErrors(), "/meetings"
	return web.Render(w, r, status, meetingPage(p, d, f))
}

func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// professionLabel returns the name of the profession with code.
func professionLabel(ps []fitness.Profession, code string) string {
	for _, p := range ps {
		if p.Code == code {
			return p.Name
		}
	}
	return code
}

// addAgendaCase puts a case on the agenda by its reference, or shows the
// meeting again with what is wrong.
func (a *app) addAgendaCase(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	m, err := a.Meetings.AddCase(ctx, actor, r.PathValue("id"), f.Value("case"))
	if f.SetError(err) {
		m, err := a.Meetings.FindMeeting(ctx, actor, r.PathValue("id"))
		if err != nil {
			return err
		}
		return a.renderMeeting(w, r, http.StatusUnprocessableEntity, m, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, m.Cases[len(m.Cases)-1].Reference+" added to the agenda")
	return web.Redirect(w, r, "/meetings/"+m.ID)
}

// panelFormData is what the form choosing a panel shows.
type panelFormData struct {
	M                     fitness.Meeting
	Date                  string
	Chair, Lay, Registrar []fitness.Option
}

// panelForm shows the form to choose a meeting's panel, filled in with the
// current one.
func (a *app) panelForm(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil || a.Panels == nil {
		return web.PageNotFound()
	}
	m, err := a.Meetings.FindMeeting(r.Context(), web.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	for _, p := range m.Panel {
		f.Values.Set(string(p.Kind), p.UserID)
	}
	return a.renderPanelForm(w, r, http.StatusOK, m, f)
}

// setPanel saves the panel, checked by the composition rule and declared
// conflicts, or shows the form again with what is wrong.
func (a *app) setPanel(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil || a.Panels == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"chair", "lay", "registrant", "panel"}
	f.Anchors["panel"] = "chair"
	ids := []string{f.Value("chair"), f.Value("lay"), f.Value("registrant")}
	m, err := a.Meetings.SetPanel(ctx, actor, r.PathValue("id"), ids)
	if f.SetError(err) || fitness.ErrorCode(err) == fitness.EConflict {
		if fitness.ErrorCode(err) == fitness.EConflict {
			f.Message = fitness.ErrorMessage(err)
		}
		m, err := a.Meetings.FindMeeting(ctx, actor, r.PathValue("id"))
		if err != nil {
			return err
		}
		return a.renderPanelForm(w, r, http.StatusUnprocessableEntity, m, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Panel saved")
	return web.Redirect(w, r, "/meetings/"+m.ID)
}

func (a *app) renderPanelForm(w http.ResponseWriter, r *http.Request, status int, m fitness.Meeting, f *web.Form) error {
	members, err := a.Panels.PanelMembers(r.Context())
	if err != nil {
		return err
	}
	professions, err := a.Registrants.Professions(r.Context())
	if err != nil {
		return err
	}
	d := panelFormData{M: m, Date: web.FormatDate(m.Date)}
	var chair, lay, reg []fitness.Option
	for _, p := range members {
		switch p.Kind {
		case fitness.PanelChair:
			chair = append(chair, fitness.Option{Value: p.UserID, Label: p.Name})
		case fitness.PanelLay:
			lay = append(lay, fitness.Option{Value: p.UserID, Label: p.Name})
		case fitness.PanelRegistrant:
			reg = append(reg, fitness.Option{Value: p.UserID,
				Label: p.Name + " (" + professionLabel(professions, p.ProfessionCode) + ")"})
		}
	}
	d.Chair = web.OptionsWithPrompt("Select the chair", chair)
	d.Lay = web.OptionsWithPrompt("Select the lay member", lay)
	d.Registrar = web.OptionsWithPrompt("Select the registrant member", reg)
	p := a.page(r, "Choose the panel")
	p.HasErrors, p.BackLink = f.HasErrors(), "/meetings/"+m.ID
	return web.Render(w, r, status, panelFormPage(p, d, f))
}
