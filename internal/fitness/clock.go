package fitness

import (
	"fmt"
	"slices"
	"time"
)

// Clocks measure a case. The rules of this file, in words:
//
//   - Dates are days in the United Kingdom (Europe/London). A deadline due
//     today is not overdue until tomorrow: it is overdue from the day after
//     the date it falls due.
//   - Time since receipt counts calendar days from the date the concern was
//     received to today (to the date of closure for a closed case). It is
//     a fact and never pauses.
//   - Ageing bands come from Rules.AgeingBandLimits and go by time since
//     receipt. A case is N months old on the day whose date N months
//     earlier is on or after its receipt date, so a case received on 29
//     February is twelve months old on 1 March of the next year, and one
//     received on 31 January is three months old on 1 May.
//   - Statutory clocks (the deadlines of the process table) run on through
//     a hold, except those named in Rules.HoldPauses: internal targets that
//     a hold pauses (see hold.go).
//   - Internal KPIs pause during a hold: the case-age target
//     (Rules.TargetCaseAge) counts from the receipt date moved later by
//     every whole day the case has been on hold, and time in stage is also
//     given with its held days.
//   - A breach is a deadline that has passed without the action that stops
//     it (overdue and not paused), or an open case older than the case-age
//     target, time on hold excluded. A closed case has no breaches.

// Band is an ageing band of the team view: the cases whose time since
// receipt is at least From and less than To.
type Band struct {
	Number int    // 1 for the youngest band, in the order of Rules.AgeingBandLimits
	Label  string // e.g. "3 to 6 months", "24 months or more"
	From   Period // zero for the first band
	To     Period // zero for the last, open-ended band
}

// AgeingBands returns the bands r's AgeingBandLimits make: from receipt to
// the first limit, between each pair of limits, and from the last limit
// on.
func AgeingBands(r Rules) []Band {
	out := make([]Band, 0, len(r.AgeingBandLimits)+1)
	var from Period
	for i, to := range r.AgeingBandLimits {
		out = append(out, Band{Number: i + 1, Label: bandLabel(from, to), From: from, To: to})
		from = to
	}
	last := Band{Number: len(out) + 1, From: from, Label: "Any age"}
	if !from.IsZero() {
		last.Label = from.String() + " or more"
	}
	return append(out, last)
}

// bandLabel names a band: "0 to 3 months", "1 year to 18 months".
func bandLabel(from, to Period) string {
	if from.IsZero() {
		return "Under " + to.String()
	}
	f, t := from.String(), to.String()
	if from.Years == 0 && to.Years == 0 && from.Days == 0 && to.Days == 0 && from.WorkingDays == 0 && to.WorkingDays == 0 {
		f = fmt.Sprint(from.Months) // "3 to 6 months"
	}
	return f + " to " + t
}

// BandCutoffs returns, for each limit of r.AgeingBandLimits in order, the
// latest receipt date (midnight UTC) of a case that has reached that age
// at now. A case received on or before BandCutoffs(r, now)[i] is in band
// i+2 or later; storage compares receipt dates with these to count cases
// per band, so that its counts agree with [AgeingBand].
func BandCutoffs(r Rules, now time.Time) []time.Time {
	day := today(now)
	out := make([]time.Time, len(r.AgeingBandLimits))
	for i, p := range r.AgeingBandLimits {
		out[i] = p.Before(day, r.Calendar)
	}
	return out
}

// AgeingBand returns the band of a case received on the date received
// (its year, month and day in its own location) at now.
func AgeingBand(r Rules, received, now time.Time) Band {
	bands := AgeingBands(r)
	got := received0(received)
	n := 0
	for i, cut := range BandCutoffs(r, now) {
		if !got.After(cut) {
			n = i + 1
		}
	}
	return bands[n]
}

// received0 returns the date of t (in t's location) as midnight UTC.
func received0(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// UKDate returns the date in the United Kingdom at t, as midnight UTC.
func UKDate(t time.Time) time.Time { return today(t) }

// OverdueFrom returns the instant the day in the United Kingdom at now
// began. A deadline due before it is overdue at now; one due later today
// is not (a deadline due today is not overdue until tomorrow).
func OverdueFrom(now time.Time) time.Time {
	d := today(now)
	if s := d.Add(-time.Hour); today(s).Equal(d) {
		return s // British Summer Time: the day began at 23:00 UTC
	}
	return d
}

// Overdue reports whether the deadline is overdue at now: its date in the
// United Kingdom is before today's.
func (d Deadline) Overdue(now time.Time) bool { return d.Due.Before(OverdueFrom(now)) }

// daysBetween returns the calendar days from date a to date b (both
// midnight UTC); negative when b is before a.
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Round(time.Hour).Hours() / 24) }

