package fitness

import (
	"testing"
	"time"
)

// The registrant has the whole of the last day to respond: the case cannot
// go to the panel until the day after, which is also when the deadline
// sweep records that no response came.
func TestReferToICPWaitsForTheWholeLastDay(t *testing.T) {
	p, r := HCPCProcess(), HCPCRules()
	cm := Actor{UserID: "u1", Name: "Sam Sample", Roles: []Role{RoleCaseManager}}
	due := time.Date(2026, 12, 14, 15, 30, 0, 0, time.UTC) // a Monday, GMT
	c := Case{Stage: StageAllegation, Version: 5, ProcessVersion: p.Version, RegistrantID: "r1",
		Deadlines: []Deadline{{Name: DeadlineRegistrantResponse, Label: "Registrant's response", Due: due}}}
	tests := []struct {
		name string
		now  time.Time
		ok   bool
	}{
		{"the day before", time.Date(2026, 12, 13, 12, 0, 0, 0, time.UTC), false},
		{"the last day, after the due time", time.Date(2026, 12, 14, 23, 59, 0, 0, time.UTC), false},
		{"the next day", time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := c.Apply(p, r, ActionReferToICP, cm, nil, tt.now)
			if (err == nil) != tt.ok {
				t.Errorf("refer at %s: %v; want allowed %v", tt.now, err, tt.ok)
			}
			if !tt.ok && ErrorCode(err) != EConflict {
				t.Errorf("code %q; want conflict", ErrorCode(err))
			}
		})
	}
}
