package api_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// movingClock is a fixed clock the test moves on.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// at puts the clock at 10:00 UTC on day.
func (c *movingClock) at(day time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = day.Add(10 * time.Hour)
}

// hearingEnv is the API with the hearing service, on a clock the test
// moves, with a case manager, a hearings officer and a registrar.
type hearingEnv struct {
	*env
	clock       *movingClock
	cm, ho, reg *client
}

func newHearingEnv(t *testing.T, engine sqldb.Engine) *hearingEnv {
	t.Helper()
	db := mustOpen(t, engine)
	clock := &movingClock{t: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	e := &env{engine: engine, db: db, contract: mustContract(t), now: clock.Now()}
	e.users = sqldb.NewUserService(db, clock.Now, sqldb.WithArgonParams(8*1024, 1, 1))
	e.register = sqldb.NewRegistrantService(db)
	e.idem = sqldb.NewIdempotencyStore(db)
	process := fitness.HCPCProcess()
	cases := sqldb.NewCaseService(db, process, fitness.HCPCRules(), clock.Now)
	h, err := api.NewHandler(api.Deps{Users: e.users, Registrants: e.register, Cases: cases, Process: process,
		Idempotency: e.idem, Now: clock.Now, Hearings: sqldb.NewHearingService(db, cases)})
	if err != nil {
		t.Fatal(err)
	}
	e.handler = h
	if err := sqldb.EnsureProfessions(context.Background(), db, fitness.HCPCProfessions()); err != nil {
		t.Fatal(err)
	}
	he := &hearingEnv{env: e, clock: clock}
	_, he.cm = e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
	_, he.ho = e.mustUser(t, "Harper Hearings", fitness.RoleHearingsOfficer)
	_, he.reg = e.mustUser(t, "Robin Registrar", fitness.RoleRegistrar)
	return he
}

// act takes an action on the case as c, at its current ETag.
func (he *hearingEnv) act(t *testing.T, c *client, id, action string, input map[string]any) {
	t.Helper()
	_, tag := getCase(t, c, id)
	c.do(http.MethodPost, "/api/v1/cases/"+id+"/actions", map[string]any{"action": action, "input": input},
		"If-Match", tag).want(t, http.StatusOK)
}

// post sends body to the case's path as c at the case's current ETag.
func (he *hearingEnv) post(t *testing.T, c *client, id, path string, body any) response {
	t.Helper()
	_, tag := getCase(t, c, id)
	if body == nil {
		body = map[string]any{}
	}
	return c.do(http.MethodPost, "/api/v1/cases/"+id+path, body, "If-Match", tag)
}

// mustCaseToAnswer returns a case with a case to answer, preparing for its
// hearing.
func (he *hearingEnv) mustCaseToAnswer(t *testing.T, number string) caseBody {
	t.Helper()
	c := mustCase(t, he.env, he.cm, number)
	today := he.clock.Now().Format(time.DateOnly)
	he.act(t, he.cm, c.ID, "start_triage", nil)
	he.act(t, he.cm, c.ID, "start_investigation", nil)
	he.act(t, he.cm, c.ID, "complete_investigation", nil)
	he.act(t, he.cm, c.ID, "serve_allegation", map[string]any{"ground": "lack_of_competence",
		"allegation": "1. You did not assess Patient A safely."})
	he.act(t, he.cm, c.ID, "record_registrant_response", map[string]any{"received_on": today, "note": "I accept it."})
	he.act(t, he.cm, c.ID, "refer_to_icp", nil)
	he.act(t, he.ho, c.ID, "icp_case_to_answer", map[string]any{"decision_date": today, "reason": "Realistic prospect."})
	return c
}

// hearingBody is a hearing as clients read it.
type hearingBody struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Dates  struct {
		NoticeBy           string `json:"notice_by"`
		ListingPublishedOn string `json:"listing_published_on"`
	} `json:"dates"`
}

// orderBody is an order as clients read it.
type orderBody struct {
	Kind       string  `json:"kind"`
	Status     string  `json:"status"`
	StartsOn   string  `json:"starts_on"`
	EndsOn     *string `json:"ends_on"`
	Annotation string  `json:"annotation"`
}

