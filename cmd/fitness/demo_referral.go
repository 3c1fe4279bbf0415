package main

import (
	"context"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

// demoReferralReason is why the demo's struck-off case is a safeguarding
// case; the demo test finds its prompt by it.
const demoReferralReason = "The registrant worked in residential care for adults at risk; the conviction shows a risk of harm to them."

// seedDemoReferrals records the demo's referrals: one received from the
// Care Quality Commission about a registrant (a concern and its case, under
// the body's source category), one made to a police force, and marks the
// struck-off demo case as a safeguarding case, so that its case page and
// the team leader's list prompt a referral to the barring service.
func seedDemoReferrals(ctx context.Context, a *app, users map[string]fitness.User, reg *demoRegister) error {
	leader := users[tl].Actor()
	day := func(ago int) string { return a.now().AddDate(0, 0, -ago).Format(time.DateOnly) }
	var picked []string
	for i := 400; i < len(reg.registrants) && len(picked) < 2; i += 11 {
		if reg.registrants[i].Status == fitness.StatusRegistered {
			picked = append(picked, reg.registrants[i].ID)
		}
	}
	if len(picked) < 2 {
		return fmt.Errorf("referrals: no registered registrants to refer")
	}
	for _, in := range []fitness.ReferralInput{
		{Direction: fitness.ReferralIn, BodyID: fitness.BodyIDCareQualityCommission, RegistrantID: picked[0],
			ReferredOn: day(4), TheirReference: "CQC-INS-20417",
			Reason: "An inspection of a nursing home found medicines records altered by the registrant."},
		{Direction: fitness.ReferralOut, BodyID: fitness.BodyIDPoliceForce, RegistrantID: picked[1], ReferredOn: day(9),
			Reason: "Information received suggests an offence against a service user; passed to the police."},
	} {
		if _, _, err := a.cases.CreateReferral(ctx, leader, in); err != nil {
			return fmt.Errorf("referral: %w", err)
		}
	}
	struck, err := a.cases.ListCases(ctx, leader, fitness.CaseFilter{Stage: fitness.StageStruckOff, Limit: 1})
	if err != nil || len(struck.Cases) == 0 {
		return fmt.Errorf("referrals: the struck-off demo case: %v", err)
	}
	c := struck.Cases[0].Case
	if _, _, err := a.cases.MarkSafeguarding(ctx, leader, c.ID, c.Version, demoReferralReason); err != nil {
		return fmt.Errorf("safeguarding: %w", err)
	}
	return nil
}
