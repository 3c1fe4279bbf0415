package fitness

import (
	"slices"
	"time"
)

// DueSystemActions returns the system actions the process says follow the
// deadlines of c that have passed at now, in table order: actions whose
// OnDeadline names a deadline of c overdue at now (its date in the United
// Kingdom is over, see [Deadline.Overdue]: someone with "until 30 March"
// has all of 30 March) and that c's stage allows (and Unless does not
// rule out). Actions people may also take ([ActionDef.OnDeadline]) are
// among them: storage gives them the inputs already recorded. The
// deadline sweep takes them as [SystemActor]; each stops its deadline, so
// an action once taken is not due again.
func (p *Process) DueSystemActions(c Case, now time.Time) []ActionDef {
	if !c.Open() || !p.versionOK(c) {
		return nil
	}
	var out []ActionDef
	for _, d := range p.Actions {
		if d.OnDeadline == "" || !stageAllows(c, d) || (d.Unless != nil && d.Unless(c) != "") {
			continue
		}
		if slices.ContainsFunc(c.Deadlines, func(dl Deadline) bool { return dl.Name == d.OnDeadline && dl.Overdue(now) }) {
			out = append(out, d)
		}
	}
	return out
}

// SystemDeadlines returns the names of the deadlines whose passing some
// system action follows, sorted, so storage can narrow its search for
// cases with work for the sweep.
func (p *Process) SystemDeadlines() []string {
	var out []string
	for _, d := range p.Actions {
		if d.OnDeadline != "" && !slices.Contains(out, d.OnDeadline) {
			out = append(out, d.OnDeadline)
		}
	}
	slices.Sort(out)
	return out
}

// checkDeadlinePassed refuses a system action before the deadline it
// follows is overdue, or when the case has no such deadline running.
// Actions people take too answer to their guards instead, whoever takes
// them: the system ends an interim order when the final order replacing
// it takes effect, before the interim order's own end.
func checkDeadlinePassed(c Case, def ActionDef, now time.Time) error {
	if def.OnDeadline == "" || !def.System {
		return nil
	}
	i := slices.IndexFunc(c.Deadlines, func(d Deadline) bool { return d.Name == def.OnDeadline })
	switch {
	case i < 0:
		return Errorf(EConflict, "%s needs a running deadline that this case does not have", quote(def.Label))
	case !c.Deadlines[i].Overdue(now):
		return Errorf(EConflict, "%s must wait until %s has passed", quote(def.Label), formatDate(c.Deadlines[i].Due))
	}
	return nil
}
