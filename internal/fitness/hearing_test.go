package fitness

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestListingCheck walks the notice boundary: 28 days' notice from Monday
// 2 March 2026 is Monday 30 March.
func TestListingCheck(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		name   string
		start  time.Time
		agreed bool
		want   string
	}{
		{"one day short", date(2026, 3, 29), false, "The hearing must be on or after 30 March 2026, to give notice of at least 28 days, unless short notice is agreed"},
		{"exactly the notice", date(2026, 3, 30), false, ""},
		{"at ten in the morning on the day", time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC), false, ""},
		{"longer notice", date(2026, 5, 1), false, ""},
		{"short notice agreed", date(2026, 3, 3), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ListingCheck(r, monday, tt.start, tt.agreed)
			if got := ErrorFields(err)["hearing_date"]; got != tt.want {
				t.Errorf("ListingCheck = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestListHearingShortNotice checks the process guard uses the same rule:
// short notice needs its reason, then is accepted.
func TestListHearingShortNotice(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	c := caseAt(StagePreHearing)
	in := Input{"hearing_date": "2026-03-10", "committee": "ccc", "short_notice_agreed": "yes"}
	_, _, err := c.Apply(p, r, ActionListHearing, hearingsOfficer, in, monday)
	if got := ErrorFields(err)["short_notice_reason"]; got != "Enter why short notice was agreed" {
		t.Fatalf("without a reason: %v", err)
	}
	in["short_notice_reason"] = "The registrant asked for an early date."
	next, _ := MustApply(t, c, ActionListHearing, hearingsOfficer, in, monday)
	if next.Stage != StageFinalHearing {
		t.Errorf("stage %s", next.Stage)
	}
}

func TestHearingInputValidate(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	valid := HearingInput{Kind: HearingFinal, Committee: CommitteeConductCompetence, Date: date(2026, 4, 20),
		StartTime: "09:30", EndDate: date(2026, 4, 22), Venue: "Hearing Centre, 1 Example Road, Northby"}
	h, err := valid.Validate(p, r, caseAt(StagePreHearing), monday)
	if err != nil {
		t.Fatal(err)
	}
	// 09:30 in London on 20 April is 08:30 UTC (summer time).
	if want := time.Date(2026, 4, 20, 8, 30, 0, 0, time.UTC); !h.Start.Equal(want) || !h.End.Equal(date(2026, 4, 22)) {
		t.Errorf("start %v end %v", h.Start, h.End)
	}
	if h.Privacy != PrivacyPublic || h.Status != HearingListed {
		t.Errorf("privacy %q status %q", h.Privacy, h.Status)
	}
	tests := []struct {
		name  string
		c     Case
		edit  func(*HearingInput)
		field string
		want  string
	}{
		{"no venue", caseAt(StagePreHearing), func(in *HearingInput) { in.Venue = "" }, "venue", "Enter the venue, or say that the hearing is held remotely"},
		{"remote needs no venue", caseAt(StagePreHearing), func(in *HearingInput) { in.Venue, in.Remote = "", true }, "", ""},
		{"wrong stage", caseAt(StageICP), func(*HearingInput) {}, "kind", "A final hearing can only be listed at Preparing for hearing; this case is at Investigating Committee"},
		{"short notice", caseAt(StagePreHearing), func(in *HearingInput) { in.Date, in.EndDate = date(2026, 3, 16), time.Time{} }, "hearing_date",
			"The hearing must be on or after 30 March 2026, to give notice of at least 28 days, unless short notice is agreed"},
		{"short notice agreed without reason", caseAt(StagePreHearing), func(in *HearingInput) {
			in.Date, in.EndDate, in.ShortNoticeAgreed = date(2026, 3, 16), time.Time{}, true
		},
			"short_notice_reason", "Enter why short notice was agreed"},
		{"end before start", caseAt(StagePreHearing), func(in *HearingInput) { in.EndDate = date(2026, 4, 19) }, "end_date", "The last day must be on or after the first day"},
		{"bad time", caseAt(StagePreHearing), func(in *HearingInput) { in.StartTime = "half nine" }, "start_time", "Enter the start time as hours and minutes on the 24-hour clock, like 09:30"},
		{"review needs its kind", caseAt(StageOrderInForce), func(in *HearingInput) { in.Kind = HearingReview }, "review_type", "Select the kind of review"},
		{"interim hearing at short notice", func() Case { c := caseAt(StageInvestigation); c.InterimStage = StageInterimConsidered; return c }(),
			func(in *HearingInput) { in.Kind, in.Date, in.EndDate = HearingInterim, date(2026, 3, 4), time.Time{} }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.edit(&in)
			_, err := in.Validate(p, r, tt.c, monday)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				return
			}
			if got := ErrorFields(err)[tt.field]; got != tt.want {
				t.Errorf("%s = %q, want %q (all: %v)", tt.field, got, tt.want, err)
			}
		})
	}
}

// TestHearingDates counts the evidence, notice and publication dates back
// from the first day.
func TestHearingDates(t *testing.T) {
	h := Hearing{Kind: HearingFinal, Start: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	got := h.Dates(HCPCRules())
	want := HearingDates{NoticeBy: date(2026, 5, 4), RegulatorEvidenceBy: date(2026, 4, 20),
		RegistrantEvidenceBy: date(2026, 5, 4), ListingPublishedOn: date(2026, 5, 4)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestListActionApplies checks a listed hearing's process action is
// accepted by the process table.
func TestListActionApplies(t *testing.T) {
	h := Hearing{Kind: HearingFinal, Committee: CommitteeHealth, Start: time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC), Remote: true}
	name, in, ok := h.ListAction("")
	if !ok || name != ActionListHearing || in["committee"] != "hc" || in["mode"] != "remote" {
		t.Fatalf("%s %v %v", name, in, ok)
	}
	next, _ := MustApply(t, caseAt(StagePreHearing), name, hearingsOfficer, in, monday)
	if _, ok := deadlineDue(next, DeadlineRegulatorEvidence); !ok {
		t.Error("no evidence deadline")
	}
	review := Hearing{Kind: HearingReview, Start: h.Start}
	name, in, _ = review.ListAction("mandatory")
	if next, _ := MustApply(t, caseAt(StageOrderInForce), name, hearingsOfficer, in, monday); next.Stage != StageReview {
		t.Errorf("review listed to %s", next.Stage)
	}
	if _, _, ok := (Hearing{Kind: HearingRestoration}).ListAction(""); ok {
		t.Error("restoration hearings have no listing action")
	}
}

// TestOfferedActions: the actions taken as bare actions are those
// available less the ones recorded through hearings, and nothing else is
// removed.
func TestOfferedActions(t *testing.T) {
	p := HCPCProcess()
	removed := 0
	for _, s := range []Stage{StagePreHearing, StageFinalHearing, StageOrderInForce} {
		c := caseAt(s)
		for _, a := range []Actor{caseManager, teamLeader, hearingsOfficer, registrar} {
			offered := p.OfferedActions(c, a)
			var want []ActionDef
			for _, d := range p.Available(c, a) {
				if IsHearingAction(d.Name) {
					removed++
					continue
				}
				want = append(want, d)
			}
			if len(offered) != len(want) {
				t.Fatalf("%s, %s: %d offered; want %d", s, a.UserID, len(offered), len(want))
			}
			for i := range want {
				if offered[i].Name != want[i].Name {
					t.Errorf("%s, %s: offered %s; want %s", s, a.UserID, offered[i].Name, want[i].Name)
				}
			}
		}
	}
	if removed == 0 {
		t.Error("no hearing action was available to remove: the test proves nothing")
	}
	if !IsHearingAction(ActionListHearing) || IsHearingAction(ActionAddNote) {
		t.Error("IsHearingAction disagrees with HearingActions")
	}
}
