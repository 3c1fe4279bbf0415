package staff

import (
	"fmt"
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// requestFormData is what the "Send a request" form shows.
type requestFormData struct {
	C       fitness.Case
	DueHint string
}

// requestFields returns the order of the request form's fields.
func requestFields() []string {
	return []string{"kind", "recipient_name", "recipient_organisation", "recipient_email", "details", "due"}
}

// newRequestForm shows the form to send an information request. ?kind=
// chooses the kind and prefills the due date the rules give it.
func (a *app) newRequestForm(w http.ResponseWriter, r *http.Request) error {
	c, err := a.writableCase(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	if k := fitness.RequestKind(r.URL.Query().Get("kind")); k.Valid() {
		f.Values.Set("kind", string(k))
		f.SetDate("due", a.Rules.DefaultDue(k, a.Now()))
		if k == fitness.RequestRegistrantInvitation {
			f.Values.Set("recipient_name", a.registrantName(r, c))
		}
	}
	return a.renderRequestForm(w, r, http.StatusOK, f, c)
}

// sendRequest sends the request; problems show the form again with
// everything typed kept.
func (a *app) sendRequest(w http.ResponseWriter, r *http.Request) error {
	c, err := a.writableCase(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = requestFields()
	in := fitness.RequestInput{Kind: fitness.RequestKind(f.Value("kind")), RecipientName: f.Raw("recipient_name"),
		RecipientEmail: f.Raw("recipient_email"), Organisation: f.Raw("recipient_organisation"), Details: f.Raw("details")}
	actor := web.ActorFrom(r.Context())
	if due, ok := f.Date("due", "the due date", false); ok {
		in.Due = due
	}
	if f.HasErrors() {
		// Show every problem at once: the domain's checks of the rest too.
		_, verr := fitness.NewInformationRequest(c.ID, in, a.Rules, actor, a.Now())
		f.SetError(verr)
		return a.renderRequestForm(w, r, http.StatusUnprocessableEntity, f, c)
	}
	q, err := a.Requests.SendRequest(r.Context(), actor, c.ID, in)
	if f.SetError(err) {
		return a.renderRequestForm(w, r, http.StatusUnprocessableEntity, f, c)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, fmt.Sprintf("%s sent to %s, due %s", q.Kind.Label(),
		q.Recipient.Display(), web.FormatDate(q.Due)))
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// writableCase loads the case of a form that changes the investigation:
// "Page not found" when the actor may not change it now.
func (a *app) writableCase(r *http.Request) (fitness.Case, error) {
	c, err := a.investigationCase(r)
	if err != nil {
		return c, err
	}
	if !a.mayInvestigate(web.ActorFrom(r.Context()), c) {
		return c, web.PageNotFound()
	}
	return c, nil
}

// registrantName returns the name of the case's registrant, or the name
// given in the concern.
func (a *app) registrantName(r *http.Request, c fitness.Case) string {
	if c.RegistrantID == "" {
		return c.SubjectName
	}
	reg, err := a.Registrants.FindRegistrant(r.Context(), c.RegistrantID)
	if err != nil {
		return c.SubjectName
	}
	return reg.Name()
}

func (a *app) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c fitness.Case) error {
	_, latest := a.Rules.DueLimits(fitness.RequestOther, a.Now())
	d := requestFormData{C: c, DueHint: fmt.Sprintf("The rules give %s for an invitation to the registrant to respond "+
		"(never less), %s for comments from the person who raised the concern, and %s for other requests. "+
		"Leave it blank to use those. It must be %s or earlier.", a.Rules.RegistrantResponse, a.Rules.ComplainantComment,
		a.Rules.EmployerInformation, web.FormatDate(latest))}
	p := a.page(r, "Send a request – "+c.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/cases/" + c.ID
	return web.Render(w, r, status, requestFormPage(p, f, d))
}
