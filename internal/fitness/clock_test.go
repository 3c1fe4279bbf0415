package fitness

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// london returns a wall-clock time in the United Kingdom (BST from the
// last Sunday in March to the last Sunday in October).
func london(y int, m time.Month, d, h, mi int) time.Time {
	t := time.Date(y, m, d, h, mi, 0, 0, time.UTC)
	if ukTime(t.Add(-time.Hour)).Format("-0700") == "+0100" {
		return t.Add(-time.Hour)
	}
	return t
}

func TestAgeingBands(t *testing.T) {
	var got []string
	for _, b := range AgeingBands(HCPCRules()) {
		got = append(got, b.Label)
	}
	want := []string{"Under 3 months", "3 to 6 months", "6 to 12 months", "12 to 18 months",
		"18 to 24 months", "24 months or more"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	r := HCPCRules()
	r.AgeingBandLimits = []Period{{Years: 1}, {Months: 18}}
	got = nil
	for _, b := range AgeingBands(r) {
		got = append(got, b.Label)
	}
	if diff := cmp.Diff([]string{"Under 1 year", "1 year to 18 months", "18 months or more"}, got); diff != "" {
		t.Errorf("configured labels (-want +got):\n%s", diff)
	}
	r.AgeingBandLimits = nil
	if b := AgeingBand(r, date(2020, 1, 1), monday); b.Number != 1 || b.Label != "Any age" {
		t.Errorf("no limits: band %+v", b)
	}
}

func TestAgeingBand(t *testing.T) {
	r := HCPCRules()
	tests := []struct {
		name     string
		received time.Time
		now      time.Time
		want     int
	}{
		{"received today", date(2026, 6, 11), london(2026, 6, 11, 10, 0), 1},
		{"a day short of 3 months", date(2026, 3, 12), london(2026, 6, 11, 10, 0), 1},
		{"exactly 3 months: on the band edge", date(2026, 3, 11), london(2026, 6, 11, 10, 0), 2},
		{"3 months at 00:30 BST, still 10 June in UTC", date(2026, 3, 11), time.Date(2026, 6, 10, 23, 30, 0, 0, time.UTC), 2},
		{"23:30 BST the day before", date(2026, 3, 11), time.Date(2026, 6, 10, 22, 30, 0, 0, time.UTC), 1},
		{"exactly 6 months", date(2025, 12, 11), london(2026, 6, 11, 10, 0), 3},
		{"exactly 12 months", date(2025, 6, 11), london(2026, 6, 11, 10, 0), 4},
		{"exactly 18 months", date(2024, 12, 11), london(2026, 6, 11, 10, 0), 5},
		{"a day short of 24 months", date(2024, 6, 12), london(2026, 6, 11, 10, 0), 5},
		{"exactly 24 months", date(2024, 6, 11), london(2026, 6, 11, 10, 0), 6},
		{"years old", date(2019, 1, 1), london(2026, 6, 11, 10, 0), 6},
		{"leap day: not 12 months on 28 February", date(2024, 2, 29), london(2025, 2, 28, 12, 0), 3},
		{"leap day: 12 months on 1 March", date(2024, 2, 29), london(2025, 3, 1, 12, 0), 4},
		{"31 January: not 3 months on 30 April", date(2026, 1, 31), london(2026, 4, 30, 12, 0), 1},
		{"31 January: 3 months on 1 May", date(2026, 1, 31), london(2026, 5, 1, 12, 0), 2},
		{"received in the future", date(2026, 7, 1), london(2026, 6, 11, 10, 0), 1},
		{"received date in London time", time.Date(2026, 3, 11, 0, 0, 0, 0, time.FixedZone("BST", 3600)), london(2026, 6, 11, 10, 0), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AgeingBand(r, tt.received, tt.now); got.Number != tt.want {
				t.Errorf("AgeingBand(%s, %s) = %d %q; want %d", tt.received.Format(time.DateOnly), tt.now, got.Number, got.Label, tt.want)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	tests := []struct {
		name string
		due  time.Time
		now  time.Time
		want bool
	}{
		{"due later today", time.Date(2026, 12, 12, 14, 0, 0, 0, time.UTC), london(2026, 12, 12, 9, 0), false},
		{"due earlier today", time.Date(2026, 12, 12, 9, 0, 0, 0, time.UTC), london(2026, 12, 12, 23, 59), false},
		{"the day after, at midnight", time.Date(2026, 12, 12, 14, 0, 0, 0, time.UTC), london(2026, 12, 13, 0, 0), true},
		{"BST: due 23:30 on 12 June, at 23:59 that day", time.Date(2026, 6, 12, 22, 30, 0, 0, time.UTC), london(2026, 6, 12, 23, 59), false},
		{"BST: due 23:30 on 12 June, at 00:30 on 13 June", time.Date(2026, 6, 12, 22, 30, 0, 0, time.UTC), london(2026, 6, 13, 0, 30), true},
		{"BST: due 00:30 on 13 June (23:30 UTC on 12 June), at 23:00 UTC", time.Date(2026, 6, 12, 23, 30, 0, 0, time.UTC), time.Date(2026, 6, 13, 22, 0, 0, 0, time.UTC), false},
		{"clocks go forward: due Saturday, on Sunday 00:30", time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), true},
		{"clocks go back: due Saturday, at 23:30 BST", time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 22, 30, 0, 0, time.UTC), false},
		{"clocks go back: due Saturday, Sunday 00:30 BST", time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), true},
		{"leap day due, 1 March", date(2028, 2, 29), london(2028, 3, 1, 0, 0), true},
		{"leap day due, on the day", date(2028, 2, 29), london(2028, 2, 29, 23, 59), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Deadline{Due: tt.due}).Overdue(tt.now); got != tt.want {
				t.Errorf("Overdue(due %s, now %s) = %v; want %v (from %s)", tt.due, tt.now, got, tt.want, OverdueFrom(tt.now))
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := EnglandAndWales()
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same day", date(2026, 12, 1), date(2026, 12, 1), 0},
		{"two weeks to a Saturday", date(2026, 11, 28), date(2026, 12, 12), 10},
		{"over Christmas and the substitute day", date(2026, 12, 23), date(2026, 12, 29), 2},
		{"backwards", date(2026, 12, 29), date(2026, 12, 23), -2},
		{"Friday to Monday", date(2026, 12, 4), date(2026, 12, 7), 1},
		{"to a bank holiday", date(2026, 12, 24), date(2026, 12, 25), 0},
	}
	for _, tt := range tests {
		if got := cal.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: %d; want %d", tt.name, got, tt.want)
		}
	}
}

func TestDeadlineClockWords(t *testing.T) {
	r := HCPCRules()
	now := london(2026, 11, 28, 10, 0)
	c := caseAt(StageAllegation)
	c.ReceivedOn = date(2026, 6, 1)
	c.Deadlines = []Deadline{
		{Name: DeadlineRegistrantResponse, Label: "Registrant's response", Due: time.Date(2026, 12, 12, 10, 0, 0, 0, time.UTC)},
		{Name: DeadlineComplainantComment, Label: "Complainant's comments", Due: time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC)},
		{Name: DeadlineInformation, Label: "Requested information", Due: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)},
		{Name: DeadlineHearingNotice, Label: "Notice of hearing", Due: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)},
	}
	cc := Clocks(c, r, nil, now)
	var got []string
	for _, d := range cc.Deadlines {
		got = append(got, d.Words())
	}
	want := []string{
		"Requested information: was due 25 November 2026, 3 days overdue (2 working days)",
		"Complainant's comments: due today, 28 November 2026",
		"Notice of hearing: due 29 November 2026, 1 day left (0 working days)",
		"Registrant's response: due 12 December 2026, 14 days left (10 working days)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	if !cc.Deadlines[0].Pausable || cc.Deadlines[3].Pausable {
		t.Errorf("pausable: information %v, response %v", cc.Deadlines[0].Pausable, cc.Deadlines[3].Pausable)
	}
	if len(cc.Breaches) != 1 || cc.Breaches[0].Deadline != DeadlineInformation {
		t.Errorf("breaches %+v; want the information request only", cc.Breaches)
	}
}

