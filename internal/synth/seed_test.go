package synth

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

// memorySink keeps a data set in memory and checks what a database would:
// every reference points at something stored before it.
type memorySink struct {
	t           *testing.T
	users       map[string]fitness.User
	employers   map[string]bool
	registrants map[string]fitness.Registrant
	employments int
	concerns    map[string]bool
	cases       []fitness.Case
	events      map[string][]fitness.Event
	docs        []fitness.Document
	entries     []fitness.Registrant
}

func newMemorySink(t *testing.T) *memorySink {
	return &memorySink{t: t, users: map[string]fitness.User{}, employers: map[string]bool{},
		registrants: map[string]fitness.Registrant{}, concerns: map[string]bool{}, events: map[string][]fitness.Event{}}
}

func (m *memorySink) Users(_ context.Context, us []fitness.User, _ string) error {
	for _, u := range us {
		m.users[u.ID] = u
	}
	return nil
}

func (m *memorySink) Employers(_ context.Context, es []fitness.Employer) error {
	for _, e := range es {
		m.employers[e.ID] = true
	}
	return nil
}

func (m *memorySink) Registrants(_ context.Context, rs []fitness.Registrant) error {
	for _, r := range rs {
		if _, dup := m.registrants[r.ID]; dup {
			return fmt.Errorf("registrant id %s twice", r.ID)
		}
		m.registrants[r.ID] = r
	}
	return nil
}

func (m *memorySink) Employments(_ context.Context, es []fitness.Employment) error {
	for _, e := range es {
		if _, ok := m.registrants[e.RegistrantID]; !ok || !m.employers[e.EmployerID] {
			return fmt.Errorf("employment %s refers to nothing stored", e.ID)
		}
		if !e.To.IsZero() && e.To.Before(e.From) {
			return fmt.Errorf("employment %s ends before it starts", e.ID)
		}
	}
	m.employments += len(es)
	return nil
}

func (m *memorySink) Cases(_ context.Context, cos []fitness.Concern, cs []fitness.Case, evs [][]fitness.Event) error {
	for _, co := range cos {
		m.concerns[co.ID] = true
	}
	for i, c := range cs {
		if !m.concerns[c.ConcernID] {
			return fmt.Errorf("case %s: concern not stored", c.Reference)
		}
		if _, ok := m.registrants[c.RegistrantID]; c.RegistrantID != "" && !ok {
			return fmt.Errorf("case %s: registrant not stored", c.Reference)
		}
		if _, ok := m.users[c.CaseManagerID]; c.CaseManagerID != "" && !ok {
			return fmt.Errorf("case %s: case manager not stored", c.Reference)
		}
		m.cases = append(m.cases, c)
		m.events[c.ID] = evs[i]
	}
	return nil
}

func (m *memorySink) Documents(_ context.Context, ds []fitness.Document, _ [][]byte) error {
	m.docs = append(m.docs, ds...)
	return nil
}

func (m *memorySink) SetRegisterEntries(_ context.Context, rs []fitness.Registrant) error {
	m.entries = rs
	return nil
}

