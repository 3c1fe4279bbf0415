package staff

import (
	"net/http"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// orderStep is a confirmation page for a step in an order's life: it
// taking effect, or expiring.
type orderStep struct {
	Title, Button, Path, Empty string
	C                          fitness.Case
	Order                      *fitness.Order
}

// orderSteps are the steps by the last part of their path.
var orderSteps = map[string]orderStep{
	"take-effect": {Title: "The order takes effect", Button: "Confirm: the order takes effect",
		Empty: "There is no order waiting for the appeal period on this case."},
	"expire": {Title: "Record the order expired", Button: "Confirm: the order has expired",
		Empty: "There is no order in force on this case."},
}

// orderStepContext loads the case and the order the step is about.
func (a *app) orderStepContext(r *http.Request, name string) (orderStep, error) {
	c, err := a.hearingCase(r)
	if err != nil {
		return orderStep{}, err
	}
	st := orderSteps[name]
	st.C, st.Path = c, "/cases/"+c.ID+"/orders/"+name
	orders, err := a.Hearings.CaseOrders(r.Context(), web.ActorFrom(r.Context()), c.ID)
	if err != nil {
		return st, err
	}
	want := fitness.OrderPending
	if name == "expire" {
		want = fitness.OrderInForce
	}
	for _, o := range orders {
		if o.Status == want && !o.Kind.Interim() {
			st.Order = &o
			break
		}
	}
	return st, nil
}

func (a *app) orderStepForm(name string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, err := a.orderStepContext(r, name)
		if err != nil {
			return err
		}
		f := web.NewForm(nil)
		f.Values.Set(versionField, strconv.Itoa(st.C.Version))
		return a.renderOrderStep(w, r, http.StatusOK, st, f)
	}
}

func (a *app) orderStepPost(name string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		st, err := a.orderStepContext(r, name)
		if err != nil {
			return err
		}
		f, err := web.ParseForm(w, r)
		if err != nil {
			return err
		}
		version, verr := strconv.Atoi(f.Value(versionField))
		if verr != nil || version != st.C.Version {
			f.Message = staleMessage
			return a.renderOrderStep(w, r, http.StatusConflict, st, f)
		}
		ctx, actor := r.Context(), web.ActorFrom(r.Context())
		var o fitness.Order
		if name == "expire" {
			o, err = a.Hearings.ExpireOrder(ctx, actor, st.C.ID, version)
		} else {
			o, err = a.Hearings.TakeEffect(ctx, actor, st.C.ID, version)
		}
		if code := fitness.ErrorCode(err); code == fitness.EConflict || code == fitness.EInvalid || code == fitness.EForbidden {
			f.Message = fitness.ErrorMessage(err)
			return a.renderOrderStep(w, r, http.StatusConflict, st, f)
		} else if err != nil {
			return err
		}
		web.AddFlash(ctx, a.Sessions, o.Kind.Label()+": "+o.Status.Label())
		return web.Redirect(w, r, "/cases/"+st.C.ID)
	}
}

func (a *app) renderOrderStep(w http.ResponseWriter, r *http.Request, status int, st orderStep, f *web.Form) error {
	p := a.page(r, st.Title+" – "+st.C.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/cases/"+st.C.ID
	return web.Render(w, r, status, orderStepPage(p, st, f))
}

// orderSummary lists an order in words.
func orderSummary(o fitness.Order) []web.SummaryRow {
	return []web.SummaryRow{
		{Key: "Order", Value: web.Text(o.Kind.Label())},
		{Key: "Made on", Value: web.Text(web.FormatDate(o.MadeOn))},
		{Key: "Takes effect", Value: web.Text(web.FormatDate(o.Start))},
		{Key: "Ends", Value: web.Text(orDash(web.FormatDate(o.End)))},
		{Key: "Register", Value: web.Text(o.Annotation())},
	}
}

// publishDecision publishes a decision of the case and goes back to it.
func (a *app) publishDecision(w http.ResponseWriter, r *http.Request) error {
	c, err := a.hearingCase(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(f.Value(versionField))
	if err != nil {
		return fitness.Errorf(fitness.EInvalid, "The form could not be read")
	}
	ctx := r.Context()
	p, err := a.Hearings.PublishDecision(ctx, web.ActorFrom(ctx), c.ID, r.PathValue("pub"), version)
	if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Decision published until "+web.FormatDate(p.TakeDownAt))
	return web.Redirect(w, r, "/cases/"+c.ID)
}
