package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// maxSubjects is the most people one concern form takes; more can be
// linked later.
const maxSubjects = 10

// subjectField names a field of subject row i.
func subjectField(i int, part string) string { return fmt.Sprintf("subject-%d-%s", i, part) }

// subjectCount returns how many subject rows the form shows.
func subjectCount(f *web.Form) int {
	n, err := strconv.Atoi(f.Value("subjects"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSubjects)
}

// needsRaiser reports whether a source category names who raised it.
func needsRaiser(s fitness.SourceCategory) bool {
	return s != fitness.SourceAnonymous && s != fitness.SourceOwnMotion
}

// newConcern shows the form for a new concern, with the registrant filled
// in when coming from a registrant's page.
func (a *app) newConcern(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(nil)
	f.Values.Set("subjects", "1")
	f.SetDate("received", a.Now().In(web.London()))
	if id := r.URL.Query().Get("registrant"); id != "" {
		reg, err := a.Registrants.FindRegistrant(r.Context(), id)
		if err != nil && fitness.ErrorCode(err) != fitness.ENotFound {
			return err
		}
		f.Values.Set(subjectField(0, "number"), reg.Number)
	}
	return a.renderConcern(w, r, http.StatusOK, f)
}

// createConcern records the concern and opens a case per person, or shows
// the form again with what was typed and what is wrong. "Add another
// person" shows the form again with one more row.
func (a *app) createConcern(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if f.Value("add") == "person" {
		f.Values.Set("subjects", strconv.Itoa(min(subjectCount(f)+1, maxSubjects)))
		return a.renderConcern(w, r, http.StatusOK, f)
	}
	in, rows, err := a.readConcern(r, f)
	if err != nil {
		return err
	}
	if f.HasErrors() {
		return a.renderConcern(w, r, http.StatusUnprocessableEntity, f)
	}
	_, cases, err := a.Cases.CreateConcern(r.Context(), web.ActorFrom(r.Context()), in)
	if f.SetError(err) {
		mapConcernErrors(f, rows)
		return a.renderConcern(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	refs := make([]string, len(cases))
	for i, c := range cases {
		refs[i] = c.Reference
	}
	msg := "Case " + refs[0] + " opened"
	if len(refs) > 1 {
		msg = "Cases " + strings.Join(refs, ", ") + " opened and linked"
	}
	web.AddFlash(r.Context(), a.Sessions, msg)
	return web.Redirect(w, r, "/cases/"+cases[0].ID)
}

// readConcern reads the form into a ConcernInput, recording problems the
// form can see by itself on f. rows gives the form row of each subject.
func (a *app) readConcern(r *http.Request, f *web.Form) (in fitness.ConcernInput, rows []int, err error) {
	f.Order = concernOrder(subjectCount(f))
	received, _ := f.Date("received", "the date the concern was received", true)
	if received.After(a.today()) {
		f.AddError("received", "The date the concern was received must be today or in the past")
	}
	in = fitness.ConcernInput{
		ReceivedOn:    received,
		Source:        fitness.SourceCategory(f.Value("source")),
		RaisedByName:  f.Value("raiser_name"),
		RaisedByEmail: f.Value("raiser_email"),
		Summary:       f.Value("summary"),
	}
	switch {
	case in.Source == "":
		f.AddError("source", "Select who raised the concern")
	case needsRaiser(in.Source) && in.RaisedByName == "":
		f.AddError("raiser_name", "Enter the name of the person who raised the concern")
	}
	if in.Summary == "" {
		f.AddError("summary", "Enter a summary of the concern")
	}
	in.Subjects, rows, err = a.readSubjects(r, f)
	return in, rows, err
}

// readSubjects reads the subject rows: a registration number (looked up)
// or a name with details. Empty rows are skipped; at least one is needed.
// rows gives the form row of each subject returned.
func (a *app) readSubjects(r *http.Request, f *web.Form) (out []fitness.ConcernSubject, rows []int, err error) {
	for i := range subjectCount(f) {
		num, name := f.Value(subjectField(i, "number")), f.Value(subjectField(i, "name"))
		details := f.Value(subjectField(i, "details"))
		switch {
		case num != "":
			reg, err := a.Registrants.FindRegistrantByNumber(r.Context(), num)
			if err != nil && fitness.ErrorCode(err) != fitness.ENotFound {
				return nil, nil, err
			}
			if err != nil {
				f.AddError(subjectField(i, "number"), "No one on the register has the registration number "+num)
				continue
			}
			out, rows = append(out, fitness.ConcernSubject{RegistrantID: reg.ID, Name: reg.Name(), Details: details}), append(rows, i)
		case name != "":
			out, rows = append(out, fitness.ConcernSubject{Name: name, Details: details}), append(rows, i)
		case details != "":
			f.AddError(subjectField(i, "name"), "Enter the name of the person the concern is about")
		}
	}
	if len(out) == 0 && !subjectErrors(f) {
		f.AddError(subjectField(0, "number"), "Enter the registration number or the name of the person the concern is about")
	}
	return out, rows, nil
}

// subjectErrors reports whether any subject row has a message.
func subjectErrors(f *web.Form) bool {
	for k := range f.Errors {
		if strings.HasPrefix(k, "subject-") {
			return true
		}
	}
	return false
}

// concernOrder lists the form's fields in page order.
func concernOrder(n int) []string {
	order := []string{"received", "source", "raiser_name", "raiser_email", "summary"}
	for i := range n {
		order = append(order, subjectField(i, "number"), subjectField(i, "name"), subjectField(i, "details"))
	}
	return order
}

// mapConcernErrors moves messages the service keyed by its own field names
// ("received_on", "subjects.N.name", …) onto the form's fields; rows gives
// the form row of subject N.
func mapConcernErrors(f *web.Form, rows []int) {
	moved := map[string]string{}
	for key, msg := range f.Errors {
		if to := concernField(key, rows); to != "" {
			delete(f.Errors, key)
			moved[to] = msg
		}
	}
	for to, msg := range moved {
		f.AddError(to, msg)
	}
}

// concernField returns the form field for the service's field key, or "".
func concernField(key string, rows []int) string {
	switch key {
	case "received_on":
		return "received"
	case "raised_by_name":
		return "raiser_name"
	case "raised_by_email":
		return "raiser_email"
	case "subjects":
		return subjectField(0, "number")
	}
	rest, ok := strings.CutPrefix(key, "subjects.")
	if !ok {
		return ""
	}
	n, part, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 || i >= len(rows) {
		return subjectField(0, "number")
	}
	if part == "registrant_id" {
		return subjectField(rows[i], "number")
	}
	return subjectField(rows[i], "name")
}

func (a *app) renderConcern(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := a.page(r, "Raise a concern")
	p.HasErrors = f.HasErrors()
	return web.Render(w, r, status, concernPage(p, f, subjectCount(f)))
}
