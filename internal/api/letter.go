package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// letterJSON is one letter issued on a case to one recipient, with its
// proof of service.
type letterJSON struct {
	ID          string              `json:"id"`
	CaseID      string              `json:"case_id"`
	Document    string              `json:"document"`
	Title       string              `json:"title"`
	Recipient   letterRecipientJSON `json:"recipient"`
	Channel     string              `json:"channel"`
	Status      string              `json:"status"`
	StatusLabel string              `json:"status_label"`
	Problem     *string             `json:"problem"`
	RequestedAt time.Time           `json:"requested_at"`
	IssuedAt    *time.Time          `json:"issued_at"`
	DocumentID  *string             `json:"document_id"`
	Filename    *string             `json:"filename"`
	SHA256      *string             `json:"sha256"`
	Served      bool                `json:"served"`
	Service     []serviceJSON       `json:"service"`
}

// letterRecipientJSON is who a letter is to and where.
type letterRecipientJSON struct {
	Role    string `json:"role"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Address string `json:"address"`
}

// serviceJSON is one act of service: an email and its delivery, or a
// posting.
type serviceJSON struct {
	Channel         string         `json:"channel"`
	Description     string         `json:"description"`
	Served          bool           `json:"served"`
	OutboxMessageID *string        `json:"outbox_message_id"`
	DeliveryStatus  *string        `json:"delivery_status"`
	SentAt          *time.Time     `json:"sent_at"`
	Attempts        []attemptJSON  `json:"attempts"`
	PostedOn        *string        `json:"posted_on"`
	Address         *string        `json:"address"`
	RecordedAt      time.Time      `json:"recorded_at"`
	RecordedBy      eventActorJSON `json:"recorded_by"`
}

// attemptJSON is one attempt to deliver an email.
type attemptJSON struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail"`
}

// postingRequestJSON is the body of POST …/letters/{letter}/postings.
type postingRequestJSON struct {
	PostedOn string `json:"posted_on"`
	Address  string `json:"address"`
}

// lettering answers 404 when letters are not wired.
func (s *server) lettering(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Letters == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}

// listLetters answers GET /api/v1/cases/{id}/letters.
func (s *server) listLetters(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.Letters.CaseLetters(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := listJSON[letterJSON]{Items: make([]letterJSON, 0, len(ls))}
	for _, l := range ls {
		out.Items = append(out.Items, newLetterJSON(l))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// recordPosting answers POST /api/v1/cases/{id}/letters/{letter}/postings.
func (s *server) recordPosting(w http.ResponseWriter, r *http.Request) error {
	var req postingRequestJSON
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	fields := map[string]string{}
	in := fitness.PostInput{Address: req.Address, PostedOn: dateField(req.PostedOn, "posted_on", fields)}
	if len(fields) > 0 {
		return invalid(fields)
	}
	l, err := s.Letters.RecordPosting(r.Context(), actorOf(r), caseOf(r).ID, r.PathValue("letter"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, "application/json", newLetterJSON(l))
}

// newLetterJSON describes a letter.
func newLetterJSON(l fitness.DocumentRequest) letterJSON {
	out := letterJSON{ID: l.ID, CaseID: l.CaseID, Document: l.Document, Title: l.Title(),
		Recipient: letterRecipientJSON{Role: string(l.RecipientRole), Name: l.RecipientName,
			Email: l.RecipientEmail, Address: l.RecipientAddress},
		Channel: string(l.Channel), Status: string(l.Status), StatusLabel: l.Status.Label(),
		RequestedAt: l.RequestedAt.UTC(), DocumentID: stringOrNull(l.DocumentID), Filename: stringOrNull(l.Filename),
		SHA256: stringOrNull(l.SHA256), Served: l.Served(), Service: []serviceJSON{}}
	if l.Status == fitness.DocumentFailed {
		out.Problem = stringOrNull(l.LastError)
	}
	if !l.IssuedAt.IsZero() {
		t := l.IssuedAt.UTC()
		out.IssuedAt = &t
	}
	for _, x := range l.Service {
		out.Service = append(out.Service, newServiceJSON(x))
	}
	return out
}

// newServiceJSON describes one act of service.
func newServiceJSON(x fitness.ServiceRecord) serviceJSON {
	out := serviceJSON{Channel: string(x.Channel), Description: x.Describe(time.UTC), Served: x.Served(),
		OutboxMessageID: stringOrNull(x.OutboxMessageID), RecordedAt: x.RecordedAt.UTC(),
		RecordedBy: eventActorJSON{ID: x.RecordedBy, Name: x.RecordedByName}, Attempts: []attemptJSON{}}
	if x.Channel == fitness.ChannelEmail {
		out.DeliveryStatus = stringOrNull(string(x.OutboxStatus))
	} else {
		out.PostedOn, out.Address = dateOrNull(x.PostedOn), stringOrNull(x.Address)
	}
	if !x.SentAt.IsZero() {
		t := x.SentAt.UTC()
		out.SentAt = &t
	}
	for _, a := range x.Attempts {
		out.Attempts = append(out.Attempts, attemptJSON{Attempt: a.Attempt, At: a.At.UTC(), Outcome: a.Outcome, Detail: a.Detail})
	}
	return out
}
