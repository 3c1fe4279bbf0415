package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// mustAllegation drafts the case's allegation and amends it once.
func (f *hearingFixture) mustAllegation(tb testing.TB, c fitness.Case) fitness.Case {
	tb.Helper()
	ctx := context.Background()
	as := NewAllegationService(f.db, f.clock.Now)
	in := fitness.AllegationInput{Stem: "As a registered social worker employed by Eastshire Council:",
		Particulars: []fitness.Particular{{Text: "You did not visit Family A."}},
		Grounds:     []fitness.Ground{fitness.GroundMisconduct}, Impairment: "Your fitness to practise is impaired."}
	_, v, err := as.AmendAllegation(ctx, f.manager, c.ID, c.Version, in)
	if err != nil {
		tb.Fatal(err)
	}
	in.Particulars = append(in.Particulars, fitness.Particular{Text: "You did not record why."})
	in.Reason = "A second particular."
	if _, _, err = as.AmendAllegation(ctx, f.manager, c.ID, v, in); err != nil {
		tb.Fatal(err)
	}
	return f.mustCase(tb, c.ID)
}

// TestPublicRecords: listings go up four weeks ahead with the allegation
// as amended; decisions once published, without their private parts, until
// taken down; nothing of an Investigating Committee hearing, ever.
func TestPublicRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustHearingFixture(t, db)
		c := f.mustAllegation(t, f.mustPreHearingCase(t, f.sw.ID))
		h := f.mustList(t, c, fitness.HearingFinal, date(2026, 4, 20), func(in *fitness.HearingInput) {
			in.Privacy = fitness.PrivacyPartly
		})
		ic := f.mustPreHearingCase(t, f.sw2.ID)
		icHearing := f.mustList(t, ic, fitness.HearingFinal, date(2026, 4, 20), func(in *fitness.HearingInput) {
			in.Committee = fitness.CommitteeInvestigating
		})
		if n := count(t, db, "publications"); n != 1 {
			t.Errorf("%d publications, want the CCC listing alone", n)
		}
		if ls, err := f.hearings.PublicListings(ctx, time.Date(2026, 3, 22, 23, 0, 0, 0, time.UTC)); err != nil || len(ls) != 0 {
			t.Errorf("before 23 March: %+v, %v", ls, err)
		}
		ls, err := f.hearings.PublicListings(ctx, date(2026, 3, 23))
		if err != nil || len(ls) != 1 {
			t.Fatalf("listings %+v, %v", ls, err)
		}
		l := ls[0]
		if l.HearingID != h.ID || l.Name != "Dana Fairweather" || l.RegistrationNumber != "SW100001" || l.Town != "Eastby" ||
			l.ProfessionName != "Social worker in England" || !l.AsAmended || !strings.Contains(l.Allegation, "You did not record why.") ||
			l.Place != "Hearing Centre, Northby" {
			t.Errorf("listing %+v", l)
		}
		_, err = f.hearings.PublicListing(ctx, icHearing.ID, date(2026, 4, 1))
		mustCode(t, err, fitness.ENotFound, "")

		f.at(date(2026, 4, 21))
		in := suspension(fitness.GroundMisconduct, 6)
		in.Facts = append(in.Facts, fitness.ParticularFinding{Number: "2", Text: "CANARY-PARTICULAR", Finding: fitness.FactAdmitted, Private: true})
		in.PrivateReasons, in.Preliminary.PrivateSessions = "CANARY-PRIVATE-REASONS", "CANARY-SESSION"
		f.mustDecide(t, h, in)
		icIn := suspension(fitness.GroundMisconduct, 6)
		icIn.Reasons = "CANARY-IC-DECISION"
		f.mustDecide(t, icHearing, icIn)
		pubs, err := f.hearings.CasePublications(ctx, f.officer, c.ID)
		if err != nil || len(pubs) != 2 || pubs[0].Kind != fitness.PublicationDecision || !pubs[0].PublishedAt.IsZero() ||
			!pubs[0].DueBy.Equal(date(2026, 4, 28)) {
			t.Fatalf("publications %+v, %v", pubs, err)
		}
		_, err = f.hearings.PublicDecision(ctx, pubs[0].ID, f.clock.Now())
		mustCode(t, err, fitness.ENotFound, "")
		c = f.mustCase(t, c.ID)
		_, err = f.hearings.PublishDecision(ctx, f.manager, c.ID, pubs[0].ID, c.Version)
		mustCode(t, err, fitness.EForbidden, "")
		// Through another case, the publication is not found.
		other := f.mustCase(t, ic.ID)
		_, err = f.hearings.PublishDecision(ctx, f.officer, other.ID, pubs[0].ID, other.Version)
		mustCode(t, err, fitness.ENotFound, "There is no such publication on this case")
		p, err := f.hearings.PublishDecision(ctx, f.officer, c.ID, pubs[0].ID, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.hearings.PublicDecision(ctx, p.ID, f.clock.Now())
		if err != nil || d.Name != "Dana Fairweather" || d.Outcome != "Suspension order" || !strings.Contains(d.Text, "Practice is not yet safe.") {
			t.Fatalf("public decision %+v, %v", d, err)
		}
		for _, canary := range []string{"CANARY-PARTICULAR", "CANARY-PRIVATE-REASONS", "CANARY-SESSION"} {
			if strings.Contains(d.Text, canary) {
				t.Errorf("published text holds %s", canary)
			}
		}
		rows, err := db.Reader().QueryContext(ctx, `SELECT redacted_text FROM publications`)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := scanIDs(rows)
		if err != nil || strings.Contains(strings.Join(texts, "|"), "CANARY") {
			t.Errorf("a publication holds a canary: %q, %v", texts, err)
		}
		// The listing came down after the hearing's last day.
		_, err = f.hearings.PublicListing(ctx, h.ID, f.clock.Now())
		mustCode(t, err, fitness.ENotFound, "")
		_, err = f.hearings.PublicDecision(ctx, p.ID, p.TakeDownAt)
		mustCode(t, err, fitness.ENotFound, "")
		events, _ := f.cases.CaseEvents(ctx, f.officer, c.ID)
		if last := events[len(events)-1]; last.Type != string(fitness.ActionPublishDecision) {
			t.Errorf("last event %s", last.Type)
		}
	})
}
