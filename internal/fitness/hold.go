package fitness

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Holds pause a case's internal clocks. The rule, in words:
//
//   - A case is put on hold with a reason (for example while a criminal
//     trial runs) and taken off hold later; one hold at a time. Both are
//     events on the case's hash-chained history.
//   - Statutory periods do not pause: a registrant's time to respond, the
//     notice of a hearing, the appeal and PSA windows, order expiry and
//     reviews, interim orders run on, because the law or a letter already
//     sent fixes them.
//   - Internal targets pause: the deadlines named in Rules.HoldPauses (for
//     the HCPC, the date we chase an information request from) and the
//     case-age KPI (Rules.TargetCaseAge).
//   - A pausable deadline running and not yet overdue when the hold begins
//     is paused: it cannot become overdue while the hold lasts. When the
//     hold ends it moves later by the whole days the case was held (the
//     days between the dates, in the United Kingdom, the hold began and
//     ended), if it is still running with the same due date.
//   - The case-age KPI counts from the receipt date moved later by every
//     whole day on hold, the hold in force included.
//   - A hold does not stop anyone acting on the case: the process goes on
//     as usual; only clocks pause.

// Event types of holds.
const (
	EventHoldPlaced = "hold_placed"
	EventHoldEnded  = "hold_ended"
)

// HoldReason is why a case is put on hold.
type HoldReason string

// Hold reasons.
const (
	HoldCriminalProceedings HoldReason = "criminal_proceedings"
	HoldOtherProceedings    HoldReason = "other_proceedings"
	HoldHealth              HoldReason = "health"
	HoldThirdParty          HoldReason = "third_party"
	HoldOther               HoldReason = "other"
)

// HoldReasons lists every hold reason as options.
var HoldReasons = []Option{
	{string(HoldCriminalProceedings), "Awaiting a police investigation or criminal proceedings"},
	{string(HoldOtherProceedings), "Awaiting another body's proceedings (court, coroner, another regulator, employer)"},
	{string(HoldHealth), "The registrant's health prevents them taking part"},
	{string(HoldThirdParty), "Awaiting information only a third party can give"},
	{string(HoldOther), "Another reason"},
}

// Label returns the reason in words.
func (h HoldReason) Label() string {
	for _, o := range HoldReasons {
		if o.Value == string(h) {
			return o.Label
		}
	}
	return string(h)
}

// maxHoldText is the longest hold details or end note accepted.
const maxHoldText = 4000

// HoldInput is what is needed to put a case on hold.
type HoldInput struct {
	Reason  HoldReason
	Details string // why, in the case manager's words
}

// Hold is a period during which a case's internal clocks were paused.
type Hold struct {
	ID            string
	CaseID        string
	Reason        HoldReason
	Details       string
	Start         time.Time
	StartedBy     string
	StartedByName string
	End           time.Time // zero while the hold is in force
	EndedBy       string
	EndedByName   string
	EndNote       string
	// Paused are the deadlines the hold paused, as they stood when it
	// began.
	Paused []Deadline
}

// Active reports whether the hold is in force.
func (h Hold) Active() bool { return h.End.IsZero() }

// Days returns the whole days the case has been held at now: the days
// between the dates, in the United Kingdom, the hold began and ended (or
// today, while it is in force).
func (h Hold) Days(now time.Time) int {
	end := now
	if !h.Active() {
		end = h.End
	}
	return max(daysBetween(today(h.Start), today(end)), 0)
}

// pauses reports whether the hold paused d: d is one of its paused
// deadlines, with the same due time.
func (h Hold) pauses(d Deadline) bool {
	return slices.ContainsFunc(h.Paused, func(p Deadline) bool { return p.Name == d.Name && p.Due.Equal(d.Due) })
}

// caseHolds returns the holds of case id (all of them when id is "").
func caseHolds(id string, holds []Hold) []Hold {
	if id == "" {
		return holds
	}
	return slices.DeleteFunc(slices.Clone(holds), func(h Hold) bool { return h.CaseID != "" && h.CaseID != id })
}

