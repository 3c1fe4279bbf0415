package staff

import (
	"log/slog"
	"net/http"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// signInError is the one message for a wrong email or password, so the
// page does not say which was wrong (ASVS 6.3.8).
const signInError = "Enter a correct email address and password"

func (a *app) signInForm(w http.ResponseWriter, r *http.Request) error {
	if !web.ActorFrom(r.Context()).Anonymous() {
		return web.Redirect(w, r, localPath(r.URL.Query().Get("next")))
	}
	f := web.NewForm(nil)
	f.Values.Set("next", localPath(r.URL.Query().Get("next")))
	return a.renderSignIn(w, r, http.StatusOK, f)
}

func (a *app) signIn(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Order = []string{"email", "password"}
	email, password := f.Value("email"), f.Raw("password")
	if email == "" {
		f.AddError("email", "Enter your email address")
	}
	if password == "" {
		f.AddError("password", "Enter your password")
	}
	if f.HasErrors() {
		return a.renderSignIn(w, r, http.StatusUnprocessableEntity, f)
	}
	u, err := a.Users.Authenticate(r.Context(), email, password)
	if fitness.ErrorCode(err) == fitness.EUnauthorized {
		a.Logger.Info("sign-in failed", slog.String("request_id", web.RequestID(r.Context())))
		f.AddError("email", signInError)
		return a.renderSignIn(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	if err := web.SignIn(r.Context(), a.Sessions, u.ID); err != nil {
		return err
	}
	a.Logger.Info("signed in", slog.String("request_id", web.RequestID(r.Context())), slog.String("user_id", u.ID))
	return web.Redirect(w, r, localPath(f.Value("next")))
}

func (a *app) renderSignIn(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p := a.page(r, "Sign in")
	p.HasErrors = f.HasErrors()
	var demo []string
	if a.Demo {
		demo = a.DemoSignIns
	}
	return web.Render(w, r, status, signInPage(p, f, demo))
}

func (a *app) signOut(w http.ResponseWriter, r *http.Request) error {
	actor := web.ActorFrom(r.Context())
	if err := web.SignOut(r.Context(), a.Sessions); err != nil {
		return err
	}
	a.Logger.Info("signed out", slog.String("request_id", web.RequestID(r.Context())), slog.String("user_id", actor.UserID))
	return web.Redirect(w, r, "/sign-in")
}
