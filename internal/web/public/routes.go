package public

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

// routes is the one table of every page of the public site.
func (a *app) routes() []route {
	return []route{
		{"GET /hearings", fitness.PermPublic, a.hearings},
		{"GET /hearings/{id}", fitness.PermPublic, a.hearing},
		{"GET /decisions/{id}", fitness.PermPublic, a.decision},
	}
}

// RouteInfo names a route of the public site and the permission it needs.
type RouteInfo struct {
	Pattern    string
	Permission fitness.Permission
}

// Routes lists every route of the public site with its permission.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&app{}).routes() {
		out = append(out, RouteInfo{rt.Pattern, rt.Permission})
	}
	return out
}
