package fitness

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PanelKind is the seat a panel member is appointed to fill: a chair, a
// lay member or a registrant member.
type PanelKind string

// Panel kinds.
const (
	PanelChair      PanelKind = "chair"
	PanelLay        PanelKind = "lay"
	PanelRegistrant PanelKind = "registrant"
)

// PanelKinds lists every kind in the order a panel is described: chair,
// lay member, registrant member.
var PanelKinds = []PanelKind{PanelChair, PanelLay, PanelRegistrant}

// Valid reports whether k is a known kind.
func (k PanelKind) Valid() bool { return slices.Contains(PanelKinds, k) }

// Label returns the kind in words.
func (k PanelKind) Label() string {
	switch k {
	case PanelChair:
		return "Chair"
	case PanelLay:
		return "Lay member"
	case PanelRegistrant:
		return "Registrant member"
	}
	return string(k)
}

// PanelKindOptions lists the kinds as options.
func PanelKindOptions() []Option {
	out := make([]Option, len(PanelKinds))
	for i, k := range PanelKinds {
		out[i] = Option{Value: string(k), Label: k.Label()}
	}
	return out
}

// PanelMember is a staff user appointed to sit on panels, with the seat
// they fill. A registrant member is on the register of ProfessionCode.
type PanelMember struct {
	UserID           string
	Name             string
	Kind             PanelKind
	ProfessionCode   string // registrant members only
	LegallyQualified bool
}

// Describe returns the member in words: "Jo Bloggs (registrant member,
// Social worker in England)".
func (m PanelMember) Describe(professions []Profession) string {
	s := m.Name + " (" + strings.ToLower(m.Kind.Label())
	if m.Kind == PanelRegistrant {
		s += ", " + professionName(professions, m.ProfessionCode)
	}
	if m.LegallyQualified {
		s += ", legally qualified"
	}
	return s + ")"
}

func professionName(ps []Profession, code string) string {
	for _, p := range ps {
		if p.Code == code {
			return p.Name
		}
	}
	return code
}

// Validate checks a panel member's profile: a known kind and, for a
// registrant member, a known profession. A profession given for another
// kind is dropped. It returns the profile normalised.
func (m PanelMember) Validate(professions []Profession) (PanelMember, error) {
	fe := FieldErrors{}
	if m.UserID == "" {
		fe.Add("user", "Select the person")
	}
	if !m.Kind.Valid() {
		fe.Add("kind", "Select whether they sit as a chair, a lay member or a registrant member")
	}
	if m.Kind != PanelRegistrant {
		m.ProfessionCode = ""
	} else if !slices.ContainsFunc(professions, func(p Profession) bool { return p.Code == m.ProfessionCode }) {
		fe.Add("profession", "Select the profession of the registrant member")
	}
	return m, fe.Err()
}

// Conflict is a conflict of interest a user has declared (or a hearings
// officer has recorded for them) with one case, with every case about one
// registrant, or with every case about a registrant who works or worked for
// one employer. Exactly one of CaseID, RegistrantID and EmployerID is set.
// A conflict excludes the user from the cases it applies to: it beats
// every grant, a seat on the panel included.
type Conflict struct {
	ID           string
	UserID       string
	UserName     string
	CaseID       string
	RegistrantID string
	EmployerID   string
	Subject      string // what it is with, in words (reference, name), for display
	Reason       string
	DeclaredAt   time.Time
	DeclaredBy   string // user id of whoever recorded it
}

// Validate checks a conflict before it is recorded.
func (x Conflict) Validate() error {
	fe := FieldErrors{}
	if x.UserID == "" {
		fe.Add("user", "Select who has the conflict")
	}
	n := 0
	for _, s := range []string{x.CaseID, x.RegistrantID, x.EmployerID} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		fe.Add("with", "Select what the conflict is with: a case, a registrant or an employer")
	}
	switch r := strings.TrimSpace(x.Reason); {
	case r == "":
		fe.Add("reason", "Enter the reason for the conflict")
	case utf8.RuneCountInString(r) > InputTextareaMax:
		fe.Add("reason", fmt.Sprintf("The reason must be %s characters or fewer", thousands(InputTextareaMax)))
	}
	return fe.Err()
}

// PanelCase is what the panel rules need to know about a case on an agenda.
type PanelCase struct {
	CaseID       string
	Reference    string
	RegistrantID string
	EmployerIDs  []string // every employer of the registrant, past and present
	Profession   Profession
}

