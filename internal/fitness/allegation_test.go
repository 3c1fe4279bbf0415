package fitness

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// validAllegation is a complete first version.
func validAllegation() AllegationInput {
	return AllegationInput{
		Stem: "As a registered Social Worker, whilst employed by Northshire Council, you:",
		Particulars: []Particular{
			ParseParticular("Did not visit Child A between 1 and 30 June 2025."),
			ParseParticular("Recorded visits that did not take place, namely:\n(a) on 3 June 2025;\n(b) on 10 June 2025."),
		},
		Grounds:    []Ground{GroundMisconduct},
		Impairment: "By reason of your misconduct, your fitness to practise is impaired.",
	}
}

func TestNextAllegationVersions(t *testing.T) {
	now := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	v1, err := NextAllegation(Allegation{}, "case-1", validAllegation(), investigator, now)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || len(v1.Particulars) != 2 || v1.Particulars[1].Number != 2 ||
		!cmp.Equal(v1.Particulars[1].Subparticulars, []string{"on 3 June 2025;", "on 10 June 2025."}) {
		t.Fatalf("v1 %+v", v1)
	}
	// The same again is refused; a change needs a reason.
	_, err = NextAllegation(v1, "case-1", validAllegation(), investigator, now)
	if ErrorCode(err) != EInvalid || len(ErrorFields(err)) != 1 || ErrorFields(err)["reason"] == "" {
		t.Errorf("amendment without a reason: %v", err)
	}
	in := validAllegation()
	in.Reason = "Typo"
	_, err = NextAllegation(v1, "case-1", in, investigator, now)
	if ErrorMessage(err) != "The allegation is the same as version 1: change something, or cancel" {
		t.Errorf("unchanged: %v", err)
	}
	in.Grounds = []Ground{GroundLackOfCompetence, GroundMisconduct, GroundMisconduct}
	in.Particulars = append([]Particular{{Text: " "}}, in.Particulars...) // an empty box is dropped
	v2, err := NextAllegation(v1, "case-1", in, investigator, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Reason != "Typo" || !cmp.Equal(v2.Grounds, []Ground{GroundMisconduct, GroundLackOfCompetence}) ||
		len(v2.Particulars) != 2 || v2.Particulars[0].Number != 1 {
		t.Errorf("v2 %+v", v2)
	}
	if got := v2.GroundsText(); got != "Misconduct and Lack of competence" {
		t.Errorf("grounds %q", got)
	}
	e := v2.AmendedEvent(investigator)
	if e.Type != EventAllegationAmended || e.Reason != "Typo" || describe(e) != "Allegation amended (version 2)" {
		t.Errorf("event %+v: %q", e, describe(e))
	}
}

func describe(e Event) string { return DescribeEvent(HCPCProcess(), e) }

func TestNextAllegationErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*AllegationInput)
		want   map[string]string
	}{
		{"empty", func(in *AllegationInput) { *in = AllegationInput{} }, map[string]string{
			"stem": "Enter the stem", "particular-1": "Enter at least one particular",
			"grounds": "Select at least one statutory ground", "impairment": "Enter the impairment"}},
		{"unknown ground", func(in *AllegationInput) { in.Grounds = []Ground{"rudeness"} }, map[string]string{
			"grounds": "Select statutory grounds from the list"}},
		{"sub-particulars without text", func(in *AllegationInput) {
			in.Particulars[1] = Particular{Subparticulars: []string{"on 3 June"}}
		}, map[string]string{"particular-2": "Enter the text of particular 2 before its sub-particulars"}},
		{"too long", func(in *AllegationInput) { in.Stem = strings.Repeat("x", InputTextareaMax+1) }, map[string]string{
			"stem": "Stem must be 20,000 characters or fewer"}},
	}
	for _, tt := range tests {
		in := validAllegation()
		tt.change(&in)
		_, err := NextAllegation(Allegation{}, "case-1", in, investigator, time.Now())
		if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestParticularSource(t *testing.T) {
	tests := []struct {
		typed string
		want  Particular
	}{
		{"Did not visit.", Particular{Text: "Did not visit."}},
		{"Recorded visits:\r\n(a) on 3 June;\n b) on 10\n June;\nc. on 17 June.", Particular{Text: "Recorded visits:",
			Subparticulars: []string{"on 3 June;", "on 10 June;", "on 17 June."}}},
		{"Two lines\nof text", Particular{Text: "Two lines\nof text"}},
	}
	for _, tt := range tests {
		got := ParseParticular(tt.typed)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseParticular(%q) (-want +got):\n%s", tt.typed, diff)
		}
		if again := ParseParticular(got.Source()); !cmp.Equal(again, got) {
			t.Errorf("round trip of %q: %+v", tt.typed, again)
		}
	}
}

func TestDiffWords(t *testing.T) {
	got := DiffWords("Did not visit Child A in June.", "Did not visit Child A or Child B in June 2025.")
	want := []DiffPart{
		{DiffSame, "Did not visit Child A "},
		{DiffAdded, "or Child B "},
		{DiffSame, "in "},
		{DiffRemoved, "June."},
		{DiffAdded, "June 2025."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var before, after strings.Builder
	for _, p := range got {
		if p.Op != DiffAdded {
			before.WriteString(p.Text)
		}
		if p.Op != DiffRemoved {
			after.WriteString(p.Text)
		}
	}
	if before.String() != "Did not visit Child A in June." || after.String() != "Did not visit Child A or Child B in June 2025." {
		t.Errorf("parts do not rebuild the texts: %q %q", before.String(), after.String())
	}
}

func TestDiffAllegations(t *testing.T) {
	v1, _ := NextAllegation(Allegation{}, "c", validAllegation(), investigator, time.Now())
	in := validAllegation()
	in.Particulars = in.Particulars[:1]
	in.Grounds = []Ground{GroundMisconduct, GroundLackOfCompetence}
	in.Reason = "Particular 2 withdrawn"
	v2, err := NextAllegation(v1, "c", in, investigator, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, d := range DiffAllegations(v1, v2) {
		sections = append(sections, d.Section)
	}
	if diff := cmp.Diff([]string{"Particular 2", "Statutory grounds"}, sections); diff != "" {
		t.Errorf("changed sections (-want +got):\n%s", diff)
	}
	grounds := DiffAllegations(v1, v2)[1].Parts
	if grounds[len(grounds)-1] != (DiffPart{DiffAdded, "\nLack of competence"}) {
		t.Errorf("grounds diff %+v", grounds)
	}
}
