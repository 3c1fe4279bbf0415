package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"fitness/internal/fitness"
)

// referralBody is a Referral as clients read it.
type referralBody struct {
	ID            string  `json:"id"`
	Direction     string  `json:"direction"`
	CaseID        *string `json:"case_id"`
	CaseReference *string `json:"case_reference"`
	ConcernID     *string `json:"concern_id"`
	Subject       string  `json:"subject"`
	Status        string  `json:"status"`
	Version       int     `json:"version"`
	Body          struct {
		Name string `json:"name"`
	} `json:"body"`
	History []struct {
		Status string `json:"status"`
		Note   string `json:"note"`
	} `json:"history"`
}

// safeguardingBody is a Safeguarding as clients read it.
type safeguardingBody struct {
	Marked     bool    `json:"marked"`
	StruckOff  bool    `json:"struck_off"`
	PromptDue  bool    `json:"prompt_due"`
	Barring    *string `json:"barring"`
	ReferralID *string `json:"referral_id"`
}

func TestOtherBodiesAndReferrals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, ho := e.mustUser(t, "Harper Officer", fitness.RoleHearingsOfficer)
		_, panel := e.mustUser(t, "Pip Panel", fitness.RolePanelMember)

		var bodies struct {
			Bodies []struct {
				ID, Name, Kind string
				Source         string `json:"source_category"`
			} `json:"bodies"`
		}
		cm.do(http.MethodGet, "/api/v1/other-bodies", nil).want(t, http.StatusOK).decode(t, &bodies)
		if len(bodies.Bodies) != 6 || bodies.Bodies[5].Name != "Ofsted" || bodies.Bodies[0].Source != "police" {
			t.Fatalf("bodies %+v", bodies)
		}
		panel.do(http.MethodGet, "/api/v1/other-bodies", nil).want(t, http.StatusForbidden)
		cm.do(http.MethodGet, "/api/v1/other-bodies/"+fitness.BodyIDOfsted, nil).want(t, http.StatusOK)
		cm.do(http.MethodGet, "/api/v1/other-bodies/nope", nil).want(t, http.StatusNotFound)

		p := cm.do(http.MethodPost, "/api/v1/other-bodies", map[string]any{"name": "Ofsted", "kind": "inspectorate",
			"source_category": "own_motion"}).want(t, http.StatusUnprocessableEntity).problem(t)
		if f := strings.Join(p.fields(), ","); f != "name,source_category" {
			t.Errorf("body fields %s: %+v", f, p)
		}
		res := cm.do(http.MethodPost, "/api/v1/other-bodies", map[string]any{"name": "Northmoor Constabulary",
			"kind": "police", "source_category": "police"}, "Idempotency-Key", "body-1").want(t, http.StatusCreated)
		if !strings.HasPrefix(res.Header.Get("Location"), "/api/v1/other-bodies/") {
			t.Errorf("Location %s", res.Header.Get("Location"))
		}
		ho.do(http.MethodPost, "/api/v1/other-bodies", map[string]any{"name": "X", "kind": "police",
			"source_category": "police"}).want(t, http.StatusForbidden)

		// Inbound from an inspectorate: a concern and a case, counted
		// under the body's source category.
		r := e.mustRegistrant(t, "PA700001", "Alex", "Thornbury")
		in := map[string]any{"direction": "in", "body_id": fitness.BodyIDCareQualityCommission, "registrant_id": r.ID,
			"referred_on": "2026-02-27", "reason": "Medicines records altered.", "their_reference": "CQC-INS-88120"}
		p = cm.do(http.MethodPost, "/api/v1/referrals", map[string]any{"direction": "in", "body_id": "nope",
			"referred_on": "2026-03-03"}).want(t, http.StatusUnprocessableEntity).problem(t)
		if f := strings.Join(p.fields(), ","); f != "body_id,reason,referred_on,subject_name" {
			t.Errorf("referral fields %s", f)
		}
		var got referralBody
		res = cm.do(http.MethodPost, "/api/v1/referrals", in).want(t, http.StatusCreated)
		res.decode(t, &got)
		if got.Direction != "in" || got.CaseID == nil || got.ConcernID == nil || got.Subject != "Alex Thornbury" ||
			res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("inbound %+v", got)
		}
		var c struct {
			Source string `json:"source"`
		}
		cm.do(http.MethodGet, "/api/v1/cases/"+*got.CaseID, nil).want(t, http.StatusOK).decode(t, &c)
		if c.Source != "other" {
			t.Errorf("case source %q, want other", c.Source)
		}

		// Outbound about that case, then acknowledged and closed.
		var out referralBody
		cm.do(http.MethodPost, "/api/v1/referrals", map[string]any{"direction": "out", "body_id": fitness.BodyIDOfsted,
			"case_id": *got.CaseID, "referred_on": "2026-03-01", "reason": "Children's home staff."}).
			want(t, http.StatusCreated).decode(t, &out)
		if evs := events(t, cm, *got.CaseID); evs[len(evs)-1].Type != "referral_made" {
			t.Errorf("events %+v", evs)
		}
		path := "/api/v1/referrals/" + out.ID + "/updates"
		ack := map[string]any{"status": "acknowledged", "acknowledged_on": "2026-03-02", "their_reference": "OF-1"}
		cm.do(http.MethodPost, path, ack).want(t, http.StatusPreconditionRequired)
		cm.do(http.MethodPost, path, ack, "If-Match", `"v2"`).want(t, http.StatusPreconditionFailed)
		cm.do(http.MethodPost, path, ack, "If-Match", `"v1"`).want(t, http.StatusOK).decode(t, &out)
		closed := map[string]any{"status": "closed", "note": "Inspected; nothing for us."}
		cm.do(http.MethodPost, path, closed, "If-Match", `"v2"`).want(t, http.StatusOK)
		cm.do(http.MethodPost, path, closed, "If-Match", `"v3"`).want(t, http.StatusConflict)
		res = cm.do(http.MethodGet, "/api/v1/referrals/"+out.ID, nil).want(t, http.StatusOK)
		res.decode(t, &out)
		if out.Status != "closed" || len(out.History) != 3 || res.Header.Get("ETag") != `"v3"` {
			t.Errorf("closed referral %+v", out)
		}

		var list struct {
			Referrals []referralBody `json:"referrals"`
		}
		cm.do(http.MethodGet, "/api/v1/referrals?direction=in", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Referrals) != 1 || list.Referrals[0].ID != got.ID {
			t.Errorf("inbound list %+v", list)
		}
		cm.do(http.MethodGet, "/api/v1/referrals?direction=sideways", nil).want(t, http.StatusUnprocessableEntity)
		cm.do(http.MethodGet, "/api/v1/referrals?case_id="+*got.CaseID, nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Referrals) != 2 || list.Referrals[0].ID != out.ID || list.Referrals[1].ID != got.ID {
			t.Errorf("case list (latest first) %+v", list)
		}
	})
}

func TestBarringPromptAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, tl := e.mustUser(t, "Terry Leader", fitness.RoleTeamLeader)
		created := mustCase(t, e, cm, "PA700002")
		path := "/api/v1/cases/" + created.ID + "/safeguarding"

		var sg safeguardingBody
		cm.do(http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &sg)
		if sg.Marked || sg.PromptDue || sg.Barring != nil {
			t.Errorf("unmarked %+v", sg)
		}
		cm.do(http.MethodPost, path, map[string]any{"reason": ""}, "If-Match", `"v1"`).want(t, http.StatusUnprocessableEntity)
		res := cm.do(http.MethodPost, path, map[string]any{"reason": "Harm to children."}, "If-Match", `"v1"`).
			want(t, http.StatusCreated)
		if res.Header.Get("ETag") != `"v2"` {
			t.Errorf("ETag %s", res.Header.Get("ETag"))
		}
		made := map[string]any{"outcome": "made", "referred_on": "2026-03-02", "reason": "Struck off: harm to children."}
		cm.do(http.MethodPost, path+"/barring", made, "If-Match", `"v2"`).want(t, http.StatusConflict)

		// The striking-off takes effect (moved directly: the whole route
		// to a final hearing is not what this test is about).
		if _, err := e.db.Writer().ExecContext(context.Background(), `UPDATE cases SET stage = 'struck_off'
			WHERE id = $1`, created.ID); err != nil {
			t.Fatal(err)
		}
		cm.do(http.MethodGet, path, nil).want(t, http.StatusOK).decode(t, &sg)
		if !sg.StruckOff || !sg.PromptDue {
			t.Errorf("struck off %+v", sg)
		}
		var prompts struct {
			Prompts []struct {
				CaseID string `json:"case_id"`
			} `json:"prompts"`
		}
		cm.do(http.MethodGet, "/api/v1/barring-prompts", nil).want(t, http.StatusForbidden)
		tl.do(http.MethodGet, "/api/v1/barring-prompts", nil).want(t, http.StatusOK).decode(t, &prompts)
		if len(prompts.Prompts) != 1 || prompts.Prompts[0].CaseID != created.ID {
			t.Errorf("prompts %+v", prompts)
		}
		p := cm.do(http.MethodPost, path+"/barring", map[string]any{"outcome": "maybe", "reason": ""}, "If-Match", `"v2"`).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if !slices.Contains(p.fields(), "outcome") {
			t.Errorf("fields %v", p.fields())
		}
		res = cm.do(http.MethodPost, path+"/barring", made, "If-Match", `"v2"`).want(t, http.StatusOK)
		res.decode(t, &sg)
		if sg.PromptDue || sg.Barring == nil || *sg.Barring != "made" || sg.ReferralID == nil || res.Header.Get("ETag") != `"v4"` {
			t.Errorf("decided %+v, ETag %s", sg, res.Header.Get("ETag"))
		}
		var ref referralBody
		cm.do(http.MethodGet, "/api/v1/referrals/"+*sg.ReferralID, nil).want(t, http.StatusOK).decode(t, &ref)
		if ref.Body.Name != "Disclosure and Barring Service" || ref.Direction != "out" {
			t.Errorf("barring referral %+v", ref)
		}
		tl.do(http.MethodGet, "/api/v1/barring-prompts", nil).want(t, http.StatusOK).decode(t, &prompts)
		if len(prompts.Prompts) != 0 {
			t.Errorf("prompts after decision %+v", prompts)
		}
	})
}
