package synth

import (
	"slices"
	"testing"

	"fitness/internal/fitness"
)

// TestFunnel checks that the small data set has the shape of
// ftp-process.md §6.5: sources, where cases leave the funnel, hearings,
// orders and interim orders, time to the Investigating Committee's decision
// and to the final hearing's, and a largest case of 10,000 events.
func TestFunnel(t *testing.T) {
	if testing.Short() {
		t.Skip("funnel test skipped in -short mode")
	}
	sc, _ := ScaleNamed("small")
	m, st := mustSeed(t, sc, 11, 2)
	if st.LargestEvents != sc.LargestEvents || len(m.events[largestID(m)]) != sc.LargestEvents {
		t.Errorf("largest case has %d events; want %d", st.LargestEvents, sc.LargestEvents)
	}
	closedAt, sources := map[fitness.Stage]int{}, map[fitness.SourceCategory]int{}
	closed := 0
	types := map[string]int{}
	var toICP, toHearing []float64
	for _, c := range m.cases {
		sources[c.Source]++
		if !c.Open() {
			closed++
			closedAt[c.Stage]++
		}
		for _, e := range m.events[c.ID] {
			types[e.Type]++
			days := e.At.Sub(c.ReceivedOn).Hours() / 24
			switch fitness.ActionName(e.Type) {
			case fitness.ActionCaseToAnswer, fitness.ActionNoCaseToAnswer:
				toICP = append(toICP, days)
			case fitness.ActionNotWellFounded, fitness.ActionNoFurtherAction, fitness.ActionRecordSanction:
				toHearing = append(toHearing, days)
			}
		}
	}
	share := func(n, of int) float64 { return 100 * float64(n) / float64(of) }
	checks := []struct {
		what     string
		got      float64
		lo, high float64
	}{
		{"public source %", share(sources[fitness.SourcePublic], len(m.cases)), 38, 48},
		{"employer source %", share(sources[fitness.SourceEmployer], len(m.cases)), 19, 29},
		{"closed at triage %", share(closedAt[fitness.StageClosedOutsideRemit], closed), 17, 29},
		{"closed at threshold %", share(closedAt[fitness.StageClosedThresholdNotMet], closed), 33, 47},
		{"no case to answer %", share(closedAt[fitness.StageClosedNoCaseToAnswer], closed), 9, 18},
		{"median days to ICP decision", median(toICP), 180, 540},
		{"median days to final hearing decision", median(toHearing), 365, 1100},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.high {
			t.Errorf("%s = %.1f; want %.0f to %.0f", c.what, c.got, c.lo, c.high)
		}
	}
	for _, a := range []fitness.ActionName{fitness.ActionListHearing, fitness.ActionRecordSanction, fitness.ActionOrderTakesEffect,
		fitness.ActionReviewDecision, fitness.ActionStrikingOffTakesEffect, fitness.ActionImposeInterim, fitness.ActionReviewInterim,
		fitness.ActionRecordAppeal, fitness.ActionApproveConsent, fitness.ActionNoResponse, fitness.ActionIdentifyRegistrant} {
		if types[string(a)] == 0 {
			t.Errorf("no %s in the data set", a)
		}
	}
	t.Logf("%s; median days to ICP decision %.0f, to final hearing decision %.0f", st, median(toICP), median(toHearing))
}

func largestID(m *memorySink) string {
	id, most := "", 0
	for _, c := range m.cases {
		if c.Version > most {
			id, most = c.ID, c.Version
		}
	}
	return id
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
