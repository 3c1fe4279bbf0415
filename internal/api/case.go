package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// caseJSON is a Case on the wire, with the actions the caller may take.
type caseJSON struct {
	ID               string         `json:"id"`
	Reference        string         `json:"reference"`
	ConcernID        string         `json:"concern_id"`
	RegistrantID     *string        `json:"registrant_id"`
	SubjectName      string         `json:"subject_name"`
	SubjectDetails   string         `json:"subject_details"`
	Source           string         `json:"source"`
	Summary          string         `json:"summary"`
	Stage            string         `json:"stage"`
	StageLabel       string         `json:"stage_label"`
	InterimStage     *string        `json:"interim_stage"`
	StageEnteredAt   time.Time      `json:"stage_entered_at"`
	Version          int            `json:"version"`
	ProcessVersion   string         `json:"process_version"`
	CaseManagerID    *string        `json:"case_manager_id"`
	ReceivedOn       *string        `json:"received_on"`
	OpenedAt         time.Time      `json:"opened_at"`
	ClosedAt         *string        `json:"closed_at"`
	Open             bool           `json:"open"`
	Deadlines        []deadlineJSON `json:"deadlines"`
	LinkedCaseIDs    []string       `json:"linked_case_ids"`
	AvailableActions []actionJSON   `json:"available_actions"`
}

// deadlineJSON is a running clock on the wire.
type deadlineJSON struct {
	Name  string    `json:"name"`
	Label string    `json:"label"`
	Due   time.Time `json:"due"`
}

// actionJSON describes an action the caller may take.
type actionJSON struct {
	Name         string      `json:"name"`
	Label        string      `json:"label"`
	Description  string      `json:"description,omitempty"`
	ToStage      *string     `json:"to_stage"`
	ToStageLabel *string     `json:"to_stage_label"`
	Inputs       []inputJSON `json:"inputs"`
}

// inputJSON describes one input of an action.
type inputJSON struct {
	Name     string       `json:"name"`
	Label    string       `json:"label"`
	Hint     string       `json:"hint,omitempty"`
	Kind     string       `json:"kind"`
	Required bool         `json:"required"`
	Options  []optionJSON `json:"options,omitempty"`
	Role     string       `json:"role,omitempty"`
	Min      *int         `json:"min,omitempty"`
	Max      *int         `json:"max,omitempty"`
}

// optionJSON is one choice of a choice input.
type optionJSON struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// caseSummaryJSON is one row of a case list on the wire.
type caseSummaryJSON struct {
	ID               string  `json:"id"`
	Reference        string  `json:"reference"`
	RegistrantID     *string `json:"registrant_id"`
	RegistrantName   string  `json:"registrant_name"`
	RegistrantNumber string  `json:"registrant_number"`
	SubjectName      string  `json:"subject_name"`
	Stage            string  `json:"stage"`
	StageLabel       string  `json:"stage_label"`
	CaseManagerID    *string `json:"case_manager_id"`
	CaseManagerName  string  `json:"case_manager_name"`
	ReceivedOn       *string `json:"received_on"`
	NextDue          *string `json:"next_due"`
	Open             bool    `json:"open"`
	Version          int     `json:"version"`
}

// casePath is the API path of a case.
func casePath(c fitness.Case) string { return "/api/v1/cases/" + c.ID }

// etag is the entity tag of a case's version.
func etag(c fitness.Case) string { return versionTag(c.Version) }

// newCaseJSON returns the wire form of c as actor sees it.
func (s *server) newCaseJSON(c fitness.Case, actor fitness.Actor) caseJSON {
	out := caseJSON{
		ID: c.ID, Reference: c.Reference, ConcernID: c.ConcernID,
		RegistrantID: stringOrNull(c.RegistrantID), SubjectName: c.SubjectName,
		SubjectDetails: c.SubjectDetails, Source: string(c.Source), Summary: c.Summary,
		Stage: string(c.Stage), StageLabel: s.stageLabel(c.Stage),
		InterimStage: stringOrNull(string(c.InterimStage)), StageEnteredAt: c.StageEnteredAt.UTC(),
		Version: c.Version, ProcessVersion: c.ProcessVersion,
		CaseManagerID: stringOrNull(c.CaseManagerID), ReceivedOn: dateOrNull(c.ReceivedOn),
		OpenedAt: c.OpenedAt.UTC(), ClosedAt: timeOrNull(c.ClosedAt), Open: c.Open(),
		Deadlines: []deadlineJSON{}, LinkedCaseIDs: nonNil(c.Linked), AvailableActions: []actionJSON{},
	}
	for _, d := range c.Deadlines {
		out.Deadlines = append(out.Deadlines, deadlineJSON{Name: d.Name, Label: d.Label, Due: d.Due.UTC()})
	}
	for _, a := range s.offeredActions(c, actor) {
		out.AvailableActions = append(out.AvailableActions, s.newActionJSON(a))
	}
	return out
}

