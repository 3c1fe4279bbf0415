package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"fitness/internal/fitness"
)

// History is one synthetic case: its row and its events in order, made by
// taking real process actions one after another with [fitness.Case.Apply]
// on a simulated clock, so the history is valid by construction. Changes
// are the register effects of those actions, in order, which storage
// applies to the registrant's entry.
type History struct {
	Case    fitness.Case
	Events  []fitness.Event
	Changes []RegisterChange
}

// RegisterChange is what an action did to the register entry of the case's
// registrant: a new status, or an annotation added.
type RegisterChange struct {
	RegistrantID string
	Status       fitness.RegistrantStatus // "" when unchanged
	Annotation   string                   // "" when none added
}

// caseSim takes one case through the process. Every method that acts
// returns false once the case should go no further: the data set's last
// moment (until) has come, the case has its most events, or an action was
// refused (err, which is a bug in the simulation).
type caseSim struct {
	p       *fitness.Process
	rules   fitness.Rules
	r       *rand.Rand
	staff   *Staff
	until   time.Time
	max     int     // most events; 0 for no limit
	pace    float64 // waits are multiplied by pace
	c       fitness.Case
	events  []fitness.Event
	changes []RegisterChange
	now     time.Time
	cm      fitness.Actor // the case manager, once allocated
	noteAt  time.Time
	noteDay float64 // mean days between notes; 0 for none
	noteFix float64 // when set, the mean days between notes whatever the stage
	interim interimStep
	stopped bool
	err     error
}

// interimStep is the next action of the interim-order track: do at at.
type interimStep struct {
	at time.Time
	do func()
}

// newCaseSim opens a case about subject raised by co, recorded by opener
// at opened, with its opening event.
func newCaseSim(p *fitness.Process, rules fitness.Rules, r *rand.Rand, staff *Staff, co fitness.Concern,
	subject fitness.ConcernSubject, opener fitness.Actor, opened, until time.Time) *caseSim {
	c, e := fitness.NewCase(p, co, subject, opener, opened)
	c.ID = newID(r, opened)
	e.ID, e.CaseID = newID(r, opened), c.ID
	return &caseSim{p: p, rules: rules, r: r, staff: staff, until: until, pace: 1, c: c,
		events: []fitness.Event{e}, now: opened}
}

// history returns what the simulation made, or its error.
func (s *caseSim) history() (History, error) {
	if s.err != nil {
		return History{}, fmt.Errorf("case opened %s: %w", s.c.OpenedAt.Format(time.DateOnly), s.err)
	}
	return History{Case: s.c, Events: s.events, Changes: s.changes}, nil
}

// going reports whether the simulation may take another action.
func (s *caseSim) going() bool {
	if s.max > 0 && len(s.events) >= s.max {
		s.stopped = true
	}
	return !s.stopped && s.err == nil
}

// do takes action name for a with inputs in at the current time.
func (s *caseSim) do(a fitness.Actor, name fitness.ActionName, in fitness.Input) bool {
	if !s.going() {
		return false
	}
	next, evs, err := s.c.Apply(s.p, s.rules, name, a, in, s.now)
	if err != nil {
		s.err = fmt.Errorf("%s at stage %s (interim %q) on %s: %w", name, s.c.Stage, s.c.InterimStage,
			s.now.Format(time.RFC3339), err)
		return false
	}
	for i := range evs {
		evs[i].ID = newID(s.r, evs[i].At)
	}
	s.events = append(s.events, evs...)
	s.registerEffects(name, in, next)
	s.c = next
	if !s.c.Open() {
		s.interim = interimStep{}
	}
	return true
}

// registerEffects records the register effects of the action just taken.
func (s *caseSim) registerEffects(name fitness.ActionName, in fitness.Input, next fitness.Case) {
	def, _ := s.p.Action(name)
	if next.RegistrantID == "" {
		return
	}
	for _, e := range def.Effects {
		if !e.Applies(in) {
			continue
		}
		switch e.Kind {
		case fitness.EffectSetStatus:
			s.changes = append(s.changes, RegisterChange{RegistrantID: next.RegistrantID, Status: e.Status})
		case fitness.EffectAnnotate:
			s.changes = append(s.changes, RegisterChange{RegistrantID: next.RegistrantID, Annotation: e.Label})
		}
	}
}

