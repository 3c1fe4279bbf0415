package web

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
)

// Field describes one form field for the GOV.UK form components, which
// read its value and message from a [Form] by Name.
type Field struct {
	Name         string
	Label        string // the label, or the legend of a fieldset
	Hint         string
	Type         string // input type; "" means text
	Autocomplete string
	InputMode    string
	Width        string // "10" gives govuk-input--width-10; "" is full width
	Rows         int    // textarea rows; 0 means 5
	Options      []fitness.Option
	// Reveal holds content shown under a radio option when it is chosen
	// (always shown without JavaScript).
	Reveal map[string]templ.Component
	// Heading makes the label or legend the page's h1.
	Heading bool
	Inline  bool // radios side by side
	// NoSpellcheck turns spellcheck off (emails, numbers, names).
	NoSpellcheck bool
}

// optionID is the id of the i-th option of a radios or checkboxes field:
// the name for the first (so error links reach it), then name-2, name-3.
func optionID(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(i+1)
}

// describedBy joins the ids of a field's hint and error message.
func describedBy(f *Form, fld Field) string {
	var ids []string
	if fld.Hint != "" {
		ids = append(ids, fld.Name+"-hint")
	}
	if f.Error(fld.Name) != "" {
		ids = append(ids, fld.Name+"-error")
	}
	return strings.Join(ids, " ")
}

func inputType(fld Field) string {
	if fld.Type == "" {
		return "text"
	}
	return fld.Type
}

func inputClass(f *Form, fld Field) string {
	c := "govuk-input"
	if fld.Width != "" {
		c += " govuk-input--width-" + fld.Width
	}
	if f.Error(fld.Name) != "" {
		c += " govuk-input--error"
	}
	return c
}

func groupClass(f *Form, name string) string {
	if f.Error(name) != "" {
		return "govuk-form-group govuk-form-group--error"
	}
	return "govuk-form-group"
}

func rows(fld Field) string {
	if fld.Rows == 0 {
		return "5"
	}
	return strconv.Itoa(fld.Rows)
}

// dateError reports whether part of date input name should be marked as
// wrong: the part named by the error's anchor, or all parts.
func dateError(f *Form, name, part string) bool {
	if f.Error(name) == "" {
		return false
	}
	a := f.anchor(name)
	return a == name+"-day" || a == name+"-"+part
}

// SummaryRow is one row of a summary list.
type SummaryRow struct {
	Key   string
	Value templ.Component
}

// Table is a GOV.UK table: a caption, column headings and rows of cells.
type Table struct {
	Caption     string
	HideCaption bool // the caption is for screen readers only
	Head        []string
	Rows        [][]templ.Component
	// Numeric marks columns (by index) to align right.
	Numeric map[int]bool
}

// Button describes a GOV.UK button.
type Button struct {
	Text      string
	Name      string // for a submit button that says which button was used
	Value     string
	Href      string // makes it a link styled as a button
	Secondary bool
	Warning   bool
}

func buttonClass(b Button) string {
	switch {
	case b.Warning:
		return "govuk-button govuk-button--warning"
	case b.Secondary:
		return "govuk-button govuk-button--secondary"
	}
	return "govuk-button"
}

// TagColour names a GOV.UK tag colour ("" is the default blue).
type TagColour string

// Tag colours.
const (
	TagBlue   TagColour = ""
	TagGrey   TagColour = "grey"
	TagGreen  TagColour = "green"
	TagRed    TagColour = "red"
	TagYellow TagColour = "yellow"
	TagOrange TagColour = "orange"
	TagPurple TagColour = "purple"
)

func tagClass(c TagColour) string {
	if c == "" {
		return "govuk-tag"
	}
	return "govuk-tag govuk-tag--" + string(c)
}

// Text returns a component showing s as text.
func Text(s string) templ.Component { return textComponent(s) }

// URL marks a path built by the application as safe for an href.
func URL(s string) templ.SafeURL { return templ.SafeURL(s) }
