package fitness

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Longest text accepted by text and textarea inputs, in characters.
const (
	InputTextMax     = 500
	InputTextareaMax = 20000
)

// Validate checks in against the action's inputs and returns them
// normalised: spaces trimmed, dates as YYYY-MM-DD, numbers without leading
// zeros, yes/no for bools; empty and unknown inputs are dropped. On bad
// input it returns EInvalid with a message for each input, keyed by name,
// in the GOV.UK style. now decides what "today" is for date rules.
func (d ActionDef) Validate(in Input, now time.Time) (Input, error) {
	out := Input{}
	fe := FieldErrors{}
	for _, def := range d.Inputs {
		v, msg := normaliseInput(def, in[def.Name], now)
		if msg != "" {
			fe.Add(def.Name, msg)
		} else if v != "" {
			out[def.Name] = v
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// normaliseInput returns the normalised value of raw for def, or a message
// saying what is wrong with it.
func normaliseInput(def InputDef, raw string, now time.Time) (string, string) {
	v := strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	if v == "" {
		if def.Required {
			return "", missingMessage(def)
		}
		return "", ""
	}
	if !utf8.ValidString(v) || strings.ContainsFunc(v, unacceptable(def.Kind)) {
		return "", def.Label + " must not contain unusual characters"
	}
	switch def.Kind {
	case InputDate:
		return normaliseDate(def, v, now)
	case InputChoice:
		for _, o := range def.Options {
			if o.Value == v {
				return v, ""
			}
		}
		return "", selectMessage(def)
	case InputNumber:
		return normaliseNumber(def, v)
	case InputBool:
		switch strings.ToLower(v) {
		case "yes", "y", "true", "on":
			return "yes", ""
		case "no", "n", "false", "off":
			return "no", ""
		}
		return "", selectMessage(def)
	case InputTextarea:
		if utf8.RuneCountInString(v) > InputTextareaMax {
			return "", fmt.Sprintf("%s must be %s characters or fewer", def.Label, thousands(InputTextareaMax))
		}
		return v, ""
	}
	if utf8.RuneCountInString(v) > InputTextMax {
		return "", fmt.Sprintf("%s must be %d characters or fewer", def.Label, InputTextMax)
	}
	return v, ""
}

// unacceptable returns the test for characters an input of kind k may not
// hold: control characters, except line breaks and tabs in a textarea.
func unacceptable(k InputKind) func(rune) bool {
	return func(r rune) bool {
		if k == InputTextarea && (r == '\n' || r == '\t') {
			return false
		}
		return unicode.IsControl(r) || r == utf8.RuneError
	}
}

func normaliseNumber(def InputDef, v string) (string, string) {
	n, err := strconv.Atoi(v)
	if err != nil || strings.HasPrefix(v, "+") {
		return "", def.Label + " must be a whole number"
	}
	if def.Max > 0 && (n < def.Min || n > def.Max) {
		return "", fmt.Sprintf("%s must be between %d and %d", def.Label, def.Min, def.Max)
	}
	return strconv.Itoa(n), ""
}

// Earliest date an input accepts, and how many years ahead of now the
// latest is.
const (
	earliestInputYear = 1900
	latestInputYears  = 50
)

func normaliseDate(def InputDef, v string, now time.Time) (string, string) {
	t, ok := parseInputDate(v)
	if !ok {
		return "", def.Label + " must be a real date"
	}
	day := today(now)
	switch {
	case t.Year() < earliestInputYear:
		return "", fmt.Sprintf("%s must be in %d or later", def.Label, earliestInputYear)
	case t.Year() > day.Year()+latestInputYears:
		return "", fmt.Sprintf("%s must be before %d", def.Label, day.Year()+latestInputYears+1)
	case def.Past && t.After(day):
		return "", def.Label + " must be today or in the past"
	case def.Future && !t.After(day):
		return "", def.Label + " must be in the future"
	}
	return t.Format(time.DateOnly), ""
}

// parseInputDate reads YYYY-MM-DD or D/M/YYYY (also with '-' or '.'
// between the day, month and year) and reports whether it is a real date.
func parseInputDate(v string) (time.Time, bool) {
	i := strings.IndexAny(v, "-/.")
	if i < 0 {
		return time.Time{}, false
	}
	parts := strings.Split(v, v[i:i+1])
	if len(parts) != 3 {
		return time.Time{}, false
	}
	y, m, d := parts[0], parts[1], parts[2]
	if len(y) != 4 {
		d, y = y, d
	}
	if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 || !allDigits(y+m+d) {
		return time.Time{}, false
	}
	yn, _ := strconv.Atoi(y)
	mn, _ := strconv.Atoi(m)
	dn, _ := strconv.Atoi(d)
	if mn < 1 || mn > 12 || dn < 1 || dn > daysIn(yn, time.Month(mn)) {
		return time.Time{}, false
	}
	return time.Date(yn, time.Month(mn), dn, 0, 0, 0, 0, time.UTC), true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// missingMessage says an input is required, e.g. "Enter the date of the
// decision" or "Select the statutory ground".
func missingMessage(def InputDef) string {
	if def.Missing != "" {
		return def.Missing
	}
	switch def.Kind {
	case InputChoice, InputBool, InputUser:
		return "Select " + thePhrase(def.Label)
	}
	return "Enter " + thePhrase(def.Label)
}

func selectMessage(def InputDef) string {
	if def.Missing != "" {
		return def.Missing
	}
	return "Select " + thePhrase(def.Label)
}

// thePhrase turns a label into the object of "Enter" or "Select": "the
// statutory ground", but "why it is outside our remit".
func thePhrase(label string) string {
	l := lowerFirst(label)
	first, _, _ := strings.Cut(l, " ")
	switch first {
	case "who", "what", "why", "how", "where", "which", "when", "whether":
		return l
	}
	return "the " + l
}

// lowerFirst lower-cases the first letter of s unless it starts an
// abbreviation (PSA, ICP).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// thousands writes n with commas: 20,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
