package staff

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Referral form fields (the domain's names, and the registration number
// looked up on the register).
const (
	refNumberField  = "registration_number"
	refVersionField = "referral_version"
)

// unknownRegistrant stands for a registration number not on the register:
// no registrant has this id, so storage refuses the referral.
const unknownRegistrant = "not-on-the-register"

// referralTable lists referrals: date, direction, body, person, case,
// status.
func referralTable(caption string, refs []fitness.Referral) web.Table {
	t := web.Table{Caption: caption, HideCaption: true,
		Head: []string{"Date", "Direction", "Body", "About", "Case", "Status"}}
	for _, r := range refs {
		caseCell := web.Text("None")
		if r.CaseID != "" {
			caseCell = web.Link("/cases/"+r.CaseID, r.CaseReference)
		}
		t.Rows = append(t.Rows, []templ.Component{
			web.Link("/referrals/"+r.ID, web.FormatDate(r.ReferredOn)), web.Text(r.Direction.Label()),
			web.Text(r.BodyName), web.Text(r.Subject()), caseCell, web.Text(r.Status.Label())})
	}
	return t
}

// referralListData is the list of referrals.
type referralListData struct {
	Filter     string // "", "in", "out" or "open"
	Filters    []web.NavItem
	Table      web.Table
	Empty      bool
	CanRecord  bool
	CanPrompts bool
}

// referralList shows referrals in and out, latest first, filtered by
// ?show=in|out|open.
func (a *app) referralList(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	show := r.URL.Query().Get("show")
	f := fitness.ReferralFilter{OpenOnly: show == "open"}
	if show == "in" || show == "out" {
		f.Direction = fitness.ReferralDirection(show)
	}
	refs, err := a.Referrals.ListReferrals(r.Context(), actor, f)
	if err != nil {
		return err
	}
	d := referralListData{Filter: show, Table: referralTable("Referrals, latest first", refs), Empty: len(refs) == 0,
		CanRecord: allowed(actor, fitness.PermReferralManage), CanPrompts: allowed(actor, fitness.PermBarringPrompts)}
	for _, o := range []struct{ v, text string }{{"", "All"}, {"in", "Received"}, {"out", "Made"}, {"open", "Not closed"}} {
		href := "/referrals"
		if o.v != "" {
			href += "?show=" + o.v
		}
		d.Filters = append(d.Filters, web.NavItem{Text: o.text, Href: href, Current: o.v == show})
	}
	return web.Render(w, r, http.StatusOK, referralListPage(a.page(r, "Referrals"), d))
}

// bodyList shows the other bodies.
func (a *app) bodyList(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	bodies, err := a.Referrals.ListBodies(r.Context(), actor, true)
	if err != nil {
		return err
	}
	t := web.Table{Caption: "Other bodies", HideCaption: true, Head: []string{"Name", "Kind", "Concerns it raises count as", "Email"}}
	for _, b := range bodies {
		t.Rows = append(t.Rows, []templ.Component{web.Link("/other-bodies/"+b.ID, b.Name), web.Text(b.Kind.Label()),
			web.Text(sourceLabel(b.Source)), web.Text(b.Email)})
	}
	return web.Render(w, r, http.StatusOK, bodyListPage(a.page(r, "Other bodies"), t, allowed(actor, fitness.PermReferralManage)))
}

// sourceLabel returns a source category in words.
func sourceLabel(s fitness.SourceCategory) string {
	return optionLabel(fitness.SourceCategories, string(s))
}

// bodyView shows one body and its referrals.
func (a *app) bodyView(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	b, err := a.Referrals.FindBody(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	refs, err := a.Referrals.ListReferrals(ctx, actor, fitness.ReferralFilter{BodyID: b.ID})
	if err != nil {
		return err
	}
	rows := []web.SummaryRow{{Key: "Kind", Value: web.Text(b.Kind.Label())},
		{Key: "Concerns it raises count as", Value: web.Text(sourceLabel(b.Source))},
		{Key: "Email", Value: orText(b.Email, "Not recorded")}, {Key: "Address", Value: preLine(b.Address)},
		{Key: "Notes", Value: preLine(b.Notes)}}
	p := a.page(r, b.Name)
	p.BackLink = "/other-bodies"
	return web.Render(w, r, http.StatusOK, bodyPage(p, b, rows, referralTable("Referrals with "+b.Name, refs),
		len(refs) == 0, allowed(actor, fitness.PermReferralManage)))
}

// newBodyForm shows the form recording another body.
func (a *app) newBodyForm(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	return a.renderBodyForm(w, r, http.StatusOK, web.NewForm(nil))
}

// createBody records another body, or shows the form again with the
// errors and everything typed.
func (a *app) createBody(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	b, err := a.Referrals.CreateBody(r.Context(), web.ActorFrom(r.Context()), fitness.OtherBodyInput{
		Name: f.Value("name"), Kind: fitness.BodyKind(f.Value("kind")), Source: fitness.SourceCategory(f.Value("source")),
		Email: f.Value("email"), Address: f.Value("address"), Notes: f.Value("notes")})
	if f.SetError(err) {
		f.Order = []string{"name", "kind", "source", "email", "address", "notes"}
		return a.renderBodyForm(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, b.Name+" recorded")
	return web.Redirect(w, r, "/other-bodies/"+b.ID)
}

func (a *app) renderBodyForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := a.page(r, "Add another body")
	p.HasErrors, p.BackLink = f.HasErrors(), "/other-bodies"
	f.Anchors["kind"] = "kind"
	return web.Render(w, r, status, bodyFormPage(p, f))
}

// referralFormData is the form recording a referral.
type referralFormData struct {
	Direction fitness.ReferralDirection
	Case      *fitness.Case // the case it is about (out), from the case page
	Bodies    []fitness.Option
	Title     string
}

// newReferralForm shows the form recording a referral received
// (?direction=in) or made (?direction=out, optionally ?case=ID, ?body=ID).
func (a *app) newReferralForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := web.NewForm(url.Values{"direction": {q.Get("direction")}, "case_id": {q.Get("case")}, "body_id": {q.Get("body")}})
	return a.showReferralForm(w, r, http.StatusOK, f)
}

// showReferralForm renders the referral form for the direction and case f
// holds.
func (a *app) showReferralForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	d := referralFormData{Direction: fitness.ReferralIn, Title: "Record a referral received"}
	if f.Value("direction") == string(fitness.ReferralOut) {
		d.Direction, d.Title = fitness.ReferralOut, "Record a referral made"
	}
	f.Values.Set("direction", string(d.Direction))
	if id := f.Value("case_id"); id != "" && d.Direction == fitness.ReferralOut {
		c, err := a.Cases.FindCase(ctx, actor, id)
		if err != nil {
			return err
		}
		d.Case = &c
	}
	bodies, err := a.Referrals.ListBodies(ctx, actor, false)
	if err != nil {
		return err
	}
	for _, b := range bodies {
		d.Bodies = append(d.Bodies, fitness.Option{Value: b.ID, Label: b.Name})
	}
	p := a.page(r, d.Title)
	p.HasErrors, p.BackLink = f.HasErrors(), "/referrals"
	if d.Case != nil {
		p.BackLink = "/cases/" + d.Case.ID
	}
	f.Order = []string{"body_id", refNumberField, "subject_name", "registrant_id", "referred_on", "reason", "their_reference"}
	f.Anchors["referred_on"] = "referred_on-day"
	return web.Render(w, r, status, referralFormPage(p, f, d))
}

