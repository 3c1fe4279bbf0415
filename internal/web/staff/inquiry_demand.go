package staff

import (
	"net/http"
	"slices"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// demandsData is what an inquiry's demands page shows: the demands sent,
// the bulk steps sending them and the form to send them.
type demandsData struct {
	inquiryHead
	Demands []fitness.InquiryDemand
	Steps   []fitness.BulkStep
	Scoped  bool // the scope has been run: there is someone to ask about
	Today   string
	Form    *web.Form
}

// demandsView shows the inquiry's art 25 demands to employers.
func (a *app) demandsView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "demands")
	if err != nil {
		return err
	}
	return a.renderDemands(w, r, http.StatusOK, h, web.NewForm(nil))
}

func (a *app) renderDemands(w http.ResponseWriter, r *http.Request, status int, h inquiryHead, f *web.Form) error {
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	d := demandsData{inquiryHead: h, Scoped: !h.Inq.LastScoped.IsZero(), Form: f}
	var err error
	if d.Demands, err = a.Inquiries.Demands(ctx, actor, h.Inq.ID); err != nil {
		return err
	}
	if d.Steps, err = a.bulkSteps(r, h.Inq.ID, fitness.BulkDemands); err != nil {
		return err
	}
	p := a.page(r, "Demands: "+h.Inq.Title)
	p.HasErrors = f.HasErrors()
	return web.Render(w, r, status, demandsPage(p, d, a.Now()))
}

// bulkSteps returns the inquiry's bulk steps of kind.
func (a *app) bulkSteps(r *http.Request, inquiryID string, kind fitness.BulkKind) ([]fitness.BulkStep, error) {
	steps, err := a.Inquiries.BulkSteps(r.Context(), web.ActorFrom(r.Context()), inquiryID)
	return slices.DeleteFunc(steps, func(s fitness.BulkStep) bool { return s.Kind != kind }), err
}

// startDemands starts the bulk step sending a demand to each employer and
// goes to its progress, or shows the form again with what is wrong.
func (a *app) startDemands(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "demands")
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"details", "due"}
	in := fitness.DemandInput{Details: f.Raw("details")}
	in.Due, _ = f.Date("due", "the date the answers are due", false)
	if f.HasErrors() {
		return a.renderDemands(w, r, http.StatusUnprocessableEntity, h, f)
	}
	step, err := a.Inquiries.StartDemands(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, in)
	if fitness.ErrorCode(err) == fitness.EConflict {
		f.Message = fitness.ErrorMessage(err)
		return a.renderDemands(w, r, http.StatusConflict, h, f)
	} else if f.SetError(err) {
		return a.renderDemands(w, r, http.StatusUnprocessableEntity, h, f)
	} else if err != nil {
		return err
	}
	return a.stepStarted(w, r, step, "Sending the demands to the employers")
}

// stepStarted starts the bulk step's job at once when it can, and goes to
// the step's progress.
func (a *app) stepStarted(w http.ResponseWriter, r *http.Request, step fitness.BulkStep, what string) error {
	if a.Inquiry.KickBulk != nil {
		a.Inquiry.KickBulk(r.Context())
	}
	web.AddFlash(r.Context(), a.Sessions, what+": "+plural(step.Total, "person", "people")+" to do")
	return web.Redirect(w, r, "/inquiries/"+step.InquiryID+"/steps/"+step.ID)
}

// demandData is what a demand's page shows.
type demandData struct {
	inquiryHead
	Q fitness.InquiryDemand
}

// demandView shows one demand: to whom, when it is due, whether chased,
// and each person listed with the employer's answer.
func (a *app) demandView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "demands")
	if err != nil {
		return err
	}
	q, err := a.Inquiries.FindDemand(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, r.PathValue("demand"))
	if err != nil {
		return err
	}
	return web.Render(w, r, http.StatusOK, demandPage(a.page(r, "Demand to "+q.EmployerName), demandData{h, q}, a.Now()))
}

// answerData is what the form recording an answer shows.
type answerData struct {
	inquiryHead
	Q      fitness.InquiryDemand
	Person fitness.DemandPerson
}

