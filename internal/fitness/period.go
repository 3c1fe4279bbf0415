package fitness

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// After returns the time p after t. Years and months are calendar
// arithmetic that keeps the day of the month, falling back to the last day
// of a shorter month (31 January + 1 month is 28 or 29 February); days are
// calendar days; working days then skip weekends and cal's bank holidays,
// the day t itself not counting. The time of day and location of t are
// kept. Negative fields count backwards.
func (p Period) After(t time.Time, cal Calendar) time.Time {
	if months := p.Years*12 + p.Months; months != 0 {
		t = addMonths(t, months)
	}
	if p.Days != 0 {
		t = t.AddDate(0, 0, p.Days)
	}
	step, n := 1, p.WorkingDays
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if cal.IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// Before returns the time p before t: the mirror of [Period.After].
func (p Period) Before(t time.Time, cal Calendar) time.Time {
	return p.Negate().After(t, cal)
}

// Negate returns p with every field negated.
func (p Period) Negate() Period {
	return Period{Days: -p.Days, WorkingDays: -p.WorkingDays, Months: -p.Months, Years: -p.Years}
}

// Add returns the period of p followed by q, field by field.
func (p Period) Add(q Period) Period {
	return Period{Days: p.Days + q.Days, WorkingDays: p.WorkingDays + q.WorkingDays,
		Months: p.Months + q.Months, Years: p.Years + q.Years}
}

// IsZero reports whether p is no time at all.
func (p Period) IsZero() bool { return p == Period{} }

// String returns p in words: "28 days", "18 months", "5 working days",
// "1 year and 6 months". The zero period is "0 days".
func (p Period) String() string {
	var parts []string
	for _, f := range []struct {
		n          int
		one, other string
	}{
		{p.Years, "year", "years"},
		{p.Months, "month", "months"},
		{p.Days, "day", "days"},
		{p.WorkingDays, "working day", "working days"},
	} {
		switch f.n {
		case 0:
		case 1, -1:
			parts = append(parts, fmt.Sprintf("%d %s", f.n, f.one))
		default:
			parts = append(parts, fmt.Sprintf("%d %s", f.n, f.other))
		}
	}
	switch len(parts) {
	case 0:
		return "0 days"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// addMonths adds n months to t, keeping the day of the month or falling
// back to the last day of the target month.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	ty, tm, _ := first.Date()
	if last := daysIn(ty, tm); d > last {
		d = last
	}
	h, mi, s := t.Clock()
	return time.Date(ty, tm, d, h, mi, s, t.Nanosecond(), t.Location())
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// today returns the date in the United Kingdom at now, as midnight UTC:
// the form dates given in inputs take.
func today(now time.Time) time.Time {
	y, m, d := ukTime(now).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ukTime returns t on the clock of the United Kingdom: GMT, or BST (one
// hour ahead) from 01:00 UTC on the last Sunday in March to 01:00 UTC on
// the last Sunday in October. It needs no time-zone database.
func ukTime(t time.Time) time.Time {
	t = t.UTC()
	start, end := lastSunday(t.Year(), time.March), lastSunday(t.Year(), time.October)
	if !t.Before(start) && t.Before(end) {
		return t.In(time.FixedZone("BST", 3600))
	}
	return t.In(time.FixedZone("GMT", 0))
}

// lastSunday returns 01:00 UTC on the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	t := time.Date(y, m, daysIn(y, m), 1, 0, 0, 0, time.UTC)
	return t.AddDate(0, 0, -int(t.Weekday()))
}

// formatDate writes the date of t in the United Kingdom as people read it:
// 3 April 2026.
func formatDate(t time.Time) string { return ukTime(t).Format("2 January 2006") }

// civilDate is a day on the calendar, without time or place.
type civilDate struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) civilDate {
	y, m, d := t.Date()
	return civilDate{y, m, d}
}

// Calendar says which days are working days: Monday to Friday except its
// bank holidays. The zero Calendar has no bank holidays. A Calendar is not
// changed after it is made, so it is safe to share.
type Calendar struct {
	holidays map[civilDate]bool
}

// NewCalendar returns a calendar with the given bank holidays; only the
// date of each time (in its own location) counts.
func NewCalendar(holidays []time.Time) Calendar {
	c := Calendar{holidays: make(map[civilDate]bool, len(holidays))}
	for _, h := range holidays {
		c.holidays[dateOf(h)] = true
	}
	return c
}

// IsWorkingDay reports whether the date of t (in t's location) is a
// working day.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.holidays[dateOf(t)]
}

// IsHoliday reports whether the date of t is one of the calendar's bank
// holidays.
func (c Calendar) IsHoliday(t time.Time) bool { return c.holidays[dateOf(t)] }

// Holidays returns the calendar's bank holidays in order, as midnight UTC.
func (c Calendar) Holidays() []time.Time {
	out := make([]time.Time, 0, len(c.holidays))
	for d := range c.holidays {
		out = append(out, time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC))
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// EnglandAndWales returns the calendar of bank holidays in England and
// Wales from 2010 to 2035: the published dates, including substitute days
// and the one-off holidays (2011-04-29, 2012-06-05, 2022-06-03, 2022-09-19,
// 2023-05-08) and moved ones (2012-06-04, 2020-05-08, 2022-06-02). Dates
// after those published are the usual rules applied; a deployment that
// learns of a change passes its own list to [NewCalendar].
func EnglandAndWales() Calendar {
	var days []time.Time
	for _, line := range englandAndWalesHolidays() {
		f := strings.Fields(line)
		year := f[0]
		for _, md := range f[1:] {
			t, err := time.Parse(time.DateOnly, year+"-"+md)
			if err != nil {
				panic(fmt.Sprintf("fitness: bad bank holiday %s-%s", year, md))
			}
			days = append(days, t)
		}
	}
	return NewCalendar(days)
}

// englandAndWalesHolidays returns the bank holidays of England and Wales,
// one year a line: the year, then month-day of each holiday.
func englandAndWalesHolidays() []string {
	return []string{
		"2010 01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
		"2011 01-03 04-22 04-25 04-29 05-02 05-30 08-29 12-26 12-27",
		"2012 01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26",
		"2013 01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
		"2014 01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
		"2015 01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
		"2016 01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27",
		"2017 01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26",
		"2018 01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26",
		"2019 01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
		"2020 01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
		"2021 01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
		"2022 01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
		"2023 01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
		"2024 01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
		"2025 01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
		"2026 01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
		"2027 01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
		"2028 01-03 04-14 04-17 05-01 05-29 08-28 12-25 12-26",
		"2029 01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26",
		"2030 01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
		"2031 01-01 04-11 04-14 05-05 05-26 08-25 12-25 12-26",
		"2032 01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
		"2033 01-03 04-15 04-18 05-02 05-30 08-29 12-26 12-27",
		"2034 01-02 04-07 04-10 05-01 05-29 08-28 12-25 12-26",
		"2035 01-01 03-23 03-26 05-07 05-28 08-27 12-25 12-26",
	}
}