// createReferral records a referral, or shows the form again with the
// errors and everything typed. A referral received opens a case: the
// page goes there.
func (a *app) createReferral(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := fitness.ReferralInput{Direction: fitness.ReferralDirection(f.Value("direction")), BodyID: f.Value("body_id"),
		CaseID: f.Value("case_id"), SubjectName: f.Value("subject_name"), SubjectDetails: f.Value("subject_details"),
		ReferredOn: dateText(f, "referred_on"), Reason: f.Value("reason"), TheirReference: f.Value("their_reference")}
	if in.Direction != fitness.ReferralOut {
		in.CaseID = ""
	}
	if number := f.Value(refNumberField); number != "" {
		reg, err := a.Registrants.FindRegistrantByNumber(ctx, number)
		switch {
		case fitness.ErrorCode(err) == fitness.ENotFound:
			f.AddError(refNumberField, "No one on the register has the registration number "+number)
			in.RegistrantID = unknownRegistrant // refused by storage with the other errors: nothing is stored
		case err != nil:
			return err
		default:
			in.RegistrantID = reg.ID
		}
	}
	ref, cases, err := a.Referrals.CreateReferral(ctx, web.ActorFrom(ctx), in)
	if f.SetError(err) || f.HasErrors() {
		if msg, ok := f.Errors["registrant_id"]; ok {
			delete(f.Errors, "registrant_id")
			f.AddError(refNumberField, msg)
		}
		return a.showReferralForm(w, r, http.StatusUnprocessableEntity, f)
	} else if err != nil {
		return err
	}
	if len(cases) > 0 {
		web.AddFlash(ctx, a.Sessions, "Referral from "+ref.BodyName+" recorded as a concern: case "+cases[0].Reference+" opened")
		return web.Redirect(w, r, "/cases/"+cases[0].ID)
	}
	web.AddFlash(ctx, a.Sessions, "Referral to "+ref.BodyName+" recorded")
	return web.Redirect(w, r, "/referrals/"+ref.ID)
}