func (he *hearingEnv) orders(t *testing.T, id string) []orderBody {
	t.Helper()
	var got struct{ Items []orderBody }
	he.ho.do(http.MethodGet, "/api/v1/cases/"+id+"/orders", nil).want(t, http.StatusOK).decode(t, &got)
	return got.Items
}

// list lists a hearing of kind on day.
func (he *hearingEnv) list(t *testing.T, id, kind string, day time.Time) hearingBody {
	t.Helper()
	var h hearingBody
	he.post(t, he.ho, id, "/hearings", map[string]any{"kind": kind, "committee": "conduct_competence",
		"date": day.Format(time.DateOnly), "venue": "Hearing Centre, Northbridge", "review_type": "mandatory"}).
		want(t, http.StatusCreated).decode(t, &h)
	return h
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// finalDecision is the decision of a final hearing on lack of competence.
func finalDecision(day time.Time, sanction string, months int) map[string]any {
	return map[string]any{"decided_on": day.Format(time.DateOnly), "preliminary": map[string]any{"service_proved": true},
		"facts":  []map[string]any{{"number": "1", "text": "You did not assess Patient A safely.", "finding": "admitted"}},
		"ground": "lack_of_competence", "ground_found": "yes", "impairment": "yes", "sanction": sanction,
		"length_months": months, "reasons": "Repeated failings over a year."}
}

// TestScenarioSuspensionReviewStrikeOff is the scenario 2 through
// the JSON API: case to answer, hearing, a 12-month suspension (striking
// off for lack of competence refused at first instance), review,
// extension; striking off refused before two years of continuous
// suspension and accepted after.
func TestScenarioSuspensionReviewStrikeOff(t *testing.T) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			he := newHearingEnv(t, engine)
			c := he.mustCaseToAnswer(t, "PA700001")
			res := he.post(t, he.ho, c.ID, "/hearings", map[string]any{"kind": "final", "committee": "conduct_competence",
				"date": "2026-03-20", "venue": "Hearing Centre"}).want(t, http.StatusUnprocessableEntity)
			if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "date" ||
				p.Errors[0].Detail != "The hearing must be on or after 30 March 2026, to give notice of at least 28 days, unless short notice is agreed" {
				t.Errorf("short notice: %+v", p)
			}
			h := he.list(t, c.ID, "final", date(2026, 4, 20))
			if h.Dates.NoticeBy != "2026-03-23" || h.Dates.ListingPublishedOn != "2026-03-23" {
				t.Errorf("dates %+v", h.Dates)
			}
			he.clock.at(date(2026, 4, 20))
			res = he.post(t, he.ho, c.ID, "/hearings/"+h.ID+"/decision", finalDecision(date(2026, 4, 20), "striking_off", 0)).
				want(t, http.StatusUnprocessableEntity)
			want := "Striking off is not available at first instance for lack of competence unless there have been at least 2 years of continuous suspension or conditions"
			if p := res.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "sanction" || p.Errors[0].Detail != want {
				t.Errorf("strike-off at first instance: %+v", p)
			}
			res = he.post(t, he.ho, c.ID, "/hearings/"+h.ID+"/decision", finalDecision(date(2026, 4, 20), "suspension", 13)).
				want(t, http.StatusUnprocessableEntity)
			if p := res.problem(t); p.Errors[0].Field != "length_months" || p.Errors[0].Detail != "A suspension order can last no more than 1 year" {
				t.Errorf("13 months: %+v", p)
			}
			he.post(t, he.ho, c.ID, "/hearings/"+h.ID+"/decision", finalDecision(date(2026, 4, 20), "suspension", 12)).
				want(t, http.StatusCreated)
			he.post(t, he.reg, c.ID, "/orders/take-effect", nil).want(t, http.StatusConflict)
			he.clock.at(date(2026, 5, 19))
			he.post(t, he.reg, c.ID, "/orders/take-effect", nil).want(t, http.StatusOK)
			if os := he.orders(t, c.ID); len(os) != 1 || os[0].Status != "in_force" || os[0].StartsOn != "2026-05-19" ||
				os[0].Annotation != "Suspension order from 19 May 2026 to 19 May 2027" {
				t.Fatalf("orders %+v", os)
			}
			review := func(day time.Time, decision map[string]any) response {
				he.clock.at(day.AddDate(0, 0, -30))
				h := he.list(t, c.ID, "review", day)
				he.clock.at(day)
				decision["decided_on"] = day.Format(time.DateOnly)
				return he.post(t, he.ho, c.ID, "/hearings/"+h.ID+"/decision", decision)
			}
			extend := map[string]any{"impairment": "yes", "review_outcome": "extend", "length_months": 12, "reasons": "Not yet safe."}
			review(date(2027, 3, 19), extend).want(t, http.StatusCreated)
			strike := map[string]any{"impairment": "yes", "review_outcome": "strike_off", "ground": "lack_of_competence",
				"reasons": "No prospect of safe practice."}
			res = review(date(2028, 3, 13), strike).want(t, http.StatusUnprocessableEntity)
			if p := res.problem(t); p.Errors[0].Field != "review_outcome" || !strings.Contains(p.Errors[0].Detail, "restricted since 19 May 2026") {
				t.Errorf("strike-off at 22 months: %+v", p)
			}
			var hs struct{ Items []hearingBody }
			he.ho.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/hearings", nil).want(t, http.StatusOK).decode(t, &hs)
			extend["length_months"], extend["decided_on"] = 3, "2028-03-13"
			he.post(t, he.ho, c.ID, "/hearings/"+hs.Items[len(hs.Items)-1].ID+"/decision", extend).want(t, http.StatusCreated)
			review(date(2028, 5, 22), strike).want(t, http.StatusCreated)
			he.clock.at(date(2028, 6, 20))
			he.post(t, he.reg, c.ID, "/orders/take-effect", nil).want(t, http.StatusOK)
			got, _ := getCase(t, he.reg, c.ID)
			if got.Stage != "struck_off" {
				t.Errorf("stage %s", got.Stage)
			}
			var reg struct {
				Status      string   `json:"status"`
				Annotations []string `json:"annotations"`
			}
			he.reg.do(http.MethodGet, "/api/v1/registrants/"+*got.RegistrantID, nil).want(t, http.StatusOK).decode(t, &reg)
			if reg.Status != "struck_off" || strings.Join(reg.Annotations, "|") != "Striking-off order from 20 June 2028" {
				t.Errorf("register %+v", reg)
			}
		})
	}
}

