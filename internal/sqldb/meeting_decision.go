package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// agendaAccess loads a meeting and a case on its agenda for actor, through
// q: ENotFound unless actor may see the meeting and the case (a conflict
// beats a seat on the panel) and the meeting lists the case.
func (s *MeetingService) agendaAccess(ctx context.Context, q querier, actor fitness.Actor, meetingID, caseID string) (fitness.Meeting, fitness.Case, error) {
	m, err := loadMeeting(ctx, q, meetingID)
	if err != nil {
		return m, fitness.Case{}, err
	}
	if !decide(actor, fitness.PermMeetingView, m.Resource()).Allow {
		return m, fitness.Case{}, errMeetingNotFound
	}
	if !m.Listed(caseID) {
		return m, fitness.Case{}, errCaseNotFound
	}
	c, err := s.cases.loadCase(ctx, q, caseID)
	if err != nil {
		return m, c, err
	}
	res, err := caseResource(ctx, q, c)
	if err != nil {
		return m, c, err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return m, c, errCaseNotFound
	}
	return m, c, nil
}

// Bundle returns the papers for a case on the agenda, its history measured
// to the day of the meeting, and records the read in the access log.
func (s *MeetingService) Bundle(ctx context.Context, actor fitness.Actor, meetingID, caseID string) (fitness.Bundle, error) {
	q := s.db.Reader()
	m, c, err := s.agendaAccess(ctx, q, actor, meetingID, caseID)
	if err != nil {
		return fitness.Bundle{}, err
	}
	if err := s.db.recordAccess(ctx, s.now(), actor.UserID, "case.bundle", c.ID, c.Reference+": bundle for meeting "+m.ID); err != nil {
		return fitness.Bundle{}, err
	}
	events, err := caseEvents(ctx, q, c.ID)
	if err != nil {
		return fitness.Bundle{}, err
	}
	history, err := registrantHistory(ctx, q, c.RegistrantID)
	if err != nil {
		return fitness.Bundle{}, err
	}
	b := fitness.NewBundle(s.cases.process, s.cases.rules, c, events, history, m.Date)
	b.MeetingID = m.ID
	if err := fillBundle(ctx, q, actor, c, &b); err != nil {
		return b, err
	}
	b.Registrant, b.ProfessionName, err = registrantAndProfession(ctx, q, c.RegistrantID)
	return b, err
}

// fillBundle puts the drafted allegation in the bundle, when there is one,
// and the summaries of responses to information requests with the
// documents actor may see (official-sensitive ones only with
// [fitness.PermSensitiveView] on the case).
func fillBundle(ctx context.Context, q querier, actor fitness.Actor, c fitness.Case, b *fitness.Bundle) error {
	versions, err := allegationVersions(ctx, q, c.ID)
	if err != nil {
		return err
	}
	if len(versions) > 0 {
		b.UseAllegation(versions[len(versions)-1])
	}
	res, err := caseResource(ctx, q, c)
	if err != nil {
		return err
	}
	sensitive := decide(actor, fitness.PermSensitiveView, res).Allow
	for i, it := range b.Items {
		if it.ResponseID == "" {
			continue
		}
		err := q.QueryRowContext(ctx, `SELECT summary FROM responses WHERE id = $1 AND case_id = $2`,
			it.ResponseID, c.ID).Scan(&b.Items[i].Text)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("load response %s: %w", it.ResponseID, err)
		}
		docs, err := listDocuments(ctx, q, `JOIN response_documents rd ON rd.document_id = d.id
			WHERE rd.response_id = $1 AND (d.classification <> 'official_sensitive' OR $2) ORDER BY rd.seq`,
			it.ResponseID, sensitive)
		if err != nil {
			return err
		}
		for _, d := range docs {
			b.Items[i].Documents = append(b.Items[i].Documents, documentRef(d))
		}
	}
	return nil
}