// dateText returns the three parts of date input name as D/M/YYYY for the
// domain to read, or "" when none was typed.
func dateText(f *web.Form, name string) string {
	d, m, y := f.Value(name+"-day"), f.Value(name+"-month"), f.Value(name+"-year")
	if d == "" && m == "" && y == "" {
		return ""
	}
	return d + "/" + m + "/" + y
}

// referralPageData is one referral's page.
type referralPageData struct {
	R         fitness.Referral
	Rows      []web.SummaryRow
	History   web.Table
	CanUpdate bool
	Stale     bool
}

// referralView shows a referral, its history and the form recording what
// happened next.
func (a *app) referralView(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(nil)
	return a.showReferral(w, r, http.StatusOK, f, false)
}

// showReferral renders a referral's page with form f.
func (a *app) showReferral(w http.ResponseWriter, r *http.Request, status int, f *web.Form, stale bool) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	actor := web.ActorFrom(r.Context())
	ref, history, err := a.Referrals.FindReferral(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !f.HasErrors() || stale {
		f.Values.Set(refVersionField, strconv.Itoa(ref.Version))
	}
	d := referralPageData{R: ref, Rows: referralRows(ref), CanUpdate: !ref.Status.Final() &&
		allowed(actor, fitness.PermReferralManage), Stale: stale,
		History: web.Table{Caption: "History of the referral", Head: []string{"When", "Who", "Status", "Note"}}}
	for _, h := range history {
		d.History.Rows = append(d.History.Rows, []templ.Component{web.Text(web.FormatDateTime(h.At)),
			web.Text(h.ActorName), web.Text(h.Status.Label()), preLine(h.Note)})
	}
	p := a.page(r, "Referral – "+ref.BodyName)
	p.HasErrors, p.BackLink = f.HasErrors(), "/referrals"
	f.Order = []string{"status", "acknowledged_on", "their_reference", "note"}
	f.Anchors["acknowledged_on"], f.Anchors["status"] = "acknowledged_on-day", "status"
	return web.Render(w, r, status, referralPage(p, f, d))
}

// referralRows puts a referral in words.
func referralRows(ref fitness.Referral) []web.SummaryRow {
	caseCell := web.Text("None")
	if ref.CaseID != "" {
		caseCell = web.Link("/cases/"+ref.CaseID, ref.CaseReference)
	}
	person := web.Text(ref.Subject())
	if ref.RegistrantID != "" {
		person = web.Link("/registrants/"+ref.RegistrantID, ref.Subject())
	}
	rows := []web.SummaryRow{{Key: "Direction", Value: web.Text(ref.Direction.Label())},
		{Key: "Body", Value: web.Link("/other-bodies/"+ref.BodyID, ref.BodyName)},
		{Key: "About", Value: person}, {Key: "Case", Value: caseCell},
		{Key: "Date of the referral", Value: web.Text(web.FormatDate(ref.ReferredOn))},
		{Key: "Reason", Value: preLine(ref.Reason)},
		{Key: "Their reference", Value: orText(ref.TheirReference, "Not known")},
		{Key: "Status", Value: web.Text(ref.Status.Label())}}
	if !ref.AcknowledgedOn.IsZero() {
		rows = append(rows, web.SummaryRow{Key: "Acknowledged", Value: web.Text(web.FormatDate(ref.AcknowledgedOn))})
	}
	if ref.Outcome != "" {
		rows = append(rows, web.SummaryRow{Key: "Outcome", Value: preLine(ref.Outcome)})
	}
	return append(rows, web.SummaryRow{Key: "Recorded by", Value: web.Text(ref.CreatedByName + ", " +
		web.FormatDateTime(ref.CreatedAt))})
}

// updateReferral records an acknowledgement, closure or withdrawal at the
// version the page was opened at.
func (a *app) updateReferral(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(f.Value(refVersionField))
	_, err = a.Referrals.UpdateReferral(ctx, web.ActorFrom(ctx), r.PathValue("id"), version, fitness.ReferralUpdateInput{
		Status: fitness.ReferralStatus(f.Value("status")), AcknowledgedOn: dateText(f, "acknowledged_on"),
		TheirReference: f.Value("their_reference"), Note: f.Value("note")})
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		f.Message = fitness.ErrorMessage(err)
		return a.showReferral(w, r, http.StatusConflict, f, true)
	case f.SetError(err):
		return a.showReferral(w, r, http.StatusUnprocessableEntity, f, false)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Referral updated")
	return web.Redirect(w, r, "/referrals/"+r.PathValue("id"))
}
