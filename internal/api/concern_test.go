package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// caseBody is a Case as clients read it.
type caseBody struct {
	ID               string       `json:"id"`
	Reference        string       `json:"reference"`
	RegistrantID     *string      `json:"registrant_id"`
	SubjectName      string       `json:"subject_name"`
	Stage            string       `json:"stage"`
	StageLabel       string       `json:"stage_label"`
	Version          int          `json:"version"`
	Open             bool         `json:"open"`
	LinkedCaseIDs    []string     `json:"linked_case_ids"`
	AvailableActions []actionBody `json:"available_actions"`
}

// actionBody is an available action as clients read it.
type actionBody struct {
	Name         string      `json:"name"`
	Label        string      `json:"label"`
	ToStage      *string     `json:"to_stage"`
	ToStageLabel *string     `json:"to_stage_label"`
	Inputs       []inputBody `json:"inputs"`
}

// inputBody is an action's input as clients read it.
type inputBody struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Kind     string `json:"kind"`
	Required bool   `json:"required"`
	Options  []struct {
		Value string `json:"value"`
		Label string `json:"label"`
	} `json:"options"`
}

// concernBody is a Concern as clients read it.
type concernBody struct {
	ID     string     `json:"id"`
	Source string     `json:"source"`
	Cases  []caseBody `json:"cases"`
}

// concernAbout returns a valid concern input about the registrants.
func concernAbout(registrantIDs ...string) map[string]any {
	var subjects []map[string]any
	for _, id := range registrantIDs {
		subjects = append(subjects, map[string]any{"registrant_id": id})
	}
	return map[string]any{
		"received_on":     "2026-02-27",
		"source":          "employer",
		"raised_by_name":  "Riverside Community Trust",
		"raised_by_email": "safeguarding@riverside.example",
		"summary":         "Two paramedics are reported to have left a patient unattended.",
		"subjects":        subjects,
	}
}

// caseCount returns how many cases the client can list.
func caseCount(t *testing.T, c *client) int {
	t.Helper()
	var page struct {
		Items []caseBody `json:"items"`
	}
	c.do(http.MethodGet, "/api/v1/cases?limit=100", nil).want(t, http.StatusOK).decode(t, &page)
	return len(page.Items)
}

func TestCreateConcernRefusesBadInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		r := e.mustRegistrant(t, "PA200001", "Tomasz", "Nowak")
		tests := []struct {
			name   string
			body   any
			status int
			fields []string
		}{
			{"empty object", map[string]any{}, 422,
				[]string{"raised_by_name", "received_on", "source", "subjects", "summary"}},
			{"bad values", map[string]any{
				"received_on": "27/02/2026", "source": "gossip", "raised_by_name": "A Person",
				"raised_by_email": "not-an-email", "summary": "Something happened.",
				"subjects": []any{map[string]any{"registrant_id": "no-such-registrant"},
					map[string]any{"details": "works nights"}},
			}, 422, []string{"raised_by_email", "received_on", "source", "subjects[0].registrant_id", "subjects[1].name"}},
			{"unknown fields", func() any {
				b := concernAbout(r.ID)
				b["urgency"] = "high"
				b["subjects"] = []any{map[string]any{"registrant_id": r.ID, "nickname": "Tom"}}
				return b
			}(), 422, []string{"subjects[0].nickname", "urgency"}},
			{"wrong types", map[string]any{"received_on": 20260227, "subjects": "Nowak"}, 422,
				[]string{"received_on", "subjects"}},
			{"malformed JSON", `{"summary": "unfinished`, 400, nil},
			{"not an object", `["a concern"]`, 400, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := cm.do(http.MethodPost, "/api/v1/concerns", tt.body).want(t, tt.status).problem(t)
				if p.Detail == "" {
					t.Errorf("problem without detail: %+v", p)
				}
				if diff := cmp.Diff(tt.fields, p.fields()); diff != "" {
					t.Errorf("fields (-want +got):\n%s", diff)
				}
				for _, fe := range p.Errors {
					if fe.Detail == "" {
						t.Errorf("field %s without detail", fe.Field)
					}
				}
			})
		}
		t.Run("date message says the format", func(t *testing.T) {
			p := cm.do(http.MethodPost, "/api/v1/concerns", map[string]any{"received_on": "yesterday"}).
				want(t, 422).problem(t)
			for _, fe := range p.Errors {
				if fe.Field == "received_on" && !strings.Contains(fe.Detail, "YYYY-MM-DD") {
					t.Errorf("received_on: %q", fe.Detail)
				}
			}
		})
		t.Run("wrong content type", func(t *testing.T) {
			cm.do(http.MethodPost, "/api/v1/concerns", concernAbout(r.ID), "Content-Type", "text/plain").
				want(t, http.StatusUnsupportedMediaType).problem(t)
		})
		t.Run("too large", func(t *testing.T) {
			b := concernAbout(r.ID)
			b["summary"] = strings.Repeat("x", 1<<20)
			cm.do(http.MethodPost, "/api/v1/concerns", b).want(t, http.StatusRequestEntityTooLarge).problem(t)
		})
		if n := caseCount(t, cm); n != 0 {
			t.Errorf("%d cases stored after refused requests, want 0", n)
		}
	})
}

func TestCreateConcernAboutTwoRegistrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		a := e.mustRegistrant(t, "PA300001", "Aisha", "Bello")
		b := e.mustRegistrant(t, "PA300002", "Rhys", "Evans")
		res := cm.do(http.MethodPost, "/api/v1/concerns", concernAbout(a.ID, b.ID)).want(t, http.StatusCreated)
		var got concernBody
		res.decode(t, &got)
		if len(got.Cases) != 2 {
			t.Fatalf("%d cases, want 2", len(got.Cases))
		}
		c0, c1 := got.Cases[0], got.Cases[1]
		if loc := res.Header.Get("Location"); loc != "/api/v1/cases/"+c0.ID {
			t.Errorf("Location %q", loc)
		}
		if *c0.RegistrantID != a.ID || *c1.RegistrantID != b.ID {
			t.Errorf("registrants %v %v", *c0.RegistrantID, *c1.RegistrantID)
		}
		if diff := cmp.Diff([]string{c1.ID}, c0.LinkedCaseIDs); diff != "" {
			t.Errorf("first case's links (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{c0.ID}, c1.LinkedCaseIDs); diff != "" {
			t.Errorf("second case's links (-want +got):\n%s", diff)
		}
		for _, c := range got.Cases {
			if c.Stage != string(fitness.StageReceived) || c.Version != 1 || !c.Open || len(c.AvailableActions) == 0 {
				t.Errorf("case %s: stage %s version %d open %v, %d actions", c.Reference, c.Stage, c.Version,
					c.Open, len(c.AvailableActions))
			}
		}
		if n := caseCount(t, cm); n != 2 {
			t.Errorf("%d cases listed, want 2", n)
		}
	})
}

func TestCreateConcernIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		me, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, other := e.mustUser(t, "Terry Leader", fitness.RoleTeamLeader)
		r := e.mustRegistrant(t, "PA400001", "Mei", "Chen")
		body := concernAbout(r.ID)
		const key = "0195f3c2-7a1b-7c00-9d1e-3f4a5b6c7d8e"

		first := cm.do(http.MethodPost, "/api/v1/concerns", body, "Idempotency-Key", key).want(t, http.StatusCreated)
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("first response marked replayed")
		}
		// The same JSON written differently is the same request.
		same := `{"subjects":[{"registrant_id":"` + r.ID + `"}],"summary":"Two paramedics are reported to have left a patient unattended.",
			"source":"employer","received_on":"2026-02-27","raised_by_email":"safeguarding@riverside.example",
			"raised_by_name":"Riverside Community Trust"}`
		again := cm.do(http.MethodPost, "/api/v1/concerns", same, "Idempotency-Key", key).want(t, http.StatusCreated)
		if again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay not marked: %v", again.Header)
		}
		if !bytes.Equal(first.Body, again.Body) || first.Header.Get("Location") != again.Header.Get("Location") {
			t.Errorf("replay differs:\n%s\n%s", first.Body, again.Body)
		}
		if n := caseCount(t, cm); n != 1 {
			t.Errorf("%d cases after a replay, want 1", n)
		}

		changed := concernAbout(r.ID)
		changed["summary"] = "Something else."
		p := cm.do(http.MethodPost, "/api/v1/concerns", changed, "Idempotency-Key", key).
			want(t, http.StatusConflict).problem(t)
		if !strings.Contains(p.Detail, "different request") {
			t.Errorf("detail %q", p.Detail)
		}

		// Keys belong to their user.
		other.do(http.MethodPost, "/api/v1/concerns", body, "Idempotency-Key", key).want(t, http.StatusCreated)
		if n := caseCount(t, cm); n != 2 {
			t.Errorf("%d cases, want 2", n)
		}

		// A refused request does not use up its key.
		const key2 = "retry-after-fixing-input"
		cm.do(http.MethodPost, "/api/v1/concerns", map[string]any{}, "Idempotency-Key", key2).
			want(t, http.StatusUnprocessableEntity)
		cm.do(http.MethodPost, "/api/v1/concerns", body, "Idempotency-Key", key2).want(t, http.StatusCreated)

		// A retry while the first request is still running.
		busy := concernAbout(r.ID)
		busy["summary"] = "Still running."
		if _, err := e.idem.Reserve(context.Background(), me.ID, "busy", http.MethodPost, "/api/v1/concerns",
			hashOf(t, busy)); err != nil {
			t.Fatal(err)
		}
		p = cm.do(http.MethodPost, "/api/v1/concerns", busy, "Idempotency-Key", "busy").
			want(t, http.StatusConflict).problem(t)
		if !strings.Contains(p.Detail, "still being processed") {
			t.Errorf("detail %q", p.Detail)
		}

		p = cm.do(http.MethodPost, "/api/v1/concerns", body, "Idempotency-Key", strings.Repeat("k", 256)).
			want(t, http.StatusUnprocessableEntity).problem(t)
		if diff := cmp.Diff([]string{"Idempotency-Key"}, p.fields()); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
}

// hashOf returns the hash the API gives a JSON body: SHA-256 of its
// canonical form (json.Marshal of a map sorts its keys).
func hashOf(t *testing.T, body map[string]any) string {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
