package staff

import (
	"fmt"
	"net/http"
	"strconv"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// factField names a field of the finding on particular i (from 1).
func factField(i int, part string) string { return fmt.Sprintf("fact-%d-%s", i, part) }

// hearingDecisionData is what the decision page of a hearing shows: the
// form, or the decision once recorded.
type hearingDecisionData struct {
	H         fitness.Hearing
	C         fitness.Case
	Version   int
	Fixed     bool // particulars come from the allegation
	Rows      []particularRow
	Limits    string // the sanction limits of the rules, in words
	CanRecord bool
	Decision  *fitness.HearingDecision
}

// hearingDecisionContext loads the hearing, its case and any decision.
func (a *app) hearingDecisionContext(r *http.Request) (hearingDecisionData, error) {
	if a.Hearings == nil {
		return hearingDecisionData{}, web.PageNotFound()
	}
	ctx, actor := r.Context(), web.ActorFrom(r.Context())
	h, err := a.Hearings.FindHearing(ctx, actor, r.PathValue("hearing"))
	if err != nil {
		return hearingDecisionData{}, err
	}
	c, err := a.Cases.FindCase(ctx, actor, h.CaseID)
	if err != nil {
		return hearingDecisionData{}, err
	}
	d := hearingDecisionData{H: h, C: c, Version: c.Version, Limits: sanctionLimits(a.Rules),
		CanRecord: actor.Has(fitness.RoleHearingsOfficer)}
	if dec, err := a.Hearings.HearingDecision(ctx, actor, h.ID); err == nil {
		d.Decision = &dec
		return d, nil
	} else if fitness.ErrorCode(err) != fitness.ENotFound {
		return d, err
	}
	if h.Kind != fitness.HearingFinal {
		return d, nil
	}
	rows := decisionData{CaseID: c.ID}
	if err := a.allegedParticulars(r, &rows); err != nil {
		return d, err
	}
	d.Rows, d.Fixed = rows.Rows, rows.Fixed
	return d, nil
}

// sanctionLimits says what the rules allow, for the form's hint.
func sanctionLimits(r fitness.Rules) string {
	return fmt.Sprintf("A caution order lasts %s to %s, a conditions of practice order up to %s and a suspension order up to %s. "+
		"Striking off for lack of competence or health needs %s of continuous suspension or conditions first.",
		r.CautionMin, r.CautionMax, r.ConditionsMax, r.SuspensionMax, r.StrikeOffBarContinuous)
}

// hearingDecisionForm shows the form recording a hearing's decision, or
// the decision once recorded.
func (a *app) hearingDecisionForm(w http.ResponseWriter, r *http.Request) error {
	d, err := a.hearingDecisionContext(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.SetDate("decided_on", fitness.UKDate(a.Now()))
	f.Values.Set(versionField, strconv.Itoa(d.Version))
	if d.H.Kind == fitness.HearingFinal && !d.Fixed {
		d.Rows = freeParticulars(firstParticularRows)
	}
	return a.renderHearingDecision(w, r, http.StatusOK, d, f)
}

// freeParticulars returns n free-text particular rows.
func freeParticulars(n int) []particularRow {
	var d decisionData
	freeRows(&d, n)
	return d.Rows
}

// recordHearingDecision records the decision and goes back to the case;
// or shows the form again, keeping what was typed, with every problem.
func (a *app) recordHearingDecision(w http.ResponseWriter, r *http.Request) error {
	d, err := a.hearingDecisionContext(r)
	if err != nil {
		return err
	}
	if d.Decision != nil {
		return web.Redirect(w, r, r.URL.Path)
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if d.H.Kind == fitness.HearingFinal && !d.Fixed {
		rows, _ := strconv.Atoi(f.Value("rows"))
		if f.Value("add") == "particular" {
			d.Rows = freeParticulars(rows + 1)
			return a.renderHearingDecision(w, r, http.StatusOK, d, f)
		}
		d.Rows = freeParticulars(rows)
	}
	in := readHearingDecision(f, d)
	version, verr := strconv.Atoi(f.Value(versionField))
	if verr != nil || version != d.Version {
		f.Message = staleMessage
		return a.renderHearingDecision(w, r, http.StatusConflict, d, f)
	}
	if f.HasErrors() {
		return a.renderHearingDecision(w, r, http.StatusUnprocessableEntity, d, f)
	}
	ctx := r.Context()
	_, err = a.Hearings.RecordDecision(ctx, web.ActorFrom(ctx), d.H.ID, version, in)
	switch {
	case fitness.ErrorCode(err) == fitness.EConflict || fitness.ErrorCode(err) == fitness.EForbidden:
		f.Message = fitness.ErrorMessage(err)
		return a.renderHearingDecision(w, r, http.StatusConflict, d, f)
	case f.SetError(decisionFormFields(err)):
		return a.renderHearingDecision(w, r, http.StatusUnprocessableEntity, d, f)
	case err != nil:
		return err
	}
	web.AddFlash(ctx, a.Sessions, "Decision recorded: "+d.H.Kind.Label()+" on "+d.C.Reference)
	return web.Redirect(w, r, "/cases/"+d.C.ID)
}

// decisionFormFields puts the process's messages (its guards check the
// same rules) against the form's fields.
func decisionFormFields(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	names := map[string]string{"decision_date": "decided_on", "expires_on": "length_months", "restricted_since": "review_outcome",
		"finding": "facts", "order": "sanction", "outcome": "review_outcome", "with_conditions": "conditions", "reason": "reasons"}
	out := fitness.FieldErrors{}
	for k, v := range fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Add(k, v)
	}
	return out.Err()
}

// readHearingDecision reads the form into the decision's input, in page
// order.
func readHearingDecision(f *web.Form, d hearingDecisionData) fitness.HearingDecisionInput {
	f.Order = []string{"decided_on", "service_proved", "proceeded_in_absence", "absence_reasons", "private_sessions", "amendments", "facts"}
	in := fitness.HearingDecisionInput{Preliminary: fitness.Preliminary{ServiceProved: f.Value("service_proved") == "yes",
		ProceededInAbsence: f.Value("proceeded_in_absence") == "yes", AbsenceReasons: f.Raw("absence_reasons"),
		PrivateSessions: f.Raw("private_sessions"), Amendments: f.Raw("amendments")},
		Ground: fitness.Ground(f.Value("ground")), GroundFound: fitness.Answer(f.Value("ground_found")),
		Impairment: fitness.Answer(f.Value("impairment")), Sanction: fitness.SanctionKind(f.Value("sanction")),
		Conditions: f.Raw("conditions"), InterimCover: f.Value("interim_cover") == "yes",
		ReviewOutcome: fitness.ReviewOutcome(f.Value("review_outcome")), Granted: fitness.Answer(f.Value("granted")),
		SuspendRight: f.Value("suspend_right") == "yes",
		InterimKind:  fitness.OrderKind(f.Value("interim_kind")), Reasons: f.Raw("reasons"), PrivateReasons: f.Raw("private_reasons")}
	in.DecidedOn, _ = f.Date("decided_on", "the date of the decision", true)
	in.LengthMonths = lengthMonths(f)
	for _, row := range d.Rows {
		pf := fitness.ParticularFinding{Number: f.Value(factField(row.I, "number")), Text: f.Raw(factField(row.I, "text")),
			Finding: fitness.FactFinding(f.Value(factField(row.I, "finding"))), Reasons: f.Raw(factField(row.I, "reasons")),
			Private: f.Value(factField(row.I, "private")) == "yes"}
		if d.Fixed {
			pf.Number, pf.Text = row.Number, row.Text
		}
		in.Facts = append(in.Facts, pf)
		for _, part := range []string{"number", "text", "finding", "reasons"} {
			f.Order = append(f.Order, factField(row.I, part))
		}
	}
	f.Order = append(f.Order, "ground", "ground_found", "impairment", "review_outcome", "granted", "suspend_right", "interim_kind", "sanction",
		"length_months", "conditions", "interim_cover", "reasons", "private_reasons")
	f.Anchors["facts"] = factField(1, "finding")
	return in
}

// lengthMonths reads the length of the order in months, 0 when blank; a
// field error on f when it is not a whole number.
func lengthMonths(f *web.Form) int {
	v := f.Value("length_months")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.AddError("length_months", "Length of the order in months must be a whole number")
	}
	return n
}

func (a *app) renderHearingDecision(w http.ResponseWriter, r *http.Request, status int, d hearingDecisionData, f *web.Form) error {
	title := "Record the decision"
	if d.Decision != nil {
		title = "The decision"
	}
	p := a.page(r, title+" – "+d.C.Reference)
	p.HasErrors, p.BackLink = f.HasErrors(), "/cases/"+d.C.ID
	f.Values.Set("rows", strconv.Itoa(len(d.Rows)))
	return web.Render(w, r, status, hearingDecisionPage(p, d, f))
}

// decisionRows lists a recorded decision in words.
func decisionRows(d fitness.HearingDecision) []web.SummaryRow {
	rows := []web.SummaryRow{
		{Key: "Outcome", Value: web.Text(d.OutcomeLabel())},
		{Key: "Date", Value: web.Text(web.FormatDate(d.DecidedOn))},
	}
	if d.FellAt != "" {
		rows = append(rows, web.SummaryRow{Key: "Fell at", Value: web.Text(d.FellAt)})
	}
	if d.Ground != "" {
		rows = append(rows, web.SummaryRow{Key: "Statutory ground", Value: web.Text(d.Ground.Label())})
	}
	if d.LengthMonths > 0 {
		rows = append(rows, web.SummaryRow{Key: "Length", Value: web.Text(fitness.Period{Months: d.LengthMonths}.String())})
	}
	if d.Conditions != "" {
		rows = append(rows, web.SummaryRow{Key: "Conditions", Value: preLine(d.Conditions)})
	}
	rows = append(rows, web.SummaryRow{Key: "Reasons", Value: preLine(d.Reasons)})
	if d.PrivateReasons != "" {
		rows = append(rows, web.SummaryRow{Key: "Private reasons (never published)", Value: preLine(d.PrivateReasons)})
	}
	return rows
}
