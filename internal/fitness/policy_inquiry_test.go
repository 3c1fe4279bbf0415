package fitness

import (
	"slices"
	"testing"
)

// TestInquiryPolicy: team leaders reach every inquiry, case managers only
// those whose team they are on, other roles none; storage's list filter
// names the same roles.
func TestInquiryPolicy(t *testing.T) {
	inq := Inquiry{ID: "inq-1", Team: []TeamMember{{UserID: "u-on"}}}
	res := inq.Resource()
	for _, c := range []struct {
		name  string
		actor Actor
		want  bool
	}{
		{"team leader off the team", Actor{UserID: "u-tl", Roles: []Role{RoleTeamLeader}}, true},
		{"case manager on the team", Actor{UserID: "u-on", Roles: []Role{RoleCaseManager}}, true},
		{"case manager off the team", Actor{UserID: "u-off", Roles: []Role{RoleCaseManager}}, false},
		{"registrar", Actor{UserID: "u-reg", Roles: []Role{RoleRegistrar}}, false},
		{"hearings officer on the team", Actor{UserID: "u-on", Roles: []Role{RoleHearingsOfficer}}, false},
		{"panel member", Actor{UserID: "u-pm", Roles: []Role{RolePanelMember}}, false},
		{"administrator", Actor{UserID: "u-ad", Roles: []Role{RoleAdmin}}, false},
		{"nobody", Actor{}, false},
	} {
		for _, p := range []Permission{PermInquiryView, PermInquiryManage} {
			if d := Decide(c.actor, p, res); d.Allow != c.want || d.Reason == "" {
				t.Errorf("%s, %s: %+v; want allow %v", c.name, p, d, c.want)
			}
		}
	}
	// At the level of a route (no inquiry named) a case manager may go on.
	if !Decide(Actor{UserID: "u-off", Roles: []Role{RoleCaseManager}}, PermInquiryView, Resource{}).Allow {
		t.Errorf("case manager denied the inquiry list")
	}
	if got := InquiryWideRoles(); !slices.Equal(got, []Role{RoleTeamLeader}) {
		t.Errorf("InquiryWideRoles() = %v", got)
	}
}
