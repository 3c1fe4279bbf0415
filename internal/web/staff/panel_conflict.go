package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// conflictRow is one declared conflict in a list.
type conflictRow struct{ Who, With, Reason, Declared string }

// conflictListData is what the list of conflicts shows.
type conflictListData struct {
	Everyone bool // a hearings officer sees everyone's
	Rows     []conflictRow
}

// conflictList lists declared conflicts: the actor's own, or everyone's
// for those who arrange meetings.
func (a *app) conflictList(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	d := conflictListData{Everyone: allowed(actor, fitness.PermMeetingManage)}
	who := actor.UserID
	if d.Everyone {
		who = ""
	}
	xs, err := a.Panels.Conflicts(r.Context(), who)
	if err != nil {
		return err
	}
	for _, x := range xs {
		d.Rows = append(d.Rows, conflictRow{Who: x.UserName, With: conflictWith(x), Reason: x.Reason,
			Declared: web.FormatDateTime(x.DeclaredAt)})
	}
	title := "My conflicts of interest"
	if d.Everyone {
		title = "Conflicts of interest"
	}
	return web.Render(w, r, http.StatusOK, conflictListPage(a.page(r, title), d))
}

// conflictWith says what a conflict is with.
func conflictWith(x fitness.Conflict) string {
	switch {
	case x.CaseID != "":
		return "Case " + x.Subject
	case x.RegistrantID != "":
		return "Registrant " + x.Subject
	}
	return "Employer " + x.Subject
}

// conflictFormData is what the form declaring a conflict shows.
type conflictFormData struct {
	ForAnyone bool             // a hearings officer records for anyone
	People    []fitness.Option // when ForAnyone
	Employers []fitness.Option
}

// withOptions are what a conflict can be with.
var withOptions = []fitness.Option{
	{Value: "case", Label: "One case"},
	{Value: "registrant", Label: "A registrant: every case about them"},
	{Value: "employer", Label: "An employer: every case about someone who works or worked there"},
}

// conflictForm shows the form declaring a conflict.
func (a *app) conflictForm(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	f := web.NewForm(nil)
	f.Values.Set("user", web.ActorFrom(r.Context()).UserID)
	return a.renderConflict(w, r, http.StatusOK, f)
}

// declareConflict records the conflict, which takes effect at once, or
// shows the form again.
func (a *app) declareConflict(w http.ResponseWriter, r *http.Request) error {
	if a.Panels == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	x := readConflict(f, actor)
	if f.HasErrors() {
		if x.Reason == "" {
			f.AddError("reason", "Enter the reason for the conflict")
		}
		return a.renderConflict(w, r, http.StatusUnprocessableEntity, f)
	}
	_, err = a.Panels.DeclareConflict(ctx, actor, x)
	if f.SetError(err) {
		return a.renderConflict(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Conflict recorded. It applies from now on.")
	return web.Redirect(w, r, "/conflicts")
}

// readConflict reads the conflict the form declares: the actor's own, or
// anyone's for those who arrange meetings. A missing case, registrant or
// employer is a field error on f.
func readConflict(f *web.Form, actor fitness.Actor) fitness.Conflict {
	f.Order = []string{"user", "with", "case", "registrant", "employer", "reason"}
	x := fitness.Conflict{UserID: actor.UserID, Reason: f.Value("reason")}
	if allowed(actor, fitness.PermMeetingManage) {
		x.UserID = f.Value("user")
	}
	switch f.Value("with") {
	case "case":
		x.CaseID = f.Value("case")
		if x.CaseID == "" {
			f.AddError("case", "Enter the case reference")
		}
	case "registrant":
		x.RegistrantID = f.Value("registrant")
		if x.RegistrantID == "" {
			f.AddError("registrant", "Enter the registration number")
		}
	case "employer":
		x.EmployerID = f.Value("employer")
		if x.EmployerID == "" {
			f.AddError("employer", "Select the employer")
		}
	}
	return x
}

func (a *app) renderConflict(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	actor := web.ActorFrom(r.Context())
	d := conflictFormData{ForAnyone: allowed(actor, fitness.PermMeetingManage)}
	if d.ForAnyone {
		people, err := a.userOptions(r, "", "Select the person")
		if err != nil {
			return err
		}
		d.People = people
	}
	employers, err := a.Panels.Employers(r.Context())
	if err != nil {
		return err
	}
	for _, e := range employers {
		d.Employers = append(d.Employers, fitness.Option{Value: e.ID, Label: e.Name})
	}
	d.Employers = web.OptionsWithPrompt("Select the employer", d.Employers)
	p := a.page(r, "Declare a conflict of interest")
	p.HasErrors, p.BackLink = f.HasErrors(), "/conflicts"
	return web.Render(w, r, status, conflictFormPage(p, d, f))
}
