package sqldb

import (
	"context"
	"testing"

	"fitness/internal/fitness"
)

// TestInterimOrderByActions: the interim-track actions taken on the case
// itself keep the interim order and the register in step: a court's
// extension moves the order's end on the register, and ending the order
// takes it off.
func TestInterimOrderByActions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		c = f.MustApply(t, f.manager, c, fitness.ActionReferInterim, fitness.Input{"basis": "public_protection", "reason": "Risk to children."})
		h := f.mustList(t, c, fitness.HearingInterim, date(2026, 3, 16), func(in *fitness.HearingInput) { in.Remote, in.Venue = true, "" })
		f.at(date(2026, 3, 16))
		f.mustDecide(t, h, fitness.HearingDecisionInput{Granted: fitness.AnswerYes, InterimKind: fitness.OrderInterimSuspension,
			Reasons: "Necessary to protect the public."})
		f.wantRegister(t, f.sw.ID, fitness.StatusSuspended, "Interim suspension order from 16 March 2026 to 16 September 2027")

		f.at(date(2027, 8, 2))
		c = f.MustApply(t, f.registrar, f.mustCase(t, c.ID), fitness.ActionExtendInterim, fitness.Input{"extended_until": "2028-03-09", "court": "High Court"})
		f.wantRegister(t, f.sw.ID, fitness.StatusSuspended, "Interim suspension order from 16 March 2026 to 9 March 2028")

		f.at(date(2027, 10, 1))
		c = f.MustApply(t, f.officer, f.mustCase(t, c.ID), fitness.ActionEndInterim, fitness.Input{"ended_by": "revoked", "note": "Revoked on review."})
		if c.InterimStage != fitness.StageInterimEnded {
			t.Errorf("interim track %s", c.InterimStage)
		}
		f.wantRegister(t, f.sw.ID, fitness.StatusRegistered)
		orders, err := f.hearings.CaseOrders(ctx, f.officer, c.ID)
		if err != nil || len(orders) != 1 || orders[0].Status != fitness.OrderRevoked || !orders[0].End.Equal(date(2027, 10, 1)) ||
			orders[0].StatusReason != "Revoked on review" {
			t.Errorf("orders %+v, %v", orders, err)
		}
	})
}
