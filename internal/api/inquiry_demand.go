package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// demandPersonJSON is one person listed on a demand, with the answer.
type demandPersonJSON struct {
	RegistrantID string  `json:"registrant_id"`
	Number       string  `json:"number"`
	Name         string  `json:"name"`
	Roles        string  `json:"roles"`
	Answer       *string `json:"answer"`
	ReceivedOn   *string `json:"received_on"`
	AnsweredAt   *string `json:"answered_at"`
}

// demandJSON is an InquiryDemand on the wire.
type demandJSON struct {
	ID          string             `json:"id"`
	InquiryID   string             `json:"inquiry_id"`
	StepID      string             `json:"step_id"`
	Employer    namedJSON          `json:"employer"`
	Details     string             `json:"details"`
	SentAt      time.Time          `json:"sent_at"`
	SentBy      namedJSON          `json:"sent_by"`
	Due         string             `json:"due"`
	Status      string             `json:"status"`
	StatusLabel string             `json:"status_label"`
	ChasedAt    *string            `json:"chased_at"`
	EscalatedAt *string            `json:"escalated_at"`
	ClosedAt    *string            `json:"closed_at"`
	People      []demandPersonJSON `json:"people"`
}

func (s *server) newDemandJSON(q fitness.InquiryDemand) demandJSON {
	shown := q.Shown(s.now())
	out := demandJSON{ID: q.ID, InquiryID: q.InquiryID, StepID: q.StepID,
		Employer: namedJSON{ID: q.EmployerID, Name: q.EmployerName}, Details: q.Details, SentAt: q.SentAt.UTC(),
		SentBy: namedJSON{ID: q.SentBy, Name: q.SentByName}, Due: q.Due.Format(time.DateOnly),
		Status: string(shown), StatusLabel: shown.Label(), ChasedAt: timeOrNull(q.ChasedAt),
		EscalatedAt: timeOrNull(q.EscalatedAt), ClosedAt: timeOrNull(q.ClosedAt), People: []demandPersonJSON{}}
	for _, p := range q.People {
		out.People = append(out.People, demandPersonJSON{RegistrantID: p.RegistrantID, Number: p.Number, Name: p.Name,
			Roles: p.Roles, Answer: stringOrNull(p.Answer), ReceivedOn: dateOrNull(p.ReceivedOn),
			AnsweredAt: timeOrNull(p.AnsweredAt)})
	}
	return out
}

// startDemands answers POST /api/v1/inquiries/{id}/demands: the bulk step
// sending a demand to each employer starts, its progress at the Location.
func (s *server) startDemands(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Details string `json:"details"`
		Due     string `json:"due"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	dom := fitness.DemandInput{Details: in.Details, Due: dateField(in.Due, "due", fields)}
	if len(fields) > 0 {
		return invalid(fields)
	}
	step, err := s.Inquiries.StartDemands(r.Context(), actorOf(r), r.PathValue("id"), dom)
	if err != nil {
		return err
	}
	return s.stepAccepted(w, r, step)
}

// listDemands answers GET /api/v1/inquiries/{id}/demands.
func (s *server) listDemands(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.Inquiries.Demands(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := listJSON[demandJSON]{Items: []demandJSON{}}
	for _, q := range qs {
		out.Items = append(out.Items, s.newDemandJSON(q))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getDemand answers GET /api/v1/inquiries/{id}/demands/{demand}.
func (s *server) getDemand(w http.ResponseWriter, r *http.Request) error {
	q, err := s.Inquiries.FindDemand(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("demand"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newDemandJSON(q))
}

// recordDemandAnswer answers
// POST /api/v1/inquiries/{id}/demands/{demand}/answers/{registrant}.
func (s *server) recordDemandAnswer(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Answer     string `json:"answer"`
		ReceivedOn string `json:"received_on"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	dom := fitness.DemandAnswerInput{Answer: in.Answer, ReceivedOn: dateField(in.ReceivedOn, "received_on", fields)}
	if len(fields) > 0 {
		return invalid(fields)
	}
	q, err := s.Inquiries.RecordDemandAnswer(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("demand"),
		r.PathValue("registrant"), dom)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newDemandJSON(q))
}