// activeHold returns the hold in force among holds.
func activeHold(holds []Hold) (Hold, bool) {
	i := slices.IndexFunc(holds, Hold.Active)
	if i < 0 {
		return Hold{}, false
	}
	return holds[i], true
}

// heldDays returns the days held in all at now.
func heldDays(holds []Hold, now time.Time) int {
	n := 0
	for _, h := range holds {
		n += h.Days(now)
	}
	return n
}

// heldSince returns the days held on or after date from, at now.
func heldSince(holds []Hold, from, now time.Time) int {
	n := 0
	for _, h := range holds {
		start, end := today(h.Start), today(now)
		if !h.Active() {
			end = today(h.End)
		}
		if start.Before(from) {
			start = from
		}
		n += max(daysBetween(start, end), 0)
	}
	return n
}

// KPIStart returns the date the case-age KPI counts from at now: the
// receipt date (its date in its own location) moved later by every whole
// day on hold, the hold in force included.
func KPIStart(received time.Time, holds []Hold, now time.Time) time.Time {
	return received0(received).AddDate(0, 0, heldDays(holds, now))
}

// KPILead returns, for a hold in force that began at start on a case whose
// KPI counted from kpiStart when it began, the days from the hold's first
// day back to kpiStart (negative). While the hold lasts the case has
// missed the age target at now exactly when KPILead is less than
// [KPILeadLimit](r, now): storage keeps the lead with the hold so that it
// can count breaches without date arithmetic.
func KPILead(kpiStart, start time.Time) int {
	return dayNumber(received0(kpiStart)) - dayNumber(today(start))
}

// KPILeadLimit returns the days from today back to [AgeCutoff] (negative);
// see [KPILead].
func KPILeadLimit(r Rules, now time.Time) int {
	return dayNumber(AgeCutoff(r, now)) - dayNumber(today(now))
}

// PlaceHold puts c on hold for a at now, given the holds the case has had.
// It is pure: it returns the case (one version on), the hold (without an
// ID) and its event, or a coded error: EConflict when the case is closed
// or already on hold; EInvalid with fields "reason" and "details".
func (c Case) PlaceHold(r Rules, holds []Hold, in HoldInput, a Actor, now time.Time) (Case, Hold, Event, error) {
	if !c.Open() {
		return c, Hold{}, Event{}, Errorf(EConflict, "This case is closed, so it cannot be put on hold")
	}
	if h, ok := activeHold(caseHolds(c.ID, holds)); ok {
		return c, Hold{}, Event{}, Errorf(EConflict, "This case has been on hold since %s", formatDate(h.Start))
	}
	in.Details = strings.TrimSpace(in.Details)
	fe := FieldErrors{}
	if !slices.ContainsFunc(HoldReasons, func(o Option) bool { return o.Value == string(in.Reason) }) {
		fe.Add("reason", "Select why the case is going on hold")
	}
	switch {
	case in.Details == "":
		fe.Add("details", "Enter the details of why the case is going on hold")
	case utf8.RuneCountInString(in.Details) > maxHoldText:
		fe.Add("details", "The details must be 4,000 characters or fewer")
	}
	if err := fe.Err(); err != nil {
		return c, Hold{}, Event{}, err
	}
	h := Hold{CaseID: c.ID, Reason: in.Reason, Details: in.Details, Start: now,
		StartedBy: a.UserID, StartedByName: a.Name}
	var names []string
	for _, d := range c.Deadlines {
		if slices.Contains(r.HoldPauses, d.Name) && !d.Overdue(now) {
			h.Paused = append(h.Paused, d)
			names = append(names, d.Name)
		}
	}
	payload := map[string]string{"hold_reason": string(in.Reason)}
	if len(names) > 0 {
		payload["paused"] = strings.Join(names, ",")
	}
	next, e := c.holdEvent(EventHoldPlaced, a, now, payload, in.Details)
	return next, h, e, nil
}

