package staff

import (
	"fitness/internal/fitness"
)

// stageLabel returns the stage in words ("" for no stage).
func (a *app) stageLabel(s fitness.Stage) string {
	if s == "" {
		return ""
	}
	return a.Process.StageLabel(s)
}

// knownStage reports whether s is a stage of the process.
func (a *app) knownStage(s fitness.Stage) bool {
	_, ok := a.Process.Stage(s)
	return ok
}

// openStageOptions lists the stages an open case can be in, as options.
func (a *app) openStageOptions() []fitness.Option {
	var opts []fitness.Option
	for _, d := range a.Process.Stages {
		if !d.Closed && d.Track == fitness.TrackMain {
			opts = append(opts, fitness.Option{Value: string(d.Stage), Label: d.Label})
		}
	}
	return opts
}

// availableAction returns the action named name if actor may take it on c now.
func (a *app) availableAction(c fitness.Case, actor fitness.Actor, name fitness.ActionName) (fitness.ActionDef, bool) {
	for _, act := range a.offeredActions(c, actor) {
		if act.Name == name {
			return act, true
		}
	}
	return fitness.ActionDef{}, false
}

// eventDetails returns the long text an event carries (notes), labelled,
// which [fitness.DescribeEvent] leaves out; the reason is shown apart.
func (a *app) eventDetails(e fitness.Event) []string {
	def, ok := a.Process.Action(fitness.ActionName(e.Type))
	if !ok {
		return nil
	}
	var out []string
	for _, in := range def.Inputs {
		if v := e.Payload[in.Name]; in.Kind == fitness.InputTextarea && in.Name != "reason" && v != "" {
			out = append(out, in.Label+": "+v)
		}
	}
	return out
}
