package api_test

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// requestBody is an InformationRequest as clients read it.
type requestBody struct {
	ID          string         `json:"id"`
	Kind        string         `json:"kind"`
	DueOn       string         `json:"due_on"`
	Status      string         `json:"status"`
	ShownStatus string         `json:"shown_status"`
	StatusLabel string         `json:"status_label"`
	Compulsory  bool           `json:"compulsory"`
	Responses   []responseBody `json:"responses"`
}

// responseBody is a Response as clients read it.
type responseBody struct {
	ID        string `json:"id"`
	Summary   string `json:"summary"`
	Documents []struct {
		ID             string `json:"id"`
		Filename       string `json:"filename"`
		ContentType    string `json:"content_type"`
		Classification string `json:"classification"`
	} `json:"documents"`
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestInformationRequests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, registrar := e.mustUser(t, "Rae Registrar", fitness.RoleRegistrar)
		c := mustCase(t, e, cm, "PA600001")
		base := "/api/v1/cases/" + c.ID + "/requests"

		// The invitation is due after the rules' 28 days.
		var invite requestBody
		res := cm.do(http.MethodPost, base, map[string]any{"kind": "registrant_invitation", "recipient_name": "Jordan Example"}).
			want(t, http.StatusCreated)
		res.decode(t, &invite)
		if invite.DueOn != "2026-03-30" || invite.Status != "open" || invite.Compulsory ||
			res.Header.Get("Location") != base+"/"+invite.ID {
			t.Errorf("invitation %+v, Location %s", invite, res.Header.Get("Location"))
		}
		p := cm.do(http.MethodPost, base, map[string]any{"kind": "gossip"}).want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"kind", "recipient_name"}, p.fields()); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
		p = cm.do(http.MethodPost, base, map[string]any{"kind": "registrant_invitation", "recipient_name": "Jordan",
			"due_on": "2026-03-29"}).want(t, http.StatusUnprocessableEntity).problem(t)
		if len(p.Errors) != 1 || p.Errors[0].Field != "due_on" || !strings.Contains(p.Errors[0].Detail, "at least 28 days") {
			t.Errorf("short invitation: %+v", p)
		}
		registrar.do(http.MethodPost, base, map[string]any{"kind": "other", "recipient_name": "X", "details": "Y"}).
			want(t, http.StatusForbidden)

		var demand requestBody
		cm.do(http.MethodPost, base, map[string]any{"kind": "art25_demand", "recipient_name": "HR team",
			"recipient_organisation": "Northbridge Trust", "details": "Rotas", "due_on": "2026-03-20"}).
			want(t, http.StatusCreated).decode(t, &demand)
		var list struct {
			Items []requestBody `json:"items"`
		}
		cm.do(http.MethodGet, base, nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != demand.ID || !list.Items[0].Compulsory {
			t.Errorf("list %+v", list.Items)
		}

		// A response with an official and an official-sensitive document.
		respPath := base + "/" + demand.ID + "/responses"
		p = cm.do(http.MethodPost, respPath, map[string]any{"received_on": "2026-03-02", "summary": "Rotas",
			"documents": []map[string]any{
				{"filename": "rota.exe", "content_base64": b64("MZ\x90\x00"), "classification": "official"},
				{"filename": "b.pdf", "content_base64": "%%%", "classification": "official"},
			}}).want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"documents[1].content_base64"}, p.fields()); diff != "" {
			t.Errorf("undecodable base64 (-want +got):\n%s", diff)
		}
		p = cm.do(http.MethodPost, respPath, map[string]any{"received_on": "2026-03-02", "summary": "Rotas",
			"documents": []map[string]any{{"filename": "rota.exe", "content_base64": b64("MZ\x90\x00"), "classification": "secret"}}}).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"documents[0].classification", "documents[0].content_base64"}, p.fields()); diff != "" {
			t.Errorf("bad document (-want +got):\n%s", diff)
		}
		var resp responseBody
		cm.do(http.MethodPost, respPath, map[string]any{"received_on": "2026-03-02", "summary": "Rotas for June",
			"documents": []map[string]any{
				{"filename": "rota.txt", "content_base64": b64("Rota\n"), "classification": "official"},
				{"filename": "health.pdf", "content_base64": b64("%PDF-1.7 x"), "classification": "official_sensitive"},
			}}, "Idempotency-Key", "resp-1").want(t, http.StatusCreated).decode(t, &resp)
		if len(resp.Documents) != 2 || resp.Documents[1].ContentType != "application/pdf" {
			t.Errorf("response %+v", resp)
		}
		// A retry with the same key replays; nothing more is stored.
		cm.do(http.MethodPost, respPath, map[string]any{"received_on": "2026-03-02", "summary": "Rotas for June",
			"documents": []map[string]any{
				{"filename": "rota.txt", "content_base64": b64("Rota\n"), "classification": "official"},
				{"filename": "health.pdf", "content_base64": b64("%PDF-1.7 x"), "classification": "official_sensitive"},
			}}, "Idempotency-Key", "resp-1").want(t, http.StatusCreated)

		var got requestBody
		cm.do(http.MethodGet, base+"/"+demand.ID, nil).want(t, http.StatusOK).decode(t, &got)
		if got.Status != "answered" || len(got.Responses) != 1 || len(got.Responses[0].Documents) != 2 {
			t.Errorf("case manager sees %+v", got)
		}
		registrar.do(http.MethodGet, base+"/"+demand.ID, nil).want(t, http.StatusOK).decode(t, &got)
		if len(got.Responses[0].Documents) != 1 || got.Responses[0].Documents[0].Filename != "rota.txt" {
			t.Errorf("registrar sees %+v", got.Responses[0].Documents)
		}
		evs := events(t, cm, c.ID)
		i := slices.IndexFunc(evs, func(e eventBody) bool { return e.Type == fitness.EventResponseRecorded })
		if i < 0 || evs[i].Description != "Response recorded: article 25 demand for information, from HR team, Northbridge Trust, with 2 documents" {
			t.Errorf("events %+v", evs)
		}
	})
}
