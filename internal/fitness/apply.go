package fitness

import (
	"slices"
	"strings"
	"time"
)

// Stage returns the definition of stage s.
func (p *Process) Stage(s Stage) (StageDef, bool) {
	for _, d := range p.Stages {
		if d.Stage == s {
			return d, true
		}
	}
	return StageDef{}, false
}

// Action returns the definition of the action called n.
func (p *Process) Action(n ActionName) (ActionDef, bool) {
	for _, d := range p.Actions {
		if d.Name == n {
			return d, true
		}
	}
	return ActionDef{}, false
}

// StageLabel returns the label of stage s, or s itself when p does not
// define it.
func (p *Process) StageLabel(s Stage) string {
	if d, ok := p.Stage(s); ok {
		return d.Label
	}
	return string(s)
}

// Available returns the actions a may take on c now, in table order: those
// whose From holds the case's stage on the action's track and whose Roles
// include one of a's. Interim-track actions need the case open; those that
// open the track are also available while it has not been opened. Guards
// and inputs are not checked.
func (p *Process) Available(c Case, a Actor) []ActionDef {
	var out []ActionDef
	for _, d := range p.Actions {
		if p.versionOK(c) && stageAllows(c, d) && d.Allows(a) && (d.Unless == nil || d.Unless(c) == "") {
			out = append(out, d)
		}
	}
	return out
}

// Allows reports whether a holds one of the roles that may take the action.
// A system action is allowed to [SystemActor] alone; [SystemActor] may take
// no other action but those that follow a deadline ([ActionDef.OnDeadline]).
func (d ActionDef) Allows(a Actor) bool {
	if d.System || a.UserID == SystemActor.UserID {
		return a.UserID == SystemActor.UserID && (d.System || d.OnDeadline != "")
	}
	for _, r := range d.Roles {
		if a.Has(r) {
			return true
		}
	}
	return false
}

func (p *Process) versionOK(c Case) bool {
	return c.ProcessVersion == "" || c.ProcessVersion == p.Version
}

// stageAllows reports whether d can be taken from c's stage on d's track.
func stageAllows(c Case, d ActionDef) bool {
	if d.Track != TrackInterim {
		return slices.Contains(d.From, c.Stage)
	}
	if !c.Open() {
		return false
	}
	return slices.Contains(d.From, c.InterimStage) || (d.Opens && c.InterimStage == "")
}

// NewCase returns a new case about subject, raised by concern, in p's
// initial stage, with its opening event. Storage fills in the ID, the
// reference and the event hashes.
func NewCase(p *Process, concern Concern, subject ConcernSubject, a Actor, now time.Time) (Case, Event) {
	c := Case{
		ConcernID:      concern.ID,
		RegistrantID:   subject.RegistrantID,
		SubjectName:    subject.Name,
		SubjectDetails: subject.Details,
		Source:         concern.Source,
		Summary:        concern.Summary,
		Stage:          p.Initial,
		StageEnteredAt: now,
		Version:        1,
		ProcessVersion: p.Version,
		ReceivedOn:     concern.ReceivedOn,
		OpenedAt:       now,
	}
	payload := map[string]string{"source": string(concern.Source)}
	if !concern.ReceivedOn.IsZero() {
		payload["received_on"] = concern.ReceivedOn.Format(time.DateOnly)
	}
	e := Event{
		Seq: 1, Type: EventCaseOpened, ActorID: a.UserID, ActorName: a.Name, OnBehalfOf: a.OnBehalfOf,
		At: now, ToStage: p.Initial, Payload: payload, ProcessVersion: p.Version,
	}
	return c, e
}

// Apply takes the action called name on c for a, with inputs in, at now,
// under process p and rules r. It is pure: it returns the new case and the
// events to record, or a coded error and c unchanged. It checks, in order:
// that the action exists (ENotFound); that the case is at a stage the
// action can be taken from (EConflict); that a holds an allowed role
// (EForbidden); the inputs (EInvalid, with a message per input); then the
// action's guard.
func (c Case) Apply(p *Process, r Rules, name ActionName, a Actor, in Input, now time.Time) (Case, []Event, error) {
	def, ok := p.Action(name)
	if !ok {
		return c, nil, Errorf(ENotFound, "There is no action called %q", name)
	}
	if err := p.checkStage(c, def); err != nil {
		return c, nil, err
	}
	if !def.Allows(a) {
		if def.System {
			return c, nil, Errorf(EForbidden, "%s is recorded by the system itself", quote(def.Label))
		}
		return c, nil, Errorf(EForbidden, "Only a %s can take %s", roleList(def.Roles), quote(def.Label))
	}
	if def.Unless != nil {
		if why := def.Unless(c); why != "" {
			return c, nil, Errorf(EConflict, "%s", why)
		}
	}
	if err := checkDeadlinePassed(c, def, now); err != nil {
		return c, nil, err
	}
	norm, err := def.Validate(in, now)
	if err != nil {
		return c, nil, err
	}
	if def.Guard != nil {
		if err := def.Guard(c, norm, r, now); err != nil {
			return c, nil, err
		}
	}
	next, e := p.transition(c, def, a, norm, now)
	next.applyEffects(def, r, norm, now)
	p.closeOrReopen(&next, c, def, now)
	return next, []Event{e}, nil
}

