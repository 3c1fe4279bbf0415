package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// registrantJSON is a Registrant on the wire.
type registrantJSON struct {
	ID                 string         `json:"id"`
	RegistrationNumber string         `json:"registration_number"`
	Profession         professionJSON `json:"profession"`
	GivenNames         string         `json:"given_names"`
	FamilyName         string         `json:"family_name"`
	Name               string         `json:"name"`
	Status             string         `json:"status"`
	StatusLabel        string         `json:"status_label"`
	RegisteredSince    *string        `json:"registered_since"`
	Town               string         `json:"town"`
	Annotations        []string       `json:"annotations"`
}

// professionJSON is a Profession on the wire.
type professionJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// employmentJSON is an Employment on the wire.
type employmentJSON struct {
	ID           string  `json:"id"`
	RegistrantID string  `json:"registrant_id"`
	EmployerID   string  `json:"employer_id"`
	EmployerName string  `json:"employer_name"`
	Role         string  `json:"role"`
	From         *string `json:"from"`
	To           *string `json:"to"`
	Current      bool    `json:"current"`
}

// newRegistrantJSON returns the wire form of r; professionName may be "".
func newRegistrantJSON(r fitness.Registrant, professionName string) registrantJSON {
	return registrantJSON{
		ID: r.ID, RegistrationNumber: r.Number,
		Profession: professionJSON{Code: r.ProfessionCode, Name: professionName},
		GivenNames: r.GivenNames, FamilyName: r.FamilyName, Name: r.Name(),
		Status: string(r.Status), StatusLabel: r.Status.Label(),
		RegisteredSince: dateOrNull(r.RegisteredSince), Town: r.Town,
		Annotations: nonNil(r.Annotations),
	}
}

// searchRegistrants answers GET /api/v1/registrants?q=&limit=.
func (s *server) searchRegistrants(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	fields := map[string]string{}
	switch {
	case q == "":
		fields["q"] = "Enter a registration number or a name to search for."
	case len(q) > 200:
		fields["q"] = "Must be 200 characters or fewer."
	}
	limit := intParam(r, "limit", 20, 1, 100, fields)
	if len(fields) > 0 {
		return invalid(fields)
	}
	hits, err := s.Registrants.SearchRegistrants(r.Context(), fitness.RegistrantQuery{Text: q, Limit: limit})
	if err != nil {
		return err
	}
	out := struct {
		Query string           `json:"query"`
		Items []registrantJSON `json:"items"`
	}{Query: q, Items: make([]registrantJSON, 0, len(hits))}
	for _, h := range hits {
		out.Items = append(out.Items, newRegistrantJSON(h.Registrant, h.ProfessionName))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getRegistrant answers GET /api/v1/registrants/{id}.
func (s *server) getRegistrant(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.Registrants.FindRegistrant(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	name, err := s.professionName(r.Context(), reg.ProfessionCode)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newRegistrantJSON(reg, name))
}

// professionName returns the name of the profession with code, or "".
func (s *server) professionName(ctx context.Context, code string) (string, error) {
	ps, err := s.Registrants.Professions(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range ps {
		if p.Code == code {
			return p.Name, nil
		}
	}
	return "", nil
}

// listEmployments answers GET /api/v1/registrants/{id}/employments.
func (s *server) listEmployments(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.Registrants.FindRegistrant(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	es, err := s.Registrants.Employments(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	out := struct {
		Items []employmentJSON `json:"items"`
	}{Items: make([]employmentJSON, 0, len(es))}
	for _, e := range es {
		out.Items = append(out.Items, employmentJSON{
			ID: e.ID, RegistrantID: e.RegistrantID, EmployerID: e.EmployerID,
			EmployerName: e.EmployerName, Role: e.Role,
			From: dateOrNull(e.From), To: dateOrNull(e.To), Current: e.Current(),
		})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// intParam reads a whole-number query parameter between lo and hi,
// recording a field error when it is not one.
func intParam(r *http.Request, name string, def, lo, hi int, fields map[string]string) int {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		fields[name] = "Must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + "."
		return def
	}
	return n
}

// dateOrNull formats a date as YYYY-MM-DD, or null when zero.
func dateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// timeOrNull formats a time in UTC (RFC 3339), or null when zero.
func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339Nano)
	return &s
}

// stringOrNull returns nil for "".
func stringOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonNil returns s, or an empty slice for nil, so it encodes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