// registrantAndProfession loads a registrant and the name of their
// profession.
func registrantAndProfession(ctx context.Context, q querier, id string) (fitness.Registrant, string, error) {
	var r fitness.Registrant
	var status, profession string
	err := q.QueryRowContext(ctx, `SELECT r.id, r.number, r.profession_code, r.given_names, r.family_name,
		r.status, r.town, p.name FROM registrants r JOIN professions p ON p.code = r.profession_code
		WHERE r.id = $1`, id).Scan(&r.ID, &r.Number, &r.ProfessionCode, &r.GivenNames, &r.FamilyName,
		&status, &r.Town, &profession)
	if err != nil {
		return r, "", fmt.Errorf("load registrant %s: %w", id, err)
	}
	r.Status = fitness.RegistrantStatus(status)
	return r, profession, nil
}

// registrantHistory returns every case about a registrant, oldest first,
// with its latest Investigating Committee decision.
func registrantHistory(ctx context.Context, q querier, registrantID string) ([]fitness.HistoryCase, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.reference, c.stage, c.received_on, c.closed_at, c.summary,
		COALESCE(d.decided_on, ''), COALESCE(d.outcome, '')
		FROM cases c LEFT JOIN icp_decisions d ON d.case_id = c.id AND d.id = (SELECT d2.id FROM icp_decisions d2
			WHERE d2.case_id = c.id ORDER BY d2.decided_on DESC, d2.recorded_at DESC, d2.id DESC LIMIT 1)
		WHERE c.registrant_id = $1 ORDER BY c.received_on, c.reference`, registrantID)
	if err != nil {
		return nil, fmt.Errorf("history of registrant %s: %w", registrantID, err)
	}
	defer rows.Close()
	var out []fitness.HistoryCase
	for rows.Next() {
		var h fitness.HistoryCase
		var stage, received, decided, outcome string
		var closed sql.NullTime
		if err := rows.Scan(&h.CaseID, &h.Reference, &stage, &received, &closed, &h.Summary, &decided, &outcome); err != nil {
			return nil, fmt.Errorf("history of registrant %s: %w", registrantID, err)
		}
		h.Stage, h.ClosedAt, h.Outcome = fitness.Stage(stage), timeOf(closed), fitness.ICPOutcome(outcome)
		if h.ReceivedOn, err = parseDate(received); err == nil {
			h.DecidedOn, err = parseDate(decided)
		}
		if err != nil {
			return nil, fmt.Errorf("history of registrant %s: %w", registrantID, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// RecordDecision records the panel's decision on a case of the agenda and,
// in the same transaction, applies the matching process action to the case
// at version (as [CaseService.ApplyAction] does), under the actor
// [fitness.Meeting.DecisionActor] gives. The panel must still meet the
// composition rule and have no conflict with the case. When the registrant
// did not respond, the decision and the reasons on the case carry
// [fitness.NoInferenceStatement].
func (s *MeetingService) RecordDecision(ctx context.Context, actor fitness.Actor, meetingID, caseID string, version int, in fitness.ICPDecisionInput) (fitness.ICPDecision, error) {
	var d fitness.ICPDecision
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		m, c, err := s.agendaAccess(ctx, tx, actor, meetingID, caseID)
		if err != nil {
			return err
		}
		as, err := s.mayDecide(ctx, tx, actor, m, c)
		if err != nil {
			return err
		}
		events, err := caseEvents(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if d, err = fitness.NewICPDecision(in, fitness.RegistrantResponded(events), s.now()); err != nil {
			return err
		}
		if err := m.CheckDecision(d); err != nil {
			return err
		}
		action, _ := d.Outcome.Action()
		next, err := s.cases.applyTx(ctx, tx, as, c.ID, version, action, d.ProcessInput())
		if err != nil {
			return decisionFields(err)
		}
		d.ID, d.MeetingID, d.CaseID = newID(), m.ID, c.ID
		d.RecordedAt, d.RecordedBy, d.RecordedByName = dbTime(s.now()), actor.UserID, actor.Name
		return insertDecision(ctx, tx, d, next.Version)
	})
	if err != nil {
		return fitness.ICPDecision{}, err
	}
	return d, nil
}

// mayDecide checks that actor may record the panel's decision on c now and
// returns the actor to apply it under.
func (s *MeetingService) mayDecide(ctx context.Context, tx *sql.Tx, actor fitness.Actor, m fitness.Meeting, c fitness.Case) (fitness.Actor, error) {
	if !decide(actor, fitness.PermMeetingDecide, m.Resource()).Allow {
		return fitness.Actor{}, fitness.Errorf(fitness.EForbidden, "You cannot record this panel's decision")
	}
	as, err := m.DecisionActor(actor)
	if err != nil {
		return as, err
	}
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM icp_decisions WHERE meeting_id = $1 AND case_id = $2`, m.ID, c.ID).Scan(&one)
	if err == nil {
		return as, fitness.Errorf(fitness.EConflict, "The panel's decision on %s is already recorded", c.Reference)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return as, fmt.Errorf("check decision on %s: %w", c.Reference, err)
	}
	fe := fitness.FieldErrors{}
	if err := checkPanelFor(ctx, tx, m.Panel, c.ID, fe); err != nil {
		return as, err
	}
	if len(fe) > 0 {
		return as, fitness.Errorf(fitness.EInvalid, "%s", fitness.ErrorFields(panelProblem(c, fe))["case"])
	}
	return as, nil
}

