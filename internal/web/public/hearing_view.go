package public

import (
	"net/http"
	"slices"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// listingRow is one hearing as the list shows it.
type listingRow struct {
	fitness.PublicListing
	Href, When, Kind string
}

func (a *app) listingRow(l fitness.PublicListing) listingRow {
	return listingRow{PublicListing: l, Href: a.link("/hearings/" + l.HearingID), When: web.FormatSpan(l.Start, l.End),
		Kind: l.Kind.Label()}
}

// hearings lists the hearings published and not yet taken down.
func (a *app) hearings(w http.ResponseWriter, r *http.Request) error {
	ls, err := a.Records.PublicListings(r.Context(), a.Now())
	if err != nil {
		return err
	}
	rows := make([]listingRow, len(ls))
	for i, l := range ls {
		rows[i] = a.listingRow(l)
	}
	return web.Render(w, r, http.StatusOK, hearingsPage(a.page("Hearings"), rows))
}

// hearingData is what the page of one hearing shows.
type hearingData struct {
	listingRow
	Committee string
	Privacy   string
	Decision  string // link to the published decision, if any
}

// hearing shows one listed hearing.
func (a *app) hearing(w http.ResponseWriter, r *http.Request) error {
	l, err := a.Records.PublicListing(r.Context(), r.PathValue("id"), a.Now())
	if err != nil {
		return err
	}
	d := hearingData{listingRow: a.listingRow(l), Committee: l.Committee.Label(), Privacy: privacyWords(l.Privacy)}
	if l.DecisionID != "" {
		d.Decision = a.link("/decisions/" + l.DecisionID)
	}
	p := a.page(l.Kind.Label() + ": " + l.Name)
	p.BackLink = a.link("/hearings")
	return web.Render(w, r, http.StatusOK, hearingPage(p, d))
}

func privacyWords(p fitness.Privacy) string {
	switch p {
	case fitness.PrivacyPrivate:
		return "In private"
	case fitness.PrivacyPartly:
		return "In public, with parts in private"
	}
	return "In public"
}

// decisionData is what the page of a published decision shows.
type decisionData struct {
	fitness.PublicDecision
	Kind, Committee, Published string
	Sections                   []section
}

// section is a part of a published decision: a heading and paragraphs.
type section struct {
	Heading    string
	Paragraphs []string
}

// sections splits a published decision's text into its parts, at the
// headings the domain writes ([fitness.PublishedHeadings]).
func sections(text string) []section {
	out := []section{{}}
	for _, block := range strings.Split(text, "\n\n") {
		block = strings.TrimSpace(block)
		switch {
		case block == "":
		case slices.Contains(fitness.PublishedHeadings, block):
			out = append(out, section{Heading: block})
		default:
			last := &out[len(out)-1]
			last.Paragraphs = append(last.Paragraphs, block)
		}
	}
	return out
}

// decision shows a published decision, while it is published.
func (a *app) decision(w http.ResponseWriter, r *http.Request) error {
	d, err := a.Records.PublicDecision(r.Context(), r.PathValue("id"), a.Now())
	if err != nil {
		return err
	}
	data := decisionData{PublicDecision: d, Kind: d.Kind.Label(), Committee: d.Committee.Label(),
		Published: web.FormatDate(d.PublishedAt), Sections: sections(d.Text)}
	p := a.page("Decision: " + d.Name)
	p.BackLink = a.link("/hearings")
	return web.Render(w, r, http.StatusOK, decisionPage(p, data))
}
