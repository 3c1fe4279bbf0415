package fitness

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Ground is a statutory ground of an allegation (HPO art 22(1)).
type Ground string

// Grounds. The values are those of the process table's "ground" inputs.
const (
	GroundMisconduct       Ground = "misconduct"
	GroundLackOfCompetence Ground = "lack_of_competence"
	GroundConviction       Ground = "conviction_caution"
	GroundHealth           Ground = "health"
	GroundOtherRegulator   Ground = "other_regulator"
	GroundBarredList       Ground = "barred_list"
)

// GroundOptions lists the grounds as options, in statutory order.
func GroundOptions() []Option { return groundOptions() }

// Valid reports whether g is a known ground.
func (g Ground) Valid() bool {
	return slices.ContainsFunc(groundOptions(), func(o Option) bool { return o.Value == string(g) })
}

// Label returns the ground in words.
func (g Ground) Label() string {
	for _, o := range groundOptions() {
		if o.Value == string(g) {
			return o.Label
		}
	}
	return string(g)
}

// Particular is one numbered particular of an allegation, with its
// lettered sub-particulars.
type Particular struct {
	Number         int
	Text           string
	Subparticulars []string
}

// Allegation is one version of the allegation on a case: the stem, the
// numbered particulars, the statutory grounds and the impairment
// particular. An amendment makes a new version; earlier ones are kept.
type Allegation struct {
	CaseID        string
	Version       int // 1, 2, …
	Stem          string
	Particulars   []Particular
	Grounds       []Ground
	Impairment    string
	AmendedAt     time.Time
	AmendedBy     string // user id
	AmendedByName string
	Reason        string // why it was amended; may be empty for version 1
}

// AllegationInput is what staff give to draft or amend the allegation.
// Particulars are renumbered in order; empty ones are dropped.
type AllegationInput struct {
	Stem        string
	Particulars []Particular
	Grounds     []Ground
	Impairment  string
	Reason      string
}

// Limits on an allegation.
const (
	MaxParticulars    = 100
	MaxSubparticulars = 26
)

// ParticularField names the form field of the i-th particular
// (0-based): "particular-1", "particular-2"…
func ParticularField(i int) string { return fmt.Sprintf("particular-%d", i+1) }

// NextAllegation validates in as the version after prev (the zero
// Allegation when there is none yet) and returns it. EInvalid names the
// fields: stem, particular-N, grounds, impairment, reason; and says so when
// nothing would change.
func NextAllegation(prev Allegation, caseID string, in AllegationInput, a Actor, now time.Time) (Allegation, error) {
	fe := FieldErrors{}
	next := Allegation{CaseID: caseID, Version: prev.Version + 1, AmendedAt: now, AmendedBy: a.UserID,
		AmendedByName: a.Name}
	next.Stem = fieldValue(fe, "stem", "Stem", in.Stem, true, InputTextarea, now)
	next.Particulars = checkParticulars(fe, in.Particulars, now)
	next.Grounds = checkGrounds(fe, in.Grounds)
	next.Impairment = fieldValue(fe, "impairment", "Impairment", in.Impairment, true, InputTextarea, now)
	next.Reason = fieldValue(fe, "reason", "Reason for the amendment", in.Reason, prev.Version > 0, InputTextarea, now)
	if fe["reason"] == "Enter the reason for the amendment" {
		fe["reason"] = "Enter why the allegation is being amended"
	}
	if err := fe.Err(); err != nil {
		return Allegation{}, err
	}
	if prev.Version > 0 && sameAllegation(prev, next) {
		return Allegation{}, &Error{Code: EInvalid, Message: fmt.Sprintf(
			"The allegation is the same as version %d: change something, or cancel", prev.Version)}
	}
	return next, nil
}

// checkParticulars numbers the non-empty particulars from 1, recording a
// message against each one at fault.
func checkParticulars(fe FieldErrors, in []Particular, now time.Time) []Particular {
	var out []Particular
	for i, p := range in {
		field := ParticularField(i)
		text := fieldValue(fe, field, fmt.Sprintf("Particular %d", i+1), p.Text, false, InputTextarea, now)
		var subs []string
		for _, s := range p.Subparticulars {
			if v := fieldValue(fe, field, fmt.Sprintf("Particular %d", i+1), s, false, InputTextarea, now); v != "" {
				subs = append(subs, v)
			}
		}
		switch {
		case text == "" && len(subs) == 0:
			continue
		case text == "":
			fe.Add(field, fmt.Sprintf("Enter the text of particular %d before its sub-particulars", i+1))
		case len(subs) > MaxSubparticulars:
			fe.Add(field, fmt.Sprintf("Particular %d must have %d sub-particulars or fewer", i+1, MaxSubparticulars))
		}
		out = append(out, Particular{Number: len(out) + 1, Text: text, Subparticulars: subs})
	}
	switch {
	case len(out) == 0:
		fe.Add(ParticularField(0), "Enter at least one particular")
	case len(out) > MaxParticulars:
		fe.Add(ParticularField(0), fmt.Sprintf("An allegation must have %d particulars or fewer", MaxParticulars))
	}
	return out
}

