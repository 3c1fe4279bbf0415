package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// Rows of free-text particulars a decision form shows at first, and at
// most.
const (
	firstParticularRows = 1
	maxParticularRows   = 50
)

// findingField names a field of the finding on particular i (from 1).
func findingField(i int, part string) string { return fmt.Sprintf("finding-%d-%s", i, part) }

// particularRow is one particular on the decision form.
type particularRow struct {
	I            int
	Number, Text string // as alleged, when the particulars come from the allegation
}

// decisionData is what the decision page shows: the form, or the decision
// once recorded.
type decisionData struct {
	MeetingID, CaseID, Reference, Registrant string
	Version                                  int
	Fixed                                    bool // particulars come from the allegation
	Rows                                     []particularRow
	Responded                                bool
	Decision                                 *fitness.ICPDecision
}

// decisionContext loads what the decision page needs and checks that the
// actor may record the panel's decision (else "Page not found").
func (a *app) decisionContext(r *http.Request) (fitness.Meeting, decisionData, error) {
	ctx := r.Context()
	actor := web.ActorFrom(ctx)
	m, err := a.Meetings.FindMeeting(ctx, actor, r.PathValue("id"))
	if err != nil {
		return m, decisionData{}, err
	}
	if _, err := m.DecisionActor(actor); err != nil || !m.Listed(r.PathValue("case")) {
		return m, decisionData{}, web.PageNotFound()
	}
	c, err := a.Cases.FindCase(ctx, actor, r.PathValue("case"))
	if err != nil {
		return m, decisionData{}, err
	}
	d := decisionData{MeetingID: m.ID, CaseID: c.ID, Reference: c.Reference, Version: c.Version}
	for _, it := range m.Cases {
		if it.CaseID == c.ID {
			d.Registrant = it.RegistrantName + " (" + it.RegistrantNumber + ")"
		}
	}
	if dec, err := a.Meetings.Decision(ctx, actor, m.ID, c.ID); err == nil {
		d.Decision = &dec
		return m, d, nil
	} else if fitness.ErrorCode(err) != fitness.ENotFound {
		return m, d, err
	}
	events, err := a.Cases.CaseEvents(ctx, actor, c.ID)
	if err != nil {
		return m, d, err
	}
	d.Responded = fitness.RegistrantResponded(events)
	return m, d, a.allegedParticulars(r, &d)
}

// allegedParticulars fills in the particulars of the case's current
// allegation, when the app keeps allegations and the case has one.
func (a *app) allegedParticulars(r *http.Request, d *decisionData) error {
	if a.Allegations == nil {
		return nil
	}
	al, err := a.Allegations.CurrentAllegation(r.Context(), web.ActorFrom(r.Context()), d.CaseID)
	if fitness.ErrorCode(err) == fitness.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	for i, p := range al.Particulars {
		text := p.Text
		for j, sub := range p.Subparticulars {
			text += fmt.Sprintf(" (%c) %s", 'a'+j, sub)
		}
		d.Rows = append(d.Rows, particularRow{I: i + 1, Number: strconv.Itoa(p.Number), Text: text})
	}
	d.Fixed = len(d.Rows) > 0
	return nil
}

// freeRows sets d.Rows to n free-text rows.
func freeRows(d *decisionData, n int) {
	n = min(max(n, 1), maxParticularRows)
	d.Rows = make([]particularRow, n)
	for i := range d.Rows {
		d.Rows[i].I = i + 1
	}
}