// TestScenarioAppealQuashes is the scenario 5 through the JSON API:
// an appeal quashes the order; the register annotation goes and the case
// shows why.
func TestScenarioAppealQuashes(t *testing.T) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			he := newHearingEnv(t, engine)
			c := he.mustCaseToAnswer(t, "PA700002")
			h := he.list(t, c.ID, "final", date(2026, 4, 20))
			he.clock.at(date(2026, 4, 21))
			d := finalDecision(date(2026, 4, 21), "conditions", 12)
			d["ground"], d["conditions"], d["interim_cover"] = "misconduct", "Work only under supervision.", true
			he.post(t, he.ho, c.ID, "/hearings/"+h.ID+"/decision", d).want(t, http.StatusCreated)
			registrant := func() (status string, annotations []string) {
				got, _ := getCase(t, he.reg, c.ID)
				var reg struct {
					Status      string   `json:"status"`
					Annotations []string `json:"annotations"`
				}
				he.reg.do(http.MethodGet, "/api/v1/registrants/"+*got.RegistrantID, nil).want(t, http.StatusOK).decode(t, &reg)
				return reg.Status, reg.Annotations
			}
			if _, ann := registrant(); strings.Join(ann, "|") != "Interim conditions of practice order from 21 April 2026" {
				t.Errorf("annotations while the appeal period runs: %q", ann)
			}
			he.clock.at(date(2026, 5, 5))
			he.post(t, he.reg, c.ID, "/appeals", map[string]any{"appellant": "registrant", "lodged_on": "2026-05-04",
				"court": "High Court"}).want(t, http.StatusCreated)
			he.clock.at(date(2026, 9, 1))
			var a struct {
				Outcome *string `json:"outcome"`
			}
			he.post(t, he.reg, c.ID, "/appeals/decision", map[string]any{"outcome": "quashed", "decided_on": "2026-08-28",
				"reasons": "The panel did not give the registrant a fair chance to be heard"}).want(t, http.StatusOK).decode(t, &a)
			if a.Outcome == nil || *a.Outcome != "quashed" {
				t.Errorf("appeal %+v", a)
			}
			if status, ann := registrant(); status != "registered" || len(ann) != 0 {
				t.Errorf("register after the appeal: %s %q", status, ann)
			}
			for _, o := range he.orders(t, c.ID) {
				if o.Status != "quashed" {
					t.Errorf("order %s is %s", o.Kind, o.Status)
				}
			}
			evs := events(t, he.reg, c.ID)
			last := evs[len(evs)-1]
			if last.Type != "order_quashed" || !strings.Contains(last.Reason, "The court quashed the decision on 28 August 2026: The panel did not give") ||
				!strings.Contains(last.Reason, "conditions of practice order and interim conditions of practice order") {
				t.Errorf("last event %+v", last)
			}
		})
	}
}

