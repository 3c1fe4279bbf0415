package sqldb

import (
	"context"
	"testing"

	"fitness/internal/fitness"
)

// TestHearingPanelSeesListedCase: the members of a hearing's panel see the
// case while the hearing is listed, in its list and on its own, and no
// other case; a member who declares a conflict loses it at once; all lose
// it once the panel's decision is recorded.
func TestHearingPanelSeesListedCase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustPreHearingCase(t, f.sw.ID)
		other := f.mustPreHearingCase(t, f.sw.ID)
		lay, chair, member := actorOf(f.lay), actorOf(f.chair), actorOf(f.swMember)
		sees := func(who fitness.Actor, want bool) {
			t.Helper()
			_, err := f.cases.FindCase(ctx, who, c.ID)
			page, lerr := f.cases.ListCases(ctx, who, fitness.CaseFilter{})
			if lerr != nil {
				t.Fatal(lerr)
			}
			listed := len(page.Cases) == 1 && page.Cases[0].ID == c.ID
			if want && (err != nil || !listed) {
				t.Errorf("%s: find %v, list %d cases; want the case", who.Name, err, len(page.Cases))
			}
			if !want {
				mustCode(t, err, fitness.ENotFound, "Case not found")
				if len(page.Cases) != 0 {
					t.Errorf("%s lists %d cases, want none", who.Name, len(page.Cases))
				}
			}
		}
		// Before the hearing is listed, no panel member sees the case.
		sees(lay, false)
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20), func(in *fitness.HearingInput) { in.Panel = f.swPanel() })
		sees(lay, true)
		sees(chair, true)
		sees(member, true)
		sees(actorOf(f.chair2), false) // not on this panel
		_, err := f.cases.FindCase(ctx, lay, other.ID)
		mustCode(t, err, fitness.ENotFound, "Case not found")

		// A conflict declared by a member beats their seat on the panel.
		if _, err := f.panels.DeclareConflict(ctx, member, fitness.Conflict{UserID: f.swMember.ID,
			RegistrantID: f.sw.ID, Reason: "We trained together."}); err != nil {
			t.Fatal(err)
		}
		sees(member, false)
		sees(lay, true)

		// Once the decision is recorded, the panel no longer sees the case.
		f.at(date(2026, 4, 20))
		f.mustDecide(t, h, suspension(fitness.GroundMisconduct, 6))
		sees(lay, false)
		sees(chair, false)
		if _, err := f.cases.FindCase(ctx, f.officer, c.ID); err != nil {
			t.Errorf("the hearings officer still sees it: %v", err)
		}
	})
}
