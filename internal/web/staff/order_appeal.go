package staff

import (
	"net/http"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// appealPageData is what the appeal forms show.
type appealPageData struct {
	C       fitness.Case
	Decide  bool // recording the court's decision, not the appeal lodged
	Pending *fitness.Order
	Limits  string
}

// appealContext loads the case and its pending order.
func (a *app) appealContext(r *http.Request, decide bool) (appealPageData, error) {
	c, err := a.hearingCase(r)
	if err != nil {
		return appealPageData{}, err
	}
	d := appealPageData{C: c, Decide: decide, Limits: sanctionLimits(a.Rules)}
	orders, err := a.Hearings.CaseOrders(r.Context(), web.ActorFrom(r.Context()), c.ID)
	if err != nil {
		return d, err
	}
	for _, o := range orders {
		if o.Status == fitness.OrderPending {
			d.Pending = &o
			break
		}
	}
	return d, nil
}

func (a *app) appealForm(decide bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := a.appealContext(r, decide)
		if err != nil {
			return err
		}
		f := web.NewForm(nil)
		f.Values.Set(versionField, strconv.Itoa(d.C.Version))
		return a.renderAppeal(w, r, http.StatusOK, d, f)
	}
}

// appealPost records the appeal lodged, or the court's decision on it.
func (a *app) appealPost(decide bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := a.appealContext(r, decide)
		if err != nil {
			return err
		}
		f, err := web.ParseForm(w, r)
		if err != nil {
			return err
		}
		version, verr := strconv.Atoi(f.Value(versionField))
		if verr != nil || version != d.C.Version {
			f.Message = staleMessage
			return a.renderAppeal(w, r, http.StatusConflict, d, f)
		}
		ctx, actor := r.Context(), web.ActorFrom(r.Context())
		var done string
		if decide {
			in := readAppealOutcome(f)
			if !f.HasErrors() {
				var ap fitness.Appeal
				ap, err = a.Hearings.DecideAppeal(ctx, actor, d.C.ID, version, in)
				done = "Appeal: " + ap.Outcome.Label()
			}
		} else {
			f.Order = []string{"appellant", "lodged_on", "court"}
			in := fitness.AppealInput{Appellant: f.Value("appellant"), Court: f.Value("court")}
			in.LodgedOn, _ = f.Date("lodged_on", "the date the appeal was lodged", true)
			if !f.HasErrors() {
				_, err = a.Hearings.LodgeAppeal(ctx, actor, d.C.ID, version, in)
				done = "Appeal recorded"
			}
		}
		switch code := fitness.ErrorCode(err); {
		case f.HasErrors():
			return a.renderAppeal(w, r, http.StatusUnprocessableEntity, d, f)
		case code == fitness.EConflict || code == fitness.EForbidden || code == fitness.ENotFound && err != nil:
			f.Message = fitness.ErrorMessage(err)
			return a.renderAppeal(w, r, http.StatusConflict, d, f)
		case f.SetError(decisionFormFields(err)):
			return a.renderAppeal(w, r, http.StatusUnprocessableEntity, d, f)
		case err != nil:
			return err
		}
		web.AddFlash(ctx, a.Sessions, done)
		return web.Redirect(w, r, "/cases/"+d.C.ID)
	}
}

// readAppealOutcome reads the court's decision from the form.
func readAppealOutcome(f *web.Form) fitness.AppealOutcomeInput {
	f.Order = []string{"outcome", "decided_on", "reasons", "sanction", "length_months", "conditions"}
	in := fitness.AppealOutcomeInput{Outcome: fitness.AppealOutcome(f.Value("outcome")), Reasons: f.Raw("reasons"),
		Sanction: fitness.SanctionKind(f.Value("sanction")), Conditions: f.Raw("conditions")}
	in.DecidedOn, _ = f.Date("decided_on", "the date of the court's decision", true)
	in.LengthMonths = lengthMonths(f)
	return in
}

func (a *app) renderAppeal(w http.ResponseWriter, r *http.Request, status int, d appealPageData, f *web.Form) error {
	title := "Record an appeal"
	if d.Decide {
		title = "Record the court's decision"
	}
	p := a.page(r, title+" – "+d.C.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/cases/"+d.C.ID
	return web.Render(w, r, status, appealPage(p, title, d, f))
}