// TestHearingRoutesRefuse checks the hearing routes' refusals: a stale
// If-Match, a role that may not list, another case's hearing, and a
// contract-valid problem for each.
func TestHearingRoutesRefuse(t *testing.T) {
	forEachEngineHearing(t, func(t *testing.T, he *hearingEnv) {
		c := he.mustCaseToAnswer(t, "PA700003")
		body := map[string]any{"kind": "final", "committee": "conduct_competence", "date": "2026-05-01", "remote": true}
		he.ho.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/hearings", body, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		he.post(t, he.cm, c.ID, "/hearings", body).want(t, http.StatusForbidden)
		h := hearingBody{}
		he.post(t, he.ho, c.ID, "/hearings", body).want(t, http.StatusCreated).decode(t, &h)
		other := mustCase(t, he.env, he.cm, "PA700004")
		he.ho.do(http.MethodGet, "/api/v1/cases/"+other.ID+"/hearings/"+h.ID, nil).want(t, http.StatusNotFound)
		he.ho.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/hearings/"+h.ID+"/decision", nil).want(t, http.StatusNotFound)
		he.post(t, he.ho, c.ID, "/hearings", map[string]any{"kind": "final", "date": "soon"}).want(t, http.StatusUnprocessableEntity)
		var pubs struct {
			Items []struct {
				ID          string  `json:"id"`
				Kind        string  `json:"kind"`
				PublishedAt *string `json:"published_at"`
			}
		}
		he.ho.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/publications", nil).want(t, http.StatusOK).decode(t, &pubs)
		if len(pubs.Items) != 1 || pubs.Items[0].Kind != "listing" || pubs.Items[0].PublishedAt == nil {
			t.Fatalf("publications %+v", pubs)
		}
		// A case's publication is not found through another case.
		res := he.post(t, he.ho, other.ID, "/publications/"+pubs.Items[0].ID+"/publish", nil)
		if p := res.want(t, http.StatusNotFound).problem(t); p.Detail != "There is no such publication on this case" {
			t.Errorf("another case's publication: %+v", p)
		}
		he.ho.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/appeals", nil).want(t, http.StatusOK)
		// The hearing routes alone record hearing decisions and orders.
		got, _ := getCase(t, he.ho, c.ID)
		for _, a := range got.AvailableActions {
			if a.Name == "record_sanction" || a.Name == "hearing_not_well_founded" {
				t.Errorf("available action %s", a.Name)
			}
		}
		res = he.post(t, he.ho, c.ID, "/actions", map[string]any{"action": "record_sanction", "input": map[string]any{
			"decision_date": "2026-03-02", "ground": "misconduct", "sanction": "caution", "length_months": "12"}})
		if p := res.want(t, http.StatusConflict).problem(t); p.Title != "Use the hearing routes" {
			t.Errorf("bare sanction: %+v", p)
		}
	})
}

func forEachEngineHearing(t *testing.T, fn func(t *testing.T, he *hearingEnv)) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) { fn(t, newHearingEnv(t, engine)) })
	}
}
