package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/jobs"
	"fitness/internal/sqldb"
)

// orderEnv is the hearing API with the letters of each case, and the
// deadline sweep the background jobs run, on the test's clock.
type orderEnv struct {
	*hearingEnv
	cases    *sqldb.CaseService
	hearings *sqldb.HearingService
	process  *fitness.Process
}

func newOrderEnv(t *testing.T, engine sqldb.Engine) *orderEnv {
	t.Helper()
	he := newHearingEnv(t, engine)
	oe := &orderEnv{hearingEnv: he, process: fitness.HCPCProcess()}
	oe.cases = sqldb.NewCaseService(he.db, oe.process, fitness.HCPCRules(), he.clock.Now)
	oe.hearings = sqldb.NewHearingService(he.db, oe.cases)
	he.letters = sqldb.NewLetterStore(he.db, oe.cases, he.clock.Now)
	h, err := api.NewHandler(api.Deps{Users: he.users, Registrants: he.register, Cases: oe.cases, Process: oe.process,
		Idempotency: he.idem, Now: he.clock.Now, Hearings: oe.hearings, Letters: he.letters})
	if err != nil {
		t.Fatal(err)
	}
	he.handler = h
	return oe
}

func forEachEngineOrders(t *testing.T, fn func(t *testing.T, oe *orderEnv)) {
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) { fn(t, newOrderEnv(t, engine)) })
	}
}

// sweepAt runs the deadline sweep, as the background jobs do, at the
// wall-clock time hour:minute in the United Kingdom on day, and returns
// how many system actions it took.
func (oe *orderEnv) sweepAt(t *testing.T, day time.Time, hour, minute int) int {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	oe.clock.mu.Lock()
	oe.clock.t = time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc).UTC()
	oe.clock.mu.Unlock()
	n, err := jobs.NewSweeper(oe.cases, oe.process, oe.clock.Now, slog.New(slog.DiscardHandler)).WithOrders(oe.hearings).
		Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// caseState is what the API shows of a case's place and clocks.
type caseState struct {
	Stage        string  `json:"stage"`
	InterimStage *string `json:"interim_stage"`
	RegistrantID *string `json:"registrant_id"`
	Deadlines    []struct {
		Name  string    `json:"name"`
		Label string    `json:"label"`
		Due   time.Time `json:"due"`
	} `json:"deadlines"`
}

func (oe *orderEnv) state(t *testing.T, id string) caseState {
	t.Helper()
	var s caseState
	oe.reg.do(http.MethodGet, "/api/v1/cases/"+id, nil).want(t, http.StatusOK).decode(t, &s)
	return s
}

// due returns the date (YYYY-MM-DD, in the United Kingdom) the named clock
// of the case falls due, "" when it is not running.
func (s caseState) due(name string) string {
	for _, d := range s.Deadlines {
		if d.Name == name {
			return ukDay(d.Due)
		}
	}
	return ""
}

// ukDay is the date of t in the United Kingdom, as YYYY-MM-DD.
func ukDay(t time.Time) string {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return t.In(loc).Format(time.DateOnly)
}

func (s caseState) interim() string {
	if s.InterimStage == nil {
		return ""
	}
	return *s.InterimStage
}

// registrant returns the register status and annotations of the case's
// registrant.
func (oe *orderEnv) registrant(t *testing.T, s caseState) (string, string) {
	t.Helper()
	var reg struct {
		Status      string   `json:"status"`
		Annotations []string `json:"annotations"`
	}
	oe.reg.do(http.MethodGet, "/api/v1/registrants/"+*s.RegistrantID, nil).want(t, http.StatusOK).decode(t, &reg)
	return reg.Status, strings.Join(reg.Annotations, "|")
}

// documents returns the names of the documents issued on the case, in order.
func (oe *orderEnv) documents(t *testing.T, id string) []string {
	t.Helper()
	var out []string
	for _, l := range letters(t, oe.reg, id) {
		if !slices.Contains(out, l.Document) {
			out = append(out, l.Document)
		}
	}
	slices.Sort(out)
	return out
}

// lastWords returns the descriptions of the case's last n events, oldest
// first.
func lastWords(t *testing.T, c *client, id string, n int) []string {
	t.Helper()
	evs := events(t, c, id)
	var out []string
	for _, e := range evs[max(0, len(evs)-n):] {
		out = append(out, e.Description)
	}
	return out
}

