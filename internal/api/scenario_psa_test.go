package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// suspendedInForce takes a new case about the registrant numbered number
// to a six-month suspension order decided on Monday 20 April 2026 and put
// in force by the deadline sweep on 19 May, the day after the registrant's
// appeal period ended (18 May). The PSA may refer it until 27 June.
func (oe *orderEnv) suspendedInForce(t *testing.T, number string) caseBody {
	t.Helper()
	c := oe.mustCaseToAnswer(t, number)
	h := oe.list(t, c.ID, "final", date(2026, 4, 20))
	d := finalDecision(date(2026, 4, 20), "suspension", 6)
	d["ground"] = "misconduct"
	oe.decide(t, c.ID, h.ID, date(2026, 4, 20), d).want(t, http.StatusCreated)
	if n := oe.sweepAt(t, date(2026, 5, 19), 10, 0); n != 1 {
		t.Fatalf("the sweep took %d actions the day after the appeal period", n)
	}
	s := oe.state(t, c.ID)
	if s.Stage != "order_in_force" || s.due(fitness.DeadlinePSAWindow) != "2026-06-27" || s.due(fitness.DeadlineOrderExpires) != "2026-11-19" {
		t.Fatalf("in force: %s, clocks %+v", s.Stage, s.Deadlines)
	}
	if status, ann := oe.registrant(t, s); status != "suspended" || ann != suspensionLine {
		t.Fatalf("register: %s %q", status, ann)
	}
	return c
}

const suspensionLine = "Suspension order from 19 May 2026 to 19 November 2026"

// refer records, on day, a PSA referral lodged that day.
func (oe *orderEnv) refer(t *testing.T, id string, day time.Time) response {
	t.Helper()
	oe.clock.at(day)
	return oe.post(t, oe.reg, id, "/appeals", map[string]any{"appellant": "psa", "lodged_on": day.Format(time.DateOnly),
		"court": "High Court"})
}

// TestScenarioPSAReferralQuashes is issue 3 through the JSON API: the PSA
// refers a suspension order 40 days after the decision, when it has
// already taken effect; the order stays in force while the court decides;
// the court quashes it, and it leaves the register, the case saying why.
func TestScenarioPSAReferralQuashes(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.suspendedInForce(t, "PA730001")
		oe.refer(t, c.ID, date(2026, 5, 30)).want(t, http.StatusCreated)
		s := oe.state(t, c.ID)
		if s.Stage != "appeal" || s.due(fitness.DeadlinePSAWindow) != "" || s.due(fitness.DeadlineOrderExpires) != "2026-11-19" {
			t.Errorf("referred: %s, clocks %+v", s.Stage, s.Deadlines)
		}
		if status, ann := oe.registrant(t, s); status != "suspended" || ann != suspensionLine {
			t.Errorf("register during the referral: %s %q", status, ann)
		}
		if got := lastWords(t, oe.reg, c.ID, 1); !strings.HasPrefix(got[0], "Appeal lodged: moved from Order in force to Appeal") {
			t.Errorf("event %q", got)
		}
		oe.clock.at(date(2026, 8, 4))
		oe.post(t, oe.reg, c.ID, "/appeals/decision", map[string]any{"outcome": "quashed", "decided_on": "2026-08-03",
			"reasons": "The panel misdirected itself on the facts"}).want(t, http.StatusOK)
		s = oe.state(t, c.ID)
		if status, ann := oe.registrant(t, s); s.Stage != "closed_appeal_allowed" || status != "registered" || ann != "" {
			t.Errorf("quashed: %s; register %s %q", s.Stage, status, ann)
		}
		if os := oe.orders(t, c.ID); len(os) != 1 || os[0].Status != "quashed" {
			t.Errorf("orders %+v", os)
		}
		evs := events(t, oe.reg, c.ID)
		last := evs[len(evs)-1]
		if last.Type != fitness.EventOrderQuashed || !strings.Contains(last.Reason, "The court quashed the decision on 3 August 2026: The panel misdirected") ||
			!strings.Contains(last.Reason, "Quashed and removed from the register: suspension order.") {
			t.Errorf("last event %+v", last)
		}
	})
}

// TestScenarioPSAReferralRefused: a referral the day after the PSA's
// period, and a registrant's appeal once the order is in force, are
// refused, saying why; nothing changes.
func TestScenarioPSAReferralRefused(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.suspendedInForce(t, "PA730002")
		wantProblem(t, oe.refer(t, c.ID, date(2026, 6, 28)), "lodged_on",
			"The PSA referral period ended on 27 June 2026: a referral lodged after that cannot be recorded")
		oe.clock.at(date(2026, 5, 20))
		wantProblem(t, oe.post(t, oe.reg, c.ID, "/appeals", map[string]any{"appellant": "registrant", "lodged_on": "2026-05-15"}),
			"appellant", "The registrant's appeal period has ended and the order is in force: only a PSA referral (section 29) can be recorded now, until 27 June 2026")
		s := oe.state(t, c.ID)
		if status, ann := oe.registrant(t, s); s.Stage != "order_in_force" || s.due(fitness.DeadlinePSAWindow) != "2026-06-27" ||
			status != "suspended" || ann != suspensionLine {
			t.Errorf("after the refusals: %s, %+v; register %s %q", s.Stage, s.Deadlines, status, ann)
		}
		var appeals struct{ Items []any }
		oe.reg.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/appeals", nil).want(t, http.StatusOK).decode(t, &appeals)
		if len(appeals.Items) != 0 {
			t.Errorf("appeals %+v", appeals.Items)
		}
	})
}

