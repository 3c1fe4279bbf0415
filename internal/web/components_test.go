package web

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

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

func TestOtherComponents(t *testing.T) {
	f := NewForm(url.Values{"tick": {"b"}})
	tests := []struct {
		name string
		c    templ.Component
		want []string
	}{
		{"checkboxes", Checkboxes(f, Field{Name: "tick", Label: "Tick", Options: []fitness.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}),
			[]string{`<legend`, `id="tick" name="tick" type="checkbox" value="a">`, `id="tick-2" name="tick" type="checkbox" value="b" checked`}},
		{"summary list", SummaryList([]SummaryRow{{Key: "Stage", Value: Text("Triage & risk")}}),
			[]string{`<dt class="govuk-summary-list__key">Stage</dt>`, `Triage &amp; risk`}},
		{"pagination", Pagination("", "/?after=x"), []string{`aria-label="Pagination"`, `href="/?after=x" rel="next"`}},
		{"no pagination", Pagination("", ""), nil},
		{"tag", Tag("Overdue", TagRed), []string{`<strong class="govuk-tag govuk-tag--red">Overdue</strong>`}},
		{"banner", NotificationBanner(true, []string{"Case FTP-2026-00001 opened"}), []string{`role="alert"`, `govuk-notification-banner--success`, "Case FTP-2026-00001 opened"}},
		{"button link", SubmitButton(Button{Text: "Go", Href: "/x", Secondary: true}), []string{`<a href="/x" role="button"`, `govuk-button--secondary`}},
		{"table", TableOf(Table{Caption: "Users", HideCaption: true, Head: []string{"Name"}, Rows: [][]templ.Component{{Text("Ada")}}}),
			[]string{`govuk-visually-hidden">Users</caption>`, `<th scope="col" class="govuk-table__header">Name</th>`, `<td class="govuk-table__cell">Ada</td>`}},
	}
	for _, tt := range tests {
		html := render(t, tt.c)
		for _, w := range tt.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s:\n%s", tt.name, w, html)
			}
		}
		if tt.want == nil && strings.TrimSpace(html) != "" {
			t.Errorf("%s rendered %q; want nothing", tt.name, html)
		}
	}
	html := render(t, templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return Details("Help").Render(templ.WithChildren(ctx, Text("More")), w)
	}))
	if !strings.Contains(html, `<span class="govuk-details__summary-text">Help</span>`) || !strings.Contains(html, "More") {
		t.Errorf("details:\n%s", html)
	}
}

func TestFormatSpan(t *testing.T) {
	start := time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC) // 10:00am in London (BST)
	for _, tt := range []struct {
		end  time.Time
		want string
	}{
		{time.Time{}, "20 April 2026 at 10:00am"},
		{time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), "20 April 2026 at 10:00am"},
		{time.Date(2026, 4, 22, 0, 0, 0, 0, time.UTC), "20 April 2026 at 10:00am to 22 April 2026"},
	} {
		if got := FormatSpan(start, tt.end); got != tt.want {
			t.Errorf("FormatSpan(%v) = %q; want %q", tt.end, got, tt.want)
		}
	}
}
