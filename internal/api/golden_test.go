package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// uuidPattern matches the UUIDs the API uses as ids.
var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// normalise makes a JSON response comparable across runs and engines: ids
// become <id-1>, <id-2>, … in order of first appearance (so links between
// them still show), and the JSON is indented. Times need no normalising:
// the tests' clock is fixed.
func normalise(t *testing.T, body []byte) []byte {
	t.Helper()
	ids := map[string]string{}
	out := uuidPattern.ReplaceAllFunc(body, func(id []byte) []byte {
		if _, ok := ids[string(id)]; !ok {
			ids[string(id)] = fmt.Sprintf("<id-%d>", len(ids)+1)
		}
		return []byte(ids[string(id)])
	})
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is intended:\n%s", path, diff)
	}
}

// TestCaseGolden pins the JSON of a case after triage started, on every
// engine.
func TestCaseGolden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		c := mustCase(t, e, cm, "PA900001")
		cm.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions",
			map[string]any{"action": "start_triage", "input": map[string]any{"note": "Acknowledged."}},
			"If-Match", `"v1"`).want(t, http.StatusOK)
		res := cm.do(http.MethodGet, "/api/v1/cases/"+c.Reference, nil).want(t, http.StatusOK)
		checkGolden(t, "case_after_triage.golden", normalise(t, res.Body))
	})
}
