package sqldb

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

func allegationInput() fitness.AllegationInput {
	return fitness.AllegationInput{
		Stem: "As a registered Social Worker, whilst employed by Riverside Council, you:",
		Particulars: []fitness.Particular{
			{Text: "Did not visit Child A in June 2025."},
			{Text: "Recorded visits that did not take place, namely:", Subparticulars: []string{"on 3 June 2025;", "on 10 June 2025."}},
		},
		Grounds:    []fitness.Ground{fitness.GroundMisconduct},
		Impairment: "By reason of your misconduct, your fitness to practise is impaired.",
	}
}

// TestAllegationAmendmentKeepsVersions drafts an allegation, amends it,
// refuses a stale amendment, and reads every version back.
func TestAllegationAmendmentKeepsVersions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		_, err := f.allegations.CurrentAllegation(ctx, f.manager, f.theCase.ID)
		mustCode(t, err, fitness.ENotFound, "There is no allegation on this case yet")

		v1, caseVersion, err := f.allegations.AmendAllegation(ctx, f.manager, f.theCase.ID, f.theCase.Version, allegationInput())
		if err != nil {
			t.Fatal(err)
		}
		if v1.Version != 1 || caseVersion != f.theCase.Version+1 {
			t.Fatalf("v1 %d, case version %d", v1.Version, caseVersion)
		}
		in := allegationInput()
		in.Particulars = in.Particulars[1:]
		in.Grounds = append(in.Grounds, fitness.GroundLackOfCompetence)
		in.Reason = "Particular 1 is not pursued"
		// At the version before the draft: refused, nothing stored.
		_, _, err = f.allegations.AmendAllegation(ctx, f.manager, f.theCase.ID, f.theCase.Version, in)
		mustCode(t, err, fitness.EConflict, "")
		f.clock.Add(time.Hour)
		v2, caseVersion, err := f.allegations.AmendAllegation(ctx, f.manager, f.theCase.ID, caseVersion, in)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := f.allegations.AllegationVersions(ctx, f.manager, f.theCase.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]fitness.Allegation{v1, v2}, vs); diff != "" {
			t.Errorf("versions (-stored +read):\n%s", diff)
		}
		cur, err := f.allegations.CurrentAllegation(ctx, f.manager, f.theCase.ID)
		if err != nil || cur.Version != 2 || cur.Reason != "Particular 1 is not pursued" || len(cur.Particulars) != 1 ||
			cur.Particulars[0].Number != 1 {
			t.Errorf("current %+v %v", cur, err)
		}
		evs := f.mustEvents(t)
		if len(evs) != caseVersion || evs[len(evs)-1].Type != fitness.EventAllegationAmended ||
			evs[len(evs)-1].Reason != in.Reason || evs[len(evs)-1].Payload["version"] != "2" {
			t.Errorf("events %+v", evs[len(evs)-1])
		}
		registrar := MustCreateUser(t, f.users, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar).Actor()
		in.Reason = "Another change"
		in.Stem += " (amended)"
		_, _, err = f.allegations.AmendAllegation(ctx, registrar, f.theCase.ID, caseVersion, in)
		mustCode(t, err, fitness.EForbidden, "")
		_, _, err = f.allegations.AmendAllegation(ctx, f.manager, f.theCase.ID, caseVersion, fitness.AllegationInput{})
		mustCode(t, err, fitness.EInvalid, "")
		if n := count(t, db, "allegation_versions"); n != 2 {
			t.Errorf("%d versions stored", n)
		}
	})
}
