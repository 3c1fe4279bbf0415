package fitness

import "context"

// EmployerStaff is one employment at an employer, with the registrant who
// holds or held it: the employer's staff on the register, past and present.
type EmployerStaff struct {
	Employment
	RegistrantNumber string
	RegistrantName   string
	Status           RegistrantStatus
}

// EmployerProfile is what is known of an employer: its entry, where
// letters to it are served, and its staff on the register.
type EmployerProfile struct {
	Employer Employer
	Address  ServiceAddress
	// Staff lists current employments first, then past ones, each most
	// recent first.
	Staff []EmployerStaff
}

// CurrentStaff returns how many of the profile's employments are current.
func (p EmployerProfile) CurrentStaff() int {
	n := 0
	for _, s := range p.Staff {
		if s.Current() {
			n++
		}
	}
	return n
}

// EmployerService reads employers and sets where letters to them are
// served.
type EmployerService interface {
	// EmployerProfile returns the employer with id and its staff, or
	// ENotFound.
	EmployerProfile(ctx context.Context, id string) (EmployerProfile, error)
	// CasesForEmployer lists the cases actor may see that mention the
	// employer: about someone who works or worked there, raised by it, or
	// with an information request to it.
	CasesForEmployer(ctx context.Context, actor Actor, id string) ([]CaseSummary, error)
	// SetEmployerAddress sets where letters to the employer are served.
	// EForbidden unless actor may investigate; EInvalid with fields
	// "email" and "postal"; ENotFound when there is no such employer.
	SetEmployerAddress(ctx context.Context, actor Actor, id string, a ServiceAddress) error
}
