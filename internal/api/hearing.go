package api

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"fitness/internal/fitness"
)

// HearingServices serve the hearing, order, appeal and publication routes.
// Storage's hearing service offers them all.
type HearingServices interface {
	fitness.HearingService
	fitness.OrderService
	fitness.PublicationService
}

// hearingsOn answers 404 for the hearing routes when the API has no
// hearing service.
func (s *server) hearingsOn(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Hearings == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}

// offeredActions returns the actions a case offers the caller: the
// available ones, less those recorded through the hearing routes when the
// API has them.
func (s *server) offeredActions(c fitness.Case, actor fitness.Actor) []fitness.ActionDef {
	if s.Hearings == nil {
		return s.Process.Available(c, actor)
	}
	return s.Process.OfferedActions(c, actor)
}

// hearingAction refuses, with 409, an action the hearing routes record, so
// that orders and the register stay in step with the case.
func (s *server) hearingAction(name fitness.ActionName) error {
	if s.Hearings == nil || !fitness.IsHearingAction(name) {
		return nil
	}
	return &problem{Status: http.StatusConflict, Type: typeConflict, Title: "Use the hearing routes",
		Detail: "This is recorded through the hearings, orders, appeals and publications of the case " +
			"(/api/v1/cases/{id}/hearings and the routes beside it), so that the orders and the register stay in step."}
}

// hearingInputJSON is the body of POST /api/v1/cases/{id}/hearings.
type hearingInputJSON struct {
	Kind              string   `json:"kind"`
	Committee         string   `json:"committee"`
	Date              string   `json:"date"`
	StartTime         string   `json:"start_time"`
	EndDate           string   `json:"end_date"`
	Remote            bool     `json:"remote"`
	Venue             string   `json:"venue"`
	Privacy           string   `json:"privacy"`
	ShortNoticeAgreed bool     `json:"short_notice_agreed"`
	ShortNoticeReason string   `json:"short_notice_reason"`
	ReviewType        string   `json:"review_type"`
	Panel             []string `json:"panel"`
}

// hearingDatesJSON are the dates counted back from a hearing.
type hearingDatesJSON struct {
	NoticeBy             string `json:"notice_by"`
	RegulatorEvidenceBy  string `json:"regulator_evidence_by"`
	RegistrantEvidenceBy string `json:"registrant_evidence_by"`
	ListingPublishedOn   string `json:"listing_published_on"`
}

// hearingJSON is a Hearing on the wire.
type hearingJSON struct {
	ID                string            `json:"id"`
	CaseID            string            `json:"case_id"`
	Kind              string            `json:"kind"`
	KindLabel         string            `json:"kind_label"`
	Committee         string            `json:"committee"`
	CommitteeLabel    string            `json:"committee_label"`
	Start             time.Time         `json:"start"`
	EndDate           string            `json:"end_date"`
	Remote            bool              `json:"remote"`
	Venue             string            `json:"venue"`
	Privacy           string            `json:"privacy"`
	ShortNoticeAgreed bool              `json:"short_notice_agreed"`
	ShortNoticeReason string            `json:"short_notice_reason"`
	Status            string            `json:"status"`
	Panel             []panelMemberJSON `json:"panel"`
	Dates             hearingDatesJSON  `json:"dates"`
	ListedAt          time.Time         `json:"listed_at"`
}

func (s *server) newHearingJSON(h fitness.Hearing) hearingJSON {
	dates := h.Dates(s.Rules)
	out := hearingJSON{ID: h.ID, CaseID: h.CaseID, Kind: string(h.Kind), KindLabel: h.Kind.Label(),
		Committee: string(h.Committee), CommitteeLabel: h.Committee.Label(), Start: h.Start.UTC(),
		EndDate: h.End.Format(time.DateOnly), Remote: h.Remote, Venue: h.Venue, Privacy: string(h.Privacy),
		ShortNoticeAgreed: h.ShortNoticeAgreed, ShortNoticeReason: h.ShortNoticeReason, Status: string(h.Status),
		Panel: []panelMemberJSON{}, ListedAt: h.ListedAt.UTC(), Dates: hearingDatesJSON{
			NoticeBy: dates.NoticeBy.Format(time.DateOnly), RegulatorEvidenceBy: dates.RegulatorEvidenceBy.Format(time.DateOnly),
			RegistrantEvidenceBy: dates.RegistrantEvidenceBy.Format(time.DateOnly),
			ListingPublishedOn:   dates.ListingPublishedOn.Format(time.DateOnly)}}
	for _, p := range h.Panel {
		out.Panel = append(out.Panel, panelMemberJSON{UserID: p.UserID, Name: p.Name, Kind: string(p.Kind),
			ProfessionCode: stringOrNull(p.ProfessionCode), LegallyQualified: p.LegallyQualified})
	}
	return out
}

