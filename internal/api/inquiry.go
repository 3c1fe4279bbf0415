package api

import (
	"net/http"
	"time"

	"fitness/internal/fitness"
)

// reportJSON is the published report an inquiry starts from.
type reportJSON struct {
	Title     string  `json:"title"`
	Publisher string  `json:"publisher"`
	Published string  `json:"published"`
	Link      *string `json:"link"`
	Summary   string  `json:"summary"`
}

// namedJSON is something with an id and a name: an employer, a user, a
// body referred to.
type namedJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// inquiryJSON is an Inquiry on the wire.
type inquiryJSON struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Source     reportJSON  `json:"source"`
	Employers  []namedJSON `json:"employers"`
	From       string      `json:"from"`
	To         string      `json:"to"`
	Team       []namedJSON `json:"team"`
	CreatedAt  time.Time   `json:"created_at"`
	CreatedBy  string      `json:"created_by"`
	LastScoped *string     `json:"last_scoped"`
}

// inquiryInputJSON is the body of POST /api/v1/inquiries.
type inquiryInputJSON struct {
	Title       string   `json:"title"`
	Source      srcInput `json:"source"`
	EmployerIDs []string `json:"employer_ids"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	TeamUserIDs []string `json:"team_user_ids"`
}

// srcInput is the published report as a request gives it.
type srcInput struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	Link      string `json:"link"`
	Summary   string `json:"summary"`
}

// inquiryFields names the domain's fields of an inquiry by their place in
// the request.
var inquiryFields = map[string]string{"source_title": "source.title", "source_publisher": "source.publisher",
	"source_published": "source.published", "source_link": "source.link", "source_summary": "source.summary",
	"employers": "employer_ids", "team": "team_user_ids"}

func newInquiryJSON(inq fitness.Inquiry) inquiryJSON {
	out := inquiryJSON{ID: inq.ID, Title: inq.Title, Source: reportJSON{Title: inq.Source.Title,
		Publisher: inq.Source.Publisher, Published: inq.Source.Published.Format(time.DateOnly),
		Link: stringOrNull(inq.Source.Link), Summary: inq.Source.Summary},
		Employers: []namedJSON{}, From: inq.From.Format(time.DateOnly), To: inq.To.Format(time.DateOnly),
		Team: []namedJSON{}, CreatedAt: inq.CreatedAt.UTC(), CreatedBy: inq.CreatedBy, LastScoped: timeOrNull(inq.LastScoped)}
	for _, e := range inq.Employers {
		out.Employers = append(out.Employers, namedJSON{ID: e.ID, Name: e.Name})
	}
	for _, m := range inq.Team {
		out.Team = append(out.Team, namedJSON{ID: m.UserID, Name: m.Name})
	}
	return out
}

// inquiryPath is the API path of an inquiry.
func inquiryPath(id string) string { return "/api/v1/inquiries/" + id }

// inquiring answers 404 for the inquiry routes when the API has no
// inquiry service.
func (s *server) inquiring(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Inquiries == nil {
			return nothingHere()
		}
		return h(w, r)
	}
}

// dateField parses a YYYY-MM-DD date of the request named field; "" is
// the zero time.
func dateField(v, field string, fields map[string]string) time.Time {
	if v == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		fields[field] = "Must be a date, YYYY-MM-DD."
	}
	return d
}

// mergeFields returns the validation problem of the domain's field
// errors of err, renamed by names, and the request's own field errors,
// which say more precisely what is wrong.
func mergeFields(err error, names, fields map[string]string) error {
	all := map[string]string{}
	for k, v := range fieldPaths(fitness.ErrorFields(err)) {
		if n, ok := names[k]; ok {
			k = n
		}
		all[k] = v
	}
	for k, v := range fields {
		all[k] = v
	}
	return invalid(all)
}

// createInquiry answers POST /api/v1/inquiries.
func (s *server) createInquiry(w http.ResponseWriter, r *http.Request) error {
	var in inquiryInputJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	fields := map[string]string{}
	dom := fitness.InquiryInput{Title: in.Title, SourceTitle: in.Source.Title, SourcePublisher: in.Source.Publisher,
		SourceLink: in.Source.Link, SourceSummary: in.Source.Summary, EmployerIDs: in.EmployerIDs, TeamUserIDs: in.TeamUserIDs,
		SourcePublished: dateField(in.Source.Published, "source.published", fields),
		From:            dateField(in.From, "from", fields), To: dateField(in.To, "to", fields)}
	if len(fields) > 0 {
		_, err := fitness.NewInquiry(dom, actorOf(r), s.now())
		return mergeFields(err, inquiryFields, fields)
	}
	inq, err := s.Inquiries.CreateInquiry(r.Context(), actorOf(r), dom)
	if err != nil {
		return renameFields(err, inquiryFields)
	}
	w.Header().Set("Location", inquiryPath(inq.ID))
	return writeJSON(w, http.StatusCreated, "application/json", newInquiryJSON(inq))
}

// listInquiries answers GET /api/v1/inquiries.
func (s *server) listInquiries(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Inquiries.ListInquiries(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	out := listJSON[inquiryJSON]{Items: []inquiryJSON{}}
	for _, inq := range list {
		out.Items = append(out.Items, newInquiryJSON(inq))
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// getInquiry answers GET /api/v1/inquiries/{id}.
func (s *server) getInquiry(w http.ResponseWriter, r *http.Request) error {
	inq, err := s.Inquiries.FindInquiry(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, "application/json", newInquiryJSON(inq))
}

// outcomeCountsJSON counts people by screening outcome.
type outcomeCountsJSON struct {
	NotScreened int `json:"not_screened"`
	NoAction    int `json:"no_action"`
	OpenCase    int `json:"open_case"`
	Refer       int `json:"refer"`
}

func newOutcomeCounts(c fitness.OutcomeCounts) outcomeCountsJSON {
	return outcomeCountsJSON{NotScreened: c[fitness.ScreenNotScreened], NoAction: c[fitness.ScreenNoAction],
		OpenCase: c[fitness.ScreenOpenCase], Refer: c[fitness.ScreenRefer]}
}

// breakdownJSON is one row of a dashboard breakdown.
type breakdownJSON struct {
	Key      string            `json:"key"`
	Label    string            `json:"label"`
	Total    int               `json:"total"`
	Outcomes outcomeCountsJSON `json:"outcomes"`
}

// stageCountJSON counts open cases at one stage.
type stageCountJSON struct {
	Stage      string `json:"stage"`
	StageLabel string `json:"stage_label"`
	Cases      int    `json:"cases"`
}

// dashboardJSON is an InquiryDashboard on the wire.
type dashboardJSON struct {
	InquiryID  string            `json:"inquiry_id"`
	SnapshotID *string           `json:"snapshot_id"`
	InScope    int               `json:"in_scope"`
	Outcomes   outcomeCountsJSON `json:"outcomes"`
	ByRole     []breakdownJSON   `json:"by_role"`
	ByEmployer []breakdownJSON   `json:"by_employer"`
	Cases      struct {
		Opened  int              `json:"opened"`
		Open    int              `json:"open"`
		Closed  int              `json:"closed"`
		ByStage []stageCountJSON `json:"by_stage"`
	} `json:"cases"`
	Demands struct {
		Demands        int `json:"demands"`
		Answered       int `json:"answered"`
		Overdue        int `json:"overdue"`
		People         int `json:"people"`
		PeopleAnswered int `json:"people_answered"`
	} `json:"demands"`
}

func breakdowns(bs []fitness.Breakdown) []breakdownJSON {
	out := make([]breakdownJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, breakdownJSON{Key: b.Key, Label: b.Label, Total: b.Total, Outcomes: newOutcomeCounts(b.Outcomes)})
	}
	return out
}

// getInquiryDashboard answers GET /api/v1/inquiries/{id}/dashboard.
func (s *server) getInquiryDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Inquiries.Dashboard(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := dashboardJSON{InquiryID: d.Inquiry.ID, SnapshotID: stringOrNull(d.Snapshot.ID), InScope: d.InScope,
		Outcomes: newOutcomeCounts(d.Outcomes), ByRole: breakdowns(d.ByRole), ByEmployer: breakdowns(d.ByEmployer)}
	out.Cases.Opened, out.Cases.Open, out.Cases.Closed = d.Cases.Opened, d.Cases.Open, d.Cases.Closed
	out.Cases.ByStage = []stageCountJSON{}
	for _, st := range s.Process.Stages {
		if n := d.Cases.ByStage[st.Stage]; n > 0 {
			out.Cases.ByStage = append(out.Cases.ByStage, stageCountJSON{Stage: string(st.Stage), StageLabel: st.Label, Cases: n})
		}
	}
	q := d.Demands
	out.Demands.Demands, out.Demands.Answered, out.Demands.Overdue = q.Demands, q.Answered, q.Overdue
	out.Demands.People, out.Demands.PeopleAnswered = q.People, q.PeopleAnswered
	return writeJSON(w, http.StatusOK, "application/json", out)
}

// listEmployers answers GET /api/v1/employers: the employers an inquiry
// can be opened into.
func (s *server) listEmployers(w http.ResponseWriter, r *http.Request) error {
	if s.Employers == nil {
		return nothingHere()
	}
	es, err := s.Employers.Employers(r.Context())
	if err != nil {
		return err
	}
	type employerJSON struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Kind string `json:"kind"`
		Town string `json:"town"`
	}
	out := listJSON[employerJSON]{Items: []employerJSON{}}
	for _, e := range es {
		out.Items = append(out.Items, employerJSON{ID: e.ID, Name: e.Name, Kind: e.Kind, Town: e.Town})
	}
	return writeJSON(w, http.StatusOK, "application/json", out)
}
