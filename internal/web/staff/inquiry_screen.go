package staff

import (
	"net/http"
	"net/url"
	"slices"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// screenField is the name of the checkboxes of the people to screen.
const screenField = "registrants"

// screeningData is what an inquiry's screening page shows: the people in
// scope as filtered, each with their outcome, a form applying one decision
// to those ticked, and the bulk steps doing so.
type screeningData struct {
	inquiryHead
	Filter   *web.Form // the GET filters
	Form     *web.Form // the decision and the people ticked
	People   []fitness.InquiryPerson
	Outcomes []fitness.Option // the filter's
	Roles    []fitness.Option
	Employer []fitness.Option
	Decision decisionChoices
	Steps    []fitness.BulkStep
	Query    string // the filters, to come back to
	Scoped   bool
}

// decisionChoices are the choices of a screening decision.
type decisionChoices struct {
	Outcomes []fitness.Option
	Bodies   []fitness.Option
}

// screeningView shows the people in the inquiry's latest scope for
// screening.
func (a *app) screeningView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "screening")
	if err != nil {
		return err
	}
	return a.renderScreening(w, r, http.StatusOK, h, r.URL.Query(), web.NewForm(nil))
}

func (a *app) renderScreening(w http.ResponseWriter, r *http.Request, status int, h inquiryHead, query url.Values, f *web.Form) error {
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	d := screeningData{inquiryHead: h, Filter: web.NewForm(url.Values{}), Form: f, Scoped: !h.Inq.LastScoped.IsZero()}
	keep := url.Values{}
	for _, name := range []string{"screened", "employer", "role"} {
		if v := query.Get(name); v != "" {
			d.Filter.Values.Set(name, v)
			keep.Set(name, v)
		}
	}
	d.Query = keep.Encode()
	filter := fitness.PersonFilter{Outcome: fitness.ScreeningOutcome(d.Filter.Value("screened")),
		EmployerID: d.Filter.Value("employer"), Role: d.Filter.Value("role")}
	var all []fitness.InquiryPerson
	var err error
	if d.Scoped {
		if all, err = a.Inquiries.People(ctx, actor, h.Inq.ID, fitness.PersonFilter{}); err != nil {
			return err
		}
	}
	for _, p := range all {
		if p.Matches(filter) {
			d.People = append(d.People, p)
		}
	}
	d.Outcomes, d.Roles, d.Employer = screeningFilters(h.Inq, all)
	if d.Decision, err = a.decisionChoices(r); err != nil {
		return err
	}
	if d.Steps, err = a.bulkSteps(r, h.Inq.ID, fitness.BulkScreening); err != nil {
		return err
	}
	p := a.page(r, "Screening: "+h.Inq.Title)
	p.HasErrors = f.HasErrors()
	return web.Render(w, r, status, screeningPage(p, d))
}

// screeningFilters lists the choices of the screening filters: outcomes,
// the roles of the people in scope and the inquiry's employers.
func screeningFilters(inq fitness.Inquiry, people []fitness.InquiryPerson) (outcomes, roles, employers []fitness.Option) {
	outcomes = []fitness.Option{{Value: "", Label: "Any outcome"}}
	for _, o := range dashboardOutcomes {
		outcomes = append(outcomes, fitness.Option{Value: string(o), Label: o.Label()})
	}
	var names []string
	for _, p := range people {
		for _, role := range p.Roles() {
			if !slices.Contains(names, role) {
				names = append(names, role)
			}
		}
	}
	slices.Sort(names)
	roles = []fitness.Option{{Value: "", Label: "Any role"}}
	for _, n := range names {
		roles = append(roles, fitness.Option{Value: n, Label: n})
	}
	employers = []fitness.Option{{Value: "", Label: "Any employer"}}
	for _, e := range inq.Employers {
		employers = append(employers, fitness.Option{Value: e.ID, Label: e.Name})
	}
	return outcomes, roles, employers
}

// decisionChoices lists the outcomes and the bodies a person may be
// referred to.
func (a *app) decisionChoices(r *http.Request) (decisionChoices, error) {
	d := decisionChoices{Outcomes: fitness.ScreeningOutcomes()}
	var bodies []fitness.Option
	var lister BodyLister = a.Referrals
	if a.Inquiry.Bodies != nil {
		lister = a.Inquiry.Bodies
	}
	if lister != nil {
		bs, err := lister.ListBodies(r.Context(), web.ActorFrom(r.Context()), false)
		if err != nil {
			return d, err
		}
		for _, b := range bs {
			bodies = append(bodies, fitness.Option{Value: b.ID, Label: b.Name})
		}
	}
	d.Bodies = web.OptionsWithPrompt("Select a body", bodies)
	return d, nil
}