// parseDates reads the named dates of a request into dst; a bad one is a
// 422 naming its field.
func parseDates(dates map[string]string, dst map[string]*time.Time) error {
	fields := map[string]string{}
	for name, v := range dates {
		if t := dateField(v, name, fields); !t.IsZero() {
			*dst[name] = t
		}
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	return nil
}

// writeOnCase runs a write on the case of the request at the version the
// caller read (If-Match), answering 412 when it changed meanwhile.
func (s *server) writeOnCase(r *http.Request, write func(c fitness.Case) error) error {
	c := caseOf(r)
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	return s.staleError(r, c, write(c))
}

// listHearings answers GET /api/v1/cases/{id}/hearings.
func (s *server) listHearings(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.Hearings.CaseHearings(r.Context(), actorOf(r), caseOf(r).ID)
	if err != nil {
		return err
	}
	out := listJSON[hearingJSON]{Items: []hearingJSON{}}
	for _, h := range hs {
		out.Items = append(out.Items, s.newHearingJSON(h))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// listJSON is a list of items on the wire.
type listJSON[T any] struct {
	Items []T `json:"items"`
}

// createHearing answers POST /api/v1/cases/{id}/hearings.
func (s *server) createHearing(w http.ResponseWriter, r *http.Request) error {
	var in hearingInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.HearingInput{Kind: fitness.HearingKind(in.Kind), Committee: fitness.Committee(in.Committee),
		StartTime: in.StartTime, Remote: in.Remote, Venue: in.Venue, Privacy: fitness.Privacy(in.Privacy),
		ShortNoticeAgreed: in.ShortNoticeAgreed, ShortNoticeReason: in.ShortNoticeReason,
		ReviewType: in.ReviewType, Panel: in.Panel}
	if err := parseDates(map[string]string{"date": in.Date, "end_date": in.EndDate},
		map[string]*time.Time{"date": &dom.Date, "end_date": &dom.EndDate}); err != nil {
		return err
	}
	var h fitness.Hearing
	err := s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		h, err = s.Hearings.ListHearing(r.Context(), actorOf(r), c.ID, c.Version, dom)
		return err
	})
	if err != nil {
		return renameFields(err, map[string]string{"hearing_date": "date", "chair": "panel", "lay": "panel",
			"registrant": "panel", "mode": "remote"})
	}
	w.Header().Set("Location", "/api/v1/cases/"+h.CaseID+"/hearings/"+h.ID)
	return writeJSON(w, http.StatusCreated, "application/json", s.newHearingJSON(h))
}

// caseHearing loads the hearing {hearing} of the request's case.
func (s *server) caseHearing(r *http.Request) (fitness.Hearing, error) {
	h, err := s.Hearings.FindHearing(r.Context(), actorOf(r), r.PathValue("hearing"))
	if err == nil && h.CaseID != caseOf(r).ID {
		err = fitness.Errorf(fitness.ENotFound, "Hearing not found")
	}
	return h, err
}

// getHearing answers GET /api/v1/cases/{id}/hearings/{hearing}.
func (s *server) getHearing(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseHearing(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newHearingJSON(h))
}

// factJSON is the finding on one particular.
type factJSON struct {
	Number  string `json:"number"`
	Text    string `json:"text"`
	Finding string `json:"finding"`
	Reasons string `json:"reasons"`
	Private bool   `json:"private"`
}

// preliminaryJSON is a decision's preliminary matters.
type preliminaryJSON struct {
	ServiceProved      bool   `json:"service_proved"`
	ProceededInAbsence bool   `json:"proceeded_in_absence"`
	AbsenceReasons     string `json:"absence_reasons"`
	PrivateSessions    string `json:"private_sessions"`
	Amendments         string `json:"amendments"`
}

// hearingDecisionInputJSON is the body of POST …/hearings/{hearing}/decision.
type hearingDecisionInputJSON struct {
	DecidedOn      string          `json:"decided_on"`
	Preliminary    preliminaryJSON `json:"preliminary"`
	Facts          []factJSON      `json:"facts"`
	Ground         string          `json:"ground"`
	GroundFound    string          `json:"ground_found"`
	Impairment     string          `json:"impairment"`
	Sanction       string          `json:"sanction"`
	LengthMonths   int             `json:"length_months"`
	Conditions     string          `json:"conditions"`
	InterimCover   bool            `json:"interim_cover"`
	ReviewOutcome  string          `json:"review_outcome"`
	Granted        string          `json:"granted"`
	SuspendRight   bool            `json:"suspend_right"`
	InterimKind    string          `json:"interim_kind"`
	Reasons        string          `json:"reasons"`
	PrivateReasons string          `json:"private_reasons"`
}

// hearingDecisionJSON is a HearingDecision on the wire.
type hearingDecisionJSON struct {
	hearingDecisionInputJSON
	ID           string    `json:"id"`
	HearingID    string    `json:"hearing_id"`
	CaseID       string    `json:"case_id"`
	Outcome      string    `json:"outcome"`
	OutcomeLabel string    `json:"outcome_label"`
	FellAt       *string   `json:"fell_at"`
	RecordedAt   time.Time `json:"recorded_at"`
	RecordedBy   namedJSON `json:"recorded_by"`
}

func newHearingDecisionJSON(d fitness.HearingDecision) hearingDecisionJSON {
	p := d.Preliminary
	in := hearingDecisionInputJSON{DecidedOn: d.DecidedOn.Format(time.DateOnly), Preliminary: preliminaryJSON{
		ServiceProved: p.ServiceProved, ProceededInAbsence: p.ProceededInAbsence, AbsenceReasons: p.AbsenceReasons,
		PrivateSessions: p.PrivateSessions, Amendments: p.Amendments}, Facts: []factJSON{},
		Ground: string(d.Ground), GroundFound: string(d.GroundFound), Impairment: string(d.Impairment),
		Sanction: string(d.Sanction), LengthMonths: d.LengthMonths, Conditions: d.Conditions,
		InterimCover: d.InterimCover, ReviewOutcome: string(d.ReviewOutcome), Granted: string(d.Granted),
		SuspendRight: d.SuspendRight, InterimKind: string(d.InterimKind), Reasons: d.Reasons, PrivateReasons: d.PrivateReasons}
	for _, f := range d.Facts {
		in.Facts = append(in.Facts, factJSON{Number: f.Number, Text: f.Text, Finding: string(f.Finding),
			Reasons: f.Reasons, Private: f.Private})
	}
	return hearingDecisionJSON{hearingDecisionInputJSON: in, ID: d.ID, HearingID: d.HearingID, CaseID: d.CaseID,
		Outcome: string(d.Outcome), OutcomeLabel: d.OutcomeLabel(), FellAt: stringOrNull(d.FellAt),
		RecordedAt: d.RecordedAt.UTC(), RecordedBy: namedJSON{ID: d.RecordedBy, Name: d.RecordedByName}}
}

// factFieldRE matches the domain's name of a finding's field.
var factFieldRE = regexp.MustCompile(`^fact-(\d+)-(number|text|finding)$`)

// hearingDecisionFields names the domain's fields (and the process's, for
// the checks its guards make) by their place in the request.
func hearingDecisionFields(err error) error {
	names := map[string]string{"decision_date": "decided_on", "expires_on": "length_months",
		"restricted_since": "review_outcome", "finding": "facts", "order": "sanction", "outcome": "review_outcome",
		"with_conditions": "conditions", "reason": "reasons"}
	for _, k := range []string{"service_proved", "absence_reasons", "private_sessions", "amendments"} {
		names[k] = "preliminary." + k
	}
	for k := range fitness.ErrorFields(err) {
		if m := factFieldRE.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			names[k] = "facts[" + strconv.Itoa(i-1) + "]." + m[2]
		}
	}
	return renameFields(err, names)
}