func TestClocksSinceReceiptAndStage(t *testing.T) {
	r := HCPCRules()
	c := caseAt(StageInvestigation)
	c.ReceivedOn = date(2026, 3, 2)
	c.StageEnteredAt = time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC) // 1 June 00:30 BST
	now := london(2026, 6, 11, 9, 0)
	cc := Clocks(c, r, nil, now)
	if cc.SinceReceipt != 101 || cc.InStage != 10 || cc.Band.Number != 2 || cc.KPIAge != 101 {
		t.Errorf("since receipt %d, in stage %d, band %d, KPI age %d; want 101, 10, 2, 101",
			cc.SinceReceipt, cc.InStage, cc.Band.Number, cc.KPIAge)
	}
	c.ClosedAt = time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	c.Deadlines = []Deadline{{Name: DeadlineInformation, Due: date(2026, 3, 20)}}
	cc = Clocks(c, r, nil, now)
	if cc.SinceReceipt != 30 || cc.Band.Number != 1 || len(cc.Breaches) != 0 || !cc.TargetFrom.IsZero() {
		t.Errorf("closed: since receipt %d, band %d, breaches %v, target %s; want 30 days to closure, band 1, none",
			cc.SinceReceipt, cc.Band.Number, cc.Breaches, cc.TargetFrom)
	}
}

