package staff

import (
	"net/http"
	"slices"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// HearingServices serve the hearing, order, appeal and publication pages.
// Storage's hearing service offers them all.
type HearingServices interface {
	fitness.HearingService
	fitness.OrderService
	fitness.PublicationService
}

// hearingsData is what the case page shows of hearings, orders, appeals
// and publications, with the links the actor may follow.
type hearingsData struct {
	CaseID       string
	Version      int
	Hearings     []hearingRow
	Orders       []orderRow
	Appeals      []appealRow
	Publications []publicationRow
	// What the actor may do now.
	CanList, CanTakeEffect, CanExpire, CanAppeal, CanDecideAppeal bool
}

// hearingRow is one hearing of a case.
type hearingRow struct {
	ID, Kind, Committee, When, Where, Status string
	CanDecide                                bool
}

// orderRow is one order of a case.
type orderRow struct {
	Kind, Status, From, To, ReviewDue, Reason string
	InForce                                   bool
}

// appealRow is one appeal of a case.
type appealRow struct {
	Appellant, Court, Lodged, Outcome, Decided, Reasons string
}

// publicationRow is one publication of a case.
type publicationRow struct {
	ID, What, Status, Due, Reason string
	CanPublish, Late              bool
}

// offeredActions returns the actions the case page offers as buttons: the
// available ones, less those recorded through the hearing pages when the
// app has them.
func (a *app) offeredActions(c fitness.Case, actor fitness.Actor) []fitness.ActionDef {
	if a.Hearings == nil {
		return a.Process.Available(c, actor)
	}
	return a.Process.OfferedActions(c, actor)
}

// loadHearings fills in the hearings section of the case page.
func (a *app) loadHearings(r *http.Request, d *caseData) error {
	if a.Hearings == nil {
		return nil
	}
	ctx, actor, c := r.Context(), web.ActorFrom(r.Context()), d.C
	hs, err := a.Hearings.CaseHearings(ctx, actor, c.ID)
	if err != nil {
		return err
	}
	available := a.Process.Available(c, actor)
	can := func(n fitness.ActionName) bool {
		return slices.ContainsFunc(available, func(d fitness.ActionDef) bool { return d.Name == n })
	}
	officer := actor.Has(fitness.RoleHearingsOfficer)
	h := &hearingsData{CaseID: c.ID, Version: c.Version,
		CanList: officer && (can(fitness.ActionListHearing) || can(fitness.ActionListReview) ||
			c.Stage == fitness.StageRestoration || c.InterimStage == fitness.StageInterimConsidered),
		CanTakeEffect:   can(fitness.ActionOrderTakesEffect) && c.Stage == fitness.StageAppealWindow,
		CanExpire:       can(fitness.ActionOrderExpired),
		CanAppeal:       can(fitness.ActionRecordAppeal),
		CanDecideAppeal: can(fitness.ActionAppealAllowed)}
	for _, x := range hs {
		h.Hearings = append(h.Hearings, hearingRow{ID: x.ID, Kind: x.Kind.Label(), Committee: x.Committee.Label(),
			When: web.FormatSpan(x.Start, x.End), Where: x.Place(), Status: hearingStatus(x), CanDecide: officer && x.Status == fitness.HearingListed})
	}
	if err := a.loadOrders(r, h, officer); err != nil {
		return err
	}
	d.Hearings = h
	return nil
}

// loadOrders fills in the orders, appeals and publications of the case.
func (a *app) loadOrders(r *http.Request, h *hearingsData, officer bool) error {
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	orders, err := a.Hearings.CaseOrders(ctx, actor, h.CaseID)
	if err != nil {
		return err
	}
	for _, o := range orders {
		h.Orders = append(h.Orders, orderRow{Kind: o.Kind.Label(), Status: o.Status.Label(), From: web.FormatDate(o.Start),
			To: orDash(web.FormatDate(o.End)), ReviewDue: orDash(web.FormatDate(o.ReviewDue)), Reason: o.StatusReason,
			InForce: o.Status == fitness.OrderInForce})
	}
	appeals, err := a.Hearings.CaseAppeals(ctx, actor, h.CaseID)
	if err != nil {
		return err
	}
	for _, x := range appeals {
		row := appealRow{Appellant: optionLabel(fitness.Appellants, x.Appellant), Court: x.Court,
			Lodged: web.FormatDate(x.LodgedOn), Outcome: "Awaiting the court's decision", Reasons: x.Reasons}
		if x.Outcome != "" {
			row.Outcome, row.Decided = x.Outcome.Label(), web.FormatDate(x.DecidedOn)
		}
		h.Appeals = append(h.Appeals, row)
	}
	pubs, err := a.Hearings.CasePublications(ctx, actor, h.CaseID)
	if err != nil {
		return err
	}
	for _, p := range pubs {
		h.Publications = append(h.Publications, a.publicationRow(p, officer))
	}
	return nil
}

func (a *app) publicationRow(p fitness.Publication, officer bool) publicationRow {
	now := a.Now()
	row := publicationRow{ID: p.ID, What: "Hearing listing", Due: orDash(web.FormatDate(p.DueBy)), Late: p.Late(now)}
	if p.Kind == fitness.PublicationDecision {
		row.What = "Decision (" + fitness.PublishedOutcomeLabel(p.Outcome) + ")"
	}
	switch {
	case p.PublishedAt.IsZero():
		row.Status, row.CanPublish = "Not published yet", officer
	case p.Visible(now):
		row.Status = "Published " + web.FormatDate(p.PublishedAt) + ", until " + web.FormatDate(p.TakeDownAt)
	case now.Before(p.PublishedAt):
		row.Status = "To be published on " + web.FormatDate(p.PublishedAt)
	default:
		row.Status = "Taken down on " + web.FormatDate(p.TakeDownAt)
	}
	return row
}

func hearingStatus(h fitness.Hearing) string {
	if h.Status == fitness.HearingDecided {
		return "Decided"
	}
	return "Listed"
}

// optionLabel returns the label of value among opts, or value itself.
func optionLabel(opts []fitness.Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
