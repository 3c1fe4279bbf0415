package api

import (
	"net/http"
	"strconv"
	"time"

	"fitness/internal/fitness"
)

// particularJSON is one numbered particular on the wire.
type particularJSON struct {
	Number         int      `json:"number"`
	Text           string   `json:"text"`
	Subparticulars []string `json:"subparticulars"`
}

// allegationJSON is one version of an allegation on the wire.
type allegationJSON struct {
	CaseID       string           `json:"case_id"`
	Version      int              `json:"version"`
	Stem         string           `json:"stem"`
	Particulars  []particularJSON `json:"particulars"`
	Grounds      []string         `json:"grounds"`
	GroundsLabel string           `json:"grounds_label"`
	Impairment   string           `json:"impairment"`
	AmendedAt    time.Time        `json:"amended_at"`
	AmendedBy    eventActorJSON   `json:"amended_by"`
	Reason       string           `json:"reason"`
}

// particularInputJSON is one particular as sent; particulars are numbered
// in the order sent.
type particularInputJSON struct {
	Text           string   `json:"text"`
	Subparticulars []string `json:"subparticulars"`
}

// allegationInputJSON is the body of PUT /api/v1/cases/{id}/allegation.
type allegationInputJSON struct {
	Stem        string                `json:"stem"`
	Particulars []particularInputJSON `json:"particulars"`
	Grounds     []string              `json:"grounds"`
	Impairment  string                `json:"impairment"`
	Reason      string                `json:"reason"`
}

// newAllegationJSON returns the wire form of al.
func newAllegationJSON(al fitness.Allegation) allegationJSON {
	out := allegationJSON{CaseID: al.CaseID, Version: al.Version, Stem: al.Stem, Particulars: []particularJSON{},
		Grounds: []string{}, GroundsLabel: al.GroundsText(), Impairment: al.Impairment, AmendedAt: al.AmendedAt.UTC(),
		AmendedBy: eventActorJSON{ID: al.AmendedBy, Name: al.AmendedByName}, Reason: al.Reason}
	for _, p := range al.Particulars {
		out.Particulars = append(out.Particulars, particularJSON{Number: p.Number, Text: p.Text,
			Subparticulars: nonNil(p.Subparticulars)})
	}
	for _, g := range al.Grounds {
		out.Grounds = append(out.Grounds, string(g))
	}
	return out
}

// getAllegation answers GET /api/v1/cases/{id}/allegation with the current
// version, and the case's ETag for amending it.
func (s *server) getAllegation(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	al, err := s.Allegations.CurrentAllegation(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c))
	return writeJSON(w, http.StatusOK, "application/json", newAllegationJSON(al))
}

// listAllegationVersions answers GET /api/v1/cases/{id}/allegation/versions.
func (s *server) listAllegationVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Allegations.AllegationVersions(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := struct {
		Items []allegationJSON `json:"items"`
	}{Items: make([]allegationJSON, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, newAllegationJSON(v))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// amendAllegation answers PUT /api/v1/cases/{id}/allegation: the next
// version, at the case version named by If-Match (428 without it, 412 when
// stale). It answers with the new version and the case's new ETag.
func (s *server) amendAllegation(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var in allegationInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.AllegationInput{Stem: in.Stem, Impairment: in.Impairment, Reason: in.Reason}
	for _, p := range in.Particulars {
		dom.Particulars = append(dom.Particulars, fitness.Particular{Text: p.Text, Subparticulars: p.Subparticulars})
	}
	for _, g := range in.Grounds {
		dom.Grounds = append(dom.Grounds, fitness.Ground(g))
	}
	al, version, err := s.Allegations.AmendAllegation(r.Context(), actorOf(r), c.ID, c.Version, dom)
	if err != nil {
		return s.amendError(r, c, err, len(in.Particulars))
	}
	w.Header().Set("ETag", etag(fitness.Case{Version: version}))
	return writeJSON(w, http.StatusOK, "application/json", newAllegationJSON(al))
}

// amendError answers a refused amendment: 412 when the case changed since
// it was loaded, field errors named by their place in the request, the
// domain's answer otherwise.
func (s *server) amendError(r *http.Request, c fitness.Case, err error, particulars int) error {
	switch fitness.ErrorCode(err) {
	case fitness.EConflict:
		cur, ferr := s.Cases.FindCase(r.Context(), actorOf(r), c.ID)
		if ferr != nil || cur.Version != c.Version {
			return stale(c, err)
		}
	case fitness.EInvalid:
		names := map[string]string{}
		for i := range max(particulars, 1) {
			names[fitness.ParticularField(i)] = "particulars[" + strconv.Itoa(i) + "]"
		}
		return renameFields(err, names)
	}
	return err
}
