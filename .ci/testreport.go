//go:build ignore

// testreport reads `go test -json` output on stdin, prints a summary and
// the output of every failed test, and exits 1 when a test or a build
// failed, when a test needing PostgreSQL or a browser was skipped (CI
// provides both), or when no test ran at all. Lines that are not JSON (make
// echoing its commands) are ignored.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// event is one line of `go test -json`.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// mustNotSkip matches skip messages of tests CI must run.
var mustNotSkip = regexp.MustCompile(`(?i)postgres|chromium|browser`)

func main() {
	outputs := map[string]*strings.Builder{}
	var failed, badSkips, buildFails []string
	counts := map[string]int{}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Action == "" {
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output", "build-output":
			if outputs[key] == nil {
				outputs[key] = &strings.Builder{}
			}
			outputs[key].WriteString(e.Output)
		case "build-fail":
			buildFails = append(buildFails, key)
		case "pass", "fail", "skip":
			if e.Test == "" {
				if e.Action == "fail" {
					failed = append(failed, key)
				}
				continue
			}
			counts[e.Action]++
			if e.Action == "fail" {
				failed = append(failed, key)
			}
			if e.Action == "skip" && mustNotSkip.MatchString(text(outputs[key])) {
				badSkips = append(badSkips, key)
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testreport: read:", err)
		os.Exit(2)
	}
	for _, k := range append(buildFails, failed...) {
		fmt.Printf("--- FAILED %s\n%s\n", k, text(outputs[k]))
	}
	sort.Strings(badSkips)
	for _, k := range badSkips {
		fmt.Printf("--- SKIPPED BUT CI MUST RUN IT: %s\n%s\n", k, text(outputs[k]))
	}
	fmt.Printf("tests: %d passed, %d failed, %d skipped (%d of them needing PostgreSQL or a browser); %d build failures\n",
		counts["pass"], counts["fail"], counts["skip"], len(badSkips), len(buildFails))
	if len(failed)+len(badSkips)+len(buildFails) > 0 || counts["pass"] == 0 {
		os.Exit(1)
	}
}

// text returns the collected output, or "".
func text(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	return b.String()
}