// dayNumber returns the days from 1 January 1970 to date t (midnight UTC).
func dayNumber(t time.Time) int { return daysBetween(time.Unix(0, 0).UTC(), t) }

// WorkingDaysBetween counts the working days after the date of from up to
// and including the date of to (dates taken in each time's location);
// when to is before from it counts the working days after to up to and
// including from, negated. The same date gives 0.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := received0(from), received0(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// DeadlineClock is one running deadline measured at a moment.
type DeadlineClock struct {
	Deadline
	// Pausable: a hold pauses it (an internal target named in
	// Rules.HoldPauses). Statutory deadlines are not pausable.
	Pausable bool
	// Paused: the hold in force paused it; Days and WorkingDays are then
	// what was left when the hold began, and Due moves later when the
	// hold ends.
	Paused bool
	// Days is the calendar days from today to the due date: 0 when due
	// today, negative when overdue. WorkingDays likewise counts working
	// days.
	Days        int
	WorkingDays int
	Overdue     bool
}

// Words describes the deadline, e.g. "Registrant's response: due 12
// December 2026, 14 days left (10 working days)".
func (d DeadlineClock) Words() string {
	due := formatDate(d.Due)
	switch {
	case d.Paused:
		return fmt.Sprintf("%s: paused while the case is on hold, with %s left (%s) when the hold began; was due %s",
			d.Label, plural(d.Days, "day"), plural(d.WorkingDays, "working day"), due)
	case d.Overdue:
		return fmt.Sprintf("%s: was due %s, %s overdue (%s)",
			d.Label, due, plural(-d.Days, "day"), plural(-d.WorkingDays, "working day"))
	case d.Days == 0:
		return fmt.Sprintf("%s: due today, %s", d.Label, due)
	}
	return fmt.Sprintf("%s: due %s, %s left (%s)", d.Label, due, plural(d.Days, "day"), plural(d.WorkingDays, "working day"))
}

// plural says n units: "1 day", "14 days", "0 working days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// BreachKind says what was breached.
type BreachKind string

// Breach kinds.
const (
	BreachDeadline BreachKind = "deadline" // a deadline passed without the action that stops it
	BreachCaseAge  BreachKind = "case_age" // older than Rules.TargetCaseAge, time on hold excluded
)

// Breach is one breached clock of a case.
type Breach struct {
	Kind     BreachKind
	Deadline string // the deadline's name, for BreachDeadline
	Words    string // in words, for people
}

// CaseClocks is every clock of a case at a moment.
type CaseClocks struct {
	Today        time.Time // the date in the United Kingdom, midnight UTC
	Received     time.Time // the receipt date, midnight UTC
	SinceReceipt int       // calendar days from receipt to today (to closure when closed)
	Band         Band      // ageing band by time since receipt
	InStage      int       // calendar days since the current stage was entered
	InStageHeld  int       // of which days on hold
	HeldDays     int       // days on hold in all, the hold in force included
	Hold         *Hold     // the hold in force; nil when none

	// The case-age KPI: KPIStart is the receipt date moved later by
	// HeldDays; the target is missed once the case, counted from KPIStart,
	// is older than TargetAge. TargetFrom is the first day the target is
	// missed if no more time is held (zero while on hold).
	KPIStart    time.Time
	KPIAge      int // calendar days from KPIStart to today
	TargetAge   Period
	TargetFrom  time.Time
	AgeBreached bool

	Deadlines []DeadlineClock // soonest first
	Breaches  []Breach
}

