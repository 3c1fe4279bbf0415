package fitness

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	socialWorker = Profession{Code: "social-worker", Name: "Social worker in England", Prefix: "SW"}
	chairJo      = PanelMember{UserID: "u-jo", Name: "Jo Bloggs", Kind: PanelChair, LegallyQualified: true}
	chairAlex    = PanelMember{UserID: "u-alex", Name: "Alex Chair", Kind: PanelChair}
	layLee       = PanelMember{UserID: "u-lee", Name: "Lee Lay", Kind: PanelLay}
	swRin        = PanelMember{UserID: "u-rin", Name: "Rin Reg", Kind: PanelRegistrant, ProfessionCode: "social-worker"}
	paPat        = PanelMember{UserID: "u-pat", Name: "Pat Para", Kind: PanelRegistrant, ProfessionCode: "paramedic"}
)

// TestValidatePanel checks the composition rule and conflicts, message by
// message and field by field.
func TestValidatePanel(t *testing.T) {
	conflictJo := Conflict{UserID: "u-jo", CaseID: "c1", Reason: "Former colleague"}
	tests := []struct {
		name       string
		panel      []PanelMember
		profession Profession
		conflicts  []Conflict
		want       map[string]string
	}{
		{"complete", []PanelMember{chairJo, layLee, swRin}, socialWorker, nil, nil},
		{"complete, no case yet", []PanelMember{chairJo, layLee, paPat}, Profession{}, nil, nil},
		{"missing lay member", []PanelMember{chairJo, swRin}, socialWorker, nil,
			map[string]string{"lay": "The panel needs a lay member"}},
		{"registrant member of another profession", []PanelMember{chairJo, layLee, paPat}, socialWorker, nil,
			map[string]string{"registrant": "The panel needs a registrant member who is a Social worker in England"}},
		{"no registrant member", []PanelMember{chairJo, layLee}, socialWorker, nil,
			map[string]string{"registrant": "The panel needs a registrant member who is a Social worker in England"}},
		{"two chairs", []PanelMember{chairJo, chairAlex, swRin}, socialWorker, nil, map[string]string{
			"chair": "The panel has 2 chairs (Jo Bloggs, Alex Chair): it needs exactly one",
			"lay":   "The panel needs a lay member",
		}},
		{"empty", nil, Profession{}, nil, map[string]string{
			"chair": "The panel needs a chair", "lay": "The panel needs a lay member",
			"registrant": "The panel needs a registrant member",
		}},
		{"same person twice", []PanelMember{chairJo, layLee, swRin, layLee}, socialWorker, nil, map[string]string{
			"panel": "Lee Lay is chosen more than once",
			"lay":   "The panel has 2 lay members (Lee Lay, Lee Lay): it needs exactly one",
		}},
		{"conflict", []PanelMember{chairJo, layLee, swRin}, socialWorker, []Conflict{conflictJo},
			map[string]string{"chair": "Jo Bloggs has declared a conflict with this case"}},
		{"someone else's conflict", []PanelMember{chairJo, layLee, swRin}, socialWorker,
			[]Conflict{{UserID: "u-other", CaseID: "c1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePanel(tt.panel, tt.profession, tt.conflicts)
			if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			if (err != nil) != (tt.want != nil) || (err != nil && ErrorCode(err) != EInvalid) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// TestConflictAppliesTo checks a conflict with a case, a registrant and an
// employer (past or present).
func TestConflictAppliesTo(t *testing.T) {
	pc := PanelCase{CaseID: "c1", RegistrantID: "r1", EmployerIDs: []string{"e-old", "e-now"}}
	tests := []struct {
		x    Conflict
		want bool
	}{
		{Conflict{CaseID: "c1"}, true},
		{Conflict{CaseID: "c2"}, false},
		{Conflict{RegistrantID: "r1"}, true},
		{Conflict{RegistrantID: "r2"}, false},
		{Conflict{EmployerID: "e-old"}, true},
		{Conflict{EmployerID: "e-other"}, false},
		{Conflict{}, false},
	}
	for _, tt := range tests {
		if got := tt.x.AppliesTo(pc); got != tt.want {
			t.Errorf("%+v applies = %v, want %v", tt.x, got, tt.want)
		}
	}
}

func TestConflictValidate(t *testing.T) {
	err := Conflict{UserID: "u", CaseID: "c", RegistrantID: "r"}.Validate()
	want := map[string]string{
		"with":   "Select what the conflict is with: a case, a registrant or an employer",
		"reason": "Enter the reason for the conflict",
	}
	if diff := cmp.Diff(want, ErrorFields(err)); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if err := (Conflict{UserID: "u", EmployerID: "e", Reason: "I worked there", DeclaredAt: time.Now()}).Validate(); err != nil {
		t.Errorf("valid conflict: %v", err)
	}
}

func TestPanelMemberValidate(t *testing.T) {
	ps := []Profession{socialWorker}
	m, err := PanelMember{UserID: "u", Kind: PanelLay, ProfessionCode: "social-worker"}.Validate(ps)
	if err != nil || m.ProfessionCode != "" {
		t.Errorf("lay member: %+v, %v; want profession dropped", m, err)
	}
	_, err = PanelMember{UserID: "u", Kind: PanelRegistrant, ProfessionCode: "astronaut"}.Validate(ps)
	if got := ErrorFields(err)["profession"]; got != "Select the profession of the registrant member" {
		t.Errorf("unknown profession: %v", err)
	}
	_, err = PanelMember{UserID: "u", Kind: "judge"}.Validate(ps)
	if ErrorFields(err)["kind"] == "" {
		t.Errorf("unknown kind: %v", err)
	}
	if got := swRin.Describe(ps); got != "Rin Reg (registrant member, Social worker in England)" {
		t.Errorf("Describe = %q", got)
	}
}

// TestMeetingDecisionActor: a hearings officer records as themselves; the
// chair with a grant for this meeting only; other members are refused.
func TestMeetingDecisionActor(t *testing.T) {
	m := Meeting{Panel: []PanelMember{chairJo, layLee, swRin}}
	ho := Actor{UserID: "u-ho", Roles: []Role{RoleHearingsOfficer}}
	if a, err := m.DecisionActor(ho); err != nil || a.UserID != "u-ho" {
		t.Errorf("hearings officer: %+v, %v", a, err)
	}
	chair := Actor{UserID: "u-jo", Roles: []Role{RolePanelMember}}
	a, err := m.DecisionActor(chair)
	if err != nil || !a.Has(RoleHearingsOfficer) || chair.Has(RoleHearingsOfficer) {
		t.Errorf("chair: %+v, %v", a, err)
	}
	if _, err := m.DecisionActor(Actor{UserID: "u-lee", Roles: []Role{RolePanelMember}}); ErrorCode(err) != EForbidden {
		t.Errorf("lay member: %v, want forbidden", err)
	}
}

// TestMeetingPolicy: a panel member reaches a meeting only when on its panel.
func TestMeetingPolicy(t *testing.T) {
	m := Meeting{Panel: []PanelMember{chairJo, layLee, swRin}}
	on := Actor{UserID: "u-lee", Roles: []Role{RolePanelMember}}
	off := Actor{UserID: "u-zed", Roles: []Role{RolePanelMember}}
	ho := Actor{UserID: "u-ho", Roles: []Role{RoleHearingsOfficer}}
	cm := Actor{UserID: "u-cm", Roles: []Role{RoleCaseManager}}
	for _, tt := range []struct {
		a    Actor
		p    Permission
		want bool
	}{
		{on, PermMeetingView, true}, {off, PermMeetingView, false}, {on, PermMeetingManage, false},
		{ho, PermMeetingView, true}, {ho, PermMeetingManage, true}, {cm, PermMeetingView, false},
		{on, PermMeetingDecide, true}, {off, PermMeetingDecide, false},
	} {
		if got := Decide(tt.a, tt.p, m.Resource()).Allow; got != tt.want {
			t.Errorf("%s %s: %v, want %v", tt.a.UserID, tt.p, got, tt.want)
		}
	}
	res := Resource{Kind: "case", PanelUserIDs: m.PanelUserIDs(), ExcludedIDs: []string{"u-lee"}}
	if d := Decide(on, PermCaseView, res); d.Allow {
		t.Errorf("a conflict must beat the panel grant: %+v", d)
	}
}