// checkGrounds returns the grounds chosen, once each, in statutory order.
func checkGrounds(fe FieldErrors, in []Ground) []Ground {
	var out []Ground
	for _, g := range in {
		if !g.Valid() {
			fe.Add("grounds", "Select statutory grounds from the list")
			return nil
		}
	}
	for _, o := range groundOptions() {
		if slices.Contains(in, Ground(o.Value)) {
			out = append(out, Ground(o.Value))
		}
	}
	if len(out) == 0 {
		fe.Add("grounds", "Select at least one statutory ground")
	}
	return out
}

// sameAllegation reports whether a and b say the same thing.
func sameAllegation(a, b Allegation) bool {
	if a.Stem != b.Stem || a.Impairment != b.Impairment || !slices.Equal(a.Grounds, b.Grounds) ||
		len(a.Particulars) != len(b.Particulars) {
		return false
	}
	for i := range a.Particulars {
		if a.Particulars[i].Source() != b.Particulars[i].Source() {
			return false
		}
	}
	return true
}

// subMarker matches a line starting a sub-particular: "(a)", "a)" or "a."
// followed by a space.
var subMarker = regexp.MustCompile(`^\(?([a-z])[\).]\s+`)

// ParseParticular reads a particular as typed in one text box: the text,
// then each sub-particular on its own line starting "(a)", "(b)"… (or
// "a)", "a."). Lines that follow a sub-particular without a marker
// continue it.
func ParseParticular(s string) Particular {
	var p Particular
	var text []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if m := subMarker.FindStringIndex(trimmed); m != nil {
			p.Subparticulars = append(p.Subparticulars, strings.TrimSpace(trimmed[m[1]:]))
			continue
		}
		if n := len(p.Subparticulars); n > 0 {
			if trimmed != "" {
				p.Subparticulars[n-1] = strings.TrimSpace(p.Subparticulars[n-1] + " " + trimmed)
			}
			continue
		}
		text = append(text, line)
	}
	p.Text = strings.TrimSpace(strings.Join(text, "\n"))
	return p
}

// SubLetter returns the letter of the i-th sub-particular (0-based): a, b…
func SubLetter(i int) string { return string(rune('a' + i%26)) }

// Source returns the particular as typed in one text box, the inverse of
// [ParseParticular].
func (p Particular) Source() string {
	var b strings.Builder
	b.WriteString(p.Text)
	for i, s := range p.Subparticulars {
		fmt.Fprintf(&b, "\n(%s) %s", SubLetter(i), s)
	}
	return b.String()
}

// Text returns the whole allegation as plain text, for letters and diffs.
func (al Allegation) Text() string {
	var b strings.Builder
	b.WriteString(al.Stem + "\n")
	for _, p := range al.Particulars {
		fmt.Fprintf(&b, "%d. %s\n", p.Number, strings.ReplaceAll(p.Source(), "\n", "\n   "))
	}
	fmt.Fprintf(&b, "Grounds: %s\n", al.GroundsText())
	b.WriteString(al.Impairment)
	return b.String()
}

// GroundsText returns the grounds in words, joined with "and".
func (al Allegation) GroundsText() string {
	words := make([]string, len(al.Grounds))
	for i, g := range al.Grounds {
		words[i] = g.Label()
	}
	return andList(words)
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// AmendedEvent is the case event recording version al.
func (al Allegation) AmendedEvent(a Actor) Event {
	grounds := make([]string, len(al.Grounds))
	for i, g := range al.Grounds {
		grounds[i] = string(g)
	}
	return Event{CaseID: al.CaseID, Type: EventAllegationAmended, ActorID: a.UserID, ActorName: a.Name,
		OnBehalfOf: a.OnBehalfOf, At: al.AmendedAt, Reason: al.Reason,
		Payload: map[string]string{"version": fmt.Sprint(al.Version), "grounds": strings.Join(grounds, ","),
			"particulars": fmt.Sprint(len(al.Particulars))}}
}

// AllegationService keeps the allegation of each case and every earlier
// version of it.
type AllegationService interface {
	// CurrentAllegation returns the latest version. ENotFound when the
	// case has none yet or the actor may not see the case.
	CurrentAllegation(ctx context.Context, actor Actor, caseID string) (Allegation, error)
	// AllegationVersions returns every version, oldest first.
	AllegationVersions(ctx context.Context, actor Actor, caseID string) ([]Allegation, error)
	// AmendAllegation records a new version on the case at caseVersion (the
	// case's version, not the allegation's), appending a case event; it
	// returns the new version and the case's new version. EConflict when
	// the case has changed or is closed; EInvalid with fields.
	AmendAllegation(ctx context.Context, actor Actor, caseID string, caseVersion int, in AllegationInput) (Allegation, int, error)
}