// digest sums up everything stored, to compare two runs.
func (m *memorySink) digest(t *testing.T) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, c := range m.cases {
		if err := enc.Encode([]any{c, m.events[c.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Encode([]any{m.docs, m.entries}); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// testUntil is the last day of the test data sets.
var testUntil = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

func mustSeed(t *testing.T, sc Scale, seed int64, workers int) (*memorySink, SeedStats) {
	t.Helper()
	m := newMemorySink(t)
	st, err := Seed(context.Background(), m, fitness.HCPCProcess(), fitness.HCPCRules(),
		SeedOptions{Scale: sc, Seed: seed, Until: testUntil, Password: "x", Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return m, st
}

func TestSeedTiny(t *testing.T) {
	sc, _ := ScaleNamed("tiny")
	m, st := mustSeed(t, sc, 1, 3)
	if st.Cases != sc.Cases || len(m.cases) != sc.Cases || st.Registrants != sc.Registrants || len(m.users) != st.Users {
		t.Fatalf("stats %+v; stored %d cases, %d users", st, len(m.cases), len(m.users))
	}
	if st.LargestEvents != sc.LargestEvents || len(m.docs) != sc.LargestDocuments {
		t.Errorf("largest case %s has %d events and %d documents; want %d and %d", st.Largest, st.LargestEvents,
			len(m.docs), sc.LargestEvents, sc.LargestDocuments)
	}
	refs := map[string]bool{}
	for _, c := range m.cases {
		if refs[c.Reference] {
			t.Errorf("reference %s given twice", c.Reference)
		}
		refs[c.Reference] = true
		if evs := m.events[c.ID]; len(evs) != c.Version || evs[0].Type != fitness.EventCaseOpened {
			t.Errorf("case %s: version %d, %d events", c.Reference, c.Version, len(evs))
		}
	}
	t.Logf("%s", st)
}

func TestSeedIsDeterministic(t *testing.T) {
	sc, _ := ScaleNamed("tiny")
	a, _ := mustSeed(t, sc, 7, 1)
	b, _ := mustSeed(t, sc, 7, 4)
	c, _ := mustSeed(t, sc, 8, 2)
	if a.digest(t) != b.digest(t) {
		t.Error("the same seed made different data with 1 and 4 workers")
	}
	if a.digest(t) == c.digest(t) {
		t.Error("seeds 7 and 8 made the same data")
	}
}

// TestHistoriesReplay replays every event of every case with
// fitness.Case.Apply, from its payload, actor and time, and gets the same
// case: the histories are ones the process table allows.
func TestHistoriesReplay(t *testing.T) {
	sc, _ := ScaleNamed("tiny")
	m, _ := mustSeed(t, sc, 3, 2)
	p, r := fitness.HCPCProcess(), fitness.HCPCRules()
	actors := map[string]fitness.Actor{fitness.SystemActor.UserID: fitness.SystemActor}
	for _, u := range m.users {
		actors[u.ID] = u.Actor()
	}
	for _, want := range m.cases {
		evs := m.events[want.ID]
		co := fitness.Concern{ID: want.ConcernID, Source: want.Source, Summary: want.Summary, ReceivedOn: want.ReceivedOn}
		subject := fitness.ConcernSubject{RegistrantID: evs[0].Payload["registrant_id"]}
		got, _ := fitness.NewCase(p, co, subject, actors[evs[0].ActorID], evs[0].At)
		got.ID, got.RegistrantID, got.SubjectName, got.SubjectDetails = want.ID, "", want.SubjectName, want.SubjectDetails
		if want.RegistrantID != "" && !hasEvent(evs, fitness.ActionIdentifyRegistrant) {
			got.RegistrantID = want.RegistrantID
		}
		for _, e := range evs[1:] {
			next, _, err := got.Apply(p, r, fitness.ActionName(e.Type), actors[e.ActorID], fitness.Input(e.Payload), e.At)
			if err != nil {
				t.Fatalf("case %s event %d %s: %v", want.Reference, e.Seq, e.Type, err)
			}
			got = next
		}
		got.Reference, got.Linked = want.Reference, want.Linked
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("case %s replayed differently (-made +replayed):\n%s", want.Reference, diff)
		}
	}
}

func hasEvent(evs []fitness.Event, a fitness.ActionName) bool {
	for _, e := range evs {
		if e.Type == string(a) {
			return true
		}
	}
	return false
}

// TestManySeeds makes the tiny data set with many seeds: every route of
// the process, taken by thousands of cases, applies without a refusal.
func TestManySeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("many seeds skipped in -short mode")
	}
	sc, _ := ScaleNamed("tiny")
	sc.Years = 12 // long enough for orders, reviews and restoration
	for seed := int64(100); seed < 130; seed++ {
		mustSeed(t, sc, seed, 2)
	}
}
