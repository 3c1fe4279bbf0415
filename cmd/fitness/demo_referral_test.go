package main

import (
	"context"
	"testing"

	"fitness/internal/fitness"
)

// TestDemoReferrals seeds the demo and checks its referrals: the one
// received from the Care Quality Commission opened a case counted under
// "other", and the struck-off safeguarding case prompts a referral to the
// barring service on the team leader's list.
func TestDemoReferrals(t *testing.T) {
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		a := mustDemo(t, target)
		leader := mustActor(t, a, tl)
		in, err := a.cases.ListReferrals(ctx, leader, fitness.ReferralFilter{Direction: fitness.ReferralIn})
		if err != nil || len(in) != 1 || in[0].CaseID == "" {
			t.Fatalf("referrals received: %+v, %v", in, err)
		}
		c, err := a.cases.FindCase(ctx, leader, in[0].CaseID)
		if err != nil || c.Source != fitness.SourceOther || c.RegistrantID != in[0].RegistrantID {
			t.Errorf("case of the CQC referral: %+v, %v", c, err)
		}
		prompts, err := a.cases.BarringPrompts(ctx, leader)
		if err != nil || len(prompts) != 1 || prompts[0].Reason != demoReferralReason {
			t.Errorf("barring prompts: %+v, %v", prompts, err)
		}
	})
}
