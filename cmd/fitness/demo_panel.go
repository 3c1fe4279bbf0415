package main

import (
	"context"
	"fmt"

	"fitness/internal/fitness"
)

// demoPanel gives the demo panel members their seats: a legally qualified
// chair, a lay member and a social worker, enough for one Investigating
// Committee panel on a social worker's case.
var demoPanel = []struct {
	email      string
	kind       fitness.PanelKind
	profession string
	qualified  bool
}{
	{"panel@demo.test", fitness.PanelChair, "", true},
	{"panel-lay@demo.test", fitness.PanelLay, "", false},
	{"panel-registrant@demo.test", fitness.PanelRegistrant, "social-worker", false},
}

// seedDemoPanel sets up the demo panel members' seats, as the demo
// hearings officer.
func seedDemoPanel(ctx context.Context, a *app, users map[string]fitness.User) error {
	officer := users["hearings@demo.test"].Actor()
	for _, p := range demoPanel {
		u, ok := users[p.email]
		if !ok {
			return fmt.Errorf("demo panel member %s is not a demo user", p.email)
		}
		if _, err := a.panels.SavePanelMember(ctx, officer, fitness.PanelMember{UserID: u.ID, Kind: p.kind,
			ProfessionCode: p.profession, LegallyQualified: p.qualified}); err != nil {
			return fmt.Errorf("demo panel member %s: %w", p.email, err)
		}
	}
	return nil
}
