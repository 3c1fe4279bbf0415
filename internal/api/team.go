package api

import (
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
)

// bandJSON is an ageing band, with its counts in a team queue.
type bandJSON struct {
	Number   int    `json:"number"`
	Label    string `json:"label"`
	Cases    *int   `json:"cases,omitempty"`
	Breached *int   `json:"breached,omitempty"`
}

// managerCountJSON counts the open cases of one case manager.
type managerCountJSON struct {
	CaseManagerID *string `json:"case_manager_id"`
	Name          string  `json:"name"`
	Cases         int     `json:"cases"`
	Breached      int     `json:"breached"`
	ByBand        []int   `json:"by_band"`
}

// teamRowJSON is one open case of the team queue.
type teamRowJSON struct {
	Case      caseSummaryJSON `json:"case"`
	Band      int             `json:"band"`
	BandLabel string          `json:"band_label"`
	Breached  bool            `json:"breached"`
	OnHold    bool            `json:"on_hold"`
}

// teamQueueJSON is the team queue on the wire.
type teamQueueJSON struct {
	Cases        int                `json:"cases"`
	Breached     int                `json:"breached"`
	Bands        []bandJSON         `json:"bands"`
	CaseManagers []managerCountJSON `json:"case_managers"`
	Items        []teamRowJSON      `json:"items"`
	Next         *string            `json:"next"`
}

// getTeamQueue answers GET /api/v1/team/queue.
func (s *server) getTeamQueue(w http.ResponseWriter, r *http.Request) error {
	f, err := s.teamFilter(r)
	if err != nil {
		return err
	}
	q, err := s.Clocks.TeamQueue(r.Context(), actorOf(r), f)
	if err != nil {
		return renameFields(err, map[string]string{"after": "cursor"})
	}
	out := teamQueueJSON{Cases: q.Cases, Breached: q.Breached, Bands: []bandJSON{},
		CaseManagers: []managerCountJSON{}, Items: make([]teamRowJSON, 0, len(q.Rows)), Next: stringOrNull(q.Next)}
	for _, b := range q.Bands {
		n, br := b.Cases, b.Breached
		out.Bands = append(out.Bands, bandJSON{Number: b.Band.Number, Label: b.Band.Label, Cases: &n, Breached: &br})
	}
	for _, m := range q.Managers {
		out.CaseManagers = append(out.CaseManagers, managerCountJSON{CaseManagerID: stringOrNull(m.CaseManagerID),
			Name: m.Name, Cases: m.Cases, Breached: m.Breached, ByBand: m.ByBand})
	}
	for _, c := range q.Rows {
		out.Items = append(out.Items, teamRowJSON{Case: s.newCaseSummaryJSON(c.CaseSummary),
			Band: c.Band.Number, BandLabel: c.Band.Label, Breached: c.Breached, OnHold: c.OnHold})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// newCaseSummaryJSON returns one row of a case list on the wire.
func (s *server) newCaseSummaryJSON(c fitness.CaseSummary) caseSummaryJSON {
	return caseSummaryJSON{
		ID: c.ID, Reference: c.Reference, RegistrantID: stringOrNull(c.RegistrantID),
		RegistrantName: c.RegistrantName, RegistrantNumber: c.RegistrantNumber,
		SubjectName: c.SubjectName, Stage: string(c.Stage), StageLabel: s.stageLabel(c.Stage),
		CaseManagerID: stringOrNull(c.CaseManagerID), CaseManagerName: c.CaseManagerName,
		ReceivedOn: dateOrNull(c.ReceivedOn), NextDue: timeOrNull(c.NextDue()),
		Open: c.Open(), Version: c.Version,
	}
}

// teamFilter reads the filters of the team queue from the query.
func (s *server) teamFilter(r *http.Request) (fitness.TeamFilter, error) {
	q := r.URL.Query()
	fields := map[string]string{}
	f := fitness.TeamFilter{CaseManagerID: q.Get("case_manager"), Stage: fitness.Stage(q.Get("stage")),
		After: q.Get("cursor")}
	if f.CaseManagerID == "me" {
		f.CaseManagerID = actorOf(r).UserID
	}
	if _, ok := s.Process.Stage(f.Stage); f.Stage != "" && !ok {
		fields["stage"] = "There is no stage " + strconv.Quote(string(f.Stage)) + "."
	}
	switch strings.ToLower(q.Get("breached")) {
	case "", "false":
	case "true":
		f.BreachedOnly = true
	default:
		fields["breached"] = "Must be true or false."
	}
	f.Band = intParam(r, "band", 0, 1, len(fitness.AgeingBands(s.Rules)), fields)
	f.Limit = intParam(r, "limit", 25, 1, 100, fields)
	if len(fields) > 0 {
		return f, invalid(fields)
	}
	return f, nil
}

// reassignRequestJSON is the body of POST /api/v1/cases/reassign.
type reassignRequestJSON struct {
	Cases         []reassignCaseJSON `json:"cases"`
	CaseManagerID string             `json:"case_manager_id"`
}

// reassignCaseJSON names a case and the version the client read.
type reassignCaseJSON struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// reassignCases answers POST /api/v1/cases/reassign: 204 when every case
// was allocated, each with its own "allocate" event; 409 naming the cases
// that could not be, when none was.
func (s *server) reassignCases(w http.ResponseWriter, r *http.Request) error {
	var req reassignRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ids := make([]string, 0, len(req.Cases))
	versions := map[string]int{}
	fields := map[string]string{}
	for i, c := range req.Cases {
		if strings.TrimSpace(c.ID) == "" {
			fields["cases["+strconv.Itoa(i)+"].id"] = "Give the case's id."
		}
		ids, versions[c.ID] = append(ids, c.ID), c.Version
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	err := s.Clocks.ReassignCases(r.Context(), actorOf(r), ids, versions, req.CaseManagerID)
	if err != nil {
		return renameFields(err, map[string]string{"case_manager": "case_manager_id"})
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
