package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// otherBodyJSON is an OtherBody on the wire.
type otherBodyJSON struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	KindLabel      string `json:"kind_label"`
	SourceCategory string `json:"source_category"`
	Email          string `json:"email"`
	Address        string `json:"address"`
	Notes          string `json:"notes"`
	Active         bool   `json:"active"`
}

func newOtherBodyJSON(b fitness.OtherBody) otherBodyJSON {
	return otherBodyJSON{ID: b.ID, Name: b.Name, Kind: string(b.Kind), KindLabel: b.Kind.Label(),
		SourceCategory: string(b.Source), Email: b.Email, Address: b.Address, Notes: b.Notes, Active: b.Active}
}

// referralJSON is a Referral on the wire, with its history when read alone.
type referralJSON struct {
	ID             string                `json:"id"`
	Direction      string                `json:"direction"`
	Body           namedJSON             `json:"body"`
	CaseID         *string               `json:"case_id"`
	CaseReference  *string               `json:"case_reference"`
	ConcernID      *string               `json:"concern_id"`
	RegistrantID   *string               `json:"registrant_id"`
	Subject        string                `json:"subject"`
	InquiryID      *string               `json:"inquiry_id"`
	ReferredOn     *string               `json:"referred_on"`
	Reason         string                `json:"reason"`
	TheirReference string                `json:"their_reference"`
	Status         string                `json:"status"`
	StatusLabel    string                `json:"status_label"`
	AcknowledgedOn *string               `json:"acknowledged_on"`
	Outcome        string                `json:"outcome"`
	Version        int                   `json:"version"`
	CreatedAt      time.Time             `json:"created_at"`
	CreatedBy      eventActorJSON        `json:"created_by"`
	History        []referralHistoryJSON `json:"history,omitempty"`
}

// referralHistoryJSON is one change of a referral.
type referralHistoryJSON struct {
	At     time.Time      `json:"at"`
	Actor  eventActorJSON `json:"actor"`
	Status string         `json:"status"`
	Note   string         `json:"note"`
}

func newReferralJSON(r fitness.Referral, history []fitness.ReferralHistory) referralJSON {
	out := referralJSON{ID: r.ID, Direction: string(r.Direction), Body: namedJSON{ID: r.BodyID, Name: r.BodyName},
		CaseID: stringOrNull(r.CaseID), CaseReference: stringOrNull(r.CaseReference),
		ConcernID: stringOrNull(r.ConcernID), RegistrantID: stringOrNull(r.RegistrantID), Subject: r.Subject(),
		InquiryID: stringOrNull(r.InquiryID), ReferredOn: dateOrNull(r.ReferredOn), Reason: r.Reason,
		TheirReference: r.TheirReference, Status: string(r.Status), StatusLabel: r.Status.Label(),
		AcknowledgedOn: dateOrNull(r.AcknowledgedOn), Outcome: r.Outcome, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), CreatedBy: eventActorJSON{ID: r.CreatedBy, Name: r.CreatedByName}}
	for _, h := range history {
		out.History = append(out.History, referralHistoryJSON{At: h.At.UTC(),
			Actor: eventActorJSON{ID: h.ActorID, Name: h.ActorName}, Status: string(h.Status), Note: h.Note})
	}
	return out
}

// referring answers 404 when no referral service is wired.
func (s *server) referring(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Referrals == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}

