package main

import (
	"context"
	"fmt"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// seedDemoServiceAddresses gives every demo registrant and employer a
// synthetic email address for service (at example.test, which no mail can
// reach), so that the demo's letters are emailed: given.family at
// registrants.example.test, with the registration number added when two
// registrants share a name; the employer's name at employers.example.test.
func seedDemoServiceAddresses(ctx context.Context, a *app, reg *demoRegister) error {
	people := make(map[string]fitness.ServiceAddress, len(reg.registrants))
	used := map[string]bool{}
	for _, r := range reg.registrants {
		email := synth.Email(r.Name(), "registrants")
		if used[email] {
			email = synth.Email(r.Name()+" "+r.Number, "registrants")
		}
		used[email] = true
		people[r.ID] = fitness.ServiceAddress{Email: email}
	}
	if err := a.letters.InsertServiceAddresses(ctx, "registrant", people); err != nil {
		return fmt.Errorf("registrants' service addresses: %w", err)
	}
	employers := make(map[string]fitness.ServiceAddress, len(reg.employers))
	for _, e := range reg.employers {
		employers[e.ID] = fitness.ServiceAddress{Email: synth.Email(e.Name, "employers")}
	}
	if err := a.letters.InsertServiceAddresses(ctx, "employer", employers); err != nil {
		return fmt.Errorf("employers' service addresses: %w", err)
	}
	return nil
}
