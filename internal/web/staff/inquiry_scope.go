package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// scopeData is what an inquiry's scope page shows: the snapshots taken,
// the one chosen (the latest by default) with its people, and what changed
// since the one before it.
type scopeData struct {
	inquiryHead
	Snapshots []fitness.ScopeSnapshot
	Snap      fitness.ScopeSnapshot // zero before the first run
	Previous  fitness.ScopeSnapshot // the one before Snap; zero for the first
	People    []fitness.ScopePerson
	Diff      fitness.ScopeDiff
	RuleText  string
}

// scopeView shows the inquiry's scope: the latest snapshot, or the one
// chosen with ?snapshot=, each person with their roles and dates, and the
// difference from the snapshot before.
func (a *app) scopeView(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "scope")
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	d := scopeData{inquiryHead: h, RuleText: fitness.OverlapRuleText}
	if d.Snapshots, err = a.Inquiries.Snapshots(ctx, actor, h.Inq.ID); err != nil {
		return err
	}
	if len(d.Snapshots) > 0 {
		if err := a.fillScope(r, &d); err != nil {
			return err
		}
	}
	return web.Render(w, r, http.StatusOK, scopePage(a.page(r, "Scope: "+h.Inq.Title), d))
}

// fillScope loads the snapshot chosen, its people and its difference from
// the one before it.
func (a *app) fillScope(r *http.Request, d *scopeData) error {
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	chosen := r.URL.Query().Get("snapshot")
	snap, err := a.Inquiries.Snapshot(ctx, actor, d.Inq.ID, chosen)
	if err != nil {
		return err
	}
	d.Snap, d.People = snap, fitness.GroupScope(snap.Entries)
	for i, s := range d.Snapshots {
		if s.ID == snap.ID && i+1 < len(d.Snapshots) {
			d.Previous = d.Snapshots[i+1]
		}
	}
	if d.Previous.ID == "" {
		d.Diff = fitness.ScopeDiff{ToID: snap.ID, Added: d.People}
		return nil
	}
	d.Diff, err = a.Inquiries.CompareSnapshots(ctx, actor, d.Inq.ID, d.Previous.ID, snap.ID)
	return err
}

// runScope runs the inquiry's scope now and shows the new snapshot with
// what changed.
func (a *app) runScope(w http.ResponseWriter, r *http.Request) error {
	h, err := a.loadInquiry(r, "scope")
	if err != nil {
		return err
	}
	run, err := a.Inquiries.RunScope(r.Context(), web.ActorFrom(r.Context()), h.Inq.ID)
	if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, scopeRunMessage(run))
	return web.Redirect(w, r, "/inquiries/"+h.Inq.ID+"/scope")
}

// scopeRunMessage says what a scope run found.
func scopeRunMessage(run fitness.ScopeRun) string {
	msg := "Scope run: " + plural(run.Snapshot.People, "person", "people") + " in scope"
	if run.Snapshot.Seq > 1 {
		if run.Diff.Empty() {
			return msg + ", no change since the last run"
		}
		msg += ": " + itoa(len(run.Diff.Added)) + " added, " + itoa(len(run.Diff.Removed)) + " removed, " +
			itoa(len(run.Diff.Changed)) + " changed"
	}
	return msg
}

// plural returns n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// employmentDates is an in-scope employment's dates in words.
func employmentDates(e fitness.ScopeEntry) string {
	if e.To.IsZero() {
		return "from " + web.FormatDate(e.From) + ", still employed"
	}
	return web.FormatDate(e.From) + " to " + web.FormatDate(e.To)
}
