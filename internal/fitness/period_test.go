package fitness

import (
	"testing"
	"time"
)

func TestPeriodAfter(t *testing.T) {
	ew := EnglandAndWales()
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		p     Period
		from  time.Time
		want  time.Time
		cal   Calendar
		since bool // use Before instead of After
	}{
		{name: "zero", p: Period{}, from: at(2026, 3, 2), want: at(2026, 3, 2)},
		{name: "28 days", p: Period{Days: 28}, from: at(2026, 3, 2), want: at(2026, 3, 30)},
		{name: "28 days over a month end", p: Period{Days: 28}, from: at(2026, 1, 20), want: at(2026, 2, 17)},
		{name: "31 Jan + 1 month", p: Period{Months: 1}, from: at(2026, 1, 31), want: at(2026, 2, 28)},
		{name: "31 Jan + 1 month in a leap year", p: Period{Months: 1}, from: at(2024, 1, 31), want: at(2024, 2, 29)},
		{name: "31 Mar + 6 months", p: Period{Months: 6}, from: at(2026, 3, 31), want: at(2026, 9, 30)},
		{name: "18 months", p: Period{Months: 18}, from: at(2026, 3, 2), want: at(2027, 9, 2)},
		{name: "31 Aug + 18 months", p: Period{Months: 18}, from: at(2026, 8, 31), want: at(2028, 2, 29)},
		{name: "29 Feb + 1 year", p: Period{Years: 1}, from: at(2024, 2, 29), want: at(2025, 2, 28)},
		{name: "29 Feb + 4 years", p: Period{Years: 4}, from: at(2024, 2, 29), want: at(2028, 2, 29)},
		{name: "5 years", p: Period{Years: 5}, from: at(2026, 3, 2), want: at(2031, 3, 2)},
		{name: "year and months together", p: Period{Years: 1, Months: 1}, from: at(2027, 1, 31), want: at(2028, 2, 29)},
		{name: "1 month and 3 days", p: Period{Months: 1, Days: 3}, from: at(2026, 1, 31), want: at(2026, 3, 3)},
		{name: "5 working days in a plain week", p: Period{WorkingDays: 5}, from: at(2026, 3, 2), want: at(2026, 3, 9), cal: ew},
		{name: "working day from a Friday", p: Period{WorkingDays: 1}, from: at(2026, 3, 6), want: at(2026, 3, 9), cal: ew},
		{name: "working day from a Saturday", p: Period{WorkingDays: 1}, from: at(2026, 3, 7), want: at(2026, 3, 9), cal: ew},
		{name: "over Christmas 2026", p: Period{WorkingDays: 5}, from: at(2026, 12, 22), want: at(2026, 12, 31), cal: ew},
		{name: "over Christmas 2021 substitute days", p: Period{WorkingDays: 2}, from: at(2021, 12, 24), want: at(2021, 12, 30), cal: ew},
		{name: "over Easter 2026", p: Period{WorkingDays: 3}, from: at(2026, 4, 1), want: at(2026, 4, 8), cal: ew},
		{name: "over the 2022 state funeral", p: Period{WorkingDays: 1}, from: at(2022, 9, 16), want: at(2022, 9, 20), cal: ew},
		{name: "over Easter without holidays", p: Period{WorkingDays: 3}, from: at(2026, 4, 1), want: at(2026, 4, 6)},
		{name: "2 months before", p: Period{Months: 2}, from: at(2026, 4, 30), want: at(2026, 2, 28), since: true},
		{name: "28 days before", p: Period{Days: 28}, from: at(2026, 5, 1), want: at(2026, 4, 3), since: true},
		{name: "working days before Easter Monday", p: Period{WorkingDays: 2}, from: at(2026, 4, 7), want: at(2026, 4, 1), cal: ew, since: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got time.Time
			if tt.since {
				got = tt.p.Before(tt.from, tt.cal)
			} else {
				got = tt.p.After(tt.from, tt.cal)
			}
			if !got.Equal(tt.want) {
				t.Errorf("%v from %s = %s, want %s", tt.p, tt.from.Format(time.DateTime), got.Format(time.DateTime), tt.want.Format(time.DateTime))
			}
		})
	}
}

