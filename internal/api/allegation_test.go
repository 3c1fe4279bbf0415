package api_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// allegationBody is an Allegation as clients read it.
type allegationBody struct {
	Version     int `json:"version"`
	Particulars []struct {
		Number         int      `json:"number"`
		Text           string   `json:"text"`
		Subparticulars []string `json:"subparticulars"`
	} `json:"particulars"`
	Grounds      []string `json:"grounds"`
	GroundsLabel string   `json:"grounds_label"`
	Reason       string   `json:"reason"`
}

func allegationRequest() map[string]any {
	return map[string]any{
		"stem": "As a registered Paramedic, whilst employed by Northbridge Trust, you:",
		"particulars": []map[string]any{
			{"text": "Did not complete patient records on 3 June 2025."},
			{"text": "Left the station without handover, namely:", "subparticulars": []string{"on 4 June 2025;", "on 5 June 2025."}},
		},
		"grounds":    []string{"misconduct"},
		"impairment": "By reason of your misconduct, your fitness to practise is impaired.",
	}
}

func TestAllegationVersions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, registrar := e.mustUser(t, "Rae Registrar", fitness.RoleRegistrar)
		c := mustCase(t, e, cm, "PA700001")
		path := "/api/v1/cases/" + c.ID + "/allegation"
		cm.do(http.MethodGet, path, nil).want(t, http.StatusNotFound)
		var list struct {
			Items []allegationBody `json:"items"`
		}
		cm.do(http.MethodGet, path+"/versions", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("versions before a draft: %+v", list)
		}

		cm.do(http.MethodPut, path, allegationRequest()).want(t, http.StatusPreconditionRequired)
		_, tag := getCase(t, cm, c.ID)
		registrar.do(http.MethodPut, path, allegationRequest(), "If-Match", tag).want(t, http.StatusForbidden)
		var v1 allegationBody
		res := cm.do(http.MethodPut, path, allegationRequest(), "If-Match", tag).want(t, http.StatusOK)
		res.decode(t, &v1)
		if v1.Version != 1 || len(v1.Particulars) != 2 || v1.Particulars[1].Number != 2 ||
			len(v1.Particulars[1].Subparticulars) != 2 || res.Header.Get("ETag") != `"v2"` {
			t.Errorf("v1 %+v, ETag %s", v1, res.Header.Get("ETag"))
		}
		// The same ETag again is stale: the draft moved the case on.
		cm.do(http.MethodPut, path, allegationRequest(), "If-Match", tag).want(t, http.StatusPreconditionFailed)
		tag = res.Header.Get("ETag")

		amended := allegationRequest()
		amended["grounds"] = []string{"misconduct", "lack_of_competence"}
		p := cm.do(http.MethodPut, path, amended, "If-Match", tag).want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"reason"}, p.fields()); diff != "" {
			t.Errorf("amendment without a reason (-want +got):\n%s", diff)
		}
		bad := allegationRequest()
		bad["particulars"] = []map[string]any{{"text": ""}, {"text": "", "subparticulars": []string{"orphan"}}}
		bad["reason"] = "x"
		p = cm.do(http.MethodPut, path, bad, "If-Match", tag).want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"particulars[1]"}, p.fields()); diff != "" {
			t.Errorf("bad particulars (-want +got):\n%s", diff)
		}
		amended["reason"] = "The employer's report shows a pattern"
		var v2 allegationBody
		cm.do(http.MethodPut, path, amended, "If-Match", tag).want(t, http.StatusOK).decode(t, &v2)
		if v2.Version != 2 || v2.GroundsLabel != "Misconduct and Lack of competence" {
			t.Errorf("v2 %+v", v2)
		}
		cm.do(http.MethodGet, path+"/versions", nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 2 || list.Items[0].Version != 1 || list.Items[1].Reason != amended["reason"] {
			t.Errorf("versions %+v", list.Items)
		}
		var cur allegationBody
		res = cm.do(http.MethodGet, path, nil).want(t, http.StatusOK)
		res.decode(t, &cur)
		if cur.Version != 2 || res.Header.Get("ETag") != `"v3"` {
			t.Errorf("current %+v, ETag %s", cur, res.Header.Get("ETag"))
		}
	})
}
