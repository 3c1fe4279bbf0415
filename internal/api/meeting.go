package api

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"fitness/internal/fitness"
)

// meetingInputJSON is the body of POST /api/v1/meetings.
type meetingInputJSON struct {
	Committee string   `json:"committee"`
	Date      string   `json:"date"`
	Remote    bool     `json:"remote"`
	Venue     string   `json:"venue"`
	Panel     []string `json:"panel"`
}

// panelMemberJSON is one member of a meeting's panel.
type panelMemberJSON struct {
	UserID           string  `json:"user_id"`
	Name             string  `json:"name"`
	Kind             string  `json:"kind"`
	ProfessionCode   *string `json:"profession_code"`
	LegallyQualified bool    `json:"legally_qualified"`
}

// agendaItemJSON is one case on a meeting's agenda.
type agendaItemJSON struct {
	CaseID           string  `json:"case_id"`
	Reference        string  `json:"reference"`
	RegistrantName   string  `json:"registrant_name"`
	RegistrantNumber string  `json:"registrant_number"`
	Stage            string  `json:"stage"`
	StageLabel       string  `json:"stage_label"`
	Outcome          *string `json:"outcome"`
}

// meetingJSON is a Meeting on the wire.
type meetingJSON struct {
	ID             string            `json:"id"`
	Committee      string            `json:"committee"`
	CommitteeLabel string            `json:"committee_label"`
	Date           string            `json:"date"`
	Private        bool              `json:"private"`
	Remote         bool              `json:"remote"`
	Venue          string            `json:"venue"`
	Panel          []panelMemberJSON `json:"panel"`
	Cases          []agendaItemJSON  `json:"cases"`
	CreatedAt      time.Time         `json:"created_at"`
}

// meetingPath is the API path of a meeting.
func meetingPath(m fitness.Meeting) string { return "/api/v1/meetings/" + m.ID }

// newMeetingJSON returns the wire form of m.
func (s *server) newMeetingJSON(m fitness.Meeting) meetingJSON {
	out := meetingJSON{ID: m.ID, Committee: string(m.Committee), CommitteeLabel: m.Committee.Label(),
		Date: m.Date.Format(time.DateOnly), Private: m.Private, Remote: m.Remote, Venue: m.Venue,
		Panel: []panelMemberJSON{}, Cases: []agendaItemJSON{}, CreatedAt: m.CreatedAt.UTC()}
	for _, p := range m.Panel {
		out.Panel = append(out.Panel, panelMemberJSON{UserID: p.UserID, Name: p.Name, Kind: string(p.Kind),
			ProfessionCode: stringOrNull(p.ProfessionCode), LegallyQualified: p.LegallyQualified})
	}
	for _, c := range m.Cases {
		out.Cases = append(out.Cases, agendaItemJSON{CaseID: c.CaseID, Reference: c.Reference,
			RegistrantName: c.RegistrantName, RegistrantNumber: c.RegistrantNumber, Stage: string(c.Stage),
			StageLabel: s.stageLabel(c.Stage), Outcome: stringOrNull(string(c.Outcome))})
	}
	return out
}

// meetings answers 404 for the meeting routes when the API has no meeting
// service.
func (s *server) meetings(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Meetings == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}

// meetingFields names the domain's fields of a meeting by their place in
// the request.
var meetingFields = map[string]string{"chair": "panel.chair", "lay": "panel.lay", "registrant": "panel.registrant"}

// createMeeting answers POST /api/v1/meetings.
func (s *server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	var in meetingInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.MeetingInput{Committee: fitness.Committee(in.Committee), Remote: in.Remote, Venue: in.Venue, Panel: in.Panel}
	if in.Date != "" {
		d, err := time.Parse(time.DateOnly, in.Date)
		if err != nil {
			return invalid(map[string]string{"date": "Must be a date, YYYY-MM-DD."})
		}
		dom.Date = d
	}
	m, err := s.Meetings.CreateMeeting(r.Context(), actorOf(r), dom)
	if err != nil {
		return renameFields(err, meetingFields)
	}
	w.Header().Set("Location", meetingPath(m))
	return writeJSON(w, http.StatusCreated, "application/json", s.newMeetingJSON(m))
}

// getMeeting answers GET /api/v1/meetings/{id}.
func (s *server) getMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Meetings.FindMeeting(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newMeetingJSON(m))
}

