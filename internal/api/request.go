package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// maxResponseBody is the largest body of POST …/responses: documents are
// sent in base64, a third larger than the files, so one document of the
// largest size fits with room to spare.
const maxResponseBody = 28 << 20

// requestInputJSON is the body of POST /api/v1/cases/{id}/requests.
type requestInputJSON struct {
	Kind                  string `json:"kind"`
	RecipientName         string `json:"recipient_name"`
	RecipientEmail        string `json:"recipient_email"`
	RecipientOrganisation string `json:"recipient_organisation"`
	EmployerID            string `json:"employer_id"`
	Details               string `json:"details"`
	DueOn                 string `json:"due_on"`
}

// recipientJSON is who a request went to.
type recipientJSON struct {
	Name         string  `json:"name"`
	Email        string  `json:"email"`
	Organisation string  `json:"organisation"`
	EmployerID   *string `json:"employer_id"`
}

// requestJSON is an InformationRequest on the wire. Responses are listed
// only when one request is asked for.
type requestJSON struct {
	ID          string         `json:"id"`
	CaseID      string         `json:"case_id"`
	Kind        string         `json:"kind"`
	KindLabel   string         `json:"kind_label"`
	Compulsory  bool           `json:"compulsory"`
	Recipient   recipientJSON  `json:"recipient"`
	Details     string         `json:"details"`
	SentAt      time.Time      `json:"sent_at"`
	SentBy      eventActorJSON `json:"sent_by"`
	DueOn       string         `json:"due_on"`
	Status      string         `json:"status"`
	Shown       string         `json:"shown_status"`
	StatusLabel string         `json:"status_label"`
	ChasedAt    *string        `json:"chased_at"`
	EscalatedAt *string        `json:"escalated_at"`
	ClosedAt    *string        `json:"closed_at"`
	Responses   []responseJSON `json:"responses,omitempty"`
}

// responseInputJSON is the body of POST …/requests/{req}/responses.
type responseInputJSON struct {
	ReceivedOn string       `json:"received_on"`
	Summary    string       `json:"summary"`
	Documents  []uploadJSON `json:"documents"`
}

// uploadJSON is a document sent with a response, its content in base64.
type uploadJSON struct {
	Filename       string `json:"filename"`
	ContentBase64  string `json:"content_base64"`
	Classification string `json:"classification"`
}

// responseJSON is a Response on the wire.
type responseJSON struct {
	ID         string         `json:"id"`
	RequestID  string         `json:"request_id"`
	ReceivedOn string         `json:"received_on"`
	Summary    string         `json:"summary"`
	RecordedAt time.Time      `json:"recorded_at"`
	RecordedBy eventActorJSON `json:"recorded_by"`
	Documents  []documentJSON `json:"documents"`
}

// documentJSON names a document of a response.
type documentJSON struct {
	ID             string `json:"id"`
	Filename       string `json:"filename"`
	ContentType    string `json:"content_type"`
	Size           int64  `json:"size"`
	Classification string `json:"classification"`
}

// newRequestJSON returns the wire form of q at now.
func newRequestJSON(q fitness.InformationRequest, now time.Time) requestJSON {
	shown := q.Shown(now)
	return requestJSON{ID: q.ID, CaseID: q.CaseID, Kind: string(q.Kind), KindLabel: q.Kind.Label(),
		Compulsory: q.Kind.Compulsory(), Recipient: recipientJSON{Name: q.Recipient.Name, Email: q.Recipient.Email,
			Organisation: q.Recipient.Organisation, EmployerID: stringOrNull(q.Recipient.EmployerID)},
		Details: q.Details, SentAt: q.SentAt.UTC(), SentBy: eventActorJSON{ID: q.SentBy, Name: q.SentByName},
		DueOn: q.Due.Format(time.DateOnly), Status: string(q.Status), Shown: string(shown), StatusLabel: shown.Label(),
		ChasedAt: timeOrNull(q.ChasedAt), EscalatedAt: timeOrNull(q.EscalatedAt), ClosedAt: timeOrNull(q.ClosedAt)}
}

// newResponseJSON returns the wire form of resp.
func newResponseJSON(resp fitness.Response) responseJSON {
	out := responseJSON{ID: resp.ID, RequestID: resp.RequestID, ReceivedOn: resp.ReceivedOn.Format(time.DateOnly),
		Summary: resp.Summary, RecordedAt: resp.RecordedAt.UTC(),
		RecordedBy: eventActorJSON{ID: resp.RecordedBy, Name: resp.RecordedByName}, Documents: []documentJSON{}}
	for _, d := range resp.Documents {
		out.Documents = append(out.Documents, documentJSON{ID: d.ID, Filename: d.Filename, ContentType: d.ContentType,
			Size: d.Size, Classification: string(d.Classification)})
	}
	return out
}

