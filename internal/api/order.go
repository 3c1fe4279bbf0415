package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// orderJSON is an Order on the wire.
type orderJSON struct {
	ID           string  `json:"id"`
	CaseID       string  `json:"case_id"`
	DecisionID   *string `json:"decision_id"`
	Kind         string  `json:"kind"`
	KindLabel    string  `json:"kind_label"`
	Status       string  `json:"status"`
	StatusLabel  string  `json:"status_label"`
	MadeOn       string  `json:"made_on"`
	StartsOn     string  `json:"starts_on"`
	EndsOn       *string `json:"ends_on"`
	ReviewDue    *string `json:"review_due"`
	Months       int     `json:"months"`
	Conditions   string  `json:"conditions"`
	Replaces     *string `json:"replaces"`
	StatusReason string  `json:"status_reason"`
	Annotation   string  `json:"annotation"`
}

func newOrderJSON(o fitness.Order) orderJSON {
	return orderJSON{ID: o.ID, CaseID: o.CaseID, DecisionID: stringOrNull(o.DecisionID), Kind: string(o.Kind),
		KindLabel: o.Kind.Label(), Status: string(o.Status), StatusLabel: o.Status.Label(),
		MadeOn: o.MadeOn.Format(time.DateOnly), StartsOn: o.Start.Format(time.DateOnly), EndsOn: dateOrNull(o.End),
		ReviewDue: dateOrNull(o.ReviewDue), Months: o.Months, Conditions: o.Conditions,
		Replaces: stringOrNull(o.Replaces), StatusReason: o.StatusReason, Annotation: o.Annotation()}
}

