package staff

import (
	"net/http"
	"strconv"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Hold form fields; named apart from other forms that may share the case
// page.
const (
	holdReasonField  = "hold_reason"
	holdDetailsField = "hold_details"
	holdNoteField    = "hold_note"
)

// clocksData is the "Clocks" section of a case page: every clock in words.
type clocksData struct {
	CaseID    string
	Version   int
	Summary   []web.SummaryRow
	Deadlines []deadlineClockRow
	Breached  bool
	Hold      *holdRow // the hold in force
	Past      []holdRow
	CanHold   bool // the actor may place and end holds on this open case
	Open      bool
	Form      *web.Form // the empty place-hold form
}

// deadlineClockRow is one deadline in words.
type deadlineClockRow struct {
	Words     string
	Overdue   bool
	Paused    bool
	Statutory bool
}

// holdRow is a hold in words.
type holdRow struct {
	Reason, Details, Since, Until, By, EndedBy, Note, Days string
}

// caseClocks returns the clocks section of case c for the request's actor.
func (a *app) caseClocks(r *http.Request, c fitness.Case) (*clocksData, error) {
	var holds []fitness.Hold
	if a.Clocks != nil {
		var err error
		if holds, err = a.Clocks.CaseHolds(r.Context(), web.ActorFrom(r.Context()), c.ID); err != nil {
			return nil, err
		}
	}
	now := a.Now()
	cc := fitness.Clocks(c, a.Rules, holds, now)
	actor := web.ActorFrom(r.Context())
	d := &clocksData{CaseID: c.ID, Version: c.Version, Breached: len(cc.Breaches) > 0, Open: c.Open(),
		CanHold: a.Clocks != nil && c.Open() && allowed(actor, fitness.PermCaseHold), Form: web.NewForm(nil)}
	d.Summary = a.clockSummary(c, cc)
	for _, dc := range cc.Deadlines {
		d.Deadlines = append(d.Deadlines, deadlineClockRow{Words: dc.Words(), Overdue: dc.Overdue,
			Paused: dc.Paused, Statutory: !dc.Pausable})
	}
	for _, h := range holds {
		row := describeHold(h, now)
		if h.Active() {
			d.Hold = &row
		} else {
			d.Past = append(d.Past, row)
		}
	}
	return d, nil
}

// clockSummary puts time since receipt, time in stage and the case-age
// target in words.
func (a *app) clockSummary(c fitness.Case, cc fitness.CaseClocks) []web.SummaryRow {
	receipt := web.FormatDays(cc.SinceReceipt) + " (received " + web.FormatDate(cc.Received) + "; " + cc.Band.Label + ")"
	if !c.Open() {
		receipt = web.FormatDays(cc.SinceReceipt) + " from receipt to closure"
	}
	stage := web.FormatDays(cc.InStage)
	if cc.InStageHeld > 0 {
		stage += ", of which " + web.FormatDays(cc.InStageHeld) + " on hold"
	}
	target := "Within " + cc.TargetAge.String() + " of receipt, time on hold excluded: "
	switch {
	case !c.Open():
		target += "the case is closed"
	case cc.AgeBreached:
		target += "missed (" + web.FormatDays(cc.KPIAge) + " counted)"
	case cc.Hold != nil:
		target += "paused while the case is on hold (" + web.FormatDays(cc.KPIAge) + " counted)"
	default:
		target += "missed from " + web.FormatDate(cc.TargetFrom) + " (" + web.FormatDays(cc.KPIAge) + " counted)"
	}
	rows := []web.SummaryRow{
		{Key: "Time since receipt", Value: web.Text(receipt)},
		{Key: "Time in stage", Value: web.Text(stage)},
		{Key: "Case age target", Value: web.Text(target)},
	}
	if cc.HeldDays > 0 {
		rows = append(rows, web.SummaryRow{Key: "Time on hold", Value: web.Text(web.FormatDays(cc.HeldDays) + " in all")})
	}
	return rows
}

// describeHold puts a hold in words.
func describeHold(h fitness.Hold, now time.Time) holdRow {
	row := holdRow{Reason: h.Reason.Label(), Details: h.Details, Since: web.FormatDateTime(h.Start),
		By: h.StartedByName, Days: web.FormatDays(h.Days(now))}
	if !h.Active() {
		row.Until, row.EndedBy, row.Note = web.FormatDateTime(h.End), h.EndedByName, h.EndNote
	}
	return row
}

// holdPageData is the page of the place-hold or end-hold form.
type holdPageData struct {
	C     fitness.Case
	Hold  *holdRow // in force: the page ends it
	Stale bool
}

// holdForm shows the form that puts the case on hold, or takes it off
// when it is on hold.
func (a *app) holdForm(w http.ResponseWriter, r *http.Request) error {
	c, hold, err := a.holdCase(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set(versionField, strconv.Itoa(c.Version))
	return a.renderHold(w, r, http.StatusOK, f, holdPageData{C: c, Hold: hold})
}

// holdCase loads the case of the request and its hold in force, if any;
// ENotFound when the actor may not see it or holds are not offered.
func (a *app) holdCase(r *http.Request) (fitness.Case, *holdRow, error) {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	if a.Clocks == nil {
		return fitness.Case{}, nil, web.PageNotFound()
	}
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("id"))
	if err != nil {
		return c, nil, err
	}
	holds, err := a.Clocks.CaseHolds(ctx, actor, c.ID)
	if err != nil {
		return c, nil, err
	}
	for _, h := range holds {
		if h.Active() {
			row := describeHold(h, a.Now())
			return c, &row, nil
		}
	}
	return c, nil, nil
}

// placeHold puts the case on hold at the version the form was opened at.
func (a *app) placeHold(w http.ResponseWriter, r *http.Request) error {
	return a.postHold(w, r, false)
}

// endHold takes the case off hold at the version the form was opened at.
func (a *app) endHold(w http.ResponseWriter, r *http.Request) error {
	return a.postHold(w, r, true)
}

// postHold places or ends a hold. A stale version or a hold changed by
// someone else shows the form again with everything typed kept; field
// errors likewise.
func (a *app) postHold(w http.ResponseWriter, r *http.Request, end bool) error {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	c, hold, err := a.holdCase(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	d := holdPageData{C: c, Hold: hold}
	version, verr := strconv.Atoi(f.Value(versionField))
	if verr != nil || version != c.Version || end != (hold != nil) {
		return a.renderHoldStale(w, r, f, d)
	}
	var flash string
	if end {
		_, _, err = a.Clocks.EndHold(ctx, actor, c.ID, version, f.Value(holdNoteField))
		flash = "Case taken off hold"
	} else {
		in := fitness.HoldInput{Reason: fitness.HoldReason(f.Value(holdReasonField)), Details: f.Value(holdDetailsField)}
		_, _, err = a.Clocks.PlaceHold(ctx, actor, c.ID, version, in)
		flash = "Case put on hold"
	}
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		return a.renderHoldStale(w, r, f, d)
	case setHoldErrors(f, err):
		return a.renderHold(w, r, http.StatusUnprocessableEntity, f, d)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, flash)
	return web.Redirect(w, r, "/cases/"+c.ID)
}

// setHoldErrors shows the domain's field errors against the form's fields.
func setHoldErrors(f *web.Form, err error) bool {
	if fitness.ErrorCode(err) != fitness.EInvalid {
		return false
	}
	names := map[string]string{"reason": holdReasonField, "details": holdDetailsField, "note": holdNoteField}
	for k, v := range fitness.ErrorFields(err) {
		if n, ok := names[k]; ok {
			k = n
		}
		f.AddError(k, v)
	}
	if !f.HasErrors() {
		f.Message = fitness.ErrorMessage(err)
	}
	f.Order = []string{holdReasonField, holdDetailsField, holdNoteField}
	f.Anchors[holdReasonField] = holdReasonField // the first radio's id
	return true
}

func (a *app) renderHoldStale(w http.ResponseWriter, r *http.Request, f *web.Form, d holdPageData) error {
	f.Message = staleMessage
	d.Stale = true
	return a.renderHold(w, r, http.StatusConflict, f, d)
}

func (a *app) renderHold(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d holdPageData) error {
	title := "Put the case on hold"
	if d.Hold != nil {
		title = "Take the case off hold"
	}
	p := a.page(r, title+" – "+d.C.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = "/cases/" + d.C.ID
	return web.Render(w, r, status, holdPage(p, f, d, title))
}