// wantProblem checks that res is a 422 problem with one message, on field.
func wantProblem(t *testing.T, res response, field, detail string) {
	t.Helper()
	p := res.want(t, http.StatusUnprocessableEntity).problem(t)
	if len(p.Errors) != 1 || p.Errors[0].Field != field || p.Errors[0].Detail != detail {
		t.Errorf("problem %+v, want %s: %q", p, field, detail)
	}
}

// decide records the decision of hearing h of the case, dated day.
func (oe *orderEnv) decide(t *testing.T, id, hearingID string, day time.Time, d map[string]any) response {
	t.Helper()
	oe.clock.at(day)
	d["decided_on"] = day.Format(time.DateOnly)
	return oe.post(t, oe.ho, id, "/hearings/"+hearingID+"/decision", d)
}

// interimDecision is an interim order panel's decision: conditions made
// or continued.
func interimDecision() map[string]any {
	return map[string]any{"granted": "yes", "interim_kind": "interim_conditions", "preliminary": map[string]any{"service_proved": true},
		"conditions": "No home visits without a second registrant present.", "reasons": "Necessary to protect the public."}
}

// TestScenarioInterimOrder is the scenario 3 through the JSON
// API: an interim conditions order is imposed, reviewed first at six
// months and then every three (an early review too), its expiry warned of
// two months ahead; the court extends it, no further than twelve months
// at a time; and the final hearing's order replaces it on the register.
func TestScenarioInterimOrder(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.mustCaseToAnswer(t, "PA720001")
		oe.act(t, oe.cm, c.ID, "refer_interim_order", map[string]any{"basis": "public_protection",
			"reason": "Home visits carry a risk to children while the case goes on."})
		h := oe.list(t, c.ID, "interim_order", date(2026, 3, 9))
		oe.decide(t, c.ID, h.ID, date(2026, 3, 9), interimDecision()).want(t, http.StatusCreated)
		s := oe.state(t, c.ID)
		if s.interim() != "interim_in_force" || s.due(fitness.DeadlineInterimReview) != "2026-09-09" ||
			s.due(fitness.DeadlineInterimExpires) != "2027-09-09" || s.due(fitness.DeadlineInterimExpiryWarning) != "2027-07-09" {
			t.Errorf("after the order: %s, clocks %+v", s.interim(), s.Deadlines)
		}
		if status, ann := oe.registrant(t, s); status != "registered" ||
			ann != "Interim conditions of practice order from 9 March 2026 to 9 September 2027" {
			t.Errorf("register: %s %q", status, ann)
		}
		if got := lastWords(t, oe.reg, c.ID, 1); !strings.HasPrefix(got[0], "Interim order imposed: moved from Interim order being considered to Interim order in force") {
			t.Errorf("event %q", got)
		}

		// The first review is due at six months; each review brings the
		// next three months on; an early review on new evidence too.
		review := func(listedOn, day time.Time, wantNext string) {
			t.Helper()
			oe.clock.at(listedOn)
			h := oe.list(t, c.ID, "interim_order", day)
			oe.decide(t, c.ID, h.ID, day, interimDecision()).want(t, http.StatusCreated)
			if got := oe.state(t, c.ID).due(fitness.DeadlineInterimReview); got != wantNext {
				t.Errorf("review on %s: next review due %s, want %s", day.Format(time.DateOnly), got, wantNext)
			}
			if got := lastWords(t, oe.reg, c.ID, 1); got[0] != "Interim order reviewed (Date of the decision: "+day.Format("2 January 2006")+"; Review decision: Order continued)" {
				t.Errorf("event %q", got)
			}
		}
		review(date(2026, 8, 20), date(2026, 9, 1), "2026-12-01")
		review(date(2026, 9, 20), date(2026, 10, 1), "2027-01-01") // early: new evidence
		review(date(2026, 12, 20), date(2026, 12, 30), "2027-03-30")
		if got := oe.state(t, c.ID).due(fitness.DeadlineInterimExpires); got != "2027-09-09" {
			t.Errorf("a review moved the end of the order: %s", got)
		}

		// The court extends it: by twelve months at most from its end.
		oe.clock.at(date(2027, 8, 2))
		_, tag := getCase(t, oe.reg, c.ID)
		res := oe.reg.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "extend_interim_order",
			"input": map[string]any{"extended_until": "2028-09-10", "court": "High Court"}}, "If-Match", tag)
		wantProblem(t, res, "input.extended_until", "The court can extend an interim order by at most 12 months at a time")
		oe.act(t, oe.reg, c.ID, "extend_interim_order", map[string]any{"extended_until": "2028-09-09", "court": "High Court"})
		s = oe.state(t, c.ID)
		if s.due(fitness.DeadlineInterimExpires) != "2028-09-09" || s.due(fitness.DeadlineInterimExpiryWarning) != "2028-07-09" {
			t.Errorf("after the extension: clocks %+v", s.Deadlines)
		}
		if _, ann := oe.registrant(t, s); ann != "Interim conditions of practice order from 9 March 2026 to 9 September 2028" {
			t.Errorf("register after the extension: %q", ann)
		}

		// The final hearing makes a suspension order; when the appeal
		// period ends, it takes effect and the interim order ends.
		final := oe.list(t, c.ID, "final", date(2027, 10, 4))
		d := finalDecision(date(2027, 10, 4), "suspension", 6)
		d["ground"] = "misconduct"
		oe.decide(t, c.ID, final.ID, date(2027, 10, 4), d).want(t, http.StatusCreated)
		if _, ann := oe.registrant(t, oe.state(t, c.ID)); ann != "Interim conditions of practice order from 9 March 2026 to 9 September 2028" {
			t.Errorf("register in the appeal period: %q", ann)
		}
		if n := oe.sweepAt(t, date(2027, 11, 1), 23, 59); n != 0 {
			t.Errorf("the sweep took %d actions on the last day of the appeal period", n)
		}
		if n := oe.sweepAt(t, date(2027, 11, 2), 0, 30); n != 1 {
			t.Errorf("the sweep took %d actions the day after the appeal period", n)
		}
		s = oe.state(t, c.ID)
		if s.Stage != "order_in_force" || s.interim() != "interim_ended" || s.due(fitness.DeadlineInterimExpires) != "" ||
			s.due(fitness.DeadlineInterimReview) != "" || s.due(fitness.DeadlineInterimExpiryWarning) != "" ||
			s.due(fitness.DeadlineOrderExpires) != "2028-05-02" {
			t.Errorf("after the order took effect: %s / %s, clocks %+v", s.Stage, s.interim(), s.Deadlines)
		}
		if status, ann := oe.registrant(t, s); status != "suspended" || ann != "Suspension order from 2 November 2027 to 2 May 2028" {
			t.Errorf("register: %s %q", status, ann)
		}
		for _, o := range oe.orders(t, c.ID) {
			if o.Kind == "interim_conditions" && o.Status != "expired" {
				t.Errorf("interim order %s", o.Status)
			}
		}
		if got := lastWords(t, oe.reg, c.ID, 2); got[0] != "Order took effect: moved from Appeal period to Order in force (Order: Suspension order; Date the order ends: 2 May 2028)" ||
			got[1] != "Interim order ended: moved from Interim order in force to No interim order (How the order ended: Replaced by a final order)" {
			t.Errorf("events %q", got)
		}
		if got := oe.documents(t, c.ID); !slices.Contains(got, "interim_order_application") ||
			!slices.Contains(got, "interim_order_decision") || !slices.Contains(got, "order_notice") {
			t.Errorf("documents %v", got)
		}
	})
}

