package fitness

import (
	"testing"
	"time"
)

func TestIdentifyRegistrant(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	cm := Actor{UserID: "u1", Name: "Sam Sample", Roles: []Role{RoleCaseManager}}
	c := Case{Stage: StageTriage, Version: 2, ProcessVersion: p.Version}

	_, _, err := c.Apply(p, r, ActionIdentifyRegistrant, cm, Input{}, now)
	if ErrorFields(err)["registrant"] == "" {
		t.Fatalf("missing number: %v; want a field error on registrant", err)
	}
	next, evs, err := c.Apply(p, r, ActionIdentifyRegistrant, cm, Input{"registrant": "reg-1"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if next.RegistrantID != "reg-1" || next.Stage != StageTriage || len(evs) != 1 {
		t.Errorf("after identify: registrant %q stage %s events %d", next.RegistrantID, next.Stage, len(evs))
	}
	if got := DescribeEvent(p, evs[0]); got != "Registrant identified" {
		t.Errorf("description %q", got)
	}
	_, _, err = next.Apply(p, r, ActionIdentifyRegistrant, cm, Input{"registrant": "reg-2"}, now)
	if ErrorCode(err) != EConflict {
		t.Errorf("second identify: %v; want a conflict", err)
	}
	for _, d := range p.Available(next, cm) {
		if d.Name == ActionIdentifyRegistrant {
			t.Error("identify offered on a case that names its registrant")
		}
	}
}