// answerForm shows the form to record the employer's answer about one
// person listed on a demand.
func (a *app) answerForm(w http.ResponseWriter, r *http.Request) error {
	d, err := a.loadAnswer(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set("answer", d.Person.Answer)
	f.SetDate("received_on", d.Person.ReceivedOn)
	return a.renderAnswer(w, r, http.StatusOK, d, f)
}

// loadAnswer finds the inquiry, the demand and the person of the request.
func (a *app) loadAnswer(r *http.Request) (answerData, error) {
	h, err := a.loadInquiry(r, "demands")
	if err != nil {
		return answerData{}, err
	}
	q, err := a.Inquiries.FindDemand(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID, r.PathValue("demand"))
	if err != nil {
		return answerData{}, err
	}
	i := slices.IndexFunc(q.People, func(p fitness.DemandPerson) bool { return p.RegistrantID == r.PathValue("reg") })
	if i < 0 {
		return answerData{}, web.PageNotFound()
	}
	return answerData{h, q, q.People[i]}, nil
}

// recordAnswer records the answer and goes back to the demand, or shows
// the form again with what is wrong.
func (a *app) recordAnswer(w http.ResponseWriter, r *http.Request) error {
	d, err := a.loadAnswer(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"answer", "received_on"}
	in := fitness.DemandAnswerInput{Answer: f.Raw("answer")}
	in.ReceivedOn, _ = f.Date("received_on", "the date the answer was received", false)
	if !f.HasErrors() {
		_, err = a.Inquiries.RecordDemandAnswer(r.Context(), web.ActorFrom(r.Context()), d.Inq.ID, d.Q.ID,
			d.Person.RegistrantID, in)
		if !f.SetError(err) && err != nil {
			return err
		}
	}
	if f.HasErrors() {
		return a.renderAnswer(w, r, http.StatusUnprocessableEntity, d, f)
	}
	web.AddFlash(r.Context(), a.Sessions, "Answer about "+d.Person.Name+" recorded")
	return web.Redirect(w, r, "/inquiries/"+d.Inq.ID+"/demands/"+d.Q.ID)
}

func (a *app) renderAnswer(w http.ResponseWriter, r *http.Request, status int, d answerData, f *web.Form) error {
	p := a.page(r, "Answer about "+d.Person.Name)
	p.HasErrors, p.BackLink = f.HasErrors(), "/inquiries/"+d.Inq.ID+"/demands/"+d.Q.ID
	return web.Render(w, r, status, answerPage(p, d, f))
}

// demandStatusTag is the tag colour of a demand's status.
func demandStatusTag(s fitness.RequestStatus) web.TagColour {
	switch s {
	case fitness.RequestAnswered:
		return web.TagGreen
	case fitness.RequestOverdue:
		return web.TagRed
	case fitness.RequestWithdrawn:
		return web.TagGrey
	}
	return web.TagBlue
}

// answeredCount counts the people on q with an answer.
func answeredCount(q fitness.InquiryDemand) int {
	n := 0
	for _, p := range q.People {
		if !p.AnsweredAt.IsZero() {
			n++
		}
	}
	return n
}

// demandRows are the facts of a demand: to whom, when, its status and
// when it was chased and escalated.
func demandRows(q fitness.InquiryDemand, now time.Time) []web.SummaryRow {
	rows := []web.SummaryRow{
		{Key: "Employer", Value: web.Text(q.EmployerName)},
		{Key: "Sent", Value: web.Text(web.FormatDate(q.SentAt) + " by " + q.SentByName)},
		{Key: "Due", Value: web.Text(web.FormatDate(q.Due))},
		{Key: "Status", Value: web.Text(q.Shown(now).Label())},
	}
	if !q.ChasedAt.IsZero() {
		rows = append(rows, web.SummaryRow{Key: "Chased", Value: web.Text(web.FormatDate(q.ChasedAt))})
	}
	if !q.EscalatedAt.IsZero() {
		rows = append(rows, web.SummaryRow{Key: "Escalated", Value: web.Text(web.FormatDate(q.EscalatedAt))})
	}
	return append(rows, web.SummaryRow{Key: "Asked for", Value: web.Text(q.Details)})
}
