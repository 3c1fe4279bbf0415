// Package internal_test checks the layout rules of design.md §2: the
// domain imports nothing of the project, adapters never import each other
// (web sub-areas may import web), the public site and the portals never
// import the staff app, and the binary builds without cgo.
package internal_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// module is the module path of the project.
const module = "fitness"

// adapters are the top-level packages under internal that talk to the
// outside world; each is a group with its sub-packages.
var adapters = map[string]bool{"sqldb": true, "web": true, "api": true, "jobs": true, "docs": true}

// pkg is the part of `go list -json` the rules need.
type pkg struct {
	ImportPath string
	Imports    []string
}

// goList returns every package of the module.
func goList(t *testing.T) []pkg {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("layout test skipped: the go command is not on PATH")
	}
	cmd := exec.Command(goBin, "list", "-e", "-json", module+"/...")
	cmd.Dir = ".."
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

// area returns the layout area of an import path: "fitness", an adapter
// group ("sqldb", "web", "web/staff", …), "cmd", "internal:NAME" for other
// internal packages, or "" for anything outside the module.
func area(path string) string {
	rest, ok := strings.CutPrefix(path, module+"/")
	if !ok {
		return ""
	}
	if strings.HasPrefix(rest, "cmd/") {
		return "cmd"
	}
	parts := strings.Split(strings.TrimPrefix(rest, "internal/"), "/")
	switch {
	case !strings.HasPrefix(rest, "internal/"):
		return "other"
	case parts[0] == "web" && len(parts) > 1:
		return "web/" + parts[1]
	case parts[0] == "fitness" || adapters[parts[0]]:
		return parts[0]
	}
	return "internal:" + parts[0]
}

// isAdapter reports whether an area is an adapter or a web sub-area.
func isAdapter(a string) bool {
	return adapters[a] || strings.HasPrefix(a, "web/")
}

// violation returns why from may not import to, or "".
func violation(from, to string) string {
	af, at := area(from), area(to)
	switch {
	case at == "" || af == "cmd" || af == at:
		return ""
	case af == "fitness":
		return "the domain package imports only the standard library"
	case at == "cmd":
		return "nothing imports the binary"
	case af == "web/public" && at == "web/staff", af == "web/portal" && at == "web/staff":
		return "the public site and the portals never import the staff app"
	case strings.HasPrefix(af, "web/") && at == "web":
		return ""
	case isAdapter(af) && isAdapter(at):
		return "adapters never import each other (web sub-areas may import web)"
	case !isAdapter(af) && isAdapter(at):
		return "only cmd/fitness wires adapters together"
	}
	return ""
}

func TestLayoutRules(t *testing.T) {
	var bad []string
	for _, p := range goList(t) {
		for _, imp := range p.Imports {
			if why := violation(p.ImportPath, imp); why != "" {
				bad = append(bad, p.ImportPath+" imports "+imp+": "+why)
			}
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
}

func TestViolation(t *testing.T) {
	tests := []struct {
		from, to string
		bad      bool
	}{
		{"fitness/internal/fitness", "time", false},
		{"fitness/internal/fitness", "fitness/internal/sqldb", true},
		{"fitness/internal/sqldb", "fitness/internal/fitness", false},
		{"fitness/internal/sqldb", "fitness/internal/web", true},
		{"fitness/internal/api", "fitness/internal/sqldb", true},
		{"fitness/internal/web/staff", "fitness/internal/web", false},
		{"fitness/internal/web/staff", "fitness/internal/fitness", false},
		{"fitness/internal/web/public", "fitness/internal/web/staff", true},
		{"fitness/internal/web/portal", "fitness/internal/web/staff", true},
		{"fitness/internal/web/portal", "fitness/internal/api", true},
		{"fitness/internal/web", "fitness/internal/web/staff", true},
		{"fitness/internal/jobs", "fitness/internal/docs", true},
		{"fitness/internal/synth", "fitness/internal/sqldb", true},
		{"fitness/internal/synth", "fitness/internal/fitness", false},
		{"fitness/cmd/fitness", "fitness/internal/sqldb", false},
		{"fitness/internal/sqldb/migrations", "fitness/internal/sqldb", false},
	}
	for _, tt := range tests {
		if got := violation(tt.from, tt.to) != ""; got != tt.bad {
			t.Errorf("violation(%s, %s) = %t, want %t", tt.from, tt.to, got, tt.bad)
		}
	}
}

// TestBuildsWithoutCgo builds the binary with CGO_ENABLED=0: the embedded
// default must need no C toolchain.
func TestBuildsWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("build test skipped in -short mode")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("build test skipped: the go command is not on PATH")
	}
	out := filepath.Join(t.TempDir(), "fitness")
	cmd := exec.Command(goBin, "build", "-o", out, "./cmd/fitness")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./cmd/fitness: %v\n%s", err, b)
	}
}