// TestScenarioConsent is the scenario 4 through the JSON API: a
// consent order needs a full admission; a panel approves it and it takes
// effect when the appeal period ends, on the register with its
// conditions; a panel that declines sends the case back for a hearing.
func TestScenarioConsent(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.mustCaseToAnswer(t, "PA720002")
		_, tag := getCase(t, oe.cm, c.ID)
		propose := map[string]any{"order": "conditions", "admits_in_full": "no"}
		res := oe.cm.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "propose_consent", "input": propose}, "If-Match", tag)
		wantProblem(t, res, "input.admits_in_full", "A consent order is only possible when the registrant admits the allegation in full")
		propose["admits_in_full"] = "yes"
		oe.act(t, oe.cm, c.ID, "propose_consent", propose)
		if s := oe.state(t, c.ID); s.Stage != "consent" {
			t.Fatalf("stage %s", s.Stage)
		}
		approve := map[string]any{"decision_date": "2026-03-02", "order": "conditions", "length_months": "12"}
		_, tag = getCase(t, oe.ho, c.ID)
		res = oe.ho.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "approve_consent", "input": approve}, "If-Match", tag)
		wantProblem(t, res, "input.conditions", "Enter the conditions of practice the panel approved")
		conditions := "Work only under the supervision of a registered paramedic."
		approve["conditions"] = conditions
		oe.act(t, oe.ho, c.ID, "approve_consent", approve)
		s := oe.state(t, c.ID)
		if s.Stage != "appeal_window" || s.due(fitness.DeadlineAppealWindow) != "2026-03-30" {
			t.Errorf("after approval: %s, clocks %+v", s.Stage, s.Deadlines)
		}
		if os := oe.orders(t, c.ID); len(os) != 1 || os[0].Kind != "conditions" || os[0].Status != "pending" || os[0].StartsOn != "2026-03-31" {
			t.Errorf("orders %+v", os)
		}
		if status, ann := oe.registrant(t, s); status != "registered" || ann != "" {
			t.Errorf("register before it takes effect: %s %q", status, ann)
		}
		if n := oe.sweepAt(t, date(2026, 3, 30), 23, 59); n != 0 {
			t.Errorf("the sweep took %d actions on the last day of the appeal period", n)
		}
		if n := oe.sweepAt(t, date(2026, 3, 31), 0, 30); n != 1 {
			t.Errorf("the sweep took %d actions the day after", n)
		}
		s = oe.state(t, c.ID)
		if status, ann := oe.registrant(t, s); s.Stage != "order_in_force" || status != "registered" ||
			ann != "Conditions of practice order from 31 March 2026 to 31 March 2027" {
			t.Errorf("after: %s; register %s %q", s.Stage, status, ann)
		}
		if s.due(fitness.DeadlineOrderExpires) != "2027-03-31" || s.due(fitness.DeadlineReviewDue) != "2027-01-31" {
			t.Errorf("clocks %+v", s.Deadlines)
		}
		evs := events(t, oe.reg, c.ID)
		last := evs[len(evs)-1]
		if last.Type != "order_takes_effect" || last.Actor.ID != fitness.SystemActor.UserID {
			t.Errorf("last event %+v", last)
		}
		if got := oe.documents(t, c.ID); !slices.Contains(got, "consent_order") || !slices.Contains(got, "order_notice") {
			t.Errorf("documents %v", got)
		}
		var orders struct {
			Items []struct {
				Conditions string `json:"conditions"`
			}
		}
		oe.reg.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/orders", nil).want(t, http.StatusOK).decode(t, &orders)
		if len(orders.Items) != 1 || orders.Items[0].Conditions != conditions {
			t.Errorf("order conditions %+v", orders.Items)
		}

		// Another panel declines: the case goes to a full hearing.
		oe.clock.at(date(2026, 3, 2))
		d := oe.mustCaseToAnswer(t, "PA720003")
		oe.act(t, oe.cm, d.ID, "propose_consent", map[string]any{"order": "caution", "admits_in_full": "yes"})
		oe.act(t, oe.ho, d.ID, "refuse_consent", map[string]any{"decision_date": "2026-03-02",
			"reason": "The public interest needs a contested hearing."})
		if s := oe.state(t, d.ID); s.Stage != "pre_hearing" {
			t.Errorf("declined: stage %s", s.Stage)
		}
		if got := lastWords(t, oe.reg, d.ID, 1); !strings.HasPrefix(got[0], "Consent order refused: the case goes to a full hearing: moved from Consent order proposed to Preparing for hearing") {
			t.Errorf("event %q", got)
		}
		if os := oe.orders(t, d.ID); len(os) != 0 {
			t.Errorf("orders after a refusal %+v", os)
		}
		oe.list(t, d.ID, "final", date(2026, 4, 20))
	})
}

