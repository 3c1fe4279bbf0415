package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// scopeEmploymentJSON is one employment that puts a person in scope.
type scopeEmploymentJSON struct {
	EmploymentID string  `json:"employment_id"`
	EmployerID   string  `json:"employer_id"`
	EmployerName string  `json:"employer_name"`
	Role         string  `json:"role"`
	From         string  `json:"from"`
	To           *string `json:"to"`
}

// scopePersonJSON is a person in scope with the employments that put them
// there.
type scopePersonJSON struct {
	RegistrantID string                `json:"registrant_id"`
	Number       string                `json:"number"`
	Name         string                `json:"name"`
	Status       string                `json:"status"`
	Employments  []scopeEmploymentJSON `json:"employments"`
}

func newScopePerson(p fitness.ScopePerson) scopePersonJSON {
	out := scopePersonJSON{RegistrantID: p.RegistrantID, Number: p.Number, Name: p.Name, Status: string(p.Status),
		Employments: []scopeEmploymentJSON{}}
	for _, e := range p.Employments {
		out.Employments = append(out.Employments, scopeEmploymentJSON{EmploymentID: e.EmploymentID,
			EmployerID: e.EmployerID, EmployerName: e.EmployerName, Role: e.Role,
			From: e.From.Format(time.DateOnly), To: dateOrNull(e.To)})
	}
	return out
}

func newScopePeople(ps []fitness.ScopePerson) []scopePersonJSON {
	out := make([]scopePersonJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, newScopePerson(p))
	}
	return out
}

// snapshotJSON is a ScopeSnapshot on the wire; People is set only when
// one snapshot is asked for.
type snapshotJSON struct {
	ID        string            `json:"id"`
	InquiryID string            `json:"inquiry_id"`
	Seq       int               `json:"seq"`
	Rule      string            `json:"rule"`
	TakenAt   time.Time         `json:"taken_at"`
	TakenBy   namedJSON         `json:"taken_by"`
	InScope   int               `json:"in_scope"`
	People    []scopePersonJSON `json:"people,omitempty"`
}

func newSnapshotJSON(s fitness.ScopeSnapshot, withPeople bool) snapshotJSON {
	out := snapshotJSON{ID: s.ID, InquiryID: s.InquiryID, Seq: s.Seq, Rule: s.Rule, TakenAt: s.TakenAt.UTC(),
		TakenBy: namedJSON{ID: s.TakenBy, Name: s.TakenByName}, InScope: s.People}
	if withPeople {
		out.People = newScopePeople(fitness.GroupScope(s.Entries))
	}
	return out
}

// diffJSON is a ScopeDiff on the wire.
type diffJSON struct {
	FromSnapshotID *string           `json:"from_snapshot_id"`
	ToSnapshotID   string            `json:"to_snapshot_id"`
	Added          []scopePersonJSON `json:"added"`
	Removed        []scopePersonJSON `json:"removed"`
	Changed        []changeJSON      `json:"changed"`
}

// changeJSON is a person whose scope facts changed.
type changeJSON struct {
	Before scopePersonJSON `json:"before"`
	After  scopePersonJSON `json:"after"`
}

func newDiffJSON(d fitness.ScopeDiff) diffJSON {
	out := diffJSON{FromSnapshotID: stringOrNull(d.FromID), ToSnapshotID: d.ToID, Added: newScopePeople(d.Added),
		Removed: newScopePeople(d.Removed), Changed: []changeJSON{}}
	for _, c := range d.Changed {
		out.Changed = append(out.Changed, changeJSON{Before: newScopePerson(c.Before), After: newScopePerson(c.After)})
	}
	return out
}

// runScope answers POST /api/v1/inquiries/{id}/scope-runs.
func (s *server) runScope(w http.ResponseWriter, r *http.Request) error {
	run, err := s.Inquiries.RunScope(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := struct {
		Snapshot snapshotJSON `json:"snapshot"`
		Diff     diffJSON     `json:"diff"`
	}{newSnapshotJSON(run.Snapshot, true), newDiffJSON(run.Diff)}
	w.Header().Set("Location", inquiryPath(run.Snapshot.InquiryID)+"/snapshots/"+run.Snapshot.ID)
	return writeJSON(w, http.StatusCreated, "application/json", out)
}

// listSnapshots answers GET /api/v1/inquiries/{id}/snapshots.
func (s *server) listSnapshots(w http.ResponseWriter, r *http.Request) error {
	snaps, err := s.Inquiries.Snapshots(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := listJSON[snapshotJSON]{Items: []snapshotJSON{}}
	for _, sn := range snaps {
		out.Items = append(out.Items, newSnapshotJSON(sn, false))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getSnapshot answers GET /api/v1/inquiries/{id}/snapshots/{snapshot};
// "latest" names the latest.
func (s *server) getSnapshot(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("snapshot")
	if id == "latest" {
		id = ""
	}
	snap, err := s.Inquiries.Snapshot(r.Context(), actorOf(r), r.PathValue("id"), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newSnapshotJSON(snap, true))
}

// compareSnapshots answers GET /api/v1/inquiries/{id}/scope-diff.
func (s *server) compareSnapshots(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	fields := map[string]string{}
	for _, name := range []string{"from", "to"} {
		if q.Get(name) == "" {
			fields[name] = "Give the id of a snapshot of the inquiry."
		}
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	d, err := s.Inquiries.CompareSnapshots(r.Context(), actorOf(r), r.PathValue("id"), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newDiffJSON(d))
}
