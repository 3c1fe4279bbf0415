package staff

import (
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// userList shows every staff user with their roles (administrators only).
func (a *app) userList(w http.ResponseWriter, r *http.Request) error {
	users, err := a.Users.Users(r.Context(), "")
	if err != nil {
		return err
	}
	p := a.page(r, "Users")
	return web.Render(w, r, http.StatusOK, usersPage(p, users))
}

// roleLabels lists a user's roles in words.
func roleLabels(roles []fitness.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += ", "
		}
		s += r.Label()
	}
	return s
}
