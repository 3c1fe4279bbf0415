package staff_test

import (
	"net/http"
	"strings"
	"testing"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web/staff"
)

// TestRouteMatrix requests every GET route as every role and expects what
// the policy says: the page, or "Page not found" when the policy denies it.
// Case pages are scoped: a panel member who sits on none of the case's
// panels is denied too.
func TestRouteMatrix(t *testing.T) {
	f := newFixture(t, sqldb.SQLite, false)
	users := map[fitness.Role]fitness.User{
		fitness.RoleCaseManager: f.caseManager, fitness.RoleTeamLeader: f.teamLeader, fitness.RoleAdmin: f.admin,
		fitness.RoleRegistrar:       f.mustUser(t, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar),
		fitness.RoleHearingsOfficer: f.mustUser(t, "hal.hearings@example.org", "Hal Hearings", fitness.RoleHearingsOfficer),
		fitness.RolePanelMember:     f.mustUser(t, "pip.panel@example.org", "Pip Panel", fitness.RolePanelMember),
	}
	q, official, _ := f.mustRequestWithDocuments(t)
	mt := f.mustMatrixMeeting(t, users[fitness.RolePanelMember])
	letter := f.mustIssuedLetter(t)
	hearing := f.mustListedHearing(t)
	referral := f.mustReferral(t)
	inq := f.mustMatrixInquiry(t)
	employer := f.mustEmployerID(t)
	params := strings.NewReplacer("{$}", "", "{action}", string(fitness.ActionAddNote), "{req}", q.ID, "{doc}", official,
		"{case}", mt.caseID, "{to}", string(fitness.NoticeToRegistrant), "{letter}", letter.ID,
		"{hearing}", hearing.ID, "{demand}", inq.demandID, "{reg}", inq.regID, "{step}", inq.stepID)
	caseRes := fitness.Resource{Kind: "case", CaseID: f.theCase.ID, CaseManagerID: f.caseManager.ID}
	for _, role := range fitness.Roles {
		u := users[role]
		c := f.signedIn(t, u)
		for _, rt := range staff.Routes() {
			method, pattern, _ := strings.Cut(rt.Pattern, " ")
			if method != "GET" || rt.Permission == fitness.PermPublic {
				continue
			}
			path := params.Replace(pattern)
			res := fitness.Resource{}
			switch {
			case strings.HasPrefix(pattern, "/cases/{id}"):
				path, res = strings.Replace(path, "{id}", f.theCase.ID, 1), caseRes
			case strings.HasPrefix(pattern, "/registrants/{id}"):
				path = strings.Replace(path, "{id}", f.reg.ID, 1)
			case strings.HasPrefix(pattern, "/employers/{id}"):
				path = strings.Replace(path, "{id}", employer, 1)
			case strings.HasPrefix(pattern, "/meetings/{id}"):
				path, res = strings.Replace(path, "{id}", mt.meeting.ID, 1), mt.meeting.Resource()
			case strings.HasPrefix(pattern, "/inquiries/{id}"):
				path, res = strings.Replace(path, "{id}", inq.inq.ID, 1), inq.inq.Resource()
			case strings.HasPrefix(pattern, "/panel-members/{id}"):
				path = strings.Replace(path, "{id}", users[fitness.RolePanelMember].ID, 1)
			case strings.HasPrefix(pattern, "/other-bodies/{id}"):
				path = strings.Replace(path, "{id}", fitness.BodyIDOfsted, 1)
			case strings.HasPrefix(pattern, "/referrals/{id}"):
				path = strings.Replace(path, "{id}", referral.ID, 1)
			}
			want := http.StatusNotFound
			if fitness.Decide(u.Actor(), rt.Permission, res).Allow {
				want = http.StatusOK
			}
			if got := f.get(t, c, path); got.status != want {
				t.Errorf("%s GET %s: status %d; want %d", role.Label(), path, got.status, want)
			}
		}
	}
}
