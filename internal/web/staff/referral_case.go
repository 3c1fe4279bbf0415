package staff

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Safeguarding and barring form fields; named apart from other forms that
// share the case page.
const (
	sgReasonField   = "safeguarding_reason"
	barOutcomeField = "barring_outcome"
	barDateField    = "barring_on"
	barRefField     = "barring_reference"
	barReasonField  = "barring_reason"
)

// caseReferrals is the "Referrals and safeguarding" section of a case page.
type caseReferrals struct {
	CaseID    string
	Version   int
	Marked    *web.SummaryRow // the mark, when marked
	Barring   []web.SummaryRow
	PromptDue bool
	Referrals web.Table
	Any       bool
	CanManage bool
	Form      *web.Form
}

// loadReferrals fills the case page's referrals section, when the app
// offers referrals and the actor may see them.
func (a *app) loadReferrals(r *http.Request, d *caseData) error {
	actor := web.ActorFrom(r.Context())
	if a.Referrals == nil || !allowed(actor, fitness.PermReferralView) {
		return nil
	}
	sg, err := a.Referrals.CaseSafeguarding(r.Context(), actor, d.C.ID)
	if err != nil {
		return err
	}
	refs, err := a.Referrals.ListReferrals(r.Context(), actor, fitness.ReferralFilter{CaseID: d.C.ID})
	if err != nil {
		return err
	}
	s := &caseReferrals{CaseID: d.C.ID, Version: d.C.Version, PromptDue: fitness.BarringPromptDue(d.C, sg),
		Referrals: referralTable("Referrals about this case", refs), Any: len(refs) > 0,
		CanManage: allowed(actor, fitness.PermReferralManage), Form: web.NewForm(nil)}
	if sg.Marked() {
		s.Marked = &web.SummaryRow{Key: "Safeguarding case", Value: web.Text(sg.Reason + " (" + sg.MarkedByName +
			", " + web.FormatDate(sg.MarkedAt) + ")")}
		s.Barring = barringRows(sg)
	}
	d.Referrals = s
	return nil
}

// barringRows puts the barring decision in words.
func barringRows(sg fitness.Safeguarding) []web.SummaryRow {
	if sg.Barring == fitness.BarringUndecided {
		return nil
	}
	value := web.Text(sg.Barring.Label())
	if sg.ReferralID != "" {
		value = web.Link("/referrals/"+sg.ReferralID, sg.Barring.Label())
	}
	rows := []web.SummaryRow{{Key: "Referral to the barring service", Value: value},
		{Key: "Recorded", Value: web.Text(sg.DecidedByName + ", " + web.FormatDate(sg.DecidedAt))}}
	if sg.Note != "" {
		rows = append(rows, web.SummaryRow{Key: "Why not", Value: preLine(sg.Note)})
	}
	return rows
}

// safeguardingPage is the page of the safeguarding or barring form, shown
// alone when the form on the case page needs correcting.
type safeguardingPage struct {
	C       fitness.Case
	Barring bool // the barring decision form; else the safeguarding mark
	Stale   bool
}

// safeguardingForm shows the form marking the case as a safeguarding case.
func (a *app) safeguardingForm(w http.ResponseWriter, r *http.Request) error {
	return a.caseForm(w, r, false)
}

// barringForm shows the form recording the barring decision.
func (a *app) barringForm(w http.ResponseWriter, r *http.Request) error {
	return a.caseForm(w, r, true)
}

func (a *app) caseForm(w http.ResponseWriter, r *http.Request, barring bool) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	c, err := a.Cases.FindCase(r.Context(), web.ActorFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set(versionField, strconv.Itoa(c.Version))
	return a.renderSafeguarding(w, r, http.StatusOK, f, safeguardingPage{C: c, Barring: barring})
}

// markSafeguarding marks the case as a safeguarding case.
func (a *app) markSafeguarding(w http.ResponseWriter, r *http.Request) error {
	return a.postSafeguarding(w, r, false)
}

// decideBarring records the barring decision.
func (a *app) decideBarring(w http.ResponseWriter, r *http.Request) error {
	return a.postSafeguarding(w, r, true)
}

// postSafeguarding marks the case or records the barring decision at the
// version the form was opened at; a stale version or bad input shows the
// form again with everything typed kept.
func (a *app) postSafeguarding(w http.ResponseWriter, r *http.Request, barring bool) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	d := safeguardingPage{C: c, Barring: barring}
	version, verr := strconv.Atoi(f.Value(versionField))
	if verr != nil || version != c.Version {
		f.Message, d.Stale = staleMessage, true
		return a.renderSafeguarding(w, r, http.StatusConflict, f, d)
	}
	flash := "Case marked as a safeguarding case"
	if barring {
		_, _, err = a.Referrals.DecideBarring(ctx, actor, c.ID, version, fitness.BarringInput{
			Outcome: fitness.BarringOutcome(f.Value(barOutcomeField)), ReferredOn: dateText(f, barDateField),
			TheirReference: f.Value(barRefField), Reason: f.Value(barReasonField)})
		flash = "Barring-service decision recorded"
	} else {
		_, _, err = a.Referrals.MarkSafeguarding(ctx, actor, c.ID, version, f.Value(sgReasonField))
	}
	if setSafeguardingErrors(f, err, barring) {
		return a.renderSafeguarding(w, r, http.StatusUnprocessableEntity, f, d)
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, flash)
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// setSafeguardingErrors shows the domain's field errors, and a refused
// change (EConflict), against the form's fields.
func setSafeguardingErrors(f *web.Form, err error, barring bool) bool {
	switch fitness.ErrorCode(err) {
	case fitness.EConflict:
		f.Message = fitness.ErrorMessage(err)
		return true
	case fitness.EInvalid:
	default:
		return false
	}
	names := map[string]string{"outcome": barOutcomeField, "referred_on": barDateField,
		"their_reference": barRefField}
	for k, v := range fitness.ErrorFields(err) {
		switch {
		case k == "reason" && barring:
			k = barReasonField
		case k == "reason":
			k = sgReasonField
		case names[k] != "":
			k = names[k]
		}
		f.AddError(k, v)
	}
	f.Order = []string{sgReasonField, barOutcomeField, barDateField, barRefField, barReasonField}
	f.Anchors[barDateField] = barDateField + "-day"
	return true
}

func (a *app) renderSafeguarding(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d safeguardingPage) error {
	title := "Mark as a safeguarding case"
	if d.Barring {
		title = "Refer to the Disclosure and Barring Service"
	}
	p := a.page(r, title+" – "+d.C.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/cases/"+d.C.ID
	return web.Render(w, r, status, safeguardingFormPage(p, f, d, title))
}

// barringPrompts lists the outstanding barring-service prompts.
func (a *app) barringPrompts(w http.ResponseWriter, r *http.Request) error {
	if a.Referrals == nil {
		return web.PageNotFound()
	}
	prompts, err := a.Referrals.BarringPrompts(r.Context(), web.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	t := web.Table{Caption: "Struck-off safeguarding cases awaiting a barring decision, oldest first", HideCaption: true,
		Head: []string{"Case", "Registrant", "Since", "Why a safeguarding case"}}
	for _, p := range prompts {
		t.Rows = append(t.Rows, []templ.Component{web.Link("/cases/"+p.CaseID+"#referrals", p.CaseReference),
			web.Text(p.RegistrantName), web.Text(web.FormatDate(p.StruckOffAt)), preLine(p.Reason)})
	}
	p := a.page(r, "Barring-service prompts")
	p.BackLink = "/referrals"
	return web.Render(w, r, http.StatusOK, barringPromptsPage(p, t, len(prompts) == 0))
}