// screeningInput reads a screening decision from the form.
func screeningInput(f *web.Form) fitness.ScreeningInput {
	return fitness.ScreeningInput{Outcome: fitness.ScreeningOutcome(f.Value("outcome")), Reasons: f.Raw("reasons"),
		OtherBodyID: f.Value("other_body")}
}

// startScreening starts the bulk step applying one decision to the people
// ticked and goes to its progress, or shows the page again with the ticks,
// the decision and what is wrong.
func (a *app) startScreening(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "screening")
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{screenField, "outcome", "other_body", "reasons"}
	f.Anchors[screenField] = screenField + "-1"
	query, _ := url.ParseQuery(f.Value("filters"))
	ids := slices.DeleteFunc(slices.Clone(f.Values[screenField]), func(s string) bool { return s == "" })
	step, err := a.Inquiries.StartScreening(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, ids, screeningInput(f))
	if f.SetError(err) {
		return a.renderScreening(w, r, http.StatusUnprocessableEntity, h, query, f)
	} else if err != nil {
		return err
	}
	return a.stepStarted(w, r, step, "Recording the screening decision")
}

// personData is what a person's page in an inquiry shows.
type personData struct {
	inquiryHead
	P        fitness.InquiryPerson
	Decision decisionChoices
	Form     *web.Form
}

// personView shows one person in scope: their in-scope employments and
// their screening, or the form to screen them.
func (a *app) personView(w http.ResponseWriter, r *http.Request) error {
	return a.renderPerson(w, r, http.StatusOK, web.NewForm(nil))
}

func (a *app) renderPerson(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	h, err := a.loadInquiry(r, "screening")
	if err != nil {
		return err
	}
	p, err := a.Inquiries.Person(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, r.PathValue("reg"))
	if err != nil {
		return err
	}
	d := personData{inquiryHead: h, P: p, Form: f}
	if d.Decision, err = a.decisionChoices(r); err != nil {
		return err
	}
	pg := a.page(r, p.Name+", "+h.Inq.Title)
	pg.HasErrors, pg.BackLink = f.HasErrors(), "/inquiries/"+h.Inq.ID+"/screening"
	return web.Render(w, r, status, personPage(pg, d))
}

// screenPerson records the screening of one person and shows it, or shows
// the form again with what is wrong.
func (a *app) screenPerson(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "screening")
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"outcome", "other_body", "reasons"}
	f.Anchors["outcome"] = "outcome"
	s, err := a.Inquiries.Screen(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, r.PathValue("reg"), screeningInput(f))
	if fitness.ErrorCode(err) == fitness.EConflict {
		f.Message = fitness.ErrorMessage(err)
		return a.renderPerson(w, r, http.StatusConflict, f)
	} else if f.SetError(err) {
		return a.renderPerson(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	msg := "Screening recorded: " + s.Outcome.Label()
	if s.CaseReference != "" {
		msg += ". Case " + s.CaseReference + " opened"
	}
	web.AddFlash(r.Context(), a.Sessions, msg)
	return web.Redirect(w, r, "/inquiries/"+h.Inq.ID+"/people/"+s.RegistrantID)
}

// stepData is what a bulk step's page shows.
type stepData struct {
	inquiryHead
	Step  fitness.BulkStep
	Items []fitness.BulkItem
}

// stepView shows a bulk step's progress and the outcome for each person;
// while it runs, a link refreshes the page (no automatic refresh).
func (a *app) stepView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "")
	if err != nil {
		return err
	}
	step, items, err := a.Inquiries.FindBulkStep(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, r.PathValue("step"))
	if err != nil {
		return err
	}
	h.Section = "screening"
	switch step.Kind {
	case fitness.BulkDemands:
		h.Section = "demands"
	case fitness.BulkLetters:
		h.Section = "letters"
	}
	return web.Render(w, r, http.StatusOK, stepPage(a.page(r, step.Kind.Label()+": "+h.Inq.Title), stepData{h, step, items}))
}

// outcomeTag is the tag colour of a screening outcome.
func outcomeTag(o fitness.ScreeningOutcome) web.TagColour {
	switch o {
	case fitness.ScreenNoAction:
		return web.TagGrey
	case fitness.ScreenOpenCase:
		return web.TagRed
	case fitness.ScreenRefer:
		return web.TagPurple
	}
	return web.TagYellow
}

// itemTag is the tag colour of a bulk item's status.
func itemTag(s fitness.BulkItemStatus) web.TagColour {
	switch s {
	case fitness.BulkItemDone:
		return web.TagGreen
	case fitness.BulkItemFailed:
		return web.TagRed
	}
	return web.TagGrey
}