// requestPath is the API path of request q of case c.
func requestPath(c fitness.Case, q fitness.InformationRequest) string {
	return casePath(c) + "/requests/" + q.ID
}

// listRequests answers GET /api/v1/cases/{id}/requests.
func (s *server) listRequests(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.Requests.CaseRequests(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := struct {
		Items []requestJSON `json:"items"`
	}{Items: make([]requestJSON, 0, len(qs))}
	for _, q := range qs {
		out.Items = append(out.Items, newRequestJSON(q, s.now()))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getRequest answers GET /api/v1/cases/{id}/requests/{req}, with the
// request's responses and the documents the caller may see.
func (s *server) getRequest(w http.ResponseWriter, r *http.Request) error {
	c, actor := caseOf(r), actorOf(r)
	q, err := s.Requests.FindRequest(r.Context(), actor, c.ID, r.PathValue("req"))
	if err != nil {
		return err
	}
	resps, err := s.Requests.RequestResponses(r.Context(), actor, c.ID, q.ID)
	if err != nil {
		return err
	}
	out := newRequestJSON(q, s.now())
	out.Responses = []responseJSON{}
	for _, resp := range resps {
		out.Responses = append(out.Responses, newResponseJSON(resp))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// createRequest answers POST /api/v1/cases/{id}/requests.
func (s *server) createRequest(w http.ResponseWriter, r *http.Request) error {
	var in requestInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.RequestInput{Kind: fitness.RequestKind(in.Kind), RecipientName: in.RecipientName,
		RecipientEmail: in.RecipientEmail, Organisation: in.RecipientOrganisation, EmployerID: in.EmployerID,
		Details: in.Details}
	fields := map[string]string{}
	if in.DueOn != "" {
		d, err := time.Parse(time.DateOnly, in.DueOn)
		if err != nil {
			fields["due_on"] = "Enter the due date as YYYY-MM-DD, for example 2026-04-07."
		}
		dom.Due = d
	}
	c := caseOf(r)
	if len(fields) > 0 {
		return invalid(fields)
	}
	q, err := s.Requests.SendRequest(r.Context(), actorOf(r), c.ID, dom)
	if err != nil {
		return renameFields(err, map[string]string{"due": "due_on"})
	}
	w.Header().Set("Location", requestPath(c, q))
	return writeJSON(w, http.StatusCreated, "application/json", newRequestJSON(q, s.now()))
}

// recordResponse answers POST /api/v1/cases/{id}/requests/{req}/responses.
func (s *server) recordResponse(w http.ResponseWriter, r *http.Request) error {
	data, err := readBodyUpTo(w, r, maxResponseBody)
	if err != nil {
		return err
	}
	var in responseInputJSON
	if err := decodeStrict(data, &in); err != nil {
		return err
	}
	dom, fields := in.domain()
	if len(fields) > 0 {
		return invalid(fields)
	}
	c := caseOf(r)
	resp, err := s.Requests.RecordResponse(r.Context(), actorOf(r), c.ID, r.PathValue("req"), dom)
	if err != nil {
		return renameFields(err, uploadFieldNames(len(dom.Uploads)))
	}
	w.Header().Set("Location", casePath(c)+"/requests/"+resp.RequestID)
	return writeJSON(w, http.StatusCreated, "application/json", newResponseJSON(resp))
}

// domain returns the response as the domain takes it, and field errors for
// what cannot be read (dates, base64).
func (in responseInputJSON) domain() (fitness.ResponseInput, map[string]string) {
	fields := map[string]string{}
	out := fitness.ResponseInput{Summary: in.Summary}
	if in.ReceivedOn != "" {
		d, err := time.Parse(time.DateOnly, in.ReceivedOn)
		if err != nil {
			fields["received_on"] = "Enter the date received as YYYY-MM-DD, for example 2026-03-10."
		}
		out.ReceivedOn = d
	}
	for i, d := range in.Documents {
		content, err := base64.StdEncoding.DecodeString(strings.TrimSpace(d.ContentBase64))
		if err != nil {
			fields["documents["+strconv.Itoa(i)+"].content_base64"] = "Must be the file's content in base64 (RFC 4648, with padding)."
		}
		out.Uploads = append(out.Uploads, fitness.Upload{Filename: d.Filename, Content: content,
			Classification: fitness.Classification(d.Classification)})
	}
	return out, fields
}

// uploadFieldNames maps the domain's names of upload fields to paths in
// the request.
func uploadFieldNames(n int) map[string]string {
	out := map[string]string{}
	for i := range n {
		p := "documents[" + strconv.Itoa(i) + "]."
		out[fitness.UploadField(i, "document")] = p + "content_base64"
		out[fitness.UploadField(i, "classification")] = p + "classification"
	}
	return out
}

// investigating answers 404 for the investigation routes when the API was
// built without the services they need.
func (s *server) investigating(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Requests == nil || s.Allegations == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}