// decisionFields names the process inputs' field messages as the
// decision's fields.
func decisionFields(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	names := map[string]string{"decision_date": "decided_on", "reason": "reasons"}
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return &fitness.Error{Code: fitness.EInvalid, Message: fitness.ErrorMessage(err), Fields: out}
}

// insertDecision stores a decision and its findings; eventSeq is the case
// event that applied it.
func insertDecision(ctx context.Context, tx *sql.Tx, d fitness.ICPDecision, eventSeq int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO icp_decisions (id, meeting_id, case_id, outcome, decided_on, facts,
		ground, impairment, reasons, registrant_responded, no_inference_statement, event_seq, recorded_at,
		recorded_by, recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		d.ID, d.MeetingID, d.CaseID, string(d.Outcome), dateText(d.DecidedOn), string(d.Test.Facts),
		string(d.Test.Ground), string(d.Test.Impairment), d.Reasons, d.RegistrantResponded,
		d.NoInferenceStatement, eventSeq, d.RecordedAt, d.RecordedBy, d.RecordedByName)
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "The panel's decision on this case is already recorded")
	} else if err != nil {
		return fmt.Errorf("insert decision on case %s: %w", d.CaseID, err)
	}
	for i, f := range d.Findings {
		_, err := tx.ExecContext(ctx, `INSERT INTO icp_findings (decision_id, ordinal, number, particular,
			realistic_prospect, reasons) VALUES ($1, $2, $3, $4, $5, $6)`,
			d.ID, i+1, f.Number, f.Text, string(f.RealisticProspect), f.Reasons)
		if err != nil {
			return fmt.Errorf("insert finding %s on case %s: %w", f.Number, d.CaseID, err)
		}
	}
	return nil
}

// Decision returns the decision recorded on a case of the meeting, or
// ENotFound.
func (s *MeetingService) Decision(ctx context.Context, actor fitness.Actor, meetingID, caseID string) (fitness.ICPDecision, error) {
	q := s.db.Reader()
	if _, _, err := s.agendaAccess(ctx, q, actor, meetingID, caseID); err != nil {
		return fitness.ICPDecision{}, err
	}
	return loadDecision(ctx, q, meetingID, caseID)
}