// wait moves the clock on by between lo and hi days (times the pace), to
// a time in office hours, taking the background actions due on the way.
func (s *caseSim) wait(lo, hi float64) bool {
	d := (lo + s.r.Float64()*(hi-lo)) * s.pace
	return s.advance(s.office(s.now.Add(time.Duration(d * 24 * float64(time.Hour)))))
}

// waitUntil moves the clock to an office-hours time on the day of t plus
// between lo and hi days.
func (s *caseSim) waitUntil(t time.Time, lo, hi float64) bool {
	if t.Before(s.now) {
		t = s.now
	}
	d := lo + s.r.Float64()*(hi-lo)
	return s.advance(s.office(t.Add(time.Duration(d * 24 * float64(time.Hour)))))
}

// afterDue moves the clock past the day deadline name of the case is due,
// by between lo and hi more days; at once when there is no such deadline.
func (s *caseSim) afterDue(name string, lo, hi float64) bool {
	due, ok := s.due(name)
	if !ok {
		return s.wait(0.01, 0.1)
	}
	return s.waitUntil(day(due).AddDate(0, 0, 1), lo, hi)
}

// due returns when the case's deadline name is due.
func (s *caseSim) due(name string) (time.Time, bool) {
	for _, d := range s.c.Deadlines {
		if d.Name == name {
			return d.Due, true
		}
	}
	return time.Time{}, false
}

// office returns t if it falls on a weekday between 09:00 and 17:00 UTC;
// otherwise a time in the first office hours after it. The result is
// always after the current time.
func (s *caseSim) office(t time.Time) time.Time {
	h := t.Hour()
	switch {
	case h >= 17:
		t = day(t).AddDate(0, 0, 1).Add(9*time.Hour + time.Duration(s.r.IntN(3600))*time.Second)
	case h < 9:
		t = day(t).Add(9*time.Hour + time.Duration(s.r.IntN(3600))*time.Second)
	}
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	if !t.After(s.now) {
		t = s.now.Add(time.Duration(60+s.r.IntN(1800)) * time.Second)
	}
	return t.Truncate(time.Second)
}

// advance moves the clock to t, first taking the notes and interim-order
// actions that fall due before it. False when the data set ends first.
func (s *caseSim) advance(t time.Time) bool {
	for s.going() {
		at, next := s.background()
		if next == nil || !at.Before(t) {
			break
		}
		if at.After(s.until) {
			s.stopped = true
			return false
		}
		s.now = at
		next()
	}
	if !s.going() {
		return false
	}
	if t.After(s.until) {
		s.stopped = true
		return false
	}
	s.now = t
	return true
}

// background returns the next background action and when it is due: a
// note on the file, or the interim-order track's next step.
func (s *caseSim) background() (time.Time, func()) {
	var at time.Time
	var next func()
	if s.noteDay > 0 && s.c.Open() {
		if s.noteAt.IsZero() {
			s.scheduleNote()
		}
		at, next = s.noteAt, s.note
	}
	if s.interim.do != nil && s.c.Open() && (next == nil || s.interim.at.Before(at)) {
		at, next = s.interim.at, s.interim.do
	}
	return at, next
}

// notes sets the mean days between notes on the file from now on.
func (s *caseSim) notes(meanDays float64) {
	s.noteDay = meanDays
	if s.noteFix > 0 {
		s.noteDay = s.noteFix
	}
	s.noteAt = time.Time{}
}

func (s *caseSim) scheduleNote() {
	d := -math.Log(1-s.r.Float64()) * s.noteDay
	s.noteAt = s.office(s.now.Add(time.Duration(d * 24 * float64(time.Hour))))
}

// note adds a note on the file, by the case manager or a team leader.
func (s *caseSim) note() {
	a := s.cm
	if a.UserID == "" {
		a = s.staff.pick(s.r, fitness.RoleTeamLeader)
	}
	s.do(a, fitness.ActionAddNote, fitness.Input{"note": oneOf(s.r, noteTexts)})
	s.scheduleNote()
}

// today returns the current date as an input value.
func (s *caseSim) today() string { return s.now.Format(time.DateOnly) }

// day returns the start of t's day in UTC.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// chance reports true with probability p.
func (s *caseSim) chance(p float64) bool { return s.r.Float64() < p }

// actor returns someone holding role.
func (s *caseSim) actor(role fitness.Role) fitness.Actor { return s.staff.pick(s.r, role) }
