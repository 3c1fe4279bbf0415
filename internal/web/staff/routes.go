package staff

import (
	"fitness/internal/fitness"
	"fitness/internal/web"
)

// route is one row of the route table: a ServeMux pattern, the permission
// [fitness.Decide] must grant, and the handler.
type route struct {
	Pattern    string
	Permission fitness.Permission
	handle     web.HandlerFunc
}

// routes is the one table of every page of the staff app.
func (a *app) routes() []route {
	return []route{
		{"GET /sign-in", fitness.PermPublic, a.signInForm},
		{"POST /sign-in", fitness.PermPublic, a.signIn},
		{"POST /sign-out", fitness.PermSignedIn, a.signOut},
		{"GET /{$}", fitness.PermSignedIn, a.home},
		{"GET /cases", fitness.PermCaseList, a.allCases},
		{"GET /register", fitness.PermRegisterSearch, a.searchRegister},
		{"GET /registrants/{id}", fitness.PermRegisterView, a.registrant},
		{"GET /concerns/new", fitness.PermConcernCreate, a.newConcern},
		{"POST /concerns/new", fitness.PermConcernCreate, a.createConcern},
		{"GET /cases/{id}", fitness.PermCaseView, a.caseView},
		{"GET /cases/{id}/actions/{action}", fitness.PermCaseAct, a.actionForm},
		{"POST /cases/{id}/actions/{action}", fitness.PermCaseAct, a.applyAction},
		{"GET /process", fitness.PermProcessView, a.processView},
		{"GET /users", fitness.PermUserAdmin, a.userList},
	}
}

// RouteInfo names a route of the staff app and the permission it needs.
type RouteInfo struct {
	Pattern    string
	Permission fitness.Permission
}

// Routes lists every route of the staff app with its permission, for
// tests and for documentation of the access policy.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&app{}).routes() {
		out = append(out, RouteInfo{rt.Pattern, rt.Permission})
	}
	return out
}
