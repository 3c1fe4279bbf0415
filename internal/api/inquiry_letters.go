package api

import "net/http"

// bulkLettersJSON is the body of POST /api/v1/inquiries/{id}/letters.
type bulkLettersJSON struct {
	RegistrantIDs []string `json:"registrant_ids"`
}

// startLetters answers POST /api/v1/inquiries/{id}/letters: the bulk step
// requesting the notice of investigation on each case screening opened
// starts, and its progress is at the Location.
func (s *server) startLetters(w http.ResponseWriter, r *http.Request) error {
	var in bulkLettersJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	step, err := s.Inquiries.StartLetters(r.Context(), actorOf(r), r.PathValue("id"), in.RegistrantIDs)
	if err != nil {
		return renameFields(err, screeningFields)
	}
	return s.stepAccepted(w, r, step)
}