// newActionJSON describes an action of the process table.
func (s *server) newActionJSON(a fitness.ActionDef) actionJSON {
	out := actionJSON{Name: string(a.Name), Label: a.Label, Description: a.Description,
		Inputs: []inputJSON{}}
	if a.To != "" {
		out.ToStage, out.ToStageLabel = stringOrNull(string(a.To)), stringOrNull(s.stageLabel(a.To))
	}
	for _, in := range a.Inputs {
		j := inputJSON{Name: in.Name, Label: in.Label, Hint: in.Hint, Kind: string(in.Kind),
			Required: in.Required, Role: string(in.Role)}
		for _, o := range in.Options {
			j.Options = append(j.Options, optionJSON{Value: o.Value, Label: o.Label})
		}
		if in.Kind == fitness.InputNumber && in.Max > 0 {
			lo, hi := in.Min, in.Max
			j.Min, j.Max = &lo, &hi
		}
		out.Inputs = append(out.Inputs, j)
	}
	return out
}

// stageLabel returns a stage in words.
func (s *server) stageLabel(st fitness.Stage) string { return s.Process.StageLabel(st) }

// getCase answers GET /api/v1/cases/{id}.
func (s *server) getCase(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	w.Header().Set("ETag", etag(c))
	return writeJSON(w, http.StatusOK, "application/json", s.newCaseJSON(c, actorOf(r)))
}

// listCases answers GET /api/v1/cases.
func (s *server) listCases(w http.ResponseWriter, r *http.Request) error {
	f, err := s.caseFilter(r)
	if err != nil {
		return err
	}
	page, err := s.Cases.ListCases(r.Context(), actorOf(r), f)
	if err != nil {
		return renameFields(err, map[string]string{"after": "cursor"})
	}
	out := struct {
		Items []caseSummaryJSON `json:"items"`
		Next  *string           `json:"next"`
	}{Items: make([]caseSummaryJSON, 0, len(page.Cases)), Next: stringOrNull(page.Next)}
	for _, c := range page.Cases {
		out.Items = append(out.Items, caseSummaryJSON{
			ID: c.ID, Reference: c.Reference, RegistrantID: stringOrNull(c.RegistrantID),
			RegistrantName: c.RegistrantName, RegistrantNumber: c.RegistrantNumber,
			SubjectName: c.SubjectName, Stage: string(c.Stage), StageLabel: s.stageLabel(c.Stage),
			CaseManagerID: stringOrNull(c.CaseManagerID), CaseManagerName: c.CaseManagerName,
			ReceivedOn: dateOrNull(c.ReceivedOn), NextDue: timeOrNull(c.NextDue()),
			Open: c.Open(), Version: c.Version,
		})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// caseFilter reads the filters of a case list from the query.
func (s *server) caseFilter(r *http.Request) (fitness.CaseFilter, error) {
	q := r.URL.Query()
	fields := map[string]string{}
	f := fitness.CaseFilter{CaseManagerID: q.Get("case_manager"), Stage: fitness.Stage(q.Get("stage")),
		After: q.Get("cursor")}
	if f.CaseManagerID == "me" {
		f.CaseManagerID = actorOf(r).UserID
	}
	if _, ok := s.Process.Stage(f.Stage); f.Stage != "" && !ok {
		fields["stage"] = "There is no stage " + strconv.Quote(string(f.Stage)) + "."
	}
	switch strings.ToLower(q.Get("open")) {
	case "", "false":
	case "true":
		f.OpenOnly = true
	default:
		fields["open"] = "Must be true or false."
	}
	f.Limit = intParam(r, "limit", 25, 1, 100, fields)
	if len(fields) > 0 {
		return f, invalid(fields)
	}
	return f, nil
}
