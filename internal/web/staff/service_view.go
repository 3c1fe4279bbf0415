package staff

import (
	"net/http"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Fields of the record-posting form.
const (
	postedOnField = "posted_on"
	addressField  = "address"
)

// serviceData is the case page's "Documents and service" section: every
// letter issued on the case, its hash and its proof of service.
type serviceData struct {
	CaseID  string
	Letters []letterRow
}

// letterRow is one letter to one recipient, in words.
type letterRow struct {
	ID, Title, To, Requested string
	Status                   string
	Colour                   web.TagColour
	Problem                  string // why it could not be prepared
	DocumentHref, Filename   string // the PDF, once issued
	SHA256                   string
	Service                  []string // proof of service, oldest first
	CanPost                  bool     // the actor may record that it was posted
}

// letterColour is the tag colour of a letter's state: green once served,
// blue while it waits, red when it could not be prepared or delivered.
func letterColour(l fitness.DocumentRequest) (string, web.TagColour) {
	switch {
	case l.Status == fitness.DocumentFailed:
		return l.Status.Label(), web.TagRed
	case l.Status == fitness.DocumentPending:
		return l.Status.Label(), web.TagGrey
	case l.Served():
		return "Served", web.TagGreen
	}
	for _, s := range l.Service {
		if s.OutboxStatus == fitness.OutboxFailed {
			return "Not delivered", web.TagRed
		}
	}
	if l.Channel == fitness.ChannelPost {
		return "To be posted", web.TagYellow
	}
	return "Being sent", web.TagBlue
}

// letterRowOf describes l for the case page.
func (a *app) letterRowOf(c fitness.Case, l fitness.DocumentRequest, mayAct bool) letterRow {
	row := letterRow{ID: l.ID, Title: l.Title(), To: recipientWords(l), Requested: web.FormatDate(l.RequestedAt),
		SHA256: l.SHA256, Filename: l.Filename, CanPost: mayAct && l.Status == fitness.DocumentIssued}
	row.Status, row.Colour = letterColour(l)
	if l.Status == fitness.DocumentFailed {
		row.Problem = l.LastError
	}
	if l.DocumentID != "" && a.Documents != nil {
		row.DocumentHref = "/cases/" + c.ID + "/documents/" + l.DocumentID
	}
	loc := a.Now().Location()
	for _, s := range l.Service {
		line := s.Describe(loc)
		if s.Channel == fitness.ChannelPost {
			line += " (recorded by " + s.RecordedByName + ")"
		}
		row.Service = append(row.Service, line)
	}
	if len(row.Service) == 0 && l.Status == fitness.DocumentIssued && l.Channel == fitness.ChannelPost {
		row.Service = []string{"No email address is known: print the letter and record the posting"}
	}
	return row
}

// recipientWords says who a letter is to and how it is served, e.g.
// "Dana Fairweather (the registrant), by email to dana@example.net".
func recipientWords(l fitness.DocumentRequest) string {
	s := l.RecipientName + " (" + l.RecipientRole.Label() + "), " + l.Channel.Label()
	if l.Channel == fitness.ChannelEmail {
		s += " to " + l.RecipientEmail
	}
	return s
}

// loadService fills in the case page's letters and their service.
func (a *app) loadService(r *http.Request, d *caseData) error {
	if a.Letters == nil {
		return nil
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	ls, err := a.Letters.CaseLetters(ctx, actor, d.C.ID)
	if err != nil {
		return err
	}
	mayAct := fitness.Decide(actor, fitness.PermCaseAct, fitness.Resource{Kind: "case", CaseID: d.C.ID,
		CaseManagerID: d.C.CaseManagerID}).Allow
	s := &serviceData{CaseID: d.C.ID}
	for _, l := range ls {
		s.Letters = append(s.Letters, a.letterRowOf(d.C, l, mayAct))
	}
	d.Service = s
	return nil
}

// postPageData is the page of the record-posting form.
type postPageData struct {
	C fitness.Case
	L letterRow
}

// serviceLetter loads the case and the letter of the request; ENotFound
// when the actor may not see them or letters are not offered.
func (a *app) serviceLetter(r *http.Request) (fitness.Case, fitness.DocumentRequest, error) {
	if a.Letters == nil {
		return fitness.Case{}, fitness.DocumentRequest{}, web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("id"))
	if err != nil {
		return c, fitness.DocumentRequest{}, err
	}
	ls, err := a.Letters.CaseLetters(ctx, actor, c.ID)
	if err != nil {
		return c, fitness.DocumentRequest{}, err
	}
	for _, l := range ls {
		if l.ID == r.PathValue("letter") {
			return c, l, nil
		}
	}
	return c, fitness.DocumentRequest{}, web.PageNotFound()
}

// postForm shows the form that records that a letter was posted, with the
// recipient's address as the letter has it and today's date.
func (a *app) postForm(w http.ResponseWriter, r *http.Request) error {
	c, l, err := a.serviceLetter(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.SetDate(postedOnField, a.Now())
	f.Values.Set(addressField, l.RecipientName+"\n"+l.RecipientAddress)
	return a.renderPost(w, r, http.StatusOK, f, postPageData{C: c, L: a.letterRowOf(c, l, true)})
}

// recordPosting records that a letter was posted and goes back to the case.
func (a *app) recordPosting(w http.ResponseWriter, r *http.Request) error {
	c, l, err := a.serviceLetter(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	d := postPageData{C: c, L: a.letterRowOf(c, l, true)}
	on, ok := f.Date(postedOnField, "the date the letter was posted", true)
	address := strings.TrimSpace(f.Raw(addressField))
	if !ok {
		if address == "" {
			f.AddError(addressField, "Enter the address the letter was posted to")
		}
		return a.renderPost(w, r, http.StatusUnprocessableEntity, f, d)
	}
	ctx := r.Context()
	_, err = a.Letters.RecordPosting(ctx, web.ActorFrom(ctx), c.ID, l.ID, fitness.PostInput{PostedOn: on, Address: address})
	if f.SetError(err) {
		f.Anchors[postedOnField] = postedOnField + "-day"
		return a.renderPost(w, r, http.StatusUnprocessableEntity, f, d)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Posting recorded: "+l.Title()+" to "+l.RecipientName)
	return web.Redirect(w, r, "/cases/"+c.ID+"#letters")
}

func (a *app) renderPost(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d postPageData) error {
	f.Order = []string{postedOnField, addressField}
	p := a.page(r, "Record that a letter was posted – "+d.C.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/cases/" + d.C.ID + "#letters"
	return web.Render(w, r, status, postPage(p, f, d))
}
