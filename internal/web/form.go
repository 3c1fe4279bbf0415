package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Form holds what the user typed and the messages about it, so a page
// shown again after an error keeps every value.
type Form struct {
	Values  url.Values
	Errors  map[string]string // field name → message
	Message string            // a message about the whole form, shown first in the summary
	// Order lists field names in page order, for the error summary; fields
	// not listed follow in name order.
	Order []string
	// Anchors maps a field name to the id its summary link points at, when
	// that is not the name itself (a date input's day field, a radio's
	// first option).
	Anchors map[string]string
}

// NewForm returns a form holding values (nil for an empty form).
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}, Anchors: map[string]string{}}
}

// ParseForm parses the posted form of r (at most 1 MiB) into a Form.
func ParseForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return nil, fitness.Errorf(fitness.EInvalid, "The form could not be read")
	}
	return NewForm(r.PostForm), nil
}

// Value returns the trimmed value typed for name.
func (f *Form) Value(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// Raw returns the value typed for name exactly as typed.
func (f *Form) Raw(name string) string { return f.Values.Get(name) }

// Has reports whether value is among the values given for name (checkboxes).
func (f *Form) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Error returns the message for field name, or "".
func (f *Form) Error(name string) string { return f.Errors[name] }

// AddError records msg for field unless it already has one.
func (f *Form) AddError(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

// HasErrors reports whether there is any message to show.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// SetError shows err on the form when it is an input error (EInvalid: its
// field messages go against the fields; the message heads the summary when
// no field has one) and reports whether it did. Other errors are for the
// caller to return.
func (f *Form) SetError(err error) bool {
	if fitness.ErrorCode(err) != fitness.EInvalid {
		return false
	}
	fields := fitness.ErrorFields(err)
	for k, v := range fields {
		f.AddError(k, v)
	}
	if len(fields) == 0 {
		f.Message = fitness.ErrorMessage(err)
	}
	return true
}

// ErrorLink is one entry of the error summary.
type ErrorLink struct {
	Text string
	Href string
}

// Summary lists the messages in page order, each linking to its field.
func (f *Form) Summary() []ErrorLink {
	names := make([]string, 0, len(f.Errors))
	for _, n := range f.Order {
		if _, ok := f.Errors[n]; ok {
			names = append(names, n)
		}
	}
	var rest []string
	for n := range f.Errors {
		if !slices.Contains(names, n) {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	names = append(names, rest...)
	links := make([]ErrorLink, 0, len(names))
	for _, n := range names {
		links = append(links, ErrorLink{Text: f.Errors[n], Href: "#" + f.anchor(n)})
	}
	return links
}

func (f *Form) anchor(name string) string {
	if a, ok := f.Anchors[name]; ok {
		return a
	}
	return name
}

// Date reads the three fields of a date input named name (name-day,
// name-month, name-year). label is the date in words ("the date the concern
// was received") for messages. It records an error and returns false when
// the date is missing (if required), incomplete or not a real date.
func (f *Form) Date(name, label string, required bool) (time.Time, bool) {
	f.Anchors[name] = name + "-day"
	d, m, y := f.Value(name+"-day"), f.Value(name+"-month"), f.Value(name+"-year")
	if d == "" && m == "" && y == "" {
		if required {
			f.AddError(name, "Enter "+label)
		}
		return time.Time{}, !required
	}
	for _, p := range []struct{ v, part string }{{d, "day"}, {m, "month"}, {y, "year"}} {
		if p.v == "" {
			f.AddError(name, upperFirst(label)+" must include a "+p.part)
			f.Anchors[name] = name + "-" + p.part
			return time.Time{}, false
		}
	}
	t, ok := realDate(d, m, y)
	if !ok {
		f.AddError(name, upperFirst(label)+" must be a real date")
		return time.Time{}, false
	}
	return t, true
}

// realDate returns the date d/m/y in UTC, if it exists.
func realDate(d, m, y string) (time.Time, bool) {
	di, err1 := strconv.Atoi(d)
	mi, err2 := strconv.Atoi(m)
	yi, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil || yi < 1000 || yi > 9999 {
		return time.Time{}, false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di || int(t.Month()) != mi {
		return time.Time{}, false
	}
	return t, true
}

// SetDate fills the three fields of date input name from t.
func (f *Form) SetDate(name string, t time.Time) {
	if t.IsZero() {
		return
	}
	f.Values.Set(name+"-day", strconv.Itoa(t.Day()))
	f.Values.Set(name+"-month", strconv.Itoa(int(t.Month())))
	f.Values.Set(name+"-year", strconv.Itoa(t.Year()))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