// EndHold takes c off hold h for a at now, with an optional note. It is
// pure: it returns the case (one version on) with the deadlines h paused
// moved later by the days held, the ended hold and its event; EConflict
// when h is not a hold of c in force; EInvalid for a note too long.
func (c Case) EndHold(h Hold, note string, a Actor, now time.Time) (Case, Hold, Event, error) {
	if !h.Active() || (h.CaseID != "" && h.CaseID != c.ID) {
		return c, Hold{}, Event{}, Errorf(EConflict, "This case is not on hold")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxHoldText {
		return c, Hold{}, Event{}, FieldErrors{"note": "The note must be 4,000 characters or fewer"}.Err()
	}
	days := h.Days(now)
	h.End, h.EndedBy, h.EndedByName, h.EndNote = now, a.UserID, a.Name, note
	next, e := c.holdEvent(EventHoldEnded, a, now, map[string]string{"held_days": strconv.Itoa(days)}, note)
	next.Deadlines = slices.Clone(c.Deadlines)
	var moved []string
	for i, d := range next.Deadlines {
		if days > 0 && h.pauses(d) {
			next.Deadlines[i].Due = d.Due.AddDate(0, 0, days)
			moved = append(moved, d.Name)
		}
	}
	if len(moved) > 0 {
		e.Payload["moved"] = strings.Join(moved, ",")
	}
	return next, h, e, nil
}

// holdEvent returns c one version on and the event of a hold.
func (c Case) holdEvent(typ string, a Actor, now time.Time, payload map[string]string, reason string) (Case, Event) {
	next := c
	next.Version = c.Version + 1
	return next, Event{
		CaseID: c.ID, Seq: c.Version + 1, Type: typ, ActorID: a.UserID, ActorName: a.Name,
		OnBehalfOf: a.OnBehalfOf, At: now, FromStage: c.Stage, ToStage: c.Stage, Payload: payload,
		Reason: reason, ProcessVersion: c.ProcessVersion,
	}
}

// describeHold returns a hold event in words: "Put on hold: Awaiting a
// police investigation or criminal proceedings", "Taken off hold after 12
// days; moved later by the days held: Requested information due".
func describeHold(p *Process, e Event) (string, bool) {
	switch e.Type {
	case EventHoldPlaced:
		return "Put on hold: " + HoldReason(e.Payload["hold_reason"]).Label(), true
	case EventHoldEnded:
		days, _ := strconv.Atoi(e.Payload["held_days"])
		s := "Taken off hold after " + plural(days, "day")
		if moved := e.Payload["moved"]; moved != "" {
			var labels []string
			for _, name := range strings.Split(moved, ",") {
				labels = append(labels, p.DeadlineLabel(name))
			}
			s += "; moved later by the days held: " + strings.Join(labels, ", ")
		}
		return s, true
	}
	return "", false
}

// DeadlineLabel returns the label the process gives the deadline called
// name where an action starts it, or name itself.
func (p *Process) DeadlineLabel(name string) string {
	for _, a := range p.Actions {
		for _, e := range a.Effects {
			if e.Kind == EffectStartDeadline && e.Deadline == name && e.Label != "" {
				return e.Label
			}
		}
	}
	return name
}

// HoldService puts cases on hold and takes them off, recording each as an
// event of the case in the same transaction.
type HoldService interface {
	// PlaceHold puts the case on hold at version; EConflict when the
	// version is stale, the case closed or already on hold; EInvalid with
	// fields "reason" and "details".
	PlaceHold(ctx context.Context, actor Actor, caseID string, version int, in HoldInput) (Case, Hold, error)
	// EndHold takes the case off hold at version, moving the deadlines
	// the hold paused; EConflict when stale or not on hold.
	EndHold(ctx context.Context, actor Actor, caseID string, version int, note string) (Case, Hold, error)
	// CaseHolds returns the holds of a case, earliest first; ENotFound
	// when actor may not see the case.
	CaseHolds(ctx context.Context, actor Actor, caseID string) ([]Hold, error)
}
