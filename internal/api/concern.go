package api

import (
	"fmt"
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// concernInputJSON is the body of POST /api/v1/concerns.
type concernInputJSON struct {
	ReceivedOn    string             `json:"received_on"`
	Source        string             `json:"source"`
	RaisedByName  string             `json:"raised_by_name"`
	RaisedByEmail string             `json:"raised_by_email"`
	Summary       string             `json:"summary"`
	Subjects      []subjectInputJSON `json:"subjects"`
}

// subjectInputJSON names one registrant a concern is about.
type subjectInputJSON struct {
	RegistrantID string `json:"registrant_id"`
	Name         string `json:"name"`
	Details      string `json:"details"`
}

// concernJSON is a Concern with its cases on the wire.
type concernJSON struct {
	ID            string     `json:"id"`
	ReceivedOn    *string    `json:"received_on"`
	Source        string     `json:"source"`
	SourceLabel   string     `json:"source_label"`
	RaisedByName  string     `json:"raised_by_name"`
	RaisedByEmail string     `json:"raised_by_email"`
	Summary       string     `json:"summary"`
	CreatedAt     time.Time  `json:"created_at"`
	Cases         []caseJSON `json:"cases"`
}

// createConcern answers POST /api/v1/concerns.
func (s *server) createConcern(w http.ResponseWriter, r *http.Request) error {
	var in concernInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom, fields := in.domain()
	actor := actorOf(r)
	con, cases, err := s.Cases.CreateConcern(r.Context(), actor, dom)
	if err != nil {
		return withFields(err, fields)
	}
	if len(fields) > 0 {
		// The domain refuses a concern without a date received, which
		// is what it gets when received_on cannot be read.
		return fmt.Errorf("concern %s stored despite field errors %v", con.ID, fields)
	}
	out := concernJSON{
		ID: con.ID, ReceivedOn: dateOrNull(con.ReceivedOn), Source: string(con.Source),
		SourceLabel: sourceLabel(con.Source), RaisedByName: con.RaisedByName,
		RaisedByEmail: con.RaisedByEmail, Summary: con.Summary, CreatedAt: con.CreatedAt.UTC(),
		Cases: make([]caseJSON, 0, len(cases)),
	}
	for _, c := range cases {
		out.Cases = append(out.Cases, s.newCaseJSON(c, actor))
	}
	if len(cases) > 0 {
		w.Header().Set("Location", casePath(cases[0]))
	}
	return writeJSON(w, http.StatusCreated, "application/json", out)
}

// domain returns the concern as the domain takes it, and field errors for
// what cannot be read. A received_on that cannot be read is given to the
// domain as no date, which it refuses, so that one answer lists every
// field in error; the domain checks everything else.
func (in concernInputJSON) domain() (fitness.ConcernInput, map[string]string) {
	fields := map[string]string{}
	out := fitness.ConcernInput{
		Source: fitness.SourceCategory(in.Source), RaisedByName: in.RaisedByName,
		RaisedByEmail: in.RaisedByEmail, Summary: in.Summary,
	}
	if in.ReceivedOn != "" {
		d, err := time.Parse(time.DateOnly, in.ReceivedOn)
		if err != nil {
			fields["received_on"] = "Enter the date received as YYYY-MM-DD, for example 2026-03-02."
		}
		out.ReceivedOn = d
	}
	for _, sub := range in.Subjects {
		out.Subjects = append(out.Subjects, fitness.ConcernSubject{
			RegistrantID: sub.RegistrantID, Name: sub.Name, Details: sub.Details,
		})
	}
	return out, fields
}

// sourceLabel returns a source category in words.
func sourceLabel(s fitness.SourceCategory) string {
	for _, o := range fitness.SourceCategories {
		if o.Value == string(s) {
			return o.Label
		}
	}
	return string(s)
}
