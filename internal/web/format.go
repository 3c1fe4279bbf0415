package web

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // Europe/London must load on hosts without zoneinfo

	"fitness/internal/fitness"
)

// london is loaded once; the zone database is embedded, so it cannot fail
// in practice, and UTC is the fallback if it somehow does.
var london = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
})

// London returns the Europe/London time zone, in which times are shown.
func London() *time.Location { return london() }

// FormatDate formats a date as "2 January 2026" in Europe/London, or ""
// for the zero time. A date stored as midnight UTC stays the same day,
// since London is never behind UTC.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London()).Format("2 January 2006")
}

// FormatDateTime formats an instant in Europe/London as
// "2 January 2026 at 3:04pm".
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London()).Format("2 January 2006 at 3:04pm")
}

// FormatDays says a number of days in words: "1 day", "12 days".
func FormatDays(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// DaysBetween returns the whole days from a to b in Europe/London (negative
// when b is before a).
func DaysBetween(a, b time.Time) int {
	la, lb := a.In(London()), b.In(London())
	da := time.Date(la.Year(), la.Month(), la.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(lb.Year(), lb.Month(), lb.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// FormatSpan says when something starts and, when it ends on a later day,
// until when: "20 April 2026 at 10:00am", or "20 April 2026 at 10:00am to
// 22 April 2026". end is a date (midnight UTC) or zero.
func FormatSpan(start, end time.Time) string {
	s := FormatDateTime(start)
	if !end.IsZero() && fitness.UKDate(start).Before(end) {
		s += " to " + FormatDate(end)
	}
	return s
}