// AppliesTo reports whether the conflict excludes its user from pc.
func (x Conflict) AppliesTo(pc PanelCase) bool {
	switch {
	case x.CaseID != "":
		return x.CaseID == pc.CaseID
	case x.RegistrantID != "":
		return x.RegistrantID == pc.RegistrantID
	case x.EmployerID != "":
		return slices.Contains(pc.EmployerIDs, x.EmployerID)
	}
	return false
}

// ValidatePanel checks the composition rule of an Investigating Committee
// panel: exactly one chair, one lay member and one registrant member, the
// registrant member on the register of profession (the profession of the
// case's registrant; the zero Profession when no case is listed yet skips
// that check), nobody twice, and nobody who has declared one of conflicts
// (the conflicts that apply to the case). Messages are keyed by seat:
// "chair", "lay", "registrant", or "panel" for the panel as a whole.
func ValidatePanel(panel []PanelMember, profession Profession, conflicts []Conflict) error {
	fe := FieldErrors{}
	seen := map[string]bool{}
	for _, m := range panel {
		if seen[m.UserID] {
			fe.Add("panel", m.Name+" is chosen more than once")
		}
		seen[m.UserID] = true
		if !m.Kind.Valid() {
			fe.Add("panel", m.Name+" is not appointed to sit on panels")
		}
	}
	checkSeat(fe, panel, PanelChair, "The panel needs a chair")
	checkSeat(fe, panel, PanelLay, "The panel needs a lay member")
	checkRegistrantSeat(fe, panel, profession)
	for _, m := range panel {
		if slices.ContainsFunc(conflicts, func(x Conflict) bool { return x.UserID == m.UserID }) {
			fe.Add(seatField(m.Kind), m.Name+" has declared a conflict with this case")
		}
	}
	return fe.Err()
}

// seatField is the field a member's messages are keyed by.
func seatField(k PanelKind) string {
	if k.Valid() {
		return string(k)
	}
	return "panel"
}

// checkSeat requires exactly one member of kind k.
func checkSeat(fe FieldErrors, panel []PanelMember, k PanelKind, missing string) {
	var names []string
	for _, m := range panel {
		if m.Kind == k {
			names = append(names, m.Name)
		}
	}
	switch len(names) {
	case 0:
		fe.Add(string(k), missing)
	case 1:
	default:
		fe.Add(string(k), fmt.Sprintf("The panel has %d %ss (%s): it needs exactly one",
			len(names), strings.ToLower(k.Label()), strings.Join(names, ", ")))
	}
}

// checkRegistrantSeat requires exactly one registrant member, of the
// case's profession when it is known.
func checkRegistrantSeat(fe FieldErrors, panel []PanelMember, profession Profession) {
	missing := "The panel needs a registrant member"
	if profession.Code != "" {
		missing += " who is a " + profession.Name
	}
	checkSeat(fe, panel, PanelRegistrant, missing)
	if profession.Code == "" {
		return
	}
	for _, m := range panel {
		if m.Kind == PanelRegistrant && m.ProfessionCode != profession.Code {
			fe.Add(string(PanelRegistrant), missing)
		}
	}
}

// PanelService keeps the profiles of panel members and their declared
// conflicts.
type PanelService interface {
	// PanelMembers returns every panel member's profile, by name.
	PanelMembers(ctx context.Context) ([]PanelMember, error)
	// FindPanelMember returns the profile of the user, or ENotFound.
	FindPanelMember(ctx context.Context, userID string) (PanelMember, error)
	// SavePanelMember creates or replaces a user's profile. The user must
	// be active and hold the panel member role. EInvalid with fields.
	SavePanelMember(ctx context.Context, actor Actor, m PanelMember) (PanelMember, error)
	// DeclareConflict records a conflict. A user may declare their own;
	// a hearings officer may record one for anyone. It takes effect at
	// once. EInvalid with fields; EForbidden.
	DeclareConflict(ctx context.Context, actor Actor, x Conflict) (Conflict, error)
	// Conflicts returns the conflicts of a user ("" for everyone's),
	// newest first.
	Conflicts(ctx context.Context, userID string) ([]Conflict, error)
	// Employers returns every employer by name, to declare a conflict with.
	Employers(ctx context.Context) ([]Employer, error)
}
