package staff

import (
	"net/http"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// userList shows every staff user with their roles (administrators only).
func (a *app) userList(w http.ResponseWriter, r *http.Request) error {
	users, err := a.Users.Users(r.Context(), "")
	if err != nil {
		return err
	}
	t := web.Table{Caption: "Staff users", HideCaption: true, Head: []string{"Name", "Email address", "Roles", "Status"}}
	for _, u := range users {
		status := web.Tag("Active", web.TagGreen)
		if !u.Active {
			status = web.Tag("Disabled", web.TagGrey)
		}
		t.Rows = append(t.Rows, []templ.Component{web.Text(u.Name), web.Text(u.Email), web.Text(roleLabels(u.Roles)), status})
	}
	p := a.page(r, "Users")
	return web.Render(w, r, http.StatusOK, usersPage(p, t))
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
