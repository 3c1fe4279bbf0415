package staff

import (
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// requestRow is one information request in a list.
type requestRow struct {
	ID, Kind, Recipient, Sent, Due string
	Status                         string
	Colour                         web.TagColour
	Notes                          []string // chased, escalated, closed
}

// investigationData is what the case page shows of the investigation: the
// allegation and the information requests.
type investigationData struct {
	Enabled        bool
	CanInvestigate bool // the actor may send requests and amend the allegation, and the case is open
	Requests       []requestRow
	Allegation     *fitness.Allegation
	Versions       int
}

// requestColour is the tag colour of each shown status. "No response
// received" is a neutral grey: nothing adverse follows from it.
func requestColour(s fitness.RequestStatus) web.TagColour {
	switch s {
	case fitness.RequestOverdue:
		return web.TagRed
	case fitness.RequestAnswered:
		return web.TagGreen
	case fitness.RequestNoResponse, fitness.RequestWithdrawn:
		return web.TagGrey
	}
	return web.TagBlue
}

// requestRowOf describes q for a list.
func (a *app) requestRowOf(q fitness.InformationRequest) requestRow {
	shown := q.Shown(a.Now())
	row := requestRow{ID: q.ID, Kind: q.Kind.Label(), Recipient: q.Recipient.Display(),
		Sent: web.FormatDate(q.SentAt), Due: web.FormatDate(q.Due), Status: shown.Label(), Colour: requestColour(shown)}
	if !q.ChasedAt.IsZero() {
		row.Notes = append(row.Notes, "Chased on "+web.FormatDate(q.ChasedAt))
	}
	if !q.EscalatedAt.IsZero() {
		row.Notes = append(row.Notes, "Escalated on "+web.FormatDate(q.EscalatedAt))
	}
	return row
}

// investigationEnabled reports whether the investigation services are
// wired.
func (a *app) investigationEnabled() bool {
	return a.Requests != nil && a.Documents != nil && a.Allegations != nil
}

// mayInvestigate reports whether actor may change the investigation of c.
func (a *app) mayInvestigate(actor fitness.Actor, c fitness.Case) bool {
	return c.Open() && fitness.Decide(actor, fitness.PermInvestigate,
		fitness.Resource{Kind: "case", CaseID: c.ID, CaseManagerID: c.CaseManagerID}).Allow
}

// loadInvestigation fills in the case page's allegation and requests.
func (a *app) loadInvestigation(r *http.Request, d *caseData) error {
	if !a.investigationEnabled() {
		return nil
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	inv := investigationData{Enabled: true, CanInvestigate: a.mayInvestigate(actor, d.C)}
	qs, err := a.Requests.CaseRequests(ctx, actor, d.C.ID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		inv.Requests = append(inv.Requests, a.requestRowOf(q))
	}
	vs, err := a.Allegations.AllegationVersions(ctx, actor, d.C.ID)
	if err != nil {
		return err
	}
	if len(vs) > 0 {
		inv.Allegation, inv.Versions = &vs[len(vs)-1], len(vs)
	}
	d.Investigation = inv
	return nil
}

// investigationCase loads the case of an investigation page, or answers
// "Page not found" when the services are not wired.
func (a *app) investigationCase(r *http.Request) (fitness.Case, error) {
	if !a.investigationEnabled() {
		return fitness.Case{}, web.PageNotFound()
	}
	return a.Cases.FindCase(r.Context(), web.ActorFrom(r.Context()), r.PathValue("id"))
}

// requestPageData is what a request's own page shows.
type requestPageData struct {
	C              fitness.Case
	Q              fitness.InformationRequest
	Row            requestRow
	Responses      []fitness.Response
	CanInvestigate bool
}

// requestView shows one request with its responses and their documents.
func (a *app) requestView(w http.ResponseWriter, r *http.Request) error {
	c, err := a.investigationCase(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	q, err := a.Requests.FindRequest(ctx, actor, c.ID, r.PathValue("req"))
	if err != nil {
		return err
	}
	resps, err := a.Requests.RequestResponses(ctx, actor, c.ID, q.ID)
	if err != nil {
		return err
	}
	d := requestPageData{C: c, Q: q, Row: a.requestRowOf(q), Responses: resps,
		CanInvestigate: a.mayInvestigate(actor, c) && q.Status != fitness.RequestWithdrawn}
	p := a.page(r, q.Kind.Label()+" – "+c.Reference)
	p.BackLink = "/cases/" + c.ID
	return web.Render(w, r, http.StatusOK, requestPage(p, d))
}

// withdrawForm asks why an open request is being withdrawn.
func (a *app) withdrawForm(w http.ResponseWriter, r *http.Request) error {
	c, q, err := a.openRequest(r)
	if err != nil {
		return err
	}
	return a.renderWithdraw(w, r, http.StatusOK, web.NewForm(nil), c, q)
}

// withdrawRequest withdraws an open request.
func (a *app) withdrawRequest(w http.ResponseWriter, r *http.Request) error {
	c, q, err := a.openRequest(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"reason"}
	_, err = a.Requests.WithdrawRequest(r.Context(), web.ActorFrom(r.Context()), c.ID, q.ID, f.Raw("reason"))
	switch {
	case f.SetError(err):
		return a.renderWithdraw(w, r, http.StatusUnprocessableEntity, f, c, q)
	case err != nil:
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, "Information request withdrawn")
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// openRequest loads the case and an open request of it that the actor may
// withdraw.
func (a *app) openRequest(r *http.Request) (fitness.Case, fitness.InformationRequest, error) {
	c, err := a.investigationCase(r)
	if err != nil {
		return c, fitness.InformationRequest{}, err
	}
	actor := web.ActorFrom(r.Context())
	q, err := a.Requests.FindRequest(r.Context(), actor, c.ID, r.PathValue("req"))
	if err != nil {
		return c, q, err
	}
	if !a.mayInvestigate(actor, c) || q.Status != fitness.RequestOpen {
		return c, q, web.PageNotFound()
	}
	return c, q, nil
}

func (a *app) renderWithdraw(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c fitness.Case, q fitness.InformationRequest) error {
	p := a.page(r, "Withdraw request – "+c.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = requestURL(c, q)
	return web.Render(w, r, status, withdrawPage(p, f, c, q))
}

// requestURL is the page of request q of case c.
func requestURL(c fitness.Case, q fitness.InformationRequest) string {
	return "/cases/" + c.ID + "/requests/" + q.ID
}

// documentURL is the download address of a document of case c.
func documentURL(c fitness.Case, id string) string {
	return "/cases/" + c.ID + "/documents/" + id
}

// sizeWords says a file size in words: "812 bytes", "14 KB", "2.3 MB".
func sizeWords(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1024*1024:
		return strconv.FormatInt((n+512)/1024, 10) + " KB"
	}
	tenths := (n*10 + 512*1024) / (1024 * 1024)
	s := strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10)
	return strings.TrimSuffix(s, ".0") + " MB"
}

// sendLinkText is the link on the case page that opens the request form
// for kind k.
func sendLinkText(k fitness.RequestKind) string {
	switch k {
	case fitness.RequestRegistrantInvitation:
		return "Invite the registrant to respond"
	case fitness.RequestArt25Demand:
		return "Send an article 25 demand for information"
	case fitness.RequestComplainantComment:
		return "Invite comments from the person who raised the concern"
	}
	return "Send another request for information"
}

// orDefault returns s, or otherwise when s is empty.
func orDefault(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// classificationColour is the tag colour of a document's classification.
func classificationColour(c fitness.Classification) web.TagColour {
	switch c {
	case fitness.ClassOfficialSensitive:
		return web.TagOrange
	case fitness.ClassPublic:
		return web.TagGreen
	}
	return web.TagGrey
}
