package main

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/synth"
)

func TestDemoRegisterShape(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	profs := fitness.HCPCProfessions()
	d := newDemoRegister(synth.New(demoSeed), profs, now)
	if again := newDemoRegister(synth.New(demoSeed), profs, now); !cmp.Equal(d, again, cmp.AllowUnexported(demoRegister{}, demoJob{})) {
		t.Fatal("the demo register differs between two runs with the same seed")
	}
	if len(d.employers) < 30 || len(d.registrants) != demoRegistrants {
		t.Fatalf("%d employers, %d registrants; want at least 30 and %d", len(d.employers), len(d.registrants), demoRegistrants)
	}
	numbers, professions, statuses := map[string]bool{}, map[string]int{}, map[fitness.RegistrantStatus]int{}
	accented := 0
	for _, r := range d.registrants {
		if numbers[r.Number] {
			t.Errorf("number %s given twice", r.Number)
		}
		numbers[r.Number] = true
		professions[r.ProfessionCode]++
		statuses[r.Status]++
		if strings.IndexFunc(r.GivenNames+r.FamilyName, func(c rune) bool { return c > unicode.MaxASCII }) >= 0 {
			accented++
		}
		if r.RegisteredSince.After(now) {
			t.Errorf("%s registered in the future: %s", r.Number, r.RegisteredSince)
		}
	}
	if len(professions) != len(profs) || len(statuses) < 5 || accented < 100 {
		t.Errorf("%d professions, %d statuses, %d accented names; want %d, at least 5, at least 100",
			len(professions), len(statuses), accented, len(profs))
	}
	jobs := map[int]int{}
	for _, j := range d.jobs {
		jobs[j.registrant]++
		if !j.to.IsZero() && j.to.Before(j.from) {
			t.Errorf("job of %s ends before it starts", d.registrants[j.registrant].Number)
		}
	}
	for i, r := range d.registrants {
		if n := jobs[i]; n < 1 || n > 4 {
			t.Errorf("%s has %d jobs; want 1 to 4", r.Number, n)
		}
	}
	s := d.registrants[d.fixed[demoSearchNumber]]
	if s.GivenNames != demoSearchGiven || s.FamilyName != demoSearchFamily {
		t.Errorf("fixed search registrant is %s", s.Name())
	}
}

func TestDemoConcernsUseTheProcess(t *testing.T) {
	p := fitness.HCPCProcess()
	staff := map[string]fitness.Role{}
	for _, s := range demoStaff() {
		staff[s.Email] = s.role
	}
	d := newDemoRegister(synth.New(demoSeed), fitness.HCPCProfessions(), time.Now())
	next := 10
	concerns := demoConcerns(d, func() int { next++; return next })
	if len(concerns) < 19 {
		t.Errorf("%d demo concerns; want enough for 20 cases", len(concerns))
	}
	for i, c := range concerns {
		last := c.ago
		for _, st := range c.steps {
			if st.ago > last || st.ago < 1 {
				t.Errorf("concern %d: step %s at %d days ago, after %d", i+1, st.action, st.ago, last)
			}
			last = st.ago
			def, ok := findAction(p, st.action)
			if !ok {
				t.Errorf("concern %d: no action %s", i+1, st.action)
				continue
			}
			role := staff[st.by]
			if !containsRole(def.Roles, role) {
				t.Errorf("concern %d: %s taken by %s (%s)", i+1, st.action, st.by, role)
			}
		}
	}
}

func findAction(p *fitness.Process, name fitness.ActionName) (fitness.ActionDef, bool) {
	for _, a := range p.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return fitness.ActionDef{}, false
}

func containsRole(rs []fitness.Role, r fitness.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func TestSeedDemo(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		start := time.Now()
		out, errOut, err := runFitness(t, "seed", "--demo", "--db", target)
		if err != nil {
			t.Fatalf("seed: %v\n%s", err, errOut)
		}
		t.Logf("seeded in %s: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(out))
		for _, want := range []string{"Loaded demo data: 16 professions, 35 employers, 5000 registrants", "case-manager@demo.test", demoPassword} {
			if !strings.Contains(out, want) {
				t.Errorf("seed output lacks %q:\n%s", want, out)
			}
		}
		if _, _, err := runFitness(t, "seed", "--demo", "--db", target); err == nil || !strings.Contains(err.Error(), "already holds data") {
			t.Errorf("second seed: %v; want a refusal", err)
		}
		checkDemoData(t, target)
		out, errOut, err = runFitness(t, "audit", "verify", "--db", target)
		if err != nil || !strings.HasPrefix(out, "audit chain intact: ") {
			t.Errorf("audit verify on the demo data: %q %q, %v; want the chain intact", out, errOut, err)
		}
	})
}

func TestSeedNeedsDemoFlag(t *testing.T) {
	if _, _, err := runFitness(t, "seed", "--db", t.TempDir()+"/x.db"); err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("seed without --demo: %v", err)
	}
}

// checkDemoData checks the seeded data through the services.
func checkDemoData(t *testing.T, target string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := newApp(db, newLogger(nil, 0), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := a.registrants.SearchRegistrants(ctx, fitness.RegistrantQuery{Text: "Siobhan Okafro"})
	if err != nil || len(hits) == 0 || hits[0].Number != demoSearchNumber {
		t.Errorf("search for a misspelt Siobhán Okafor: %v, %v", hits, err)
	}
	addr, err := a.letters.ServiceAddressOf(ctx, mustRegistrantID(t, a, demoSearchNumber))
	if err != nil || addr.Email != "siobhan.okafor@registrants.example.test" {
		t.Errorf("service address of %s: %+v, %v; want a synthetic email", demoSearchNumber, addr, err)
	}
	cm, err := a.users.Authenticate(ctx, "case-manager@demo.test", demoPassword)
	if err != nil {
		t.Fatalf("demo sign-in: %v", err)
	}
	all, err := a.cases.ListCases(ctx, cm.Actor(), fitness.CaseFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	stages := map[fitness.Stage]int{}
	for _, c := range all.Cases {
		stages[c.Stage]++
	}
	if len(all.Cases) < 20 || len(stages) < 10 {
		t.Errorf("%d cases over %d stages; want at least 20 over 10: %v", len(all.Cases), len(stages), stages)
	}
	mine, err := a.cases.ListCases(ctx, cm.Actor(), fitness.CaseFilter{CaseManagerID: cm.ID, OpenOnly: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	overdue := 0
	for _, c := range mine.Cases {
		if due := c.NextDue(); !due.IsZero() && due.Before(time.Now()) {
			overdue++
		}
	}
	if len(mine.Cases) < 5 || overdue < 2 {
		t.Errorf("case-manager@demo.test has %d open cases, %d overdue; want at least 5 and 2", len(mine.Cases), overdue)
	}
	pair, err := a.cases.CasesForRegistrant(ctx, cm.Actor(), mustRegistrantID(t, a, demoCouncilNumberA))
	if err != nil || len(pair) != 1 {
		t.Fatalf("council concern: %d cases, %v; want one", len(pair), err)
	}
	c, err := a.cases.FindCase(ctx, cm.Actor(), pair[0].ID)
	if err != nil || len(c.Linked) != 1 {
		t.Errorf("council concern case: linked %v, %v; want one linked case", c.Linked, err)
	}
}

func mustRegistrantID(t *testing.T, a *app, number string) string {
	t.Helper()
	r, err := a.registrants.FindRegistrantByNumber(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}
