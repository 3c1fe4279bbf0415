package staff

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// EmployerLister lists the register's employers, for choosing an
// inquiry's employers.
type EmployerLister interface {
	// Employers returns every employer on the register, by name.
	Employers(ctx context.Context) ([]fitness.Employer, error)
}

// BodyLister lists the other bodies a person in an inquiry's scope can be
// referred to.
type BodyLister interface {
	// ListBodies returns the other bodies by name; inactive ones too when
	// all is true.
	ListBodies(ctx context.Context, actor fitness.Actor, all bool) ([]fitness.OtherBody, error)
}

// InquiryExtras is what the inquiry pages need besides the inquiry
// service. Employers is required with it; Bodies nil uses the referral
// service's bodies; KickBulk nil leaves a new bulk step to the periodic
// job.
type InquiryExtras struct {
	Employers EmployerLister
	Bodies    BodyLister
	KickBulk  func(ctx context.Context)
}

// inquiryRow is one inquiry in the list.
type inquiryRow struct {
	ID, Title, Source, Period, Employers, Scoped string
}

// inquiryListData is what the list of inquiries shows.
type inquiryListData struct {
	Rows   []inquiryRow
	CanAdd bool
}

// inquiryList shows the inquiries the actor may see: every inquiry for a
// team leader, the inquiries whose team they are on for a case manager.
func (a *app) inquiryList(w http.ResponseWriter, r *http.Request) error {
	if a.Inquiries == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	list, err := a.Inquiries.ListInquiries(r.Context(), actor)
	if err != nil {
		return err
	}
	d := inquiryListData{CanAdd: allowed(actor, fitness.PermInquiryManage)}
	for _, inq := range list {
		row := inquiryRow{ID: inq.ID, Title: inq.Title, Source: inq.Source.Title + ", " + inq.Source.Publisher,
			Period: periodText(inq), Employers: employerNames(inq.Employers), Scoped: "Not yet run"}
		if !inq.LastScoped.IsZero() {
			row.Scoped = web.FormatDateTime(inq.LastScoped)
		}
		d.Rows = append(d.Rows, row)
	}
	return web.Render(w, r, http.StatusOK, inquiryListPage(a.page(r, "Inquiries"), d))
}

// periodText is an inquiry's period in words.
func periodText(inq fitness.Inquiry) string {
	return web.FormatDate(inq.From) + " to " + web.FormatDate(inq.To)
}

// employerNames joins the names of employers.
func employerNames(es []fitness.Employer) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}

// newInquiryFields are the fields of the new inquiry form, in page order.
var newInquiryFields = []string{"title", "source_title", "source_publisher", "source_published", "source_link",
	"source_summary", "employers", "from", "to", "team"}

// newInquiryData is the choices of the new inquiry form.
type newInquiryData struct {
	Employers, Team []fitness.Option
}

// newInquiryForm shows the form to open an inquiry.
func (a *app) newInquiryForm(w http.ResponseWriter, r *http.Request) error {
	if a.Inquiries == nil {
		return web.PageNotFound()
	}
	return a.renderNewInquiry(w, r, http.StatusOK, web.NewForm(nil))
}

// createInquiry opens the inquiry and goes to it, or shows the form again
// with what is wrong and everything typed kept.
func (a *app) createInquiry(w http.ResponseWriter, r *http.Request) error {
	if a.Inquiries == nil {
		return web.PageNotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = newInquiryFields
	in := fitness.InquiryInput{Title: f.Value("title"), SourceTitle: f.Value("source_title"),
		SourcePublisher: f.Value("source_publisher"), SourceLink: f.Value("source_link"),
		SourceSummary: f.Raw("source_summary"), EmployerIDs: f.Values["employers"], TeamUserIDs: f.Values["team"]}
	in.SourcePublished, _ = f.Date("source_published", "the date the report was published", true)
	in.From, _ = f.Date("from", "the date the period starts", true)
	in.To, _ = f.Date("to", "the date the period ends", true)
	actor := web.ActorFrom(r.Context())
	if f.HasErrors() {
		_, verr := fitness.NewInquiry(in, actor, a.Now())
		for k, v := range fitness.ErrorFields(verr) {
			f.AddError(k, v) // a date's own message stays
		}
		return a.renderNewInquiry(w, r, http.StatusUnprocessableEntity, f)
	}
	inq, err := a.Inquiries.CreateInquiry(r.Context(), actor, in)
	if f.SetError(err) {
		return a.renderNewInquiry(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, "Inquiry opened. Run the scope to find everyone employed there in the period.")
	return web.Redirect(w, r, "/inquiries/"+inq.ID)
}

func (a *app) renderNewInquiry(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	d, err := a.newInquiryChoices(r)
	if err != nil {
		return err
	}
	f.Anchors["employers"], f.Anchors["team"] = "employers", "team"
	p := a.page(r, "Open an inquiry")
	p.HasErrors, p.BackLink = f.HasErrors(), "/inquiries"
	return web.Render(w, r, status, newInquiryPage(p, f, d))
}

// newInquiryChoices lists the employers and the staff who can be on an
// inquiry's team (case managers and team leaders).
func (a *app) newInquiryChoices(r *http.Request) (newInquiryData, error) {
	var d newInquiryData
	if a.Inquiry.Employers == nil {
		return d, web.PageNotFound()
	}
	es, err := a.Inquiry.Employers.Employers(r.Context())
	if err != nil {
		return d, err
	}
	for _, e := range es {
		d.Employers = append(d.Employers, fitness.Option{Value: e.ID, Label: e.Name})
	}
	me := web.ActorFrom(r.Context()).UserID
	for _, role := range []fitness.Role{fitness.RoleTeamLeader, fitness.RoleCaseManager} {
		users, err := a.Users.Users(r.Context(), role)
		if err != nil {
			return d, err
		}
		for _, u := range users {
			seen := slices.ContainsFunc(d.Team, func(o fitness.Option) bool { return o.Value == u.ID })
			if u.Active && u.ID != me && !seen {
				d.Team = append(d.Team, fitness.Option{Value: u.ID, Label: u.Name + " (" + role.Label() + ")"})
			}
		}
	}
	return d, nil
}