// recordHearingDecision answers POST /api/v1/cases/{id}/hearings/{hearing}/decision.
func (s *server) recordHearingDecision(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseHearing(r)
	if err != nil {
		return err
	}
	var in hearingDecisionInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := in.Preliminary
	dom := fitness.HearingDecisionInput{Preliminary: fitness.Preliminary{ServiceProved: p.ServiceProved,
		ProceededInAbsence: p.ProceededInAbsence, AbsenceReasons: p.AbsenceReasons, PrivateSessions: p.PrivateSessions,
		Amendments: p.Amendments}, Ground: fitness.Ground(in.Ground), GroundFound: fitness.Answer(in.GroundFound),
		Impairment: fitness.Answer(in.Impairment), Sanction: fitness.SanctionKind(in.Sanction), LengthMonths: in.LengthMonths,
		Conditions: in.Conditions, InterimCover: in.InterimCover, ReviewOutcome: fitness.ReviewOutcome(in.ReviewOutcome),
		Granted: fitness.Answer(in.Granted), SuspendRight: in.SuspendRight, InterimKind: fitness.OrderKind(in.InterimKind), Reasons: in.Reasons,
		PrivateReasons: in.PrivateReasons}
	for _, f := range in.Facts {
		dom.Facts = append(dom.Facts, fitness.ParticularFinding{Number: f.Number, Text: f.Text,
			Finding: fitness.FactFinding(f.Finding), Reasons: f.Reasons, Private: f.Private})
	}
	if err := parseDates(map[string]string{"decided_on": in.DecidedOn}, map[string]*time.Time{"decided_on": &dom.DecidedOn}); err != nil {
		return err
	}
	var d fitness.HearingDecision
	err = s.writeOnCase(r, func(c fitness.Case) error {
		var err error
		d, err = s.Hearings.RecordDecision(r.Context(), actorOf(r), h.ID, c.Version, dom)
		return err
	})
	if err != nil {
		return hearingDecisionFields(err)
	}
	w.Header().Set("Location", r.URL.Path)
	return writeJSON(w, http.StatusCreated, "application/json", newHearingDecisionJSON(d))
}

// getHearingDecision answers GET /api/v1/cases/{id}/hearings/{hearing}/decision.
func (s *server) getHearingDecision(w http.ResponseWriter, r *http.Request) error {
	h, err := s.caseHearing(r)
	if err != nil {
		return err
	}
	d, err := s.Hearings.HearingDecision(r.Context(), actorOf(r), h.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newHearingDecisionJSON(d))
}
