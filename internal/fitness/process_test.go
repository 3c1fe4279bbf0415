package fitness

import (
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestProcessSound proves the HCPC table sound: names unique and defined,
// every stage reachable on its track, every open stage able to reach a
// closed one, every action with a role, every effect well formed.
func TestProcessSound(t *testing.T) {
	p := HCPCProcess()
	r := HCPCRules()
	if p.Version == "" || p.Initial != StageReceived {
		t.Fatalf("Version %q, Initial %q", p.Version, p.Initial)
	}
	stages := map[Stage]StageDef{}
	for _, s := range p.Stages {
		if _, dup := stages[s.Stage]; dup {
			t.Errorf("stage %s defined twice", s.Stage)
		}
		if s.Label == "" || s.Description == "" || (s.Track != TrackMain && s.Track != TrackInterim) {
			t.Errorf("stage %s: label, description or track missing", s.Stage)
		}
		stages[s.Stage] = s
	}
	if init, ok := stages[p.Initial]; !ok || init.Closed || init.Track != TrackMain {
		t.Errorf("initial stage %s must be an open main-track stage", p.Initial)
	}
	names := map[ActionName]bool{}
	for _, a := range p.Actions {
		if names[a.Name] {
			t.Errorf("action %s defined twice", a.Name)
		}
		names[a.Name] = true
		checkAction(t, a, stages, r)
	}
	for _, track := range []Track{TrackMain, TrackInterim} {
		reach := reachable(p, track)
		for _, s := range p.Stages {
			if s.Track == track && !reach[s.Stage] {
				t.Errorf("stage %s cannot be reached on the %s track", s.Stage, track)
			}
			if s.Track == track && !s.Closed && !reachesClosed(p, s.Stage, stages) {
				t.Errorf("open stage %s cannot reach a closed stage", s.Stage)
			}
		}
	}
}

func checkAction(t *testing.T, a ActionDef, stages map[Stage]StageDef, r Rules) {
	t.Helper()
	if a.Label == "" || a.Event == "" {
		t.Errorf("action %s: label or event words missing", a.Name)
	}
	checkWho(t, a)
	for _, role := range a.Roles {
		if !role.Valid() {
			t.Errorf("action %s: unknown role %s", a.Name, role)
		}
	}
	if len(a.From) == 0 {
		t.Errorf("action %s can be taken from nowhere", a.Name)
	}
	if a.Opens && a.Track != TrackInterim {
		t.Errorf("action %s opens a track but is not on the interim track", a.Name)
	}
	for _, s := range append(slices.Clone(a.From), a.To) {
		if s == "" {
			continue
		}
		if def, ok := stages[s]; !ok {
			t.Errorf("action %s names undefined stage %q", a.Name, s)
		} else if def.Track != a.Track {
			t.Errorf("action %s on the %s track names stage %s of the %s track", a.Name, a.Track, s, def.Track)
		}
	}
	inputs := map[string]InputDef{}
	for _, in := range a.Inputs {
		if _, dup := inputs[in.Name]; dup || in.Name == "" || in.Label == "" {
			t.Errorf("action %s: input %q duplicated or unnamed", a.Name, in.Name)
		}
		if in.Kind == InputChoice && len(in.Options) == 0 {
			t.Errorf("action %s: choice %s has no options", a.Name, in.Name)
		}
		if in.Kind == InputUser && !in.Role.Valid() {
			t.Errorf("action %s: user input %s has no role", a.Name, in.Name)
		}
		inputs[in.Name] = in
	}
	for _, e := range a.Effects {
		checkEffect(t, a, e, inputs, r)
	}
}

// checkWho checks who takes an action: people by role, or the system alone
// when a named deadline passes, with no input to give, stopping that
// deadline so that the sweep takes it once.
func checkWho(t *testing.T, a ActionDef) {
	t.Helper()
	if !a.System {
		if len(a.Roles) == 0 {
			t.Errorf("action %s has no role", a.Name)
		}
		if a.OnDeadline != "" && !slices.ContainsFunc(a.Effects, func(e Effect) bool { return e.Kind == EffectStopDeadline && e.Deadline == a.OnDeadline }) {
			t.Errorf("action %s does not stop deadline %s, so the sweep would take it again", a.Name, a.OnDeadline)
		}
		return
	}
	if len(a.Roles) != 0 || a.OnDeadline == "" || a.Guard != nil {
		t.Errorf("system action %s: want no roles, no guard and a deadline, got %v, %q", a.Name, a.Roles, a.OnDeadline)
	}
	for _, in := range a.Inputs {
		if in.Required {
			t.Errorf("system action %s needs input %s that nobody can give", a.Name, in.Name)
		}
	}
	if !slices.ContainsFunc(a.Effects, func(e Effect) bool { return e.Kind == EffectStopDeadline && e.Deadline == a.OnDeadline }) {
		t.Errorf("system action %s does not stop deadline %s, so the sweep would take it again", a.Name, a.OnDeadline)
	}
}

func checkEffect(t *testing.T, a ActionDef, e Effect, inputs map[string]InputDef, r Rules) {
	t.Helper()
	switch e.Kind {
	case EffectStartDeadline:
		if e.Deadline == "" || e.Label == "" {
			t.Errorf("action %s: deadline without a name or label", a.Name)
		}
		if e.Period == nil && e.FromInput == "" {
			t.Errorf("action %s: deadline %s has no period", a.Name, e.Deadline)
		}
		if e.Period != nil && e.Period(r).IsZero() {
			t.Errorf("action %s: deadline %s has a zero period", a.Name, e.Deadline)
		}
		if in, ok := inputs[e.FromInput]; e.FromInput != "" && (!ok || in.Kind != InputDate || !in.Required) {
			t.Errorf("action %s: deadline %s counts from %q, not a required date input", a.Name, e.Deadline, e.FromInput)
		}
	case EffectStopDeadline:
		if e.Deadline == "" {
			t.Errorf("action %s: stops an unnamed deadline", a.Name)
		}
	case EffectAllocate:
		if in, ok := inputs["case_manager"]; !ok || in.Kind != InputUser || in.Role != RoleCaseManager {
			t.Errorf("action %s allocates without a case_manager user input", a.Name)
		}
	case EffectSetStatus:
		if !e.Status.Valid() {
			t.Errorf("action %s sets unknown status %q", a.Name, e.Status)
		}
	}
	if e.If != "" {
		name, value, _ := strings.Cut(e.If, "=")
		in, ok := inputs[name]
		if !ok || !slices.ContainsFunc(in.Options, func(o Option) bool { return o.Value == value }) {
			t.Errorf("action %s: effect condition %q names no input option", a.Name, e.If)
		}
	}
}

// reachable returns the stages of track reachable from its start.
func reachable(p *Process, track Track) map[Stage]bool {
	seen := map[Stage]bool{}
	var queue []Stage
	for _, a := range p.Actions {
		if track == TrackInterim && a.Opens && !seen[a.To] {
			seen[a.To] = true
			queue = append(queue, a.To)
		}
	}
	if track == TrackMain {
		seen[p.Initial] = true
		queue = append(queue, p.Initial)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, a := range p.Actions {
			if a.Track == track && a.To != "" && slices.Contains(a.From, s) && !seen[a.To] {
				seen[a.To] = true
				queue = append(queue, a.To)
			}
		}
	}
	return seen
}

func reachesClosed(p *Process, from Stage, stages map[Stage]StageDef) bool {
	seen := map[Stage]bool{from: true}
	queue := []Stage{from}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if stages[s].Closed {
			return true
		}
		for _, a := range p.Actions {
			if a.To != "" && slices.Contains(a.From, s) && !seen[a.To] {
				seen[a.To] = true
				queue = append(queue, a.To)
			}
		}
	}
	return false
}

