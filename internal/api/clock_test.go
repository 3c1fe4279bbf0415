package api_test

import (
	"net/http"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// clocksBody is CaseClocks as clients read it.
type clocksBody struct {
	SinceReceiptDays int  `json:"since_receipt_days"`
	OnHold           bool `json:"on_hold"`
	Band             struct {
		Number int    `json:"number"`
		Label  string `json:"label"`
	} `json:"band"`
	CaseAge struct {
		Target     string  `json:"target"`
		Breached   bool    `json:"breached"`
		MissedFrom *string `json:"missed_from"`
	} `json:"case_age"`
	Holds []holdBody `json:"holds"`
}

// holdBody is a Hold as clients read it.
type holdBody struct {
	ID      string `json:"id"`
	Reason  string `json:"reason"`
	Active  bool   `json:"active"`
	EndNote string `json:"end_note"`
}

func clocks(t *testing.T, c *client, id string) clocksBody {
	t.Helper()
	var got clocksBody
	c.do(http.MethodGet, "/api/v1/cases/"+id+"/clocks", nil).want(t, http.StatusOK).decode(t, &got)
	return got
}

func TestHoldsAndClocks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, reg := e.mustUser(t, "Rae Registrar", fitness.RoleRegistrar)
		_, panel := e.mustUser(t, "Pip Panel", fitness.RolePanelMember)
		created := mustCase(t, e, cm, "PA600001")
		path := "/api/v1/cases/" + created.ID

		got := clocks(t, cm, created.ID)
		if got.SinceReceiptDays != 3 || got.Band.Number != 1 || got.Band.Label != "Under 3 months" ||
			got.CaseAge.Target != "15 months" || got.CaseAge.MissedFrom == nil || *got.CaseAge.MissedFrom != "2027-05-28" || got.OnHold {
			t.Errorf("clocks %+v", got)
		}

		hold := map[string]any{"reason": "criminal_proceedings", "details": "Trial listed for May."}
		cm.do(http.MethodPost, path+"/holds", hold).want(t, http.StatusPreconditionRequired)
		p := cm.do(http.MethodPost, path+"/holds", map[string]any{}, "If-Match", `"v1"`).want(t, http.StatusUnprocessableEntity).problem(t)
		if f := strings.Join(p.fields(), ","); f != "details,reason" {
			t.Errorf("fields %s", f)
		}
		reg.do(http.MethodPost, path+"/holds", hold, "If-Match", `"v1"`).want(t, http.StatusForbidden)
		panel.do(http.MethodPost, path+"/holds", hold, "If-Match", `"v1"`).want(t, http.StatusNotFound)

		res := cm.do(http.MethodPost, path+"/holds", hold, "If-Match", `"v1"`).want(t, http.StatusCreated)
		var h holdBody
		res.decode(t, &h)
		if res.Header.Get("ETag") != `"v2"` || res.Header.Get("Location") != path+"/clocks" || !h.Active || h.Reason != "criminal_proceedings" {
			t.Errorf("placed: ETag %s, Location %s, hold %+v", res.Header.Get("ETag"), res.Header.Get("Location"), h)
		}
		p = cm.do(http.MethodPost, path+"/holds", hold, "If-Match", `"v2"`).want(t, http.StatusConflict).problem(t)
		if !strings.Contains(p.Detail, "on hold since") {
			t.Errorf("second hold: %s", p.Detail)
		}
		if got := clocks(t, cm, created.ID); !got.OnHold || len(got.Holds) != 1 || got.CaseAge.MissedFrom != nil {
			t.Errorf("clocks on hold %+v", got)
		}

		cm.do(http.MethodPost, path+"/holds/end", map[string]any{}, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		res = cm.do(http.MethodPost, path+"/holds/end", map[string]any{"note": "Trial adjourned."}, "If-Match", `"v2"`).want(t, http.StatusOK)
		res.decode(t, &h)
		if h.Active || h.EndNote != "Trial adjourned." || res.Header.Get("ETag") != `"v3"` {
			t.Errorf("ended: %+v, ETag %s", h, res.Header.Get("ETag"))
		}
		cm.do(http.MethodPost, path+"/holds/end", map[string]any{}, "If-Match", `"v3"`).want(t, http.StatusConflict)
		evs := events(t, cm, created.ID)
		if n := len(evs); n != 3 || evs[1].Type != "hold_placed" || evs[2].Type != "hold_ended" ||
			!strings.HasPrefix(evs[1].Description, "Put on hold: Awaiting a police investigation") {
			t.Errorf("events %+v", evs)
		}
	})
}

// teamBody is a TeamQueue as clients read it.
type teamBody struct {
	Cases    int `json:"cases"`
	Breached int `json:"breached"`
	Bands    []struct {
		Number   int `json:"number"`
		Cases    int `json:"cases"`
		Breached int `json:"breached"`
	} `json:"bands"`
	CaseManagers []struct {
		CaseManagerID *string `json:"case_manager_id"`
		Cases         int     `json:"cases"`
		ByBand        []int   `json:"by_band"`
	} `json:"case_managers"`
	Items []struct {
		Case     caseBody `json:"case"`
		Band     int      `json:"band"`
		Breached bool     `json:"breached"`
	} `json:"items"`
	Next *string `json:"next"`
}

