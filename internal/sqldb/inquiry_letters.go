package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"fitness/internal/fitness"
)

// StartLetters validates the selection and starts the bulk step
// requesting, for each selected person whose screening opened a case, the
// notice of investigation on that case. Whether a person has such a case
// is decided when they are done, so that a case opened after the step
// starts is written to as well.
func (s *InquiryService) StartLetters(ctx context.Context, actor fitness.Actor, inquiryID string, registrantIDs []string) (fitness.BulkStep, error) {
	var step fitness.BulkStep
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		inq, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, "")
		if err != nil {
			return err
		}
		step, err = s.startPeopleStep(ctx, tx, actor, inq, fitness.BulkLetters, bulkParams{}, registrantIDs)
		return err
	})
	if err != nil {
		return fitness.BulkStep{}, fmt.Errorf("start letters: %w", err)
	}
	return step, nil
}

// letterItem requests the notice of investigation for one person of a
// letters step, on the case their screening opened, and returns the
// outcome in words. The request is recorded as the letters of any action
// are (service_request.go): a case event, then one document request per
// recipient, which the letters job renders, stores and serves. A person
// with no case opened, or whose case already has the notice requested (by
// this step's earlier run, another step or the case's own process), is
// skipped with the reason: the step fails them, so nothing is written.
func (s *InquiryService) letterItem(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, st stepRow, registrantID string) (string, error) {
	p, err := personInScope(ctx, tx, inq.ID, registrantID)
	if err != nil {
		return "", err
	}
	if p.Screening.Outcome != fitness.ScreenOpenCase || p.Screening.CaseID == "" {
		return "", fitness.Errorf(fitness.EConflict, "%s", fitness.LetterSkippedNoCase)
	}
	c, err := s.cases.lockedCase(ctx, tx, p.Screening.CaseID)
	if err != nil {
		return "", err
	}
	if exists(ctx, tx, `SELECT 1 FROM document_requests WHERE case_id = $1 AND document = $2`,
		p.Screening.CaseID, fitness.NoticeDocument) {
		return "", fitness.Errorf(fitness.EConflict, "%s", fitness.LetterSkippedAgain)
	}
	if !c.Open() {
		return "", fitness.Errorf(fitness.EConflict, "Skipped: case %s is closed", c.Reference)
	}
	now := dbTime(s.now())
	if _, err := appendEvents(ctx, tx, c, fitness.Event{Type: fitness.EventNoticeRequested, ActorID: actor.UserID,
		ActorName: actor.Name, OnBehalfOf: actor.OnBehalfOf, At: now, Payload: map[string]string{
			"document": fitness.NoticeDocument, "inquiry": inq.ID, "step": st.ID}}); err != nil {
		return "", err
	}
	ev, err := lastCaseEvent(ctx, tx, c.ID)
	if err != nil {
		return "", err
	}
	if _, err := requestDocument(ctx, tx, c, ev, fitness.NoticeDocument); err != nil {
		return "", err
	}
	return fitness.LetterRequested + " on case " + c.Reference, nil
}

// lastCaseEvent returns the latest event of case id, as stored.
func lastCaseEvent(ctx context.Context, q querier, caseID string) (fitness.Event, error) {
	var payload string
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE case_id = $1
		ORDER BY seq DESC LIMIT 1`, caseID), &payload)
	if err != nil {
		return e, fmt.Errorf("load last event of case %s: %w", caseID, err)
	}
	return e, nil
}

// kickLetters tells the letters job that letters wait to be made (see
// [CaseService.OnLettersRequested]).
func (s *InquiryService) kickLetters() {
	if f := s.cases.letters.Load(); f != nil && *f != nil {
		(*f)()
	}
}