// TestScenarioPSAPeriodEnds: with no referral, the sweep the day after
// the PSA's period records, once, that it ended; no PSA clock is left.
func TestScenarioPSAPeriodEnds(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.suspendedInForce(t, "PA730003")
		if n := oe.sweepAt(t, date(2026, 6, 27), 23, 59); n != 0 {
			t.Errorf("the sweep took %d actions on the PSA's last day", n)
		}
		if n := oe.sweepAt(t, date(2026, 6, 28), 0, 30); n != 1 {
			t.Errorf("the sweep took %d actions the day after", n)
		}
		if n := oe.sweepAt(t, date(2026, 6, 29), 0, 30); n != 0 {
			t.Errorf("the sweep took %d actions again", n)
		}
		s := oe.state(t, c.ID)
		if s.Stage != "order_in_force" || s.due(fitness.DeadlinePSAWindow) != "" || s.due(fitness.DeadlineOrderExpires) != "2026-11-19" {
			t.Errorf("after the period: %s, clocks %+v", s.Stage, s.Deadlines)
		}
		evs := events(t, oe.reg, c.ID)
		n := 0
		for _, e := range evs {
			if e.Type == string(fitness.ActionPSAPeriodEnded) {
				n++
				if e.Actor.ID != fitness.SystemActor.UserID || e.Description != "PSA referral period ended" {
					t.Errorf("event %+v", e)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d PSA period events", n)
		}
		if status, ann := oe.registrant(t, s); status != "suspended" || ann != suspensionLine {
			t.Errorf("register: %s %q", status, ann)
		}
	})
}

// TestScenarioPSAReferralDismissedOrSubstituted: dismissed, the order
// stays in force as it was, its register line once; substituted, the
// court's striking-off order replaces it on the register.
func TestScenarioPSAReferralDismissedOrSubstituted(t *testing.T) {
	forEachEngineOrders(t, func(t *testing.T, oe *orderEnv) {
		c := oe.suspendedInForce(t, "PA730004")
		oe.refer(t, c.ID, date(2026, 6, 27)).want(t, http.StatusCreated)
		oe.clock.at(date(2026, 8, 4))
		oe.post(t, oe.reg, c.ID, "/appeals/decision", map[string]any{"outcome": "dismissed", "decided_on": "2026-08-03",
			"reasons": "The sanction was within the panel's range"}).want(t, http.StatusOK)
		s := oe.state(t, c.ID)
		if s.Stage != "order_in_force" || s.due(fitness.DeadlineOrderExpires) != "2026-11-19" || s.due(fitness.DeadlineReviewDue) == "" {
			t.Errorf("dismissed: %s, clocks %+v", s.Stage, s.Deadlines)
		}
		if status, ann := oe.registrant(t, s); status != "suspended" || ann != suspensionLine {
			t.Errorf("register after dismissal: %s %q", status, ann)
		}
		if os := oe.orders(t, c.ID); len(os) != 1 || os[0].Status != "in_force" {
			t.Errorf("orders %+v", os)
		}
		if got := lastWords(t, oe.reg, c.ID, 1); !strings.HasPrefix(got[0], "Appeal dismissed: the order stays in force: moved from Appeal to Order in force") {
			t.Errorf("event %q", got)
		}

		oe.clock.at(date(2026, 3, 2))
		d := oe.suspendedInForce(t, "PA730005")
		oe.refer(t, d.ID, date(2026, 6, 1)).want(t, http.StatusCreated)
		oe.clock.at(date(2026, 8, 4))
		oe.post(t, oe.reg, d.ID, "/appeals/decision", map[string]any{"outcome": "substituted", "decided_on": "2026-08-03",
			"reasons": "Only striking off protects the public", "sanction": "striking_off"}).want(t, http.StatusOK)
		s = oe.state(t, d.ID)
		if status, ann := oe.registrant(t, s); s.Stage != "struck_off" || status != "struck_off" || ann != "Striking-off order from 3 August 2026" {
			t.Errorf("substituted: %s; register %s %q", s.Stage, status, ann)
		}
		var kinds []string
		for _, o := range oe.orders(t, d.ID) {
			kinds = append(kinds, o.Kind+":"+o.Status)
		}
		slices.Sort(kinds)
		if !slices.Equal(kinds, []string{"striking_off:in_force", "suspension:replaced"}) {
			t.Errorf("orders %v", kinds)
		}
	})
}
