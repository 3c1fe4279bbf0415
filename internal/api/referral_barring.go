package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// safeguardingJSON is a case's Safeguarding on the wire.
type safeguardingJSON struct {
	CaseID       string          `json:"case_id"`
	Marked       bool            `json:"marked"`
	Reason       string          `json:"reason"`
	MarkedAt     *string         `json:"marked_at"`
	MarkedBy     *eventActorJSON `json:"marked_by"`
	StruckOff    bool            `json:"struck_off"`
	PromptDue    bool            `json:"prompt_due"`
	Barring      *string         `json:"barring"`
	BarringLabel string          `json:"barring_label"`
	ReferralID   *string         `json:"referral_id"`
	Note         string          `json:"note"`
	DecidedAt    *string         `json:"decided_at"`
	DecidedBy    *eventActorJSON `json:"decided_by"`
}

func newSafeguardingJSON(c fitness.Case, s fitness.Safeguarding) safeguardingJSON {
	out := safeguardingJSON{CaseID: c.ID, Marked: s.Marked(), Reason: s.Reason, MarkedAt: timeOrNull(s.MarkedAt),
		StruckOff: fitness.StruckOff(c), PromptDue: fitness.BarringPromptDue(c, s),
		Barring: stringOrNull(string(s.Barring)), BarringLabel: s.Barring.Label(),
		ReferralID: stringOrNull(s.ReferralID), Note: s.Note, DecidedAt: timeOrNull(s.DecidedAt)}
	if s.Marked() {
		out.MarkedBy = &eventActorJSON{ID: s.MarkedBy, Name: s.MarkedByName}
	}
	if !s.DecidedAt.IsZero() {
		out.DecidedBy = &eventActorJSON{ID: s.DecidedBy, Name: s.DecidedByName}
	}
	return out
}

// getSafeguarding answers GET /api/v1/cases/{id}/safeguarding.
func (s *server) getSafeguarding(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	sg, err := s.Referrals.CaseSafeguarding(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c))
	return writeJSON(w, http.StatusOK, "application/json", newSafeguardingJSON(c, sg))
}

// markSafeguarding answers POST /api/v1/cases/{id}/safeguarding: 201 with
// the case's safeguarding and new ETag. If-Match is required.
func (s *server) markSafeguarding(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	next, sg, err := s.Referrals.MarkSafeguarding(r.Context(), actorOf(r), c.ID, c.Version, req.Reason)
	if err != nil {
		return s.staleError(r, c, err)
	}
	w.Header().Set("ETag", etag(next))
	return writeJSON(w, http.StatusCreated, "application/json", newSafeguardingJSON(next, sg))
}

// barringRequestJSON is the body of POST /api/v1/cases/{id}/safeguarding/barring.
type barringRequestJSON struct {
	Outcome        string `json:"outcome"`
	ReferredOn     string `json:"referred_on"`
	TheirReference string `json:"their_reference"`
	Reason         string `json:"reason"`
}

// decideBarring answers POST /api/v1/cases/{id}/safeguarding/barring: 200
// with the case's safeguarding (and, when made, the referral's id) and
// new ETag. If-Match is required.
func (s *server) decideBarring(w http.ResponseWriter, r *http.Request) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var req barringRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	next, sg, err := s.Referrals.DecideBarring(r.Context(), actorOf(r), c.ID, c.Version, fitness.BarringInput{
		Outcome: fitness.BarringOutcome(req.Outcome), ReferredOn: req.ReferredOn, TheirReference: req.TheirReference,
		Reason: req.Reason})
	if err != nil {
		return s.staleError(r, c, err)
	}
	w.Header().Set("ETag", etag(next))
	return writeJSON(w, http.StatusOK, "application/json", newSafeguardingJSON(next, sg))
}

// barringPromptJSON is one outstanding barring-service prompt.
type barringPromptJSON struct {
	CaseID        string    `json:"case_id"`
	CaseReference string    `json:"case_reference"`
	Subject       string    `json:"subject"`
	Stage         string    `json:"stage"`
	StruckOffAt   time.Time `json:"struck_off_at"`
	MarkedAt      time.Time `json:"marked_at"`
	Reason        string    `json:"reason"`
}

// listBarringPrompts answers GET /api/v1/barring-prompts.
func (s *server) listBarringPrompts(w http.ResponseWriter, r *http.Request) error {
	prompts, err := s.Referrals.BarringPrompts(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	out := struct {
		Prompts []barringPromptJSON `json:"prompts"`
	}{Prompts: []barringPromptJSON{}}
	for _, p := range prompts {
		out.Prompts = append(out.Prompts, barringPromptJSON{CaseID: p.CaseID, CaseReference: p.CaseReference,
			Subject: p.RegistrantName, Stage: string(p.Stage), StruckOffAt: p.StruckOffAt.UTC(),
			MarkedAt: p.MarkedAt.UTC(), Reason: p.Reason})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}