// addMeetingCase answers POST /api/v1/meetings/{id}/cases.
func (s *server) addMeetingCase(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Case string `json:"case"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.Meetings.AddCase(r.Context(), actorOf(r), r.PathValue("id"), in.Case)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", s.newMeetingJSON(m))
}

// findingJSON is the panel's decision on one particular.
type findingJSON struct {
	Number            string `json:"number"`
	Text              string `json:"text"`
	RealisticProspect string `json:"realistic_prospect"`
	Reasons           string `json:"reasons"`
}

// decisionInputJSON is the body of POST …/decision.
type decisionInputJSON struct {
	Outcome    string        `json:"outcome"`
	DecidedOn  string        `json:"decided_on"`
	Findings   []findingJSON `json:"findings"`
	Ground     string        `json:"ground"`
	Impairment string        `json:"impairment"`
	Reasons    string        `json:"reasons"`
}

// decisionJSON is an ICPDecision on the wire.
type decisionJSON struct {
	ID                   string        `json:"id"`
	MeetingID            string        `json:"meeting_id"`
	CaseID               string        `json:"case_id"`
	Outcome              string        `json:"outcome"`
	OutcomeLabel         string        `json:"outcome_label"`
	DecidedOn            string        `json:"decided_on"`
	Findings             []findingJSON `json:"findings"`
	Test                 testJSON      `json:"realistic_prospect"`
	Reasons              string        `json:"reasons"`
	RegistrantResponded  bool          `json:"registrant_responded"`
	NoInferenceStatement *string       `json:"no_inference_statement"`
	RecordedAt           time.Time     `json:"recorded_at"`
	RecordedBy           namedJSON     `json:"recorded_by"`
}

// testJSON is the three parts of the realistic-prospect test.
type testJSON struct {
	Facts      *string `json:"facts"`
	Ground     *string `json:"ground"`
	Impairment *string `json:"impairment"`
}

func newDecisionJSON(d fitness.ICPDecision) decisionJSON {
	out := decisionJSON{ID: d.ID, MeetingID: d.MeetingID, CaseID: d.CaseID, Outcome: string(d.Outcome),
		OutcomeLabel: d.Outcome.Label(), DecidedOn: d.DecidedOn.Format(time.DateOnly), Findings: []findingJSON{},
		Test: testJSON{Facts: stringOrNull(string(d.Test.Facts)), Ground: stringOrNull(string(d.Test.Ground)),
			Impairment: stringOrNull(string(d.Test.Impairment))},
		Reasons: d.Reasons, RegistrantResponded: d.RegistrantResponded,
		NoInferenceStatement: stringOrNull(d.NoInferenceStatement), RecordedAt: d.RecordedAt.UTC(),
		RecordedBy: namedJSON{ID: d.RecordedBy, Name: d.RecordedByName}}
	for _, f := range d.Findings {
		out.Findings = append(out.Findings, findingJSON{Number: f.Number, Text: f.Text,
			RealisticProspect: string(f.RealisticProspect), Reasons: f.Reasons})
	}
	return out
}

// findingFieldRE matches the domain's name of a finding's field.
var findingFieldRE = regexp.MustCompile(`^finding-(\d+)-(number|text|prospect|reasons)$`)

// decisionFieldNames names the domain's decision fields by their place in
// the request: finding-2-prospect is findings[1].realistic_prospect.
func decisionFieldNames(err error) error {
	names := map[string]string{}
	for k := range fitness.ErrorFields(err) {
		if m := findingFieldRE.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			part := m[2]
			if part == "prospect" {
				part = "realistic_prospect"
			}
			names[k] = "findings[" + strconv.Itoa(i-1) + "]." + part
		}
	}
	return renameFields(err, names)
}

// recordDecision answers POST /api/v1/meetings/{id}/cases/{case_id}/decision.
// If-Match must hold the case's current ETag.
func (s *server) recordDecision(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor := actorOf(r)
	if _, err := s.Meetings.FindMeeting(ctx, actor, r.PathValue("id")); err != nil {
		return err
	}
	c, err := s.Cases.FindCase(ctx, actor, r.PathValue("case_id"))
	if err != nil {
		return err
	}
	if err := checkIfMatch(r.Header.Values("If-Match"), c); err != nil {
		return err
	}
	var in decisionInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	dom := fitness.ICPDecisionInput{Outcome: fitness.ICPOutcome(in.Outcome), Ground: fitness.Answer(in.Ground),
		Impairment: fitness.Answer(in.Impairment), Reasons: in.Reasons}
	if in.DecidedOn != "" {
		if dom.DecidedOn, err = time.Parse(time.DateOnly, in.DecidedOn); err != nil {
			return invalid(map[string]string{"decided_on": "Must be a date, YYYY-MM-DD."})
		}
	}
	for _, f := range in.Findings {
		dom.Findings = append(dom.Findings, fitness.ICPFinding{Number: f.Number, Text: f.Text,
			RealisticProspect: fitness.Answer(f.RealisticProspect), Reasons: f.Reasons})
	}
	d, err := s.Meetings.RecordDecision(ctx, actor, r.PathValue("id"), c.ID, c.Version, dom)
	if fitness.ErrorCode(err) == fitness.EConflict {
		if cur, ferr := s.Cases.FindCase(ctx, actor, c.ID); ferr != nil || cur.Version != c.Version {
			return stale(c, err)
		}
	}
	if err != nil {
		return decisionFieldNames(err)
	}
	w.Header().Set("Location", r.URL.Path)
	return writeJSON(w, http.StatusCreated, "application/json", newDecisionJSON(d))
}

// getDecision answers GET /api/v1/meetings/{id}/cases/{case_id}/decision.
func (s *server) getDecision(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Meetings.Decision(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("case_id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newDecisionJSON(d))
}
