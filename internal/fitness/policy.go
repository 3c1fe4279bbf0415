package fitness

import (
	"fmt"
	"slices"
)

// Permission names something a request wants to do. Every route of every
// surface names one, and [Decide] rules on it.
type Permission string

// Permissions.
const (
	PermPublic         Permission = "public"             // anyone, signed in or not
	PermSignedIn       Permission = "signed_in"          // any signed-in staff user
	PermRegisterSearch Permission = "register.search"    // search the register
	PermRegisterView   Permission = "register.view"      // a registrant's page
	PermConcernCreate  Permission = "concern.create"     // record a new concern
	PermCaseList       Permission = "case.list"          // lists (filtered to what the actor may see)
	PermCaseView       Permission = "case.view"          // one case, its events
	PermCaseAct        Permission = "case.act"           // apply an action (the process table decides which)
	PermProcessView    Permission = "process.view"       // the process diagram
	PermUserAdmin      Permission = "user.admin"         // manage staff users
	PermAuditVerify    Permission = "audit.verify"       // check the audit chain
	PermInvestigate    Permission = "case.investigate"   // send information requests, record responses, amend the allegation
	PermSensitiveView  Permission = "document.sensitive" // see documents classified official-sensitive
	PermMeetingView    Permission = "meeting.view"       // panel meetings, agendas and bundles (panel members: their own)
	PermMeetingManage  Permission = "meeting.manage"     // arrange meetings, panels and agendas; panel member profiles
	PermMeetingDecide  Permission = "meeting.decide"     // record a panel's decision (panel members: as its chair)
	PermConflictCreate Permission = "conflict.create"    // declare a conflict of interest
	PermTeamView       Permission = "team.view"          // the team view: ageing, breaches, bulk reassignment
	PermCaseHold       Permission = "case.hold"          // put a case on hold and take it off
	PermReferralView   Permission = "referral.view"      // other bodies, referrals in and out, a case's safeguarding
	PermReferralManage Permission = "referral.manage"    // record bodies and referrals, safeguarding marks and barring decisions
	PermBarringPrompts Permission = "referral.prompts"   // the list of outstanding barring-service prompts
	PermInquiryView    Permission = "inquiry.view"       // own-motion inquiries: scope, demands, screening, dashboard (team only)
	PermInquiryManage  Permission = "inquiry.manage"     // create inquiries, run scope, send demands, record answers and screening
)

// Resource is what a request is about, as far as access is concerned.
type Resource struct {
	Kind          string   // "case", "registrant", … or "" for none
	CaseID        string   //
	CaseManagerID string   // allocated case manager
	PanelUserIDs  []string // users sitting on the case's panels
	ExcludedIDs   []string // users excluded by a declared conflict
	InquiryID     string   // an own-motion inquiry (Kind "inquiry")
	TeamUserIDs   []string // users on the inquiry's team
}

// Decision is the outcome of [Decide], with the reason in words so that
// "why can X see Y" is answerable.
type Decision struct {
	Allow  bool
	Reason string
}

// rolePermissions is the policy table: which role holds which permission.
var rolePermissions = map[Role][]Permission{
	RoleCaseManager: {PermRegisterSearch, PermRegisterView, PermConcernCreate, PermCaseList,
		PermCaseView, PermCaseAct, PermProcessView, PermInvestigate, PermSensitiveView, PermCaseHold,
		PermInquiryView, PermInquiryManage, // inquiries: on their team only
		PermReferralView, PermReferralManage},
	RoleTeamLeader: {PermRegisterSearch, PermRegisterView, PermConcernCreate, PermCaseList,
		PermCaseView, PermCaseAct, PermProcessView, PermInvestigate, PermSensitiveView, PermCaseHold, PermTeamView,
		PermInquiryView, PermInquiryManage, PermReferralView, PermReferralManage, PermBarringPrompts},
	RoleRegistrar: {PermRegisterSearch, PermRegisterView, PermCaseList, PermCaseView,
		PermCaseAct, PermProcessView, PermReferralView, PermReferralManage, PermBarringPrompts},
	RoleHearingsOfficer: {PermRegisterSearch, PermRegisterView, PermCaseList, PermCaseView,
		PermCaseAct, PermProcessView, PermSensitiveView,
		PermMeetingView, PermMeetingManage, PermMeetingDecide, PermConflictCreate},
	RolePanelMember: {PermCaseList, PermCaseView, PermProcessView, PermSensitiveView, // on their panels only
		PermMeetingView, PermMeetingDecide, PermConflictCreate},
	RoleAdmin: {PermUserAdmin, PermAuditVerify, PermProcessView, PermRegisterSearch},
}

