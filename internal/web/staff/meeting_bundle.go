package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// bundleItemRow is one paper of a bundle, with its documents.
type bundleItemRow struct {
	Title, Date, Text string
	Documents         []docLink
}

// docLink is a document to download.
type docLink struct{ Name, Href string }

// allegationView is the drafted allegation in a bundle.
type allegationView struct {
	Version     int
	Stem        string
	Particulars []string // numbered, with their sub-particulars
	Grounds     string
	Impairment  string
}

// historyRow is one earlier case in a bundle.
type historyRow struct{ Reference, Received, Stage, Decision string }

// bundleData is what a bundle's page shows.
type bundleData struct {
	MeetingID, CaseID, Reference string
	Registrant, Profession       string
	Allegation                   *allegationView
	Items                        []bundleItemRow
	ResponseLine                 string
	History                      []historyRow
	Window                       string // Rules.PreviousNCAWindow in words
	On                           string
	Decided, CanDecide           bool
}

// bundleView shows the papers the panel reads for one case of the agenda.
func (a *app) bundleView(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	meetingID, caseID := r.PathValue("id"), r.PathValue("case")
	m, err := a.Meetings.FindMeeting(ctx, actor, meetingID)
	if err != nil {
		return err
	}
	b, err := a.Meetings.Bundle(ctx, actor, meetingID, caseID)
	if err != nil {
		return err
	}
	d := bundleData{MeetingID: m.ID, CaseID: b.Case.ID, Reference: b.Case.Reference,
		Registrant: b.Registrant.Name() + " (" + b.Registrant.Number + ")", Profession: b.ProfessionName,
		ResponseLine: b.ResponseLine, Window: a.Rules.PreviousNCAWindow.String(), On: web.FormatDate(b.On)}
	for _, it := range b.Items {
		row := bundleItemRow{Title: it.Title, Date: web.FormatDate(it.Date), Text: it.Text}
		for _, doc := range it.Documents {
			row.Documents = append(row.Documents, docLink{Name: doc.Filename + " (" + doc.Classification.Label() + ")",
				Href: "/cases/" + b.Case.ID + "/documents/" + doc.ID})
		}
		d.Items = append(d.Items, row)
	}
	if b.Allegation != nil {
		d.Allegation = newAllegationView(*b.Allegation)
	}
	for _, h := range b.History {
		row := historyRow{Reference: h.Reference, Received: web.FormatDate(h.ReceivedOn), Stage: h.StageLabel}
		if h.Outcome != "" {
			row.Decision = h.Outcome.Label() + ", " + web.FormatDate(h.DecidedOn)
		}
		d.History = append(d.History, row)
	}
	for _, c := range m.Cases {
		if c.CaseID == b.Case.ID {
			d.Decided = c.Outcome != ""
		}
	}
	_, decErr := m.DecisionActor(actor)
	d.CanDecide = decErr == nil && allowed(actor, fitness.PermMeetingDecide) && !d.Decided
	p := a.page(r, "Bundle for "+b.Case.Reference)
	p.BackLink = "/meetings/" + m.ID
	return web.Render(w, r, http.StatusOK, bundlePage(p, d))
}

// newAllegationView shows a drafted allegation: its particulars numbered,
// sub-particulars lettered.
func newAllegationView(al fitness.Allegation) *allegationView {
	v := &allegationView{Version: al.Version, Stem: al.Stem, Impairment: al.Impairment}
	for _, p := range al.Particulars {
		text := strconv.Itoa(p.Number) + ". " + p.Text
		for j, sub := range p.Subparticulars {
			text += fmt.Sprintf(" (%c) %s", 'a'+j, sub)
		}
		v.Particulars = append(v.Particulars, text)
	}
	var grounds []string
	for _, g := range al.Grounds {
		grounds = append(grounds, g.Label())
	}
	v.Grounds = strings.Join(grounds, ", ")
	return v
}
