package docs

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"fitness/internal/fitness"
)

//go:embed templates/*.html
var templateFS embed.FS

// templates holds one parsed template set per kind of letter.
type templates struct {
	byKind map[Kind]*template.Template
}

// parseTemplates parses the layout and every kind's template; loc is the
// time zone dates are shown in.
func parseTemplates(loc *time.Location) (*templates, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs(loc)).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("docs: parse layout: %w", err)
	}
	t := &templates{byKind: make(map[Kind]*template.Template)}
	for _, k := range Kinds() {
		kt, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("docs: clone layout for %s: %w", k, err)
		}
		if _, err := kt.ParseFS(templateFS, "templates/"+string(k)+".html"); err != nil {
			return nil, fmt.Errorf("docs: parse template of %s: %w", k, err)
		}
		t.byKind[k] = kt
	}
	return t, nil
}

// render executes the template of l's kind.
func (t *templates) render(l Letter) ([]byte, error) {
	kt, ok := t.byKind[l.Kind]
	if !ok {
		return nil, fmt.Errorf("docs: no template for %q", l.Kind)
	}
	var buf bytes.Buffer
	if err := kt.ExecuteTemplate(&buf, "letter", l); err != nil {
		return nil, fmt.Errorf("docs: render %s %s: %w", l.Kind, l.Reference, err)
	}
	return buf.Bytes(), nil
}

// templateFuncs are the functions templates call.
func templateFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2 January 2006")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2 January 2006 at 3:04pm")
		},
		"period": func(p fitness.Period) string { return p.String() },
		"reason": reasonText,
		"lower":  strings.ToLower,
	}
}

// reasonText is a remit reason in words: its standard wording, then the
// caller's detail.
func reasonText(r Reason) string {
	text, _ := RemitReason(r.Code)
	switch {
	case text == "":
		return r.Detail
	case r.Detail == "":
		return text
	}
	return text + " " + r.Detail
}

// checkTemplates renders every kind with sample letters covering each
// recipient and outcome, so that a template error stops start-up rather
// than a letter.
func (r *Renderer) checkTemplates() error {
	for _, l := range samples() {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("docs: sample %s to %s: %w", l.Kind, l.To.Role, err)
		}
		if _, err := r.templates.render(l); err != nil {
			return err
		}
	}
	return nil
}
