package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"fitness/internal/fitness"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestInputKeepsValueAndShowsError(t *testing.T) {
	f := NewForm(url.Values{"name": {`<script>x</script>`}, "password": {"hunter2hunter2"}})
	f.AddError("name", "Enter a name")
	html := render(t, Input(f, Field{Name: "name", Label: "Name", Hint: "Full name"}))
	for _, want := range []string{
		`value="&lt;script&gt;x&lt;/script&gt;"`,
		`aria-describedby="name-hint name-error"`,
		`govuk-input--error`,
		`<span class="govuk-visually-hidden">Error:</span> Enter a name`,
		`govuk-form-group--error`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("input lacks %s:\n%s", want, html)
		}
	}
	if html := render(t, Input(f, Field{Name: "password", Label: "Password", Type: "password"})); strings.Contains(html, "hunter2") {
		t.Errorf("password echoed back:\n%s", html)
	}
}

func TestRadiosAndDateInput(t *testing.T) {
	f := NewForm(url.Values{"choice": {"b"}, "when-day": {"31"}, "when-month": {"2"}, "when-year": {"2026"}})
	f.Date("when", "the date", true)
	html := render(t, Radios(f, Field{Name: "choice", Label: "Pick one", Options: []fitness.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}))
	if !strings.Contains(html, `<legend`) || !strings.Contains(html, `id="choice-2" name="choice" type="radio" value="b" checked`) {
		t.Errorf("radios:\n%s", html)
	}
	html = render(t, DateInput(f, Field{Name: "when", Label: "When?"}))
	for _, want := range []string{`role="group"`, `<legend`, `id="when-day"`, `value="31"`, `must be a real date`} {
		if !strings.Contains(html, want) {
			t.Errorf("date input lacks %s:\n%s", want, html)
		}
	}
}

func TestPageTitle(t *testing.T) {
	tests := []struct {
		p    Page
		want string
	}{
		{Page{Title: "My cases"}, "My cases – fitness"},
		{Page{Title: "Sign in", HasErrors: true}, "Error: Sign in – fitness"},
		{Page{}, "fitness"},
	}
	for _, tt := range tests {
		if got := tt.p.FullTitle(); got != tt.want {
			t.Errorf("FullTitle() = %q; want %q", got, tt.want)
		}
	}
}
