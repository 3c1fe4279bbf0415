package synth

import "testing"

func TestEmail(t *testing.T) {
	for _, tc := range []struct{ name, sub, want string }{
		{"Siobhán Okafor", "registrants", "siobhan.okafor@registrants.example.test"},
		{"Łucja Ó Briain-Nowak", "", "lucja.o.briain.nowak@example.test"},
		{"Northmoor Borough Council", "employers", "northmoor.borough.council@employers.example.test"},
		{"D'Arcy O’Neill", "x", "darcy.oneill@x.example.test"},
		{"  ", "x", ""},
	} {
		if got := Email(tc.name, tc.sub); got != tc.want {
			t.Errorf("Email(%q, %q) = %q; want %q", tc.name, tc.sub, got, tc.want)
		}
	}
}