func TestCaseAgeTarget(t *testing.T) {
	r := HCPCRules() // 15 months
	received := date(2025, 3, 11)
	ended := Hold{CaseID: "case-1", Start: london(2025, 6, 1, 10, 0), End: london(2025, 6, 11, 16, 0)} // 10 days
	tests := []struct {
		name  string
		holds []Hold
		now   time.Time
		want  bool
	}{
		{"exactly 15 months old: not yet older", nil, london(2026, 6, 11, 12, 0), false},
		{"a day older", nil, london(2026, 6, 12, 0, 1), true},
		{"10 days held: not yet", []Hold{ended}, london(2026, 6, 21, 12, 0), false},
		{"10 days held: the day after", []Hold{ended}, london(2026, 6, 22, 12, 0), true},
		{"on hold since before it would have breached", []Hold{{CaseID: "case-1", Start: london(2026, 6, 1, 9, 0)}}, london(2026, 9, 1, 12, 0), false},
		{"on hold since after it breached", []Hold{{CaseID: "case-1", Start: london(2026, 7, 1, 9, 0)}}, london(2026, 9, 1, 12, 0), true},
		{"holds of other cases are ignored", []Hold{{CaseID: "case-2", Start: london(2026, 6, 1, 9, 0)}}, london(2026, 9, 1, 12, 0), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := caseAt(StageInvestigation)
			c.ReceivedOn = received
			cc := Clocks(c, r, tt.holds, tt.now)
			if cc.AgeBreached != tt.want {
				t.Errorf("breached %v; want %v (KPI from %s, %d days held)", cc.AgeBreached, tt.want,
					cc.KPIStart.Format(time.DateOnly), cc.HeldDays)
			}
			if got := Breached(c, r, tt.holds, tt.now); got != tt.want {
				t.Errorf("Breached %v; want %v", got, tt.want)
			}
		})
	}
	c := caseAt(StageInvestigation)
	c.ReceivedOn = received
	if got := Clocks(c, r, []Hold{ended}, london(2026, 1, 1, 12, 0)).TargetFrom; !got.Equal(date(2026, 6, 22)) {
		t.Errorf("target missed from %s; want 2026-06-22", got)
	}
}

// TestKPILead checks that the lead storage keeps with a hold in force
// agrees with the domain's case-age breach, day by day across month ends
// and a leap day.
func TestKPILead(t *testing.T) {
	r := HCPCRules()
	for _, received := range []time.Time{date(2026, 1, 31), date(2026, 2, 28), date(2026, 8, 31), date(2027, 2, 28)} {
		earlier := Hold{CaseID: "c", Start: received.AddDate(0, 1, 0), End: received.AddDate(0, 1, 17)}
		start := london(2027, 4, 30, 15, 0)
		kpi0 := KPIStart(received, []Hold{earlier}, start)
		active := Hold{CaseID: "c", Start: start}
		lead := KPILead(kpi0, start)
		for now := start; now.Before(start.AddDate(2, 0, 0)); now = now.AddDate(0, 0, 1) {
			holds := []Hold{earlier, active}
			domain := ageBreached(r, KPIStart(received, holds, now), now)
			if stored := lead < KPILeadLimit(r, now); stored != domain {
				t.Fatalf("received %s, at %s: lead says %v, domain %v", received.Format(time.DateOnly), now, stored, domain)
			}
		}
	}
}

// TestBandCutoffs checks that the cutoffs storage compares with give the
// domain's bands, for every receipt date over three years.
func TestBandCutoffs(t *testing.T) {
	r := HCPCRules()
	for _, now := range []time.Time{london(2028, 2, 29, 12, 0), london(2026, 3, 31, 12, 0), london(2026, 10, 25, 0, 30)} {
		cuts := BandCutoffs(r, now)
		for received := today(now).AddDate(-3, 0, 0); !received.After(today(now)); received = received.AddDate(0, 0, 1) {
			n := 1
			for i, c := range cuts {
				if !received.After(c) {
					n = i + 2
				}
			}
			if got := AgeingBand(r, received, now).Number; got != n {
				t.Fatalf("at %s, received %s: band %d, cutoffs say %d", now, received.Format(time.DateOnly), got, n)
			}
		}
	}
}
