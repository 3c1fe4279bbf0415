package staff

import (
	"net/http"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// actionRow is one action of the process, in words.
type actionRow struct {
	Label, From, To, Who, Inputs, Deadlines string
}

// processView shows the process diagram and the same table in words.
func (a *app) processView(w http.ResponseWriter, r *http.Request) error {
	rows := make([]actionRow, 0, len(a.Process.Actions))
	for _, act := range a.Process.Actions {
		rows = append(rows, a.actionRow(act))
	}
	p := a.page(r, "The process")
	return web.Render(w, r, http.StatusOK, processPage(p, a.Process.SVG(), a.Process.Stages, rows))
}

func (a *app) actionRow(act fitness.ActionDef) actionRow {
	var from, who, inputs, deadlines []string
	for _, s := range act.From {
		from = append(from, a.stageLabel(s))
	}
	for _, r := range act.Roles {
		who = append(who, r.Label())
	}
	for _, in := range act.Inputs {
		inputs = append(inputs, in.Label)
	}
	for _, e := range act.Effects {
		if e.Kind == fitness.EffectStartDeadline {
			deadlines = append(deadlines, a.deadlineWords(e))
		}
	}
	to := a.stageLabel(act.To)
	if to == "" {
		to = "Stays in the same stage"
	}
	return actionRow{Label: act.Label, From: strings.Join(from, ", "), To: to, Who: strings.Join(who, ", "),
		Inputs: orNone(inputs), Deadlines: orNone(deadlines)}
}

// deadlineWords says what deadline an effect starts and when it falls.
func (a *app) deadlineWords(e fitness.Effect) string {
	if e.Period == nil {
		return e.Label + " (on the date given)"
	}
	when := e.Period(a.Rules).String()
	switch {
	case e.FromInput != "" && e.Before:
		return e.Label + " (" + when + " before the date given)"
	case e.FromInput != "":
		return e.Label + " (" + when + " after the date given)"
	}
	return e.Label + " (" + when + ")"
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "None"
	}
	return strings.Join(list, "; ")
}