func TestPeriodKeepsLocation(t *testing.T) {
	loc := time.FixedZone("BST", 3600)
	from := time.Date(2026, 6, 30, 23, 30, 0, 0, loc)
	got := Period{Months: 2}.After(from, Calendar{})
	if want := time.Date(2026, 8, 30, 23, 30, 0, 0, loc); !got.Equal(want) || got.Location() != loc {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestPeriodString(t *testing.T) {
	for _, tt := range []struct {
		p    Period
		want string
	}{
		{Period{}, "0 days"},
		{Period{Days: 1}, "1 day"},
		{Period{Days: 28}, "28 days"},
		{Period{Months: 18}, "18 months"},
		{Period{Years: 1}, "1 year"},
		{Period{WorkingDays: 5}, "5 working days"},
		{Period{WorkingDays: 1}, "1 working day"},
		{Period{Years: 1, Months: 6}, "1 year and 6 months"},
		{Period{Years: 2, Months: 1, Days: 3}, "2 years, 1 month and 3 days"},
		{HCPCRules().AppealWindow.Add(HCPCRules().PSAWindowAfterAppeal), "68 days"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestEnglandAndWales(t *testing.T) {
	cal := EnglandAndWales()
	for _, d := range []string{
		"2011-04-29",               // royal wedding
		"2012-06-04", "2012-06-05", // spring bank holiday moved; diamond jubilee
		"2020-05-08",               // early May moved to VE day
		"2022-06-02", "2022-06-03", // spring moved; platinum jubilee
		"2022-09-19",               // state funeral
		"2023-05-08",               // coronation
		"2021-12-27", "2021-12-28", // Christmas and Boxing Day substitutes
		"2022-01-03", // New Year substitute
		"2026-04-03", "2026-04-06", "2026-12-28",
		"2035-12-25", "2035-12-26",
	} {
		day, _ := time.Parse(time.DateOnly, d)
		if cal.IsWorkingDay(day) || !cal.IsHoliday(day) {
			t.Errorf("%s should be a bank holiday", d)
		}
	}
	for _, d := range []string{"2012-05-28", "2020-05-04", "2022-05-30", "2026-03-02", "2026-12-24"} {
		day, _ := time.Parse(time.DateOnly, d)
		if !cal.IsWorkingDay(day) {
			t.Errorf("%s should be a working day", d)
		}
	}
	perYear := map[int]int{}
	for _, h := range cal.Holidays() {
		perYear[h.Year()]++
		if wd := h.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("bank holiday %s falls on a %s", h.Format(time.DateOnly), wd)
		}
	}
	for y := 2010; y <= 2035; y++ {
		want := 8
		switch y {
		case 2011, 2012, 2023:
			want = 9
		case 2022:
			want = 10
		}
		if perYear[y] != want {
			t.Errorf("%d has %d bank holidays, want %d", y, perYear[y], want)
		}
	}
	if len(perYear) != 26 {
		t.Errorf("holidays cover %d years, want 2010–2035", len(perYear))
	}
}

// TestEnglandAndWalesEaster checks the shipped Good Fridays and Easter
// Mondays against Easter computed by the anonymous Gregorian algorithm.
func TestEnglandAndWalesEaster(t *testing.T) {
	cal := EnglandAndWales()
	for y := 2010; y <= 2035; y++ {
		a, b, c := y%19, y/100, y%100
		d, e := b/4, b%4
		f := (b + 8) / 25
		g := (b - f + 1) / 3
		h := (19*a + b - d - g + 15) % 30
		i, k := c/4, c%4
		l := (32 + 2*e + 2*i - h - k) % 7
		m := (a + 11*h + 22*l) / 451
		easter := time.Date(y, time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1, 0, 0, 0, 0, time.UTC)
		if !cal.IsHoliday(easter.AddDate(0, 0, -2)) || !cal.IsHoliday(easter.AddDate(0, 0, 1)) {
			t.Errorf("%d: Good Friday or Easter Monday (Easter %s) missing", y, easter.Format(time.DateOnly))
		}
	}
}

func TestNewCalendar(t *testing.T) {
	cal := NewCalendar([]time.Time{time.Date(2030, 7, 1, 15, 0, 0, 0, time.UTC)})
	if cal.IsWorkingDay(time.Date(2030, 7, 1, 8, 0, 0, 0, time.UTC)) {
		t.Error("a configured holiday is a working day")
	}
	if !cal.IsWorkingDay(time.Date(2030, 7, 2, 8, 0, 0, 0, time.UTC)) {
		t.Error("the day after is not a working day")
	}
	var zero Calendar
	if !zero.IsWorkingDay(time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)) || zero.IsWorkingDay(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC)) {
		t.Error("the zero calendar should count weekdays only")
	}
	if got := len(zero.Holidays()); got != 0 {
		t.Errorf("zero calendar has %d holidays", got)
	}
}

func TestUKDate(t *testing.T) {
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 6, 4, 23, 30, 0, 0, time.UTC), "2026-06-05"}, // BST
		{time.Date(2026, 1, 4, 23, 30, 0, 0, time.UTC), "2026-01-04"}, // GMT
		{time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "2026-03-29"}, // clocks go forward at 01:00 UTC
		{time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), "2026-03-28"},
		{time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), "2026-10-25"}, // still BST
		{time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), "2026-10-25"}, // GMT again
	} {
		if got := today(tt.now).Format(time.DateOnly); got != tt.want {
			t.Errorf("today(%s) = %s, want %s", tt.now.Format(time.DateTime), got, tt.want)
		}
	}
	if got := formatDate(time.Date(2026, 6, 4, 23, 30, 0, 0, time.UTC)); got != "5 June 2026" {
		t.Errorf("formatDate = %q", got)
	}
}