// TestProcessCovers checks the stages and actions others refer to exist.
func TestProcessCovers(t *testing.T) {
	p := HCPCProcess()
	for _, s := range []Stage{StageReceived, StageTriage, StageInvestigation, StageThreshold, StageAllegation,
		StageICP, StagePreHearing, StageConsent, StageDiscontinuance, StageVoluntaryRemoval, StageFinalHearing,
		StageAppealWindow, StageAppeal, StageOrderInForce, StageReview, StageStruckOff, StageRestoration,
		StageInterimConsidered, StageInterimInForce, StageInterimEnded} {
		if _, ok := p.Stage(s); !ok {
			t.Errorf("stage %s missing", s)
		}
	}
	for _, c := range []struct {
		name     ActionName
		from, to Stage
		role     Role
	}{
		{ActionStartTriage, StageReceived, StageTriage, RoleCaseManager},
		{ActionStartInvestigation, StageTriage, StageInvestigation, RoleCaseManager},
	} {
		a, ok := p.Action(c.name)
		if !ok || !slices.Contains(a.From, c.from) || a.To != c.to || !slices.Contains(a.Roles, c.role) {
			t.Errorf("action %s should move %s to %s for %s", c.name, c.from, c.to, c.role)
		}
		for _, in := range a.Inputs {
			if in.Required {
				t.Errorf("action %s should need no input, needs %s", c.name, in.Name)
			}
		}
	}
	if _, ok := p.Action("no_such_action"); ok {
		t.Error("found an action that does not exist")
	}
	if _, ok := p.Stage("no_such_stage"); ok {
		t.Error("found a stage that does not exist")
	}
}