// transition moves c along def's track and builds the event.
func (p *Process) transition(c Case, def ActionDef, a Actor, in Input, now time.Time) (Case, Event) {
	next := c
	next.Deadlines = slices.Clone(c.Deadlines)
	next.Version = c.Version + 1
	if next.ProcessVersion == "" {
		next.ProcessVersion = p.Version
	}
	from := c.Stage
	if def.Track == TrackInterim {
		from = c.InterimStage
	}
	to := from
	if def.To != "" {
		to = def.To
	}
	if def.Track == TrackInterim {
		next.InterimStage = to
	} else if def.To != "" {
		next.Stage = to
		next.StageEnteredAt = now
	}
	var payload map[string]string
	if len(in) > 0 {
		payload = map[string]string(in)
	}
	e := Event{
		CaseID: c.ID, Seq: c.Version + 1, Type: string(def.Name),
		ActorID: a.UserID, ActorName: a.Name, OnBehalfOf: a.OnBehalfOf, At: now,
		FromStage: from, ToStage: to, Payload: payload, Reason: in["reason"], ProcessVersion: p.Version,
	}
	return next, e
}

// applyEffects starts and stops deadlines and allocates the case manager.
func (c *Case) applyEffects(def ActionDef, r Rules, in Input, now time.Time) {
	for _, e := range def.Effects {
		if !e.Applies(in) {
			continue
		}
		switch e.Kind {
		case EffectStartDeadline:
			due, ok := c.effectDue(e, r, in, now)
			if !ok {
				continue
			}
			c.stopDeadline(e.Deadline)
			c.Deadlines = append(c.Deadlines, Deadline{Name: e.Deadline, Label: e.Label, Due: due})
		case EffectStopDeadline:
			c.stopDeadline(e.Deadline)
		case EffectAllocate:
			c.CaseManagerID = in["case_manager"]
		case EffectIdentify:
			c.RegistrantID = in["registrant"]
		case EffectCountRefusal:
			c.RestorationRefusals++
		}
	}
}

func (c *Case) stopDeadline(name string) {
	c.Deadlines = slices.DeleteFunc(c.Deadlines, func(d Deadline) bool { return d.Name == name })
}

// closeOrReopen sets ClosedAt when the main track enters a closed stage,
// clearing every deadline and ending an open interim track with the case,
// and clears it when a closed case moves to an open stage (restoration).
func (p *Process) closeOrReopen(next *Case, c Case, def ActionDef, now time.Time) {
	if def.Track == TrackInterim || def.To == "" {
		return
	}
	to, _ := p.Stage(def.To)
	switch {
	case to.Closed:
		next.ClosedAt = now
		next.Deadlines = nil
		if is, ok := p.Stage(next.InterimStage); ok && !is.Closed {
			next.InterimStage = StageInterimEnded
		}
	case !c.Open():
		next.ClosedAt = time.Time{}
	}
}

// Due returns when a start_deadline effect falls due for an action taken
// with in at now; false when its FromInput date is missing.
func (e Effect) Due(r Rules, in Input, now time.Time) (time.Time, bool) {
	base := now
	if e.FromInput != "" {
		t, err := time.Parse(time.DateOnly, in[e.FromInput])
		if err != nil {
			return time.Time{}, false
		}
		base = t
	}
	return e.countFrom(r, base), true
}

// effectDue is [Effect.Due] on c, counting from the due date of the
// deadline e.FromDeadline names (as the action's earlier effects left c)
// when it is set; false when c has no such deadline.
func (c *Case) effectDue(e Effect, r Rules, in Input, now time.Time) (time.Time, bool) {
	if e.FromDeadline == "" {
		return e.Due(r, in, now)
	}
	base, ok := deadlineDue(*c, e.FromDeadline)
	if !ok {
		return time.Time{}, false
	}
	return e.countFrom(r, base), true
}

// countFrom counts e's period from base, backwards when e.Before.
func (e Effect) countFrom(r Rules, base time.Time) time.Time {
	if e.Period == nil {
		return base
	}
	if e.Before {
		return e.Period(r).Before(base, r.Calendar)
	}
	return e.Period(r).After(base, r.Calendar)
}

// checkStage refuses an action the case's stage does not allow, saying
// where the case is and where the action can be taken from.
func (p *Process) checkStage(c Case, def ActionDef) error {
	if !p.versionOK(c) {
		return Errorf(EConflict, "This case runs under process %s, not %s", c.ProcessVersion, p.Version)
	}
	if stageAllows(c, def) {
		return nil
	}
	if !c.Open() {
		return Errorf(EConflict, "This case is closed (%s); %s can't be taken", p.StageLabel(c.Stage), quote(def.Label))
	}
	where := "This case is now in " + p.StageLabel(c.Stage)
	if def.Track == TrackInterim {
		where = "No interim order has been considered on this case"
		if c.InterimStage != "" {
			where = "The interim order track is now at " + p.StageLabel(c.InterimStage)
		}
	}
	if len(def.From) == 0 || len(def.From) > 4 {
		return Errorf(EConflict, "%s; %s can't be taken at this stage", where, quote(def.Label))
	}
	labels := make([]string, len(def.From))
	for i, s := range def.From {
		labels[i] = p.StageLabel(s)
	}
	return Errorf(EConflict, "%s; %s can only be taken from %s", where, quote(def.Label), orList(labels))
}

func quote(s string) string { return "'" + s + "'" }

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func roleList(roles []Role) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = strings.ToLower(r.Label())
	}
	return orList(words)
}