// TestScenarioRestoration is the scenario 6 through the JSON API:
// an application for restoration before five years from striking off is
// refused, saying from when one can be made; after five years a panel
// hears it and refuses; another within twelve months is refused the same
// way; the next is heard and granted, and the register shows it.
// struckOff takes a new case about the registrant numbered number to a
// striking-off order in force on 19 May 2026, and returns it with a way to
// apply for restoration on a day and to hear the application.
func (oe *orderEnv) struckOff(t *testing.T, number string) (caseBody, func(time.Time) response, func(time.Time, map[string]any) response) {
	t.Helper()
	c := oe.mustCaseToAnswer(t, number)
	h := oe.list(t, c.ID, "final", date(2026, 4, 20))
	d := finalDecision(date(2026, 4, 20), "striking_off", 0)
	d["ground"] = "misconduct"
	oe.decide(t, c.ID, h.ID, date(2026, 4, 20), d).want(t, http.StatusCreated)
	if n := oe.sweepAt(t, date(2026, 5, 19), 10, 0); n != 1 {
		t.Fatalf("the sweep took %d actions", n)
	}
	s := oe.state(t, c.ID)
	if status, ann := oe.registrant(t, s); s.Stage != "struck_off" || status != "struck_off" || ann != "Striking-off order from 19 May 2026" {
		t.Fatalf("struck off: %s; register %s %q", s.Stage, status, ann)
	}
	apply := func(day time.Time) response {
		t.Helper()
		oe.clock.at(day)
		_, tag := getCase(t, oe.reg, c.ID)
		return oe.reg.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "apply_restoration",
			"input": map[string]any{"received_on": day.Format(time.DateOnly)}}, "If-Match", tag)
	}
	listed := map[time.Time]string{} // a hearing whose decision was refused is decided again
	hear := func(day time.Time, d map[string]any) response {
		t.Helper()
		if _, ok := listed[day]; !ok {
			listed[day] = oe.list(t, c.ID, "restoration", day).ID
		}
		d["preliminary"] = map[string]any{"service_proved": true}
		d["reasons"] = "The panel considered the applicant's insight and training."
		return oe.decide(t, c.ID, listed[day], day, d)
	}
	return c, apply, hear
}

