package staff

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// allegationFormData is what the "Amend allegation" form shows.
type allegationFormData struct {
	C           fitness.Case
	Particulars int  // how many particular boxes
	First       bool // no version yet: this drafts version 1
	Stale       bool
}

// versionRow is one version on the versions page, with its changes from
// the version before.
type versionRow struct {
	A       fitness.Allegation
	Changes []fitness.SectionDiff
}

// amendForm shows the allegation form, filled in with the current version.
func (a *app) amendForm(w http.ResponseWriter, r *http.Request) error {
	c, err := a.writableCase(r)
	if err != nil {
		return err
	}
	vs, err := a.Allegations.AllegationVersions(r.Context(), web.ActorFrom(r.Context()), c.ID)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set(versionField, strconv.Itoa(c.Version))
	d := allegationFormData{C: c, Particulars: 1, First: len(vs) == 0}
	if len(vs) > 0 {
		cur := vs[len(vs)-1]
		f.Values.Set("stem", cur.Stem)
		for i, p := range cur.Particulars {
			f.Values.Set(fitness.ParticularField(i), p.Source())
		}
		for _, g := range cur.Grounds {
			f.Values.Add("grounds", string(g))
		}
		f.Values.Set("impairment", cur.Impairment)
		d.Particulars = max(len(cur.Particulars), 1)
	}
	return a.renderAllegationForm(w, r, http.StatusOK, f, d)
}

// amendAllegation saves the next version, or answers the form's "Add
// another particular" and "Remove" buttons by showing it again.
func (a *app) amendAllegation(w http.ResponseWriter, r *http.Request) error {
	c, err := a.writableCase(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(f.Value("particulars"))
	n = min(max(n, 1), fitness.MaxParticulars)
	d := allegationFormData{C: c, Particulars: n, First: f.Value("first") == "yes"}
	if f.Value("add") != "" {
		d.Particulars = min(n+1, fitness.MaxParticulars)
		return a.renderAllegationForm(w, r, http.StatusOK, f, d)
	}
	if i, err := strconv.Atoi(f.Value("remove")); err == nil && i >= 1 && i <= n {
		removeParticular(f, i, n)
		d.Particulars = max(n-1, 1)
		return a.renderAllegationForm(w, r, http.StatusOK, f, d)
	}
	in := readAllegation(f, n)
	version, _ := strconv.Atoi(f.Value(versionField))
	al, _, err := a.Allegations.AmendAllegation(r.Context(), web.ActorFrom(r.Context()), c.ID, version, in)
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		f.Message = staleMessage
		f.Values.Set(versionField, strconv.Itoa(c.Version))
		d.Stale = true
		return a.renderAllegationForm(w, r, http.StatusConflict, f, d)
	case f.SetError(err):
		return a.renderAllegationForm(w, r, http.StatusUnprocessableEntity, f, d)
	case err != nil:
		return err
	}
	msg := fmt.Sprintf("Allegation amended (version %d)", al.Version)
	if al.Version == 1 {
		msg = "Allegation drafted (version 1)"
	}
	web.AddFlash(r.Context(), a.Sessions, msg)
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// readAllegation reads the form's n particulars and the rest.
func readAllegation(f *web.Form, n int) fitness.AllegationInput {
	in := fitness.AllegationInput{Stem: f.Raw("stem"), Impairment: f.Raw("impairment"), Reason: f.Raw("reason")}
	f.Order = []string{"stem"}
	for i := range n {
		in.Particulars = append(in.Particulars, fitness.ParseParticular(f.Raw(fitness.ParticularField(i))))
		f.Order = append(f.Order, fitness.ParticularField(i))
	}
	f.Order = append(f.Order, "grounds", "impairment", "reason")
	for _, g := range f.Values["grounds"] {
		in.Grounds = append(in.Grounds, fitness.Ground(g))
	}
	return in
}

// removeParticular drops the i-th (1-based) of n particular boxes, moving
// the ones after it up.
func removeParticular(f *web.Form, i, n int) {
	for j := i; j < n; j++ {
		f.Values.Set(fitness.ParticularField(j-1), f.Raw(fitness.ParticularField(j)))
	}
	f.Values.Del(fitness.ParticularField(n - 1))
}

func (a *app) renderAllegationForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d allegationFormData) error {
	title := "Amend the allegation"
	if d.First {
		title = "Draft the allegation"
	}
	p := a.page(r, title+" – "+d.C.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/cases/" + d.C.ID
	return web.Render(w, r, status, allegationFormPage(p, f, d, title))
}

// allegationVersions shows every version, newest first, each with its
// changes from the one before, word by word.
func (a *app) allegationVersions(w http.ResponseWriter, r *http.Request) error {
	c, err := a.investigationCase(r)
	if err != nil {
		return err
	}
	vs, err := a.Allegations.AllegationVersions(r.Context(), web.ActorFrom(r.Context()), c.ID)
	if err != nil {
		return err
	}
	rows := make([]versionRow, 0, len(vs))
	for i, v := range vs {
		row := versionRow{A: v}
		if i > 0 {
			row.Changes = fitness.DiffAllegations(vs[i-1], v)
		}
		rows = append(rows, row)
	}
	slices.Reverse(rows)
	p := a.page(r, "Allegation versions – "+c.Reference)
	p.BackLink = "/cases/" + c.ID
	return web.Render(w, r, http.StatusOK, versionsPage(p, c, rows))
}

// versionWords says who made a version and when.
func versionWords(al fitness.Allegation) string {
	verb := "amended"
	if al.Version == 1 {
		verb = "drafted"
	}
	return verb + " on " + web.FormatDateTime(al.AmendedAt) + " by " + al.AmendedByName
}

// versionsLinkText is the link to the versions page.
func versionsLinkText(n int) string {
	if n == 1 {
		return "See the version history"
	}
	return fmt.Sprintf("See all %d versions", n)
}

// particularHint explains sub-particulars under the first box.
func particularHint(i int) string {
	if i > 0 {
		return ""
	}
	return "Put each sub-particular on its own line, starting (a), (b) and so on"
}
