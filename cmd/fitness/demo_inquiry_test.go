package main

import (
	"context"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// TestDemoInquiryPeople checks the demo council's staff: deterministic,
// the boundary cases of the period first, dates in order.
func TestDemoInquiryPeople(t *testing.T) {
	people, jobs := demoInquiryPeople(synth.New(demoInquirySeed))
	again, _ := demoInquiryPeople(synth.New(demoInquirySeed))
	if len(people) != demoInquiryStaff || people[10].Name() != again[10].Name() {
		t.Fatalf("%d people, or different between two runs", len(people))
	}
	from, to := date(1997, time.January, 1), date(2013, time.December, 31)
	in := map[int]bool{}
	for _, j := range jobs {
		if !j.to.IsZero() && j.to.Before(j.from) {
			t.Errorf("%s: job ends before it starts", people[j.person].Number)
		}
		if !j.elsewhere && fitness.EmploymentOverlaps(j.from, j.to, from, to) {
			in[j.person] = true
		}
	}
	// Left the day before the period (out), joined on its last day (in),
	// still employed (in), moved on (in), struck off (in), lapsed (in),
	// joined after it (out).
	for i, want := range []bool{false, true, true, true, true, true, false} {
		if in[i] != want {
			t.Errorf("boundary person %d (%s): in scope %v, want %v", i, people[i].Number, in[i], want)
		}
	}
}

// TestDemoInquiry seeds the demo and checks its inquiry: the team leader
// and the case manager on its team see it, another case manager does not,
// and its stored scope holds exactly the people the domain's rule puts in.
func TestDemoInquiry(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		a := mustDemo(t, target)
		actor := func(email string) fitness.Actor { return mustActor(t, a, email) }
		for email, want := range map[string]int{"team-leader@demo.test": 1, cm1: 1, "case-manager-2@demo.test": 0} {
			list, err := a.inquiries.ListInquiries(ctx, actor(email))
			if err != nil || len(list) != want {
				t.Fatalf("%s lists %d inquiries (%v); want %d", email, len(list), err, want)
			}
		}
		list, _ := a.inquiries.ListInquiries(ctx, actor(cm1))
		snap, err := a.inquiries.Snapshot(ctx, actor(cm1), list[0].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		_, jobs := demoInquiryPeople(synth.New(demoInquirySeed))
		in := map[int]bool{}
		for _, j := range jobs {
			if !j.elsewhere && fitness.EmploymentOverlaps(j.from, j.to, list[0].From, list[0].To) {
				in[j.person] = true
			}
		}
		if list[0].Title != demoInquiryTitle || snap.People != len(in) || snap.Rule != fitness.OverlapRule {
			t.Errorf("demo inquiry %q: %d in scope by %s; want %d", list[0].Title, snap.People, snap.Rule, len(in))
		}
	})
}
