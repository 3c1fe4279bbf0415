package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/api"
	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

// TestContractValid loads the contract and validates it as an OpenAPI 3.1
// document, examples included.
func TestContractValid(t *testing.T) {
	c := mustContract(t)
	if c.doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", c.doc.OpenAPI)
	}
	if c.doc.Components.SecuritySchemes["bearer"] == nil {
		t.Errorf("no bearer security scheme")
	}
	for _, name := range []string{"Registrant", "RegistrantSearchResult", "Employment", "ConcernInput",
		"Concern", "Case", "CaseList", "Event", "ActionRequest", "Problem"} {
		if c.doc.Components.Schemas[name] == nil {
			t.Errorf("no schema %s", name)
		}
	}
}

// TestRoutesHavePolicy enumerates every route: each names a permission that
// is public or held by some role, and each is an operation of the contract
// with the matching security; every operation of the contract is a route.
func TestRoutesHavePolicy(t *testing.T) {
	c := mustContract(t)
	held := map[fitness.Permission]bool{fitness.PermPublic: true, fitness.PermSignedIn: true}
	for _, r := range fitness.Roles {
		for _, p := range fitness.RolePermissions(r) {
			held[p] = true
		}
	}
	var routes, ops []string
	for _, r := range api.Routes() {
		key := r.Method + " " + r.Pattern
		routes = append(routes, key)
		if r.Permission == "" || !held[r.Permission] {
			t.Errorf("%s: permission %q is in no policy row", key, r.Permission)
		}
		op := c.doc.Paths.Find(r.Pattern).GetOperation(r.Method)
		if op == nil {
			t.Errorf("%s: not in the contract", key)
			continue
		}
		public := op.Security != nil && len(*op.Security) == 0
		if public != (r.Permission == fitness.PermPublic) {
			t.Errorf("%s: contract public=%v, route permission %s", key, public, r.Permission)
		}
		if r.Case != strings.HasPrefix(r.Pattern, "/api/v1/cases/{id}") {
			t.Errorf("%s: Case=%v; routes about one case must load and decide on it", key, r.Case)
		}
	}
	for path, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(ops)
	if diff := cmp.Diff(ops, routes); diff != "" {
		t.Errorf("contract operations (-) and routes (+) differ:\n%s", diff)
	}
}

// TestEveryRouteAuthenticates sends every route a request without a token:
// all but public routes answer 401 with WWW-Authenticate: Bearer.
func TestEveryRouteAuthenticates(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	anon := e.anonymous(t)
	for _, r := range api.Routes() {
		path := strings.ReplaceAll(r.Pattern, "{id}", "x")
		var body any
		if r.Method == http.MethodPost {
			body = map[string]any{}
		}
		res := anon.do(r.Method, path, body)
		if r.Permission == fitness.PermPublic {
			res.want(t, http.StatusOK)
			continue
		}
		res.want(t, http.StatusUnauthorized)
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s %s: WWW-Authenticate %q", r.Method, path, res.Header.Get("WWW-Authenticate"))
		}
		if p := res.problem(t); p.Status != http.StatusUnauthorized || p.Detail == "" {
			t.Errorf("%s %s: problem %+v", r.Method, path, p)
		}
	}
	bad := &client{t: t, e: e, token: "ftn_not-a-token"}
	res := bad.do(http.MethodGet, "/api/v1/cases", nil).want(t, http.StatusUnauthorized)
	if got := res.Header.Get("WWW-Authenticate"); got != `Bearer realm="fitness", error="invalid_token"` {
		t.Errorf("WWW-Authenticate %q for a bad token", got)
	}
}

// TestOpenAPIJSON checks the served contract is the YAML converted.
func TestOpenAPIJSON(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	res := e.anonymous(t).do(http.MethodGet, "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	var served map[string]any
	res.decode(t, &served)
	want, err := api.ContractJSON()
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML map[string]any
	if err := json.Unmarshal(want, &fromYAML); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromYAML, served); diff != "" {
		t.Errorf("served contract differs from openapi.yaml:\n%s", diff)
	}
	if served["openapi"] != "3.1.0" {
		t.Errorf("openapi %v", served["openapi"])
	}
}

// TestUnknownPaths answers problems for paths and methods the API lacks.
func TestUnknownPaths(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
	rec := cm.raw(http.MethodGet, "/api/v1/nothing-here")
	if rec.Code != http.StatusNotFound || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("unknown path: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = cm.raw(http.MethodDelete, "/api/v1/cases")
	if rec.Code != http.StatusMethodNotAllowed || !slices.Contains(rec.Header().Values("Allow"), "GET") {
		t.Errorf("wrong method: %d Allow %q", rec.Code, rec.Header().Values("Allow"))
	}
}

// TestContractCheckCatches shows the response check refuses what the
// contract does not allow, so that passing tests mean something.
func TestContractCheckCatches(t *testing.T) {
	c := mustContract(t)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/cases/x", nil)
	json := http.Header{"Content-Type": {"application/json"}, "Etag": {`"v1"`}}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
	}{
		{"missing fields", 200, json, `{"id":"x"}`},
		{"undocumented status", 418, json, `{}`},
		{"problem without type", 404, http.Header{"Content-Type": {"application/problem+json"}}, `{"status":404}`},
		{"wrong content type", 404, json, `{"type":"about:blank","title":"Not Found","status":404}`},
	}
	for _, tt := range tests {
		if err := c.checkResponse(req, tt.status, tt.header, []byte(tt.body)); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
