package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// screeningJSON is a recorded Screening on the wire.
type screeningJSON struct {
	Outcome       string    `json:"outcome"`
	OutcomeLabel  string    `json:"outcome_label"`
	Reasons       string    `json:"reasons"`
	OtherBodyID   *string   `json:"other_body_id"`
	ReferralID    *string   `json:"referral_id"`
	CaseID        *string   `json:"case_id"`
	CaseReference *string   `json:"case_reference"`
	StepID        *string   `json:"step_id"`
	DecidedAt     time.Time `json:"decided_at"`
	DecidedBy     namedJSON `json:"decided_by"`
}

func newScreeningJSON(sc fitness.Screening) screeningJSON {
	return screeningJSON{Outcome: string(sc.Outcome), OutcomeLabel: sc.Outcome.Label(), Reasons: sc.Reasons,
		OtherBodyID: stringOrNull(sc.OtherBodyID), ReferralID: stringOrNull(sc.ReferralID),
		CaseID: stringOrNull(sc.CaseID), CaseReference: stringOrNull(sc.CaseReference), StepID: stringOrNull(sc.StepID),
		DecidedAt: sc.DecidedAt.UTC(), DecidedBy: namedJSON{ID: sc.DecidedBy, Name: sc.DecidedByName}}
}

// personCaseJSON is the case opened for a person, and where it stands.
type personCaseJSON struct {
	ID         string `json:"id"`
	Reference  string `json:"reference"`
	Stage      string `json:"stage"`
	StageLabel string `json:"stage_label"`
	Closed     bool   `json:"closed"`
}

// inquiryPersonJSON is an InquiryPerson on the wire.
type inquiryPersonJSON struct {
	scopePersonJSON
	Role         string          `json:"role"`
	Outcome      string          `json:"outcome"`
	OutcomeLabel string          `json:"outcome_label"`
	Screening    *screeningJSON  `json:"screening"`
	Case         *personCaseJSON `json:"case"`
}

func (s *server) newInquiryPersonJSON(p fitness.InquiryPerson) inquiryPersonJSON {
	out := inquiryPersonJSON{scopePersonJSON: newScopePerson(p.ScopePerson), Role: p.Role(),
		Outcome: string(p.Outcome()), OutcomeLabel: p.Outcome().Label()}
	if p.Screening.Outcome != "" {
		sc := newScreeningJSON(p.Screening)
		out.Screening = &sc
	}
	if p.Screening.CaseID != "" {
		out.Case = &personCaseJSON{ID: p.Screening.CaseID, Reference: p.Screening.CaseReference,
			Stage: string(p.CaseStage), StageLabel: s.stageLabel(p.CaseStage), Closed: p.CaseClosed}
	}
	return out
}

