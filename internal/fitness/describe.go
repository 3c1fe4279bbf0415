package fitness

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DescribeEvent returns an event in words for a case timeline, e.g.
// "Investigation started: moved from Triage to Investigation", followed by
// the key inputs in brackets with choices as their labels and dates in
// words: "(Statutory ground: Misconduct; Date of the decision: 3 March
// 2026)". Long text (notes, reasons) and user ids are left out: the timeline
// shows the reason on its own.
func DescribeEvent(p *Process, e Event) string {
	if s, ok := describeHold(p, e); ok {
		return s
	}
	if s, ok := describeReferral(e); ok {
		return s
	}
	if e.Type == EventCaseOpened {
		if e.ToStage == "" {
			return "Case opened"
		}
		return "Case opened in " + p.StageLabel(e.ToStage)
	}
	if s, ok := describeRecordEvent(e); ok {
		return s
	}
	if s, ok := describeServiceEvent(e); ok {
		return s
	}
	def, ok := p.Action(ActionName(e.Type))
	if !ok {
		return humanise(e.Type)
	}
	s := def.Event
	if s == "" {
		s = def.Label
	}
	if e.FromStage != e.ToStage && e.ToStage != "" {
		if e.FromStage == "" {
			s += ": moved to " + p.StageLabel(e.ToStage)
		} else {
			s += ": moved from " + p.StageLabel(e.FromStage) + " to " + p.StageLabel(e.ToStage)
		}
	}
	var parts []string
	for _, in := range def.Inputs {
		v, ok := e.Payload[in.Name]
		if !ok || v == "" || in.Kind == InputTextarea || in.Kind == InputUser || in.Kind == InputRegistrant {
			continue
		}
		parts = append(parts, in.Label+": "+InputLabel(def, in.Name, v))
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, "; ") + ")"
	}
	return s
}

// InputLabel returns the value of the named input of def in words: the
// label of a choice, a date as "3 March 2026", Yes or No. Other values, and
// values the definition does not know, come back as they are.
func InputLabel(def ActionDef, name, value string) string {
	for _, in := range def.Inputs {
		if in.Name != name {
			continue
		}
		switch in.Kind {
		case InputChoice:
			for _, o := range in.Options {
				if o.Value == value {
					return o.Label
				}
			}
		case InputDate:
			if t, err := time.Parse(time.DateOnly, value); err == nil {
				return t.Format("2 January 2006")
			}
		case InputBool:
			switch value {
			case "yes":
				return "Yes"
			case "no":
				return "No"
			}
		}
	}
	return value
}

// humanise turns an event type such as "case_linked" into "Case linked".
func humanise(t string) string {
	s := strings.ReplaceAll(t, "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return "Event"
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