func TestScenarioRestoration(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c, apply, hear := oe.struckOff(t, "PA720004")
		wantProblem(t, apply(date(2031, 5, 18)), "input.received_on",
			"An application for restoration can be made from 19 May 2031, 5 years after the striking-off order took effect")
		apply(date(2031, 5, 19)).want(t, http.StatusOK)
		hear(date(2031, 6, 20), map[string]any{"granted": "no"}).want(t, http.StatusCreated)
		s := oe.state(t, c.ID)
		if status, _ := oe.registrant(t, s); s.Stage != "restoration_refused" || status != "struck_off" {
			t.Errorf("refused: %s, %s", s.Stage, status)
		}
		if got := lastWords(t, oe.reg, c.ID, 1); got[0] != "Restoration refused: moved from Restoration application to Restoration refused (Date of the decision: 20 June 2031)" {
			t.Errorf("event %q", got)
		}
		wantProblem(t, apply(date(2031, 12, 20)), "input.received_on",
			"An application for restoration can be made from 20 June 2032, 12 months after the last application was refused")
		apply(date(2032, 6, 20)).want(t, http.StatusOK)
		hear(date(2032, 7, 21), map[string]any{"granted": "yes"}).want(t, http.StatusCreated)
		s = oe.state(t, c.ID)
		if status, ann := oe.registrant(t, s); s.Stage != "closed_restored" || status != "registered" || ann != "" {
			t.Errorf("restored: %s; register %s %q", s.Stage, status, ann)
		}
		if got := oe.documents(t, c.ID); !slices.Contains(got, "restoration_decision") || !slices.Contains(got, "order_notice") {
			t.Errorf("documents %v", got)
		}
	})
}

// TestScenarioRestorationRightSuspended: the right to apply again can be
// suspended only with the refusal that reaches the rules' number of
// refusals; once suspended, no further application is taken.
func TestScenarioRestorationRightSuspended(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c, apply, hear := oe.struckOff(t, "PA720005")
		apply(date(2031, 5, 19)).want(t, http.StatusOK)
		p := hear(date(2031, 6, 20), map[string]any{"granted": "no", "suspend_right": true}).want(t, http.StatusConflict).problem(t)
		if want := "The right to apply again can be suspended only from the 2nd refused application; this would be the 1st"; p.Detail != want {
			t.Errorf("first refusal with suspension: %q, want %q", p.Detail, want)
		}
		hear(date(2031, 6, 20), map[string]any{"granted": "no"}).want(t, http.StatusCreated)
		apply(date(2032, 6, 20)).want(t, http.StatusOK)
		hear(date(2032, 7, 21), map[string]any{"granted": "no", "suspend_right": true}).want(t, http.StatusCreated)
		s := oe.state(t, c.ID)
		if status, _ := oe.registrant(t, s); s.Stage != "restoration_suspended" || status != "struck_off" {
			t.Errorf("suspended: %s, %s", s.Stage, status)
		}
		if got := lastWords(t, oe.reg, c.ID, 1); !strings.HasPrefix(got[0], "Restoration refused: right to apply again suspended") {
			t.Errorf("event %q", got)
		}
		if res := apply(date(2034, 1, 5)); res.Status != http.StatusConflict && res.Status != http.StatusUnprocessableEntity {
			t.Errorf("an application after the right was suspended: %d %s", res.Status, res.Body)
		}
	})
}
