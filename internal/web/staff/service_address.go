package staff

import (
	"net/http"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Fields of the service-address form.
const (
	serviceEmailField  = "email"
	servicePostalField = "postal"
)

// addressData is where letters to a registrant are served, in words.
type addressData struct {
	Email, Postal string
	CanChange     bool
}

// serviceAddressOf returns where letters to reg are served, or nil when
// letters are not offered.
func (a *app) serviceAddressOf(r *http.Request, reg fitness.Registrant) (*addressData, error) {
	if a.Letters == nil {
		return nil, nil
	}
	addr, err := a.Letters.ServiceAddressOf(r.Context(), reg.ID)
	if err != nil {
		return nil, err
	}
	return &addressData{Email: addr.Email, Postal: addr.Postal,
		CanChange: allowed(web.ActorFrom(r.Context()), fitness.PermInvestigate)}, nil
}

// addressPageData is the page of the service-address form.
type addressPageData struct {
	R fitness.Registrant
}

// addressRegistrant loads the registrant of the request; ENotFound when
// letters are not offered.
func (a *app) addressRegistrant(r *http.Request) (fitness.Registrant, error) {
	if a.Letters == nil {
		return fitness.Registrant{}, web.PageNotFound()
	}
	return a.Registrants.FindRegistrant(r.Context(), r.PathValue("id"))
}

// addressForm shows the form that sets where letters to a registrant go.
func (a *app) addressForm(w http.ResponseWriter, r *http.Request) error {
	reg, err := a.addressRegistrant(r)
	if err != nil {
		return err
	}
	addr, err := a.Letters.ServiceAddressOf(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	return a.renderAddress(w, r, http.StatusOK, filledAddressForm(addr), addressPageData{R: reg})
}

// filledAddressForm returns the service-address form filled in with addr.
func filledAddressForm(addr fitness.ServiceAddress) *web.Form {
	f := web.NewForm(nil)
	f.Values.Set(serviceEmailField, addr.Email)
	f.Values.Set(servicePostalField, addr.Postal)
	return f
}

// addressOf reads the service address typed into f.
func addressOf(f *web.Form) fitness.ServiceAddress {
	return fitness.ServiceAddress{Email: f.Value(serviceEmailField), Postal: strings.TrimSpace(f.Raw(servicePostalField))}
}

// setAddress sets where letters to a registrant go and goes back to them.
func (a *app) setAddress(w http.ResponseWriter, r *http.Request) error {
	reg, err := a.addressRegistrant(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = a.Letters.SetServiceAddress(ctx, web.ActorFrom(ctx), reg.ID, addressOf(f))
	if f.SetError(err) {
		return a.renderAddress(w, r, http.StatusUnprocessableEntity, f, addressPageData{R: reg})
	} else if err != nil {
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Where letters to "+reg.Name()+" are sent has been saved")
	return web.Redirect(w, r, "/registrants/"+reg.ID)
}

func (a *app) renderAddress(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d addressPageData) error {
	f.Order = []string{serviceEmailField, servicePostalField}
	p := a.page(r, "Where letters are sent – "+d.R.Name())
	p.HasErrors = f.HasErrors()
	p.BackLink = "/registrants/" + d.R.ID
	return web.Render(w, r, status, addressPage(p, f, d))
}