// listBodies answers GET /api/v1/other-bodies.
func (s *server) listBodies(w http.ResponseWriter, r *http.Request) error {
	bodies, err := s.Referrals.ListBodies(r.Context(), actorOf(r), r.URL.Query().Get("all") == "true")
	if err != nil {
		return err
	}
	out := struct {
		Bodies []otherBodyJSON `json:"bodies"`
	}{Bodies: []otherBodyJSON{}}
	for _, b := range bodies {
		out.Bodies = append(out.Bodies, newOtherBodyJSON(b))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getBody answers GET /api/v1/other-bodies/{id}.
func (s *server) getBody(w http.ResponseWriter, r *http.Request) error {
	b, err := s.Referrals.FindBody(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newOtherBodyJSON(b))
}

// bodyRequestJSON is the body of POST /api/v1/other-bodies.
type bodyRequestJSON struct {
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	SourceCategory string `json:"source_category"`
	Email          string `json:"email"`
	Address        string `json:"address"`
	Notes          string `json:"notes"`
}

// createBody answers POST /api/v1/other-bodies: 201 with the body.
func (s *server) createBody(w http.ResponseWriter, r *http.Request) error {
	var req bodyRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	b, err := s.Referrals.CreateBody(r.Context(), actorOf(r), fitness.OtherBodyInput{Name: req.Name,
		Kind: fitness.BodyKind(req.Kind), Source: fitness.SourceCategory(req.SourceCategory), Email: req.Email,
		Address: req.Address, Notes: req.Notes})
	if err != nil {
		return renameFields(err, map[string]string{"source": "source_category"})
	}
	w.Header().Set("Location", "/api/v1/other-bodies/"+b.ID)
	return writeJSON(w, http.StatusCreated, "application/json", newOtherBodyJSON(b))
}

// listReferrals answers GET /api/v1/referrals, filtered by direction,
// body_id, case_id, registrant_id and open.
func (s *server) listReferrals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := fitness.ReferralFilter{Direction: fitness.ReferralDirection(q.Get("direction")), BodyID: q.Get("body_id"),
		CaseID: q.Get("case_id"), RegistrantID: q.Get("registrant_id"), OpenOnly: q.Get("open") == "true"}
	if f.Direction != "" && f.Direction != fitness.ReferralIn && f.Direction != fitness.ReferralOut {
		return invalid(map[string]string{"direction": "direction must be in or out"})
	}
	refs, err := s.Referrals.ListReferrals(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := struct {
		Referrals []referralJSON `json:"referrals"`
	}{Referrals: []referralJSON{}}
	for _, ref := range refs {
		out.Referrals = append(out.Referrals, newReferralJSON(ref, nil))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// referralRequestJSON is the body of POST /api/v1/referrals.
type referralRequestJSON struct {
	Direction      string `json:"direction"`
	BodyID         string `json:"body_id"`
	CaseID         string `json:"case_id"`
	RegistrantID   string `json:"registrant_id"`
	SubjectName    string `json:"subject_name"`
	SubjectDetails string `json:"subject_details"`
	ReferredOn     string `json:"referred_on"`
	Reason         string `json:"reason"`
	TheirReference string `json:"their_reference"`
}

// createReferral answers POST /api/v1/referrals: 201 with the referral.
// An inbound referral's concern and case are recorded with it.
func (s *server) createReferral(w http.ResponseWriter, r *http.Request) error {
	var req referralRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ref, _, err := s.Referrals.CreateReferral(r.Context(), actorOf(r), fitness.ReferralInput{
		Direction: fitness.ReferralDirection(req.Direction), BodyID: req.BodyID, CaseID: req.CaseID,
		RegistrantID: req.RegistrantID, SubjectName: req.SubjectName, SubjectDetails: req.SubjectDetails,
		ReferredOn: req.ReferredOn, Reason: req.Reason, TheirReference: req.TheirReference})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/referrals/"+ref.ID)
	w.Header().Set("ETag", versionTag(ref.Version))
	return writeJSON(w, http.StatusCreated, "application/json", newReferralJSON(ref, nil))
}

// versionTag is the entity tag of a version: a case's or a referral's.
func versionTag(v int) string { return `"v` + strconv.Itoa(v) + `"` }

// getReferral answers GET /api/v1/referrals/{id} with its history.
func (s *server) getReferral(w http.ResponseWriter, r *http.Request) error {
	ref, history, err := s.Referrals.FindReferral(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", versionTag(ref.Version))
	return writeJSON(w, http.StatusOK, "application/json", newReferralJSON(ref, history))
}

// referralUpdateJSON is the body of POST /api/v1/referrals/{id}/updates.
type referralUpdateJSON struct {
	Status         string `json:"status"`
	AcknowledgedOn string `json:"acknowledged_on"`
	TheirReference string `json:"their_reference"`
	Note           string `json:"note"`
}

// updateReferral answers POST /api/v1/referrals/{id}/updates: If-Match
// must hold the referral's ETag; 200 with the referral.
func (s *server) updateReferral(w http.ResponseWriter, r *http.Request) error {
	tags := r.Header.Values("If-Match")
	if len(tags) == 0 {
		return &problem{Status: http.StatusPreconditionRequired, Type: typePreconditionRequired,
			Title: "If-Match is required", Detail: "Send If-Match with the referral's ETag from when you last read it."}
	}
	version, ok := referralVersion(tags)
	if !ok {
		return &problem{Status: http.StatusPreconditionFailed, Type: typeStale, Title: "The referral has changed",
			Detail: "If-Match must name the referral's ETag, for example \"v2\"."}
	}
	var req referralUpdateJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ref, err := s.Referrals.UpdateReferral(r.Context(), actorOf(r), r.PathValue("id"), version,
		fitness.ReferralUpdateInput{Status: fitness.ReferralStatus(req.Status), AcknowledgedOn: req.AcknowledgedOn,
			TheirReference: req.TheirReference, Note: req.Note})
	if err != nil {
		return s.referralUpdateError(r, version, err)
	}
	w.Header().Set("ETag", versionTag(ref.Version))
	return writeJSON(w, http.StatusOK, "application/json", newReferralJSON(ref, nil))
}

// referralVersion reads the version of the first tag "vN" of If-Match.
func referralVersion(values []string) (int, bool) {
	for _, tag := range ifMatchTags(values) {
		tag = strings.Trim(tag, `"`)
		if n, err := strconv.Atoi(strings.TrimPrefix(tag, "v")); err == nil && strings.HasPrefix(tag, "v") && n > 0 {
			return n, true
		}
	}
	return 0, false
}

// referralUpdateError answers 412 when the referral is at another version
// than If-Match named, else the domain's answer.
func (s *server) referralUpdateError(r *http.Request, version int, err error) error {
	if fitness.ErrorCode(err) == fitness.EConflict {
		cur, _, ferr := s.Referrals.FindReferral(r.Context(), actorOf(r), r.PathValue("id"))
		if ferr == nil && cur.Version != version {
			return &problem{Status: http.StatusPreconditionFailed, Type: typeStale, Title: "The referral has changed",
				cause: err, Detail: "The referral has changed since you read it: nothing was done. Read it again."}
		}
	}
	return err
}