func TestTeamQueueAndReassign(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		second, _ := e.mustUser(t, "Alex Second", fitness.RoleCaseManager)
		_, tl := e.mustUser(t, "Terry Leader", fitness.RoleTeamLeader)
		recent := mustCase(t, e, cm, "PA700001")
		r := e.mustRegistrant(t, "PA700002", "Jordan", "Older")
		body := concernAbout(r.ID)
		body["received_on"] = "2024-10-01" // 17 months: band 4, past the 15-month target
		var con concernBody
		cm.do(http.MethodPost, "/api/v1/concerns", body).want(t, http.StatusCreated).decode(t, &con)
		old := con.Cases[0]

		cm.do(http.MethodGet, "/api/v1/team/queue", nil).want(t, http.StatusForbidden)
		var q teamBody
		tl.do(http.MethodGet, "/api/v1/team/queue", nil).want(t, http.StatusOK).decode(t, &q)
		if q.Cases != 2 || q.Breached != 1 || len(q.Bands) != 6 || q.Bands[0].Cases != 1 || q.Bands[3].Cases != 1 ||
			q.Bands[3].Breached != 1 || len(q.Items) != 2 || q.Items[0].Case.ID != old.ID || !q.Items[0].Breached ||
			q.Items[0].Band != 4 || len(q.CaseManagers) != 1 || q.CaseManagers[0].CaseManagerID != nil {
			t.Errorf("queue %+v", q)
		}
		tl.do(http.MethodGet, "/api/v1/team/queue?breached=true&band=4&limit=1", nil).want(t, http.StatusOK).decode(t, &q)
		if len(q.Items) != 1 || q.Items[0].Case.ID != old.ID || q.Next != nil {
			t.Errorf("filtered %+v", q)
		}
		tl.do(http.MethodGet, "/api/v1/team/queue?limit=1", nil).want(t, http.StatusOK).decode(t, &q)
		if len(q.Items) != 1 || q.Next == nil {
			t.Fatalf("first page %+v", q)
		}
		tl.do(http.MethodGet, "/api/v1/team/queue?limit=1&cursor="+*q.Next, nil).want(t, http.StatusOK).decode(t, &q)
		if len(q.Items) != 1 || q.Items[0].Case.ID != recent.ID {
			t.Errorf("second page %+v", q)
		}
		p := tl.do(http.MethodGet, "/api/v1/team/queue?band=9&breached=maybe&stage=nowhere", nil).want(t, http.StatusUnprocessableEntity).problem(t)
		if f := strings.Join(p.fields(), ","); f != "band,breached,stage" {
			t.Errorf("fields %s", f)
		}

		// A stale version refuses every case, naming it.
		cm.do(http.MethodPost, "/api/v1/cases/"+recent.ID+"/actions",
			map[string]any{"action": "add_note", "input": map[string]string{"note": "Spoke to the employer"}}, "If-Match", `"v1"`).
			want(t, http.StatusOK)
		reassign := map[string]any{"case_manager_id": second.ID, "cases": []map[string]any{
			{"id": old.ID, "version": 1}, {"id": recent.ID, "version": 1}}}
		cm.do(http.MethodPost, "/api/v1/cases/reassign", reassign).want(t, http.StatusForbidden)
		p = tl.do(http.MethodPost, "/api/v1/cases/reassign", reassign).want(t, http.StatusConflict).problem(t)
		if !strings.Contains(p.Detail, recent.Reference) || strings.Contains(p.Detail, old.Reference) {
			t.Errorf("stale: %s", p.Detail)
		}
		p = tl.do(http.MethodPost, "/api/v1/cases/reassign", map[string]any{"cases": []any{}, "case_manager_id": ""}).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if f := strings.Join(p.fields(), ","); f != "case_manager_id,cases" {
			t.Errorf("fields %s", f)
		}
		reassign["cases"] = []map[string]any{{"id": old.ID, "version": 1}, {"id": recent.ID, "version": 2}}
		tl.do(http.MethodPost, "/api/v1/cases/reassign", reassign).want(t, http.StatusNoContent)
		tl.do(http.MethodGet, "/api/v1/team/queue?case_manager="+second.ID, nil).want(t, http.StatusOK).decode(t, &q)
		if len(q.Items) != 2 || len(q.CaseManagers) != 1 || *q.CaseManagers[0].CaseManagerID != second.ID || q.CaseManagers[0].Cases != 2 {
			t.Errorf("after reassigning %+v", q)
		}
		if evs := events(t, tl, old.ID); evs[len(evs)-1].Type != "allocate" {
			t.Errorf("no allocation event: %+v", evs)
		}
	})
}
