package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// registrantBody is a Registrant as clients read it.
type registrantBody struct {
	ID                 string `json:"id"`
	RegistrationNumber string `json:"registration_number"`
	Name               string `json:"name"`
	Profession         struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"profession"`
	Status string `json:"status"`
}

func TestRegistrants(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		okafor := e.mustRegistrant(t, "PA100001", "Ngozi", "Okafor")
		e.mustRegistrant(t, "PA100002", "Seán", "Murphy")
		e.mustRegistrant(t, "PA100003", "Priya", "Raman")

		t.Run("by name", func(t *testing.T) {
			var got struct {
				Query string           `json:"query"`
				Items []registrantBody `json:"items"`
			}
			cm.do(http.MethodGet, "/api/v1/registrants?q=okafor", nil).want(t, http.StatusOK).decode(t, &got)
			if len(got.Items) != 1 || got.Items[0].ID != okafor.ID || got.Query != "okafor" {
				t.Fatalf("search okafor = %+v", got)
			}
			if got.Items[0].Profession.Name != "Paramedic" || got.Items[0].Name != "Ngozi Okafor" {
				t.Errorf("hit = %+v", got.Items[0])
			}
		})
		t.Run("by number", func(t *testing.T) {
			var got struct{ Items []registrantBody }
			cm.do(http.MethodGet, "/api/v1/registrants?q=pa100002&limit=5", nil).want(t, http.StatusOK).decode(t, &got)
			if len(got.Items) != 1 || got.Items[0].RegistrationNumber != "PA100002" {
				t.Fatalf("search PA100002 = %+v", got)
			}
		})
		t.Run("nothing found", func(t *testing.T) {
			var got struct{ Items []registrantBody }
			cm.do(http.MethodGet, "/api/v1/registrants?q=Zebedee", nil).want(t, http.StatusOK).decode(t, &got)
			if got.Items == nil || len(got.Items) != 0 {
				t.Errorf("items = %#v, want []", got.Items)
			}
		})
		t.Run("bad query", func(t *testing.T) {
			p := cm.do(http.MethodGet, "/api/v1/registrants?limit=1000", nil).
				want(t, http.StatusUnprocessableEntity).problem(t)
			if diff := cmp.Diff([]string{"limit", "q"}, p.fields()); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
		t.Run("one", func(t *testing.T) {
			var got registrantBody
			cm.do(http.MethodGet, "/api/v1/registrants/"+okafor.ID, nil).want(t, http.StatusOK).decode(t, &got)
			if got.RegistrationNumber != "PA100001" || got.Status != "registered" {
				t.Errorf("registrant = %+v", got)
			}
			cm.do(http.MethodGet, "/api/v1/registrants/no-such-id", nil).want(t, http.StatusNotFound).problem(t)
		})
		t.Run("employments", func(t *testing.T) {
			mustEmployment(t, e, okafor.ID)
			var got struct {
				Items []struct {
					EmployerName string  `json:"employer_name"`
					To           *string `json:"to"`
					Current      bool    `json:"current"`
				} `json:"items"`
			}
			cm.do(http.MethodGet, "/api/v1/registrants/"+okafor.ID+"/employments", nil).
				want(t, http.StatusOK).decode(t, &got)
			if len(got.Items) != 1 || got.Items[0].EmployerName != "Northbridge Ambulance Service" ||
				!got.Items[0].Current || got.Items[0].To != nil {
				t.Errorf("employments = %+v", got)
			}
			cm.do(http.MethodGet, "/api/v1/registrants/no-such-id/employments", nil).want(t, http.StatusNotFound)
		})
		t.Run("panel member may not search", func(t *testing.T) {
			_, pm := e.mustUser(t, "Pat Panel", fitness.RolePanelMember)
			pm.do(http.MethodGet, "/api/v1/registrants?q=okafor", nil).want(t, http.StatusForbidden).problem(t)
		})
	})
}

// mustEmployment records a current employment of the registrant.
func mustEmployment(t *testing.T, e *env, registrantID string) {
	t.Helper()
	ctx := context.Background()
	emp, err := e.register.CreateEmployer(ctx, fitness.Employer{Name: "Northbridge Ambulance Service",
		Kind: "nhs-trust", Town: "Northbridge"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.register.AddEmployment(ctx, fitness.Employment{RegistrantID: registrantID, EmployerID: emp.ID,
		Role: "Paramedic", From: time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
}