// panelScoped roles see a case only when they sit on one of its panels.
var panelScoped = map[Role]bool{RolePanelMember: true}

// inquiryScoped roles see an inquiry only when they are on its team.
var inquiryScoped = map[Role]bool{RoleCaseManager: true}

// RolePermissions returns the permissions a role holds, for display.
func RolePermissions(r Role) []Permission { return slices.Clone(rolePermissions[r]) }

// Decide is the one policy function. It denies by default. An exclusion
// (a declared conflict) beats every grant.
func Decide(a Actor, p Permission, res Resource) Decision {
	if p == PermPublic {
		return Decision{true, "open to everyone"}
	}
	if a.Anonymous() {
		return Decision{false, "not signed in"}
	}
	if slices.Contains(res.ExcludedIDs, a.UserID) {
		return Decision{false, "excluded from this case by a declared conflict"}
	}
	if p == PermSignedIn {
		return Decision{true, "signed in"}
	}
	for _, r := range a.Roles {
		if !slices.Contains(rolePermissions[r], p) {
			continue
		}
		if d, ok := scoped(a, r, p, res); ok {
			return d
		}
	}
	return Decision{false, fmt.Sprintf("no role held grants %s", p)}
}

// scoped applies a role's scope to a case resource. ok is false when the
// role's grant does not reach this resource.
func scoped(a Actor, r Role, p Permission, res Resource) (Decision, bool) {
	if res.Kind == "inquiry" {
		return inquiryTeam(a, r, p, res)
	}
	if (res.Kind != "case" && res.Kind != "meeting") || !panelScoped[r] {
		return Decision{true, fmt.Sprintf("role %s grants %s", r.Label(), p)}, true
	}
	if slices.Contains(res.PanelUserIDs, a.UserID) {
		return Decision{true, fmt.Sprintf("sits on a panel of this %s as %s", res.Kind, r.Label())}, true
	}
	return Decision{}, false
}

// CaseScopedRoles returns the roles that see every case; other roles see
// only cases where they sit on a panel. Storage uses it to filter lists in
// SQL with the same rule.
func CaseScopedRoles() []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(rolePermissions[r], PermCaseView) && !panelScoped[r] {
			out = append(out, r)
		}
	}
	return out
}

// inquiryTeam applies a role's scope to an inquiry: inquiry-scoped roles
// reach it only as members of its team.
func inquiryTeam(a Actor, r Role, p Permission, res Resource) (Decision, bool) {
	if !inquiryScoped[r] {
		return Decision{true, fmt.Sprintf("role %s grants %s on every inquiry", r.Label(), p)}, true
	}
	if slices.Contains(res.TeamUserIDs, a.UserID) {
		return Decision{true, fmt.Sprintf("on the inquiry team as %s", r.Label())}, true
	}
	return Decision{}, false
}

// InquiryWideRoles returns the roles that see every inquiry; other roles
// holding [PermInquiryView] see only inquiries whose team they are on.
// Storage uses it to filter lists in SQL with the same rule.
func InquiryWideRoles() []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(rolePermissions[r], PermInquiryView) && !inquiryScoped[r] {
			out = append(out, r)
		}
	}
	return out
}