// listInquiryPeople answers GET /api/v1/inquiries/{id}/people.
func (s *server) listInquiryPeople(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := fitness.PersonFilter{Outcome: fitness.ScreeningOutcome(q.Get("outcome")), EmployerID: q.Get("employer_id"),
		Role: q.Get("role")}
	if f.Outcome != "" && !f.Outcome.Valid() && f.Outcome != fitness.ScreenNotScreened {
		return invalid(map[string]string{"outcome": "Must be not_screened, no_action, open_case or refer."})
	}
	people, err := s.Inquiries.People(r.Context(), actorOf(r), r.PathValue("id"), f)
	if err != nil {
		return err
	}
	out := listJSON[inquiryPersonJSON]{Items: []inquiryPersonJSON{}}
	for _, p := range people {
		out.Items = append(out.Items, s.newInquiryPersonJSON(p))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getInquiryPerson answers GET /api/v1/inquiries/{id}/people/{registrant}.
func (s *server) getInquiryPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Inquiries.Person(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("registrant"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newInquiryPersonJSON(p))
}

// screeningInputJSON is a screening decision as a request gives it.
type screeningInputJSON struct {
	Outcome     string `json:"outcome"`
	Reasons     string `json:"reasons"`
	OtherBodyID string `json:"other_body_id"`
}

func (in screeningInputJSON) domain() fitness.ScreeningInput {
	return fitness.ScreeningInput{Outcome: fitness.ScreeningOutcome(in.Outcome), Reasons: in.Reasons, OtherBodyID: in.OtherBodyID}
}

// screeningFields names the domain's fields of a screening decision by
// their place in the request.
var screeningFields = map[string]string{"other_body": "other_body_id", "registrants": "registrant_ids"}

// screenPerson answers POST /api/v1/inquiries/{id}/people/{registrant}/screening.
func (s *server) screenPerson(w http.ResponseWriter, r *http.Request) error {
	var in screeningInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	sc, err := s.Inquiries.Screen(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("registrant"), in.domain())
	if err != nil {
		return renameFields(err, screeningFields)
	}
	w.Header().Set("Location", inquiryPath(r.PathValue("id"))+"/people/"+sc.RegistrantID)
	return writeJSON(w, http.StatusCreated, "application/json", newScreeningJSON(sc))
}

// bulkScreeningJSON is the body of POST /api/v1/inquiries/{id}/screenings.
type bulkScreeningJSON struct {
	RegistrantIDs []string `json:"registrant_ids"`
	Outcome       string   `json:"outcome"`
	Reasons       string   `json:"reasons"`
	OtherBodyID   string   `json:"other_body_id"`
}

// startScreening answers POST /api/v1/inquiries/{id}/screenings: the bulk
// step starts and its progress is at the Location.
func (s *server) startScreening(w http.ResponseWriter, r *http.Request) error {
	var in bulkScreeningJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := screeningInputJSON{Outcome: in.Outcome, Reasons: in.Reasons, OtherBodyID: in.OtherBodyID}.domain()
	step, err := s.Inquiries.StartScreening(r.Context(), actorOf(r), r.PathValue("id"), in.RegistrantIDs, dom)
	if err != nil {
		return renameFields(err, screeningFields)
	}
	return s.stepAccepted(w, r, step)
}

// stepAccepted answers 202 with a bulk step just started, and starts its
// job at once when it can.
func (s *server) stepAccepted(w http.ResponseWriter, r *http.Request, step fitness.BulkStep) error {
	if s.KickBulk != nil {
		s.KickBulk(r.Context())
	}
	w.Header().Set("Location", inquiryPath(step.InquiryID)+"/steps/"+step.ID)
	return writeJSON(w, http.StatusAccepted, "application/json", newStepJSON(step))
}

// stepJSON is a BulkStep on the wire.
type stepJSON struct {
	ID         string              `json:"id"`
	InquiryID  string              `json:"inquiry_id"`
	Kind       string              `json:"kind"`
	KindLabel  string              `json:"kind_label"`
	Status     string              `json:"status"`
	Total      int                 `json:"total"`
	Done       int                 `json:"done"`
	Failed     int                 `json:"failed"`
	Pending    int                 `json:"pending"`
	Percent    int                 `json:"percent"`
	Screening  *screeningInputJSON `json:"screening"`
	CreatedAt  time.Time           `json:"created_at"`
	CreatedBy  namedJSON           `json:"created_by"`
	FinishedAt *string             `json:"finished_at"`
}

func newStepJSON(st fitness.BulkStep) stepJSON {
	out := stepJSON{ID: st.ID, InquiryID: st.InquiryID, Kind: string(st.Kind), KindLabel: st.Kind.Label(),
		Status: string(st.Status), Total: st.Total, Done: st.Done, Failed: st.Failed, Pending: st.Pending(),
		Percent: st.Percent(), CreatedAt: st.CreatedAt.UTC(), CreatedBy: namedJSON{ID: st.CreatedBy, Name: st.CreatedByName},
		FinishedAt: timeOrNull(st.FinishedAt)}
	if st.Kind == fitness.BulkScreening {
		out.Screening = &screeningInputJSON{Outcome: string(st.Screening.Outcome), Reasons: st.Screening.Reasons,
			OtherBodyID: st.Screening.OtherBodyID}
	}
	return out
}

// listBulkSteps answers GET /api/v1/inquiries/{id}/steps.
func (s *server) listBulkSteps(w http.ResponseWriter, r *http.Request) error {
	steps, err := s.Inquiries.BulkSteps(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := listJSON[stepJSON]{Items: []stepJSON{}}
	for _, st := range steps {
		out.Items = append(out.Items, newStepJSON(st))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// stepItemJSON is the outcome of a bulk step for one person.
type stepItemJSON struct {
	RegistrantID string  `json:"registrant_id"`
	Number       string  `json:"number"`
	Name         string  `json:"name"`
	Status       string  `json:"status"`
	Outcome      string  `json:"outcome"`
	DoneAt       *string `json:"done_at"`
}

// getBulkStep answers GET /api/v1/inquiries/{id}/steps/{step}.
func (s *server) getBulkStep(w http.ResponseWriter, r *http.Request) error {
	st, items, err := s.Inquiries.FindBulkStep(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("step"))
	if err != nil {
		return err
	}
	out := struct {
		stepJSON
		Items []stepItemJSON `json:"items"`
	}{stepJSON: newStepJSON(st), Items: []stepItemJSON{}}
	for _, it := range items {
		out.Items = append(out.Items, stepItemJSON{RegistrantID: it.RegistrantID, Number: it.Number, Name: it.Name,
			Status: string(it.Status), Outcome: it.Outcome, DoneAt: timeOrNull(it.DoneAt)})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}
