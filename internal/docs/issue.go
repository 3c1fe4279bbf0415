package docs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Issuer makes the letters that a case's actions issue. It turns the facts
// that storage gathers for a document request into a [Letter], renders it
// to HTML and PDF, and writes the covering email that serves it. The jobs
// call it through a small interface of their own; only cmd/fitness builds
// one. It is safe for concurrent use.
type Issuer struct {
	r    *Renderer
	head Letterhead
	loc  *time.Location
}

// NewIssuer returns an issuer rendering with r under letterhead head.
// Dates in covering emails are those of Europe/London.
func NewIssuer(r *Renderer, head Letterhead) *Issuer {
	loc, err := time.LoadLocation("Europe/London") // embedded by render.go's time/tzdata
	if err != nil {
		loc = time.UTC
	}
	return &Issuer{r: r, head: head, loc: loc}
}

// Issue renders the letter of f's request to HTML and PDF, with its file
// name and covering email. Errors are those of [LetterFor] and of
// [Renderer.PDF].
func (i *Issuer) Issue(ctx context.Context, f fitness.LetterFacts) (fitness.IssuedLetter, error) {
	l, err := LetterFor(f, i.head)
	if err != nil {
		return fitness.IssuedLetter{}, err
	}
	html, err := i.r.HTML(l)
	if err != nil {
		return fitness.IssuedLetter{}, err
	}
	pdf, err := i.r.PDF(ctx, l)
	if err != nil {
		return fitness.IssuedLetter{}, err
	}
	subject, body := CoveringEmail(l, i.loc)
	return fitness.IssuedLetter{HTML: html, PDF: pdf, Filename: Filename(l), Subject: subject,
		BodyText: body, Engine: string(i.r.Engine())}, nil
}

// Filename names the PDF of a letter: the case reference, the kind and who
// it is to, e.g. FTP-2026-00001-notice-of-decision-registrant.pdf.
func Filename(l Letter) string {
	kind := strings.ReplaceAll(string(l.Kind), "_", "-")
	return fmt.Sprintf("%s-%s-%s.pdf", l.Reference, kind, strings.ReplaceAll(string(l.To.Role), "_", "-"))
}

// CoveringEmail returns the subject and plain-text body of the email that
// serves letter l as an attachment, with dates as in loc.
func CoveringEmail(l Letter, loc *time.Location) (subject, body string) {
	title := fitness.DocumentTitle(string(l.Kind))
	subject = fmt.Sprintf("%s: %s", title, l.Reference)
	var b strings.Builder
	fmt.Fprintf(&b, "%s,\n\n", l.Salutation())
	about := "about " + l.Registrant.Name
	if l.ToRegistrant() {
		about = "about you"
	}
	fmt.Fprintf(&b, "Please find attached our %s %s (our reference %s), dated %s.\n\n",
		strings.ToLower(title), about, l.Reference, l.Date.In(loc).Format("2 January 2006"))
	b.WriteString("The letter is a PDF. Please read it carefully: it explains what has happened and what happens next.\n\n")
	if l.Regulator.Email != "" || l.Regulator.Phone != "" {
		b.WriteString("If you have any questions, contact us")
		if l.Regulator.Email != "" {
			b.WriteString(" at " + l.Regulator.Email)
		}
		if l.Regulator.Phone != "" {
			b.WriteString(" or on " + l.Regulator.Phone)
		}
		fmt.Fprintf(&b, ", quoting %s.\n\n", l.Reference)
	}
	fmt.Fprintf(&b, "Yours sincerely,\n\n%s\n", l.From.Name)
	if l.From.Title != "" {
		b.WriteString(l.From.Title + "\n")
	}
	if l.Regulator.Name != "" && l.From.Title != l.Regulator.Name {
		b.WriteString(l.Regulator.Name + "\n")
	}
	return subject, b.String()
}

// Close stops the renderer's browser, if it started one.
func (i *Issuer) Close() error { return i.r.Close() }
