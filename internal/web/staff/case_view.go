package staff

import (
	"net/http"
	"slices"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// linkedCase is a case from the same concern.
type linkedCase struct{ ID, Reference string }

// eventRow is one entry of a case timeline, in words.
type eventRow struct {
	Title   string
	Actor   string
	At      string
	Reason  string
	Details []string
}

// timelinePage is how many of the latest events the case page shows
// unless asked for all of them: a long-running case has thousands.
const timelinePage = 50

// caseData is what the case page shows.
type caseData struct {
	C          fitness.Case
	Registrant *fitness.Registrant // nil while not identified
	Stage      string
	Interim    string
	InStage    string
	Manager    string
	Deadlines  []deadlineRow
	Linked     []linkedCase
	Events     []eventRow
	// AllEvents says the timeline shows every event; otherwise the latest
	// timelinePage and a link to the rest when there are more.
	AllEvents bool
	Actions   []fitness.ActionDef
	Clocks    *clocksData // every clock in words, holds (hold_view.go)
	// Investigation is the allegation and information requests (request_view.go).
	Investigation investigationData
	// Service is the letters issued and their service (service_view.go).
	Service *serviceData
	// Hearings is the hearings, orders, appeals and publications
	// (hearing_section.go).
	Hearings *hearingsData
	// Referrals is the safeguarding mark, the barring-service prompt and
	// the referrals about the case (referral_case.go).
	Referrals *caseReferrals
	// Inquiry is the own-motion inquiry whose screening opened the case,
	// when the actor may see it (inquiry_view.go).
	Inquiry *fitness.Inquiry
}

// deadlineRow is one running deadline.
type deadlineRow struct {
	Label, Due, Overdue string
}

// caseView shows a case: its summary, deadlines, timeline and the actions
// the actor may take now.
func (a *app) caseView(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := caseData{C: c, Stage: a.stageLabel(c.Stage), Interim: a.stageLabel(c.InterimStage),
		InStage: a.daysSince(c.StageEnteredAt), Actions: a.offeredActions(c, actor)}
	if err := a.loadCaseParties(r, &d); err != nil {
		return err
	}
	d.Deadlines = a.deadlineRows(c.Deadlines)
	if d.Clocks, err = a.caseClocks(r, c); err != nil {
		return err
	}
	if err := a.loadInvestigation(r, &d); err != nil {
		return err
	}
	if err := a.loadService(r, &d); err != nil {
		return err
	}
	if err := a.loadHearings(r, &d); err != nil {
		return err
	}
	if err := a.loadReferrals(r, &d); err != nil {
		return err
	}
	if err := a.loadCaseInquiry(r, &d); err != nil {
		return err
	}
	d.AllEvents = r.URL.Query().Get("events") == "all"
	limit := timelinePage
	if d.AllEvents {
		limit = 0
	}
	events, err := a.Cases.RecentEvents(ctx, actor, c.ID, limit)
	if err != nil {
		return err
	}
	for _, e := range slices.Backward(events) {
		d.Events = append(d.Events, eventRow{Title: fitness.DescribeEvent(a.Process, e), Actor: e.ActorName,
			At: web.FormatDateTime(e.At), Reason: e.Reason, Details: a.eventDetails(e)})
	}
	p := a.page(r, "Case "+c.Reference)
	return web.Render(w, r, http.StatusOK, casePage(p, d))
}

// loadCaseParties fills in the registrant, case manager and linked cases.
func (a *app) loadCaseParties(r *http.Request, d *caseData) error {
	ctx := r.Context()
	if d.C.RegistrantID != "" {
		reg, err := a.Registrants.FindRegistrant(ctx, d.C.RegistrantID)
		if err != nil {
			return err
		}
		d.Registrant = &reg
	}
	if d.C.CaseManagerID != "" {
		u, err := a.Users.FindUser(ctx, d.C.CaseManagerID)
		if err != nil {
			return err
		}
		d.Manager = u.Name
	}
	for _, id := range d.C.Linked {
		lc, err := a.Cases.FindCase(ctx, web.ActorFrom(ctx), id)
		if fitness.ErrorCode(err) == fitness.ENotFound {
			continue // a linked case the actor may not see is not mentioned
		}
		if err != nil {
			return err
		}
		d.Linked = append(d.Linked, linkedCase{ID: lc.ID, Reference: lc.Reference})
	}
	return nil
}

// deadlineRows lists running deadlines, soonest first, flagging overdue ones.
func (a *app) deadlineRows(ds []fitness.Deadline) []deadlineRow {
	ds = slices.Clone(ds)
	slices.SortFunc(ds, func(x, y fitness.Deadline) int { return x.Due.Compare(y.Due) })
	rows := make([]deadlineRow, 0, len(ds))
	for _, dl := range ds {
		row := deadlineRow{Label: dl.Label, Due: web.FormatDate(dl.Due)}
		if days := web.DaysBetween(dl.Due, a.Now()); days > 0 {
			row.Overdue = web.FormatDays(days) + " overdue"
		}
		rows = append(rows, row)
	}
	return rows
}
