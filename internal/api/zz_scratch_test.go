package api_test

import (
	"net/http"
	"testing"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
)

func TestScratch(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
	r := e.mustRegistrant(t, "PA200001", "Tomasz", "Nowak")
	res := cm.do(http.MethodPost, "/api/v1/concerns", map[string]any{"received_on": "x", "subjects": []any{map[string]any{"registrant_id": "nope", "zz": 1}}})
	t.Logf("%d %v\n%s", res.Status, res.Header, res.Body)
	res = cm.do(http.MethodPost, "/api/v1/concerns", `{"a":`)
	t.Logf("%d %s", res.Status, res.Body)
	res = cm.do(http.MethodPost, "/api/v1/concerns", concernAbout(r.ID))
	t.Logf("%d %v\n%s", res.Status, res.Header, res.Body)
}