// TestEveryStageAction walks every stage × action pair: an action is
// refused as a conflict exactly when the stage does not allow it.
func TestEveryStageAction(t *testing.T) {
	p := HCPCProcess()
	r := HCPCRules()
	everyone := Actor{UserID: "u1", Name: "Ada Example", Roles: Roles}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, s := range p.Stages {
		for _, a := range p.Actions {
			c := Case{Stage: StageTriage, Version: 4, ProcessVersion: p.Version}
			if s.Track == TrackMain {
				c.Stage = s.Stage
				if s.Closed {
					c.ClosedAt = now.AddDate(-10, 0, 0)
				}
			} else {
				c.InterimStage = s.Stage
			}
			who := everyone
			if a.System {
				who = SystemActor
			}
			_, _, err := c.Apply(p, r, a.Name, who, Input{}, now)
			allowed := slices.ContainsFunc(p.Available(c, who), func(d ActionDef) bool { return d.Name == a.Name })
			conflict := ErrorCode(err) == EConflict && strings.Contains(ErrorMessage(err), "taken")
			if allowed == conflict {
				t.Errorf("stage %s, action %s: available %v but Apply said %v", s.Stage, a.Name, allowed, err)
			}
		}
	}
}

func TestAvailable(t *testing.T) {
	p := HCPCProcess()
	names := func(defs []ActionDef) []ActionName {
		var out []ActionName
		for _, d := range defs {
			out = append(out, d.Name)
		}
		return out
	}
	actor := func(roles ...Role) Actor { return Actor{UserID: "u", Name: "Sam Sample", Roles: roles} }
	triage := Case{Stage: StageTriage, ProcessVersion: p.Version, RegistrantID: "r1"}
	tests := []struct {
		name  string
		c     Case
		actor Actor
		want  []ActionName
	}{
		{"case manager at triage", triage, actor(RoleCaseManager), []ActionName{
			ActionRecordRisk, ActionFastTrack, ActionStartInvestigation, ActionReferInterim, ActionAllocate, ActionAddNote}},
		{"team leader at triage", triage, actor(RoleTeamLeader), []ActionName{
			ActionRecordRisk, ActionCloseOutsideRemit, ActionFastTrack, ActionStartInvestigation, ActionReferInterim,
			ActionAllocate, ActionAddNote}},
		{"hearings officer at triage", triage, actor(RoleHearingsOfficer), []ActionName{ActionAddNote}},
		{"administrator at triage", triage, actor(RoleAdmin), nil},
		{"nobody", triage, Actor{}, nil},
		{"case manager on received", Case{Stage: StageReceived}, actor(RoleCaseManager), []ActionName{
			ActionStartTriage, ActionRecordRisk, ActionReferInterim, ActionAllocate, ActionIdentifyRegistrant, ActionAddNote}},
		{"case manager on received, registrant known", Case{Stage: StageReceived, RegistrantID: "r1"}, actor(RoleCaseManager),
			[]ActionName{ActionStartTriage, ActionRecordRisk, ActionReferInterim, ActionAllocate, ActionAddNote}},
		{"hearings officer with interim order in force",
			Case{Stage: StageInvestigation, InterimStage: StageInterimInForce}, actor(RoleHearingsOfficer),
			[]ActionName{ActionReviewInterim, ActionEndInterim, ActionAddNote}},
		{"case manager after no interim order",
			Case{Stage: StageInvestigation, InterimStage: StageInterimEnded, RegistrantID: "r1"}, actor(RoleCaseManager),
			[]ActionName{ActionRecordRisk, ActionRequestInformation, ActionInformationReceived,
				ActionCompleteInvestigation, ActionReferInterim, ActionAllocate, ActionAddNote}},
		{"registrar on a struck-off case",
			Case{Stage: StageStruckOff, ClosedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), InterimStage: StageInterimEnded},
			actor(RoleRegistrar), []ActionName{ActionApplyRestoration}},
		{"case manager on a closed case",
			Case{Stage: StageClosedNoCaseToAnswer, ClosedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
			actor(RoleCaseManager, RoleTeamLeader), nil},
		{"case under another process version", Case{Stage: StageTriage, ProcessVersion: "other-1"},
			actor(RoleCaseManager), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := names(p.Available(tt.c, tt.actor))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Available (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiagram compares the DOT drawing with testdata/process.dot; run
// `go test -run TestDiagram -update` to accept a process change.
func TestDiagram(t *testing.T) {
	p := HCPCProcess()
	got := p.DOT()
	if got != p.DOT() {
		t.Fatal("DOT is not deterministic")
	}
	golden := filepath.Join("testdata", "process.dot")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestDiagram -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("process.dot changed (-golden +got); if intended, run go test -run TestDiagram -update:\n%s", diff)
	}
	for _, s := range p.Stages {
		if !strings.Contains(got, `"`+string(s.Stage)+`" [label=`) {
			t.Errorf("DOT lacks stage %s", s.Stage)
		}
	}
}

func TestSVG(t *testing.T) {
	p := HCPCProcess()
	svg := p.SVG()
	if svg != p.SVG() {
		t.Fatal("SVG is not deterministic")
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="process-diagram-title process-diagram-desc"`,
		`<title id="process-diagram-title">`, `<desc id="process-diagram-desc">`, "Main track", "Interim order track"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	for _, s := range p.Stages {
		if !strings.Contains(svg, "<title>"+svgEscape(s.Label+": ")) {
			t.Errorf("SVG lacks stage %s", s.Label)
		}
	}
	// Well-formed XML, every element closed.
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
	}
}