// Clocks measures case c at now under rules r, with the holds of the case
// (in any order; others' holds are ignored).
func Clocks(c Case, r Rules, holds []Hold, now time.Time) CaseClocks {
	day := today(now)
	end := day
	if !c.Open() {
		end = today(c.ClosedAt)
	}
	holds = caseHolds(c.ID, holds)
	cc := CaseClocks{
		Today: day, Received: received0(c.ReceivedOn), TargetAge: r.TargetCaseAge,
		InStage: max(daysBetween(today(c.StageEnteredAt), end), 0), HeldDays: heldDays(holds, now),
		InStageHeld: heldSince(holds, today(c.StageEnteredAt), now),
	}
	if !c.ReceivedOn.IsZero() {
		cc.SinceReceipt = max(daysBetween(cc.Received, end), 0)
		cc.Band = AgeingBand(r, c.ReceivedOn, c.ClosedAt)
		if c.Open() {
			cc.Band = AgeingBand(r, c.ReceivedOn, now)
		}
	}
	if h, ok := activeHold(holds); ok {
		cc.Hold = &h
	}
	cc.KPIStart = KPIStart(c.ReceivedOn, holds, now)
	cc.KPIAge = daysBetween(cc.KPIStart, day)
	cc.AgeBreached = c.Open() && !c.ReceivedOn.IsZero() && ageBreached(r, cc.KPIStart, now)
	if c.Open() && cc.Hold == nil && !c.ReceivedOn.IsZero() {
		cc.TargetFrom = targetMissedFrom(r, cc.KPIStart)
	}
	cc.Deadlines = deadlineClocks(c, r, cc.Hold, now)
	cc.Breaches = breaches(c, r, cc)
	return cc
}

// Breaches returns the breached clocks of c at now: overdue deadlines that
// are not paused, in due order, then the case-age target.
func Breaches(c Case, r Rules, holds []Hold, now time.Time) []Breach {
	return Clocks(c, r, holds, now).Breaches
}

// Breached reports whether c has any breach at now.
func Breached(c Case, r Rules, holds []Hold, now time.Time) bool {
	return len(Breaches(c, r, holds, now)) > 0
}

func breaches(c Case, r Rules, cc CaseClocks) []Breach {
	if !c.Open() {
		return nil
	}
	var out []Breach
	for _, d := range cc.Deadlines {
		if d.Overdue {
			out = append(out, Breach{Kind: BreachDeadline, Deadline: d.Name, Words: d.Words()})
		}
	}
	if cc.AgeBreached {
		out = append(out, Breach{Kind: BreachCaseAge, Words: fmt.Sprintf(
			"Older than the target of %s from receipt (%s, time on hold excluded)", r.TargetCaseAge,
			plural(cc.KPIAge, "day"))})
	}
	return out
}

// AgeCutoff returns the latest KPI start date of a case that is not yet
// older than r.TargetCaseAge at now: a case whose [KPIStart] is before it
// has missed the target.
func AgeCutoff(r Rules, now time.Time) time.Time {
	return r.TargetCaseAge.Before(today(now), r.Calendar)
}

// ageBreached reports whether a case whose KPI counts from kpiStart is
// older than the target at now.
func ageBreached(r Rules, kpiStart, now time.Time) bool { return kpiStart.Before(AgeCutoff(r, now)) }

// targetMissedFrom returns the first day on which a case counting from
// kpiStart, with no more time held, is older than the target.
func targetMissedFrom(r Rules, kpiStart time.Time) time.Time {
	d := r.TargetCaseAge.After(kpiStart, r.Calendar).AddDate(0, 0, -3)
	for !ageBreached(r, kpiStart, d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// deadlineClocks measures c's deadlines at now, soonest first.
func deadlineClocks(c Case, r Rules, hold *Hold, now time.Time) []DeadlineClock {
	day := today(now)
	out := make([]DeadlineClock, 0, len(c.Deadlines))
	for _, d := range c.Deadlines {
		dc := DeadlineClock{Deadline: d, Pausable: slices.Contains(r.HoldPauses, d.Name)}
		from := day
		if hold != nil && hold.pauses(d) {
			dc.Paused, from = true, today(hold.Start)
		}
		due := today(d.Due)
		dc.Days = daysBetween(from, due)
		dc.WorkingDays = r.Calendar.WorkingDaysBetween(from, due)
		dc.Overdue = !dc.Paused && d.Overdue(now)
		out = append(out, dc)
	}
	slices.SortStableFunc(out, func(a, b DeadlineClock) int { return a.Due.Compare(b.Due) })
	return out
}
