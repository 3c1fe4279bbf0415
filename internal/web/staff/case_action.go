package staff

import (
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// staleMessage is shown when a case changed between opening an action's
// form and sending it.
const staleMessage = "This case has changed since you opened it. Check the timeline, then try again."

// versionField is the hidden field carrying the case version the form was
// opened at.
const versionField = "case_version"

// actionField is one input of an action's form.
type actionField struct {
	Kind  fitness.InputKind
	Field web.Field
}

// actionData is what an action's form shows.
type actionData struct {
	C      fitness.Case
	Action fitness.ActionDef
	Fields []actionField
	Stale  bool
}

// actionForm shows the form of an action the actor may take on the case now.
func (a *app) actionForm(w http.ResponseWriter, r *http.Request) error {
	actor := web.ActorFrom(r.Context())
	c, err := a.Cases.FindCase(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	act, ok := a.availableAction(c, actor, fitness.ActionName(r.PathValue("action")))
	if !ok {
		return web.PageNotFound()
	}
	f := web.NewForm(nil)
	f.Values.Set(versionField, strconv.Itoa(c.Version))
	return a.renderAction(w, r, http.StatusOK, f, c, act, false)
}

// applyAction applies the action at the version the form was opened at.
// A stale version shows the form again with everything typed kept.
func (a *app) applyAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	act, ok := a.Process.Action(fitness.ActionName(r.PathValue("action")))
	if !ok {
		return web.PageNotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	// The storage decides whether the version is stale: letters served
	// since the form was opened (by the jobs) change nothing the action
	// depends on, so they do not send the user back.
	version, err := strconv.Atoi(f.Value(versionField))
	if err != nil || version > c.Version {
		return a.renderStale(w, r, f, c, act)
	}
	if _, ok := a.availableAction(c, actor, act.Name); !ok {
		return web.PageNotFound()
	}
	in := readInputs(f, act)
	if f.HasErrors() {
		// Show every problem at once: the process's own checks of the
		// other inputs too.
		_, verr := act.Validate(in, a.Now())
		f.SetError(verr)
		return a.renderAction(w, r, http.StatusUnprocessableEntity, f, c, act, false)
	}
	_, err = a.Cases.ApplyAction(ctx, actor, c.ID, version, act.Name, in)
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		return a.renderStale(w, r, f, c, act)
	case f.SetError(err):
		return a.renderAction(w, r, http.StatusUnprocessableEntity, f, c, act, false)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, act.Event)
	return web.Redirect(w, r, "/cases/"+c.ID)
}

func (a *app) renderStale(w http.ResponseWriter, r *http.Request, f *web.Form, c fitness.Case, act fitness.ActionDef) error {
	f.Message = staleMessage
	return a.renderAction(w, r, http.StatusConflict, f, c, act, true)
}

// readInputs reads the action's inputs from the form; dates are checked
// here (three fields make one value), everything else by the process.
func readInputs(f *web.Form, act fitness.ActionDef) fitness.Input {
	in := fitness.Input{}
	for _, def := range act.Inputs {
		f.Order = append(f.Order, def.Name)
		if def.Kind != fitness.InputDate {
			if v := f.Value(def.Name); v != "" {
				in[def.Name] = v
			}
			continue
		}
		t, ok := f.Date(def.Name, lowerFirst(def.Label), def.Required)
		if ok && !t.IsZero() {
			in[def.Name] = t.Format("2006-01-02")
		}
	}
	return in
}

func (a *app) renderAction(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c fitness.Case, act fitness.ActionDef, stale bool) error {
	fields, err := a.actionFields(r, act)
	if err != nil {
		return err
	}
	p := a.page(r, act.Label+" – "+c.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/cases/" + c.ID
	d := actionData{C: c, Action: act, Fields: fields, Stale: stale}
	return web.Render(w, r, status, actionPage(p, f, d))
}

// actionFields turns an action's input definitions into form fields.
func (a *app) actionFields(r *http.Request, act fitness.ActionDef) ([]actionField, error) {
	fields := make([]actionField, 0, len(act.Inputs))
	for _, def := range act.Inputs {
		fld := web.Field{Name: def.Name, Label: def.Label, Hint: def.Hint, Options: def.Options}
		if !def.Required {
			fld.Label += " (optional)"
		}
		switch def.Kind {
		case fitness.InputNumber:
			fld.InputMode, fld.Width, fld.NoSpellcheck = "numeric", "5", true
		case fitness.InputBool:
			fld.Options, fld.Inline = []fitness.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}, true
		case fitness.InputUser:
			opts, err := a.userOptions(r, def.Role, "Select a person")
			if err != nil {
				return nil, err
			}
			fld.Options = opts
		}
		fields = append(fields, actionField{Kind: def.Kind, Field: fld})
	}
	return fields, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