// loadDecision loads the decision of a meeting on a case with its findings.
func loadDecision(ctx context.Context, q querier, meetingID, caseID string) (fitness.ICPDecision, error) {
	var d fitness.ICPDecision
	var outcome, decided, facts, ground, impairment string
	err := q.QueryRowContext(ctx, `SELECT id, meeting_id, case_id, outcome, decided_on, facts, ground, impairment,
		reasons, registrant_responded, no_inference_statement, recorded_at, recorded_by, recorded_by_name
		FROM icp_decisions WHERE meeting_id = $1 AND case_id = $2`, meetingID, caseID).Scan(&d.ID, &d.MeetingID,
		&d.CaseID, &outcome, &decided, &facts, &ground, &impairment, &d.Reasons, &d.RegistrantResponded,
		&d.NoInferenceStatement, &d.RecordedAt, &d.RecordedBy, &d.RecordedByName)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fitness.Errorf(fitness.ENotFound, "No decision has been recorded on this case yet")
	} else if err != nil {
		return d, fmt.Errorf("load decision on case %s: %w", caseID, err)
	}
	d.Outcome, d.RecordedAt = fitness.ICPOutcome(outcome), d.RecordedAt.UTC()
	d.Test = fitness.RealisticProspectTest{Facts: fitness.Answer(facts), Ground: fitness.Answer(ground),
		Impairment: fitness.Answer(impairment)}
	if d.DecidedOn, err = parseDate(decided); err != nil {
		return d, fmt.Errorf("decision %s: date: %w", d.ID, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT number, particular, realistic_prospect, reasons FROM icp_findings
		WHERE decision_id = $1 ORDER BY ordinal`, d.ID)
	if err != nil {
		return d, fmt.Errorf("load findings of decision %s: %w", d.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var f fitness.ICPFinding
		var prospect string
		if err := rows.Scan(&f.Number, &f.Text, &prospect, &f.Reasons); err != nil {
			return d, fmt.Errorf("load findings of decision %s: %w", d.ID, err)
		}
		f.RealisticProspect = fitness.Answer(prospect)
		d.Findings = append(d.Findings, f)
	}
	return d, rows.Err()
}

// Notice returns the notice of decision on a decided case: to the
// registrant and, unless the concern was anonymous or the regulator's own,
// to the person who raised it. It is never published.
func (s *MeetingService) Notice(ctx context.Context, actor fitness.Actor, meetingID, caseID string) (fitness.NoticeOfDecision, error) {
	q := s.db.Reader()
	m, c, err := s.agendaAccess(ctx, q, actor, meetingID, caseID)
	if err != nil {
		return fitness.NoticeOfDecision{}, err
	}
	d, err := loadDecision(ctx, q, meetingID, caseID)
	if err != nil {
		return fitness.NoticeOfDecision{}, err
	}
	n := fitness.NoticeOfDecision{Reference: c.Reference, Committee: m.Committee, Decision: d,
		JudicialReview: s.cases.rules.JudicialReview}
	if d.Outcome == fitness.OutcomeNoCaseToAnswer {
		n.Reconsider = s.cases.rules.PreviousNCAWindow
	}
	if n.Registrant, n.ProfessionName, err = registrantAndProfession(ctx, q, c.RegistrantID); err != nil {
		return n, err
	}
	n.Recipients = append(n.Recipients, fitness.NoticeRecipient{Role: fitness.NoticeToRegistrant, Name: n.Registrant.Name()})
	var name, email string
	err = q.QueryRowContext(ctx, `SELECT raised_by_name, raised_by_email FROM concerns WHERE id = $1`, c.ConcernID).Scan(&name, &email)
	if err != nil {
		return n, fmt.Errorf("load concern of case %s: %w", c.Reference, err)
	}
	if strings.TrimSpace(name) != "" && c.Source != fitness.SourceAnonymous && c.Source != fitness.SourceOwnMotion {
		n.Recipients = append(n.Recipients, fitness.NoticeRecipient{Role: fitness.NoticeToRaiser, Name: name, Email: email})
	}
	return n, nil
}
