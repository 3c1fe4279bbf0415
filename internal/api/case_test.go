package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// mustCase records a concern about one new registrant and returns its case.
func mustCase(t *testing.T, e *env, c *client, number string) caseBody {
	t.Helper()
	r := e.mustRegistrant(t, number, "Jordan", "Example-"+number)
	var got concernBody
	c.do(http.MethodPost, "/api/v1/concerns", concernAbout(r.ID)).want(t, http.StatusCreated).decode(t, &got)
	return got.Cases[0]
}

// getCase reads a case and its ETag.
func getCase(t *testing.T, c *client, idOrRef string) (caseBody, string) {
	t.Helper()
	res := c.do(http.MethodGet, "/api/v1/cases/"+idOrRef, nil).want(t, http.StatusOK)
	var got caseBody
	res.decode(t, &got)
	return got, res.Header.Get("ETag")
}

// eventBody is an Event as clients read it.
type eventBody struct {
	Seq         int     `json:"seq"`
	Type        string  `json:"type"`
	Description string  `json:"description"`
	FromStage   *string `json:"from_stage"`
	ToStage     *string `json:"to_stage"`
	Reason      string  `json:"reason"`
	Actor       struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"actor"`
}

// events reads the events of a case.
func events(t *testing.T, c *client, id string) []eventBody {
	t.Helper()
	var got struct {
		Items []eventBody `json:"items"`
	}
	c.do(http.MethodGet, "/api/v1/cases/"+id+"/events", nil).want(t, http.StatusOK).decode(t, &got)
	return got.Items
}

func TestCaseShowsAvailableActions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		created := mustCase(t, e, cm, "PA500001")
		got, tag := getCase(t, cm, created.ID)
		if tag != `"v1"` {
			t.Errorf("ETag %s, want \"v1\"", tag)
		}
		byRef, _ := getCase(t, cm, created.Reference)
		if byRef.ID != created.ID {
			t.Errorf("by reference: %s, want %s", byRef.ID, created.ID)
		}
		i := slices.IndexFunc(got.AvailableActions, func(a actionBody) bool {
			return a.Name == "start_triage"
		})
		if i < 0 {
			t.Fatalf("start_triage not available: %+v", got.AvailableActions)
		}
		triage := got.AvailableActions[i]
		if triage.Label != "Start triage" || *triage.ToStage != "triage" || *triage.ToStageLabel != "Triage" {
			t.Errorf("start_triage = %+v", triage)
		}
		if len(triage.Inputs) != 1 || triage.Inputs[0].Name != "note" || triage.Inputs[0].Kind != "textarea" ||
			triage.Inputs[0].Required {
			t.Errorf("start_triage inputs = %+v", triage.Inputs)
		}
		var risk []string
		for _, a := range got.AvailableActions {
			if a.Name != "record_risk_assessment" {
				continue
			}
			if a.ToStage != nil {
				t.Errorf("risk assessment moves the case to %s", *a.ToStage)
			}
			for _, in := range a.Inputs {
				risk = append(risk, in.Name+":"+in.Kind)
				if in.Name == "risk" && (len(in.Options) != 3 || !in.Required) {
					t.Errorf("risk input = %+v", in)
				}
			}
		}
		if diff := cmp.Diff([]string{"risk:choice", "interim_order_needed:bool", "reason:textarea"}, risk); diff != "" {
			t.Errorf("risk assessment inputs (-want +got):\n%s", diff)
		}
		cm.do(http.MethodGet, "/api/v1/cases/FTP-2026-99999", nil).want(t, http.StatusNotFound).problem(t)
	})
}

func TestApplyAction(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		c := mustCase(t, e, cm, "PA600001")
		path := "/api/v1/cases/" + c.ID + "/actions"
		triage := map[string]any{"action": "start_triage", "input": map[string]string{"note": "Acknowledged by email."}}

		t.Run("If-Match is required", func(t *testing.T) {
			p := cm.do(http.MethodPost, path, triage).want(t, http.StatusPreconditionRequired).problem(t)
			if p.Type != "tag:fitness,2026:problem/precondition-required" {
				t.Errorf("type %s", p.Type)
			}
			cm.do(http.MethodPost, path, triage, "If-Match", "*").want(t, http.StatusPreconditionRequired)
		})

		res := cm.do(http.MethodPost, path, triage, "If-Match", `"v1"`).want(t, http.StatusOK)
		var after caseBody
		res.decode(t, &after)
		if res.Header.Get("ETag") != `"v2"` || after.Version != 2 || after.Stage != "triage" {
			t.Fatalf("after start_triage: ETag %s, version %d, stage %s", res.Header.Get("ETag"), after.Version, after.Stage)
		}
		if slices.ContainsFunc(after.AvailableActions, func(a actionBody) bool {
			return a.Name == "start_triage"
		}) {
			t.Errorf("start_triage still offered after triage started")
		}

		t.Run("stale If-Match changes nothing", func(t *testing.T) {
			investigate := map[string]any{"action": "start_investigation"}
			p := cm.do(http.MethodPost, path, investigate, "If-Match", `"v1"`).
				want(t, http.StatusPreconditionFailed).problem(t)
			if p.Type != "tag:fitness,2026:problem/stale-version" || p.Detail == "" {
				t.Errorf("problem %+v", p)
			}
			now, tag := getCase(t, cm, c.ID)
			if tag != `"v2"` || now.Stage != "triage" || len(events(t, cm, c.ID)) != 2 {
				t.Errorf("after a stale write: ETag %s, stage %s", tag, now.Stage)
			}
		})

		t.Run("bad requests", func(t *testing.T) {
			tests := []struct {
				name   string
				body   any
				status int
				fields []string
			}{
				{"no action", map[string]any{}, 422, []string{"action"}},
				{"unknown action", map[string]any{"action": "fly_to_the_moon"}, 422, []string{"action"}},
				{"unknown input", map[string]any{"action": "record_risk_assessment",
					"input": map[string]any{"risk": "low", "interim_order_needed": "no", "reason": "r", "colour": "red"}},
					422, []string{"input.colour"}},
				{"missing inputs", map[string]any{"action": "record_risk_assessment", "input": map[string]any{}},
					422, []string{"input.interim_order_needed", "input.reason", "input.risk"}},
				{"bad choice", map[string]any{"action": "record_risk_assessment",
					"input": map[string]any{"risk": "extreme", "interim_order_needed": "no"}, "reason": "Low contact."},
					422, []string{"input.risk"}},
				{"reason for an action without one", map[string]any{"action": "add_note",
					"input": map[string]any{"note": "n"}, "reason": "because"}, 422, []string{"reason"}},
				{"input not a string", map[string]any{"action": "add_note", "input": map[string]any{"note": 3}},
					422, []string{"input.note"}},
				{"action the stage does not allow", map[string]any{"action": "start_triage"}, 409, nil},
				{"malformed", `{"action":`, 400, nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					p := cm.do(http.MethodPost, path, tt.body, "If-Match", `"v2"`).want(t, tt.status).problem(t)
					if diff := cmp.Diff(tt.fields, p.fields()); diff != "" {
						t.Errorf("fields (-want +got):\n%s", diff)
					}
				})
			}
			cm.do(http.MethodPost, path, triage, "If-Match", `"v2"`, "Content-Type", "application/xml").
				want(t, http.StatusUnsupportedMediaType)
			if _, tag := getCase(t, cm, c.ID); tag != `"v2"` {
				t.Errorf("ETag %s after refused actions, want \"v2\"", tag)
			}
		})

		t.Run("reason is recorded", func(t *testing.T) {
			body := map[string]any{"action": "record_risk_assessment",
				"input": map[string]any{"risk": "medium", "interim_order_needed": "no"}, "reason": "Works under supervision."}
			cm.do(http.MethodPost, "/api/v1/cases/"+c.Reference+"/actions", body, "If-Match", `"v2"`).
				want(t, http.StatusOK)
			evs := events(t, cm, c.ID)
			if len(evs) != 3 || evs[2].Reason != "Works under supervision." {
				t.Fatalf("events %+v", evs)
			}
		})

		t.Run("events", func(t *testing.T) {
			evs := events(t, cm, c.ID)
			var got []string
			for _, ev := range evs {
				got = append(got, ev.Type+" | "+ev.Description+" | "+ev.Actor.Name)
			}
			want := []string{
				"case_opened | Case opened in Received | Casey Manager",
				"start_triage | Triage started: moved from Received to Triage | Casey Manager",
				"record_risk_assessment | Risk assessed (Risk level: Medium; Should we seek an interim order?: No) | Casey Manager",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if evs[0].Seq != 1 || evs[1].Seq != 2 || *evs[1].FromStage != "received" || *evs[1].ToStage != "triage" {
				t.Errorf("events %+v", evs[:2])
			}
		})
	})
}

func TestCaseAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, panel := e.mustUser(t, "Pat Panel", fitness.RolePanelMember)
		_, admin := e.mustUser(t, "Alex Admin", fitness.RoleAdmin)
		_, registrar := e.mustUser(t, "Robin Registrar", fitness.RoleRegistrar)
		c := mustCase(t, e, cm, "PA700001")
		path := "/api/v1/cases/" + c.ID
		triage := map[string]any{"action": "start_triage"}

		// Not allowed looks like not found.
		for _, who := range []*client{panel, admin} {
			pa := who.do(http.MethodGet, path, nil).want(t, http.StatusNotFound).problem(t)
			pb := who.do(http.MethodGet, "/api/v1/cases/no-such-case", nil).want(t, http.StatusNotFound).problem(t)
			if pa.Title != pb.Title {
				t.Errorf("hidden %q and missing %q differ", pa.Title, pb.Title)
			}
			who.do(http.MethodGet, path+"/events", nil).want(t, http.StatusNotFound)
			who.do(http.MethodPost, path+"/actions", triage, "If-Match", `"v1"`).want(t, http.StatusNotFound)
		}
		admin.do(http.MethodGet, "/api/v1/cases", nil).want(t, http.StatusForbidden).problem(t)
		admin.do(http.MethodPost, "/api/v1/concerns", concernAbout()).want(t, http.StatusForbidden)
		if n := caseCount(t, panel); n != 0 {
			t.Errorf("panel member lists %d cases, want 0", n)
		}

		// The registrar sees the case, but start_triage is not theirs.
		got, _ := getCase(t, registrar, c.ID)
		for _, a := range got.AvailableActions {
			if a.Name == "start_triage" {
				t.Errorf("start_triage offered to the registrar")
			}
		}
		registrar.do(http.MethodPost, path+"/actions", triage, "If-Match", `"v1"`).
			want(t, http.StatusForbidden).problem(t)
		if _, tag := getCase(t, cm, c.ID); tag != `"v1"` {
			t.Errorf("ETag %s after refused actions, want \"v1\"", tag)
		}
	})
}

func TestListCases(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		me, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		var ids []string
		for _, n := range []string{"PA800001", "PA800002", "PA800003"} {
			ids = append(ids, mustCase(t, e, cm, n).ID)
		}
		cm.do(http.MethodPost, "/api/v1/cases/"+ids[0]+"/actions",
			map[string]any{"action": "allocate", "input": map[string]any{"case_manager": me.ID}}, "If-Match", `"v1"`).
			want(t, http.StatusOK)
		cm.do(http.MethodPost, "/api/v1/cases/"+ids[1]+"/actions", map[string]any{"action": "start_triage"},
			"If-Match", `"v1"`).want(t, http.StatusOK)

		type page struct {
			Items []struct {
				ID              string  `json:"id"`
				Stage           string  `json:"stage"`
				CaseManagerName string  `json:"case_manager_name"`
				RegistrantName  string  `json:"registrant_name"`
				Open            bool    `json:"open"`
				NextDue         *string `json:"next_due"`
			} `json:"items"`
			Next *string `json:"next"`
		}
		list := func(query string) page {
			t.Helper()
			var p page
			cm.do(http.MethodGet, "/api/v1/cases"+query, nil).want(t, http.StatusOK).decode(t, &p)
			return p
		}

		first := list("?limit=2")
		if len(first.Items) != 2 || first.Next == nil {
			t.Fatalf("first page: %d items, next %v", len(first.Items), first.Next)
		}
		second := list("?limit=2&cursor=" + *first.Next)
		if len(second.Items) != 1 || second.Next != nil {
			t.Fatalf("second page: %d items, next %v", len(second.Items), second.Next)
		}
		var seen []string
		for _, it := range append(first.Items, second.Items...) {
			seen = append(seen, it.ID)
		}
		slices.Sort(seen)
		want := slices.Clone(ids)
		slices.Sort(want)
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}

		if p := list("?case_manager=me"); len(p.Items) != 1 || p.Items[0].ID != ids[0] ||
			p.Items[0].CaseManagerName != "Casey Manager" {
			t.Errorf("case_manager=me: %+v", p.Items)
		}
		if p := list("?case_manager=" + me.ID + "&open=true"); len(p.Items) != 1 {
			t.Errorf("case_manager=id: %+v", p.Items)
		}
		if p := list("?stage=triage"); len(p.Items) != 1 || p.Items[0].ID != ids[1] {
			t.Errorf("stage=triage: %+v", p.Items)
		}
		if p := list("?open=true"); len(p.Items) != 3 || p.Items[0].RegistrantName == "" {
			t.Errorf("open=true: %+v", p.Items)
		}

		pr := cm.do(http.MethodGet, "/api/v1/cases?stage=limbo&open=maybe&limit=0&cursor=not-a-cursor", nil).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"limit", "open", "stage"}, pr.fields()); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
		pr = cm.do(http.MethodGet, "/api/v1/cases?cursor=not-a-cursor", nil).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"cursor"}, pr.fields()); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
}
