package staff

import (
	"net/http"
	"slices"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// lettersData is what an inquiry's letters page shows: the people whose
// screening opened a case, a form to tell those ticked, and the bulk steps
// doing so.
type lettersData struct {
	inquiryHead
	Form   *web.Form // the people ticked
	People []fitness.InquiryPerson
	Stages []string // where each person's case stands, in words
	Steps  []fitness.BulkStep
}

// lettersView shows the people whose screening opened a case, to send
// them the notice of investigation.
func (a *app) lettersView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "letters")
	if err != nil {
		return err
	}
	return a.renderLetters(w, r, http.StatusOK, h, web.NewForm(nil))
}

func (a *app) renderLetters(w http.ResponseWriter, r *http.Request, status int, h inquiryHead, f *web.Form) error {
	d := lettersData{inquiryHead: h, Form: f}
	var err error
	if !h.Inq.LastScoped.IsZero() {
		d.People, err = a.Inquiries.People(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID,
			fitness.PersonFilter{Outcome: fitness.ScreenOpenCase})
		if err != nil {
			return err
		}
	}
	for _, p := range d.People {
		stage := a.stageLabel(p.CaseStage)
		if p.CaseClosed {
			stage += " (closed)"
		}
		d.Stages = append(d.Stages, stage)
	}
	if d.Steps, err = a.bulkSteps(r, h.Inq.ID, fitness.BulkLetters); err != nil {
		return err
	}
	p := a.page(r, "Letters: "+h.Inq.Title)
	p.HasErrors = f.HasErrors()
	return web.Render(w, r, status, lettersPage(p, d))
}

// startLetters starts the bulk step requesting the notice of
// investigation on the case of each person ticked and goes to its
// progress, or shows the page again with the ticks and what is wrong.
func (a *app) startLetters(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "letters")
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{screenField}
	f.Anchors[screenField] = screenField + "-1"
	ids := slices.DeleteFunc(slices.Clone(f.Values[screenField]), func(s string) bool { return s == "" })
	step, err := a.Inquiries.StartLetters(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, ids)
	if f.SetError(err) {
		return a.renderLetters(w, r, http.StatusUnprocessableEntity, h, f)
	} else if err != nil {
		return err
	}
	return a.stepStarted(w, r, step, "Requesting the notices of investigation")
}