// decisionForm shows the form recording the panel's decision, or the
// decision once recorded.
func (a *app) decisionForm(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	m, d, err := a.decisionContext(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.SetDate("decided_on", m.Date)
	f.Values.Set(versionField, strconv.Itoa(d.Version))
	if !d.Fixed {
		freeRows(&d, firstParticularRows)
	}
	return a.renderDecision(w, r, http.StatusOK, d, f)
}

// recordDecision records the panel's decision and shows the notice of
// decision; or shows the form again, keeping what was typed. "Add another
// particular" shows the form with one more row.
func (a *app) recordDecision(w http.ResponseWriter, r *http.Request) error {
	if a.Meetings == nil {
		return web.PageNotFound()
	}
	_, d, err := a.decisionContext(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	rows, _ := strconv.Atoi(f.Value("rows"))
	if d.Decision != nil {
		return web.Redirect(w, r, r.URL.Path)
	}
	if !d.Fixed {
		if f.Value("add") == "particular" {
			freeRows(&d, rows+1)
			return a.renderDecision(w, r, http.StatusOK, d, f)
		}
		freeRows(&d, rows)
	}
	in := a.readDecision(f, d)
	version, verr := strconv.Atoi(f.Value(versionField))
	if f.HasErrors() || verr != nil {
		_, derr := fitness.NewICPDecision(in, true, a.Now())
		for k, v := range fitness.ErrorFields(derr) {
			if k != "decided_on" {
				f.AddError(k, v)
			}
		}
		return a.renderDecision(w, r, http.StatusUnprocessableEntity, d, f)
	}
	ctx := r.Context()
	_, err = a.Meetings.RecordDecision(ctx, web.ActorFrom(ctx), d.MeetingID, d.CaseID, version, in)
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict:
		f.Message = fitness.ErrorMessage(err)
		return a.renderDecision(w, r, http.StatusConflict, d, f)
	case f.SetError(err):
		return a.renderDecision(w, r, http.StatusUnprocessableEntity, d, f)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Decision recorded on "+d.Reference)
	return web.Redirect(w, r, "/meetings/"+d.MeetingID+"/cases/"+d.CaseID+"/notice")
}

// readDecision reads the form into the decision's input, in page order.
func (a *app) readDecision(f *web.Form, d decisionData) fitness.ICPDecisionInput {
	f.Order = []string{"outcome", "decided_on", "findings"}
	in := fitness.ICPDecisionInput{Outcome: fitness.ICPOutcome(f.Value("outcome")),
		Ground: fitness.Answer(f.Value("ground")), Impairment: fitness.Answer(f.Value("impairment")),
		Reasons: f.Raw("reasons")}
	in.DecidedOn, _ = f.Date("decided_on", "the date of the decision", true)
	for _, row := range d.Rows {
		fd := fitness.ICPFinding{Number: f.Value(findingField(row.I, "number")), Text: f.Raw(findingField(row.I, "text")),
			RealisticProspect: fitness.Answer(f.Value(findingField(row.I, "prospect"))),
			Reasons:           f.Raw(findingField(row.I, "reasons"))}
		if d.Fixed {
			fd.Number, fd.Text = row.Number, row.Text
		}
		in.Findings = append(in.Findings, fd)
		for _, part := range []string{"number", "text", "prospect", "reasons"} {
			f.Order = append(f.Order, findingField(row.I, part))
		}
	}
	f.Order = append(f.Order, "ground", "impairment", "reasons")
	f.Anchors["findings"] = findingField(1, "prospect")
	return in
}

func (a *app) renderDecision(w http.ResponseWriter, r *http.Request, status int, d decisionData, f *web.Form) error {
	title := "Record the panel's decision"
	if d.Decision != nil {
		title = "The panel's decision"
	}
	p := a.page(r, title+" – "+d.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/meetings/"+d.MeetingID
	f.Values.Set("rows", strconv.Itoa(len(d.Rows)))
	return web.Render(w, r, status, decisionPage(p, d, f))
}

// answerLabel returns a yes or no in words; "Not decided" when blank.
func answerLabel(a fitness.Answer) string {
	switch a {
	case fitness.AnswerYes:
		return "Yes"
	case fitness.AnswerNo:
		return "No"
	}
	return "Not decided"
}

// yesNo are the options of a yes-or-no question.
var yesNo = []fitness.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}

// particularLabel names particular row in a question.
func particularLabel(row particularRow) string {
	if row.Number != "" {
		return "particular " + row.Number
	}
	return "particular " + strconv.Itoa(row.I)
}

// firstUpper returns s with its first letter in upper case.
func firstUpper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