// listOrders answers GET /api/v1/cases/{id}/orders.
func (s *server) listOrders(w http.ResponseWriter, r *http.Request) error {
	os, err := s.Hearings.CaseOrders(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := listJSON[orderJSON]{Items: []orderJSON{}}
	for _, o := range os {
		out.Items = append(out.Items, newOrderJSON(o))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// orderTakesEffect answers POST /api/v1/cases/{id}/orders/take-effect.
func (s *server) orderTakesEffect(w http.ResponseWriter, r *http.Request) error {
	var o fitness.Order
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		o, err = s.Hearings.TakeEffect(r.Context(), actorOf(r), c.ID, c.Version)
		return err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newOrderJSON(o))
}

// expireOrder answers POST /api/v1/cases/{id}/orders/expire.
func (s *server) expireOrder(w http.ResponseWriter, r *http.Request) error {
	var o fitness.Order
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		o, err = s.Hearings.ExpireOrder(r.Context(), actorOf(r), c.ID, c.Version)
		return err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newOrderJSON(o))
}

// appealJSON is an Appeal on the wire.
type appealJSON struct {
	ID                   string  `json:"id"`
	CaseID               string  `json:"case_id"`
	OrderID              string  `json:"order_id"`
	Appellant            string  `json:"appellant"`
	Court                string  `json:"court"`
	LodgedOn             string  `json:"lodged_on"`
	Outcome              *string `json:"outcome"`
	DecidedOn            *string `json:"decided_on"`
	Reasons              string  `json:"reasons"`
	Substitute           *string `json:"substitute"`
	SubstituteMonths     int     `json:"substitute_months"`
	SubstituteConditions string  `json:"substitute_conditions"`
}

func newAppealJSON(a fitness.Appeal) appealJSON {
	return appealJSON{ID: a.ID, CaseID: a.CaseID, OrderID: a.OrderID, Appellant: a.Appellant, Court: a.Court,
		LodgedOn: a.LodgedOn.Format(time.DateOnly), Outcome: stringOrNull(string(a.Outcome)),
		DecidedOn: dateOrNull(a.DecidedOn), Reasons: a.Reasons, Substitute: stringOrNull(string(a.Substitute)),
		SubstituteMonths: a.SubstituteMonths, SubstituteConditions: a.SubstituteConditions}
}

// listAppeals answers GET /api/v1/cases/{id}/appeals.
func (s *server) listAppeals(w http.ResponseWriter, r *http.Request) error {
	as, err := s.Hearings.CaseAppeals(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := listJSON[appealJSON]{Items: []appealJSON{}}
	for _, a := range as {
		out.Items = append(out.Items, newAppealJSON(a))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// lodgeAppeal answers POST /api/v1/cases/{id}/appeals.
func (s *server) lodgeAppeal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Appellant string `json:"appellant"`
		Court     string `json:"court"`
		LodgedOn  string `json:"lodged_on"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.AppealInput{Appellant: in.Appellant, Court: in.Court}
	if err := parseDates(map[string]string{"lodged_on": in.LodgedOn}, map[string]*time.Time{"lodged_on": &dom.LodgedOn}); err != nil {
		return err
	}
	var a fitness.Appeal
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		a, err = s.Hearings.LodgeAppeal(r.Context(), actorOf(r), c.ID, c.Version, dom)
		return err
	})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/cases/"+a.CaseID+"/appeals")
	return writeJSON(w, http.StatusCreated, "application/json", newAppealJSON(a))
}

// decideAppeal answers POST /api/v1/cases/{id}/appeals/decision.
func (s *server) decideAppeal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Outcome      string `json:"outcome"`
		DecidedOn    string `json:"decided_on"`
		Reasons      string `json:"reasons"`
		Sanction     string `json:"sanction"`
		LengthMonths int    `json:"length_months"`
		Conditions   string `json:"conditions"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.AppealOutcomeInput{Outcome: fitness.AppealOutcome(in.Outcome), Reasons: in.Reasons,
		Sanction: fitness.SanctionKind(in.Sanction), LengthMonths: in.LengthMonths, Conditions: in.Conditions}
	if err := parseDates(map[string]string{"decided_on": in.DecidedOn}, map[string]*time.Time{"decided_on": &dom.DecidedOn}); err != nil {
		return err
	}
	var a fitness.Appeal
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		a, err = s.Hearings.DecideAppeal(r.Context(), actorOf(r), c.ID, c.Version, dom)
		return err
	})
	if err != nil {
		return renameFields(err, map[string]string{"expires_on": "length_months", "order": "sanction"})
	}
	return writeJSON(w, http.StatusOK, "application/json", newAppealJSON(a))
}

// publicationJSON is a Publication on the wire.
type publicationJSON struct {
	ID          string  `json:"id"`
	CaseID      string  `json:"case_id"`
	HearingID   string  `json:"hearing_id"`
	DecisionID  *string `json:"decision_id"`
	Kind        string  `json:"kind"`
	Outcome     string  `json:"outcome"`
	DueBy       *string `json:"due_by"`
	PublishedAt *string `json:"published_at"`
	TakeDownAt  *string `json:"take_down_at"`
	Text        string  `json:"text"`
}

func newPublicationJSON(p fitness.Publication) publicationJSON {
	return publicationJSON{ID: p.ID, CaseID: p.CaseID, HearingID: p.HearingID, DecisionID: stringOrNull(p.DecisionID),
		Kind: string(p.Kind), Outcome: p.Outcome, DueBy: dateOrNull(p.DueBy), PublishedAt: timeOrNull(p.PublishedAt),
		TakeDownAt: timeOrNull(p.TakeDownAt), Text: p.Text}
}

// listPublications answers GET /api/v1/cases/{id}/publications.
func (s *server) listPublications(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Hearings.CasePublications(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := listJSON[publicationJSON]{Items: []publicationJSON{}}
	for _, p := range ps {
		out.Items = append(out.Items, newPublicationJSON(p))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// publishDecision answers POST /api/v1/cases/{id}/publications/{publication}/publish.
func (s *server) publishDecision(w http.ResponseWriter, r *http.Request) error {
	var p fitness.Publication
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		p, err = s.Hearings.PublishDecision(r.Context(), actorOf(r), c.ID, r.PathValue("publication"), c.Version)
		return err
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newPublicationJSON(p))
}
