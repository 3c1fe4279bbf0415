package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"fitness/internal/fitness"
)

// Screen records the screening of one person in the latest scope, taking
// its effect in the same transaction: a case opened through the normal
// concern path (source own-motion, linked to the inquiry) or an outbound
// referral. EInvalid ("outcome", "reasons", "other_body"); EConflict when
// the person has already been screened; ENotFound when they are not in
// scope.
func (s *InquiryService) Screen(ctx context.Context, actor fitness.Actor, inquiryID, registrantID string, in fitness.ScreeningInput) (fitness.Screening, error) {
	in, err := in.Validate(s.now())
	if err != nil {
		return fitness.Screening{}, err
	}
	var sc fitness.Screening
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		inq, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, "")
		if err != nil {
			return err
		}
		if err := checkEffect(ctx, tx, actor, in); err != nil {
			return err
		}
		sc, err = s.screenTx(ctx, tx, actor, inq, registrantID, in, "")
		return err
	})
	if err != nil {
		return fitness.Screening{}, fmt.Errorf("screen %s: %w", registrantID, err)
	}
	return sc, nil
}

// checkEffect refuses a decision whose effect actor may not take (opening
// a case, making a referral) and reports a field error when a referral
// names no known body.
func checkEffect(ctx context.Context, q querier, actor fitness.Actor, in fitness.ScreeningInput) error {
	switch in.Outcome {
	case fitness.ScreenOpenCase:
		if !decide(actor, fitness.PermConcernCreate, fitness.Resource{}).Allow {
			return fitness.Errorf(fitness.EForbidden, "You cannot open cases")
		}
	case fitness.ScreenRefer:
		if !decide(actor, fitness.PermReferralManage, fitness.Resource{}).Allow {
			return fitness.Errorf(fitness.EForbidden, "You cannot make referrals to other bodies")
		}
		if !exists(ctx, q, `SELECT 1 FROM other_bodies WHERE id = $1`, in.OtherBodyID) {
			return (fitness.FieldErrors{"other_body": "Select the body to refer to from the list"}).Err()
		}
	}
	return nil
}

// StartScreening validates the decision and the selection and starts the
// bulk step recording it for each selected person.
func (s *InquiryService) StartScreening(ctx context.Context, actor fitness.Actor, inquiryID string, registrantIDs []string, in fitness.ScreeningInput) (fitness.BulkStep, error) {
	in, err := in.Validate(s.now())
	if err != nil {
		return fitness.BulkStep{}, err
	}
	var step fitness.BulkStep
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		inq, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, "")
		if err != nil {
			return err
		}
		if err := checkEffect(ctx, tx, actor, in); err != nil {
			return err
		}
		step, err = s.startPeopleStep(ctx, tx, actor, inq, fitness.BulkScreening, bulkParams{
			Outcome: string(in.Outcome), Reasons: in.Reasons, OtherBodyID: in.OtherBodyID}, registrantIDs)
		step.Screening = in
		return err
	})
	if err != nil {
		return fitness.BulkStep{}, fmt.Errorf("start screening: %w", err)
	}
	return step, nil
}

// screenItem screens one person of a bulk screening step and returns the
// outcome in words.
func (s *InquiryService) screenItem(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, st stepRow, registrantID string) (string, error) {
	sc, err := s.screenTx(ctx, tx, actor, inq, registrantID, st.Screening, st.ID)
	if err != nil {
		return "", err
	}
	switch sc.Outcome {
	case fitness.ScreenOpenCase:
		return "Case " + sc.CaseReference + " opened", nil
	case fitness.ScreenRefer:
		return "Referred to another body", nil
	}
	return "Screened: no action", nil
}

// screenTx screens registrantID in tx: the person must be in the latest
// scope and not yet screened.
func (s *InquiryService) screenTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, registrantID string, in fitness.ScreeningInput, stepID string) (fitness.Screening, error) {
	p, err := personInScope(ctx, tx, inq.ID, registrantID)
	if err != nil {
		return fitness.Screening{}, err
	}
	if p.Screening.Outcome != "" {
		return fitness.Screening{}, fitness.Errorf(fitness.EConflict, "%s has already been screened: %s",
			p.Name, p.Screening.Outcome.Label())
	}
	now := dbTime(s.now())
	sc := fitness.Screening{InquiryID: inq.ID, RegistrantID: registrantID, Outcome: in.Outcome, Reasons: in.Reasons,
		OtherBodyID: in.OtherBodyID, StepID: stepID, DecidedAt: now, DecidedBy: actor.UserID, DecidedByName: actor.Name}
	switch in.Outcome {
	case fitness.ScreenOpenCase:
		err = s.openCase(ctx, tx, actor, inq, in, &sc)
	case fitness.ScreenRefer:
		err = s.refer(ctx, tx, actor, inq, in, &sc)
	}
	if err != nil {
		return fitness.Screening{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_screenings (inquiry_id, registrant_id, outcome, reasons,
		other_body_id, referral_id, case_id, step_id, decided_at, decided_by, decided_by_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, sc.InquiryID, sc.RegistrantID, string(sc.Outcome),
		sc.Reasons, nullString(sc.OtherBodyID), nullString(sc.ReferralID), nullString(sc.CaseID), nullString(stepID),
		now, sc.DecidedBy, sc.DecidedByName); err != nil {
		return fitness.Screening{}, fmt.Errorf("insert screening: %w", err)
	}
	return sc, s.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventPersonScreened,
		RegistrantID: registrantID, Payload: map[string]string{"outcome": string(sc.Outcome), "case": sc.CaseReference,
			"referral": sc.ReferralID, "step": stepID}}, actor, now)
}

// openCase opens an own-motion case about the screened person through the
// normal concern path, and links it to the inquiry: the case shares the
// inquiry's evidence through the link, nothing is copied.
func (s *InquiryService) openCase(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, in fitness.ScreeningInput, sc *fitness.Screening) error {
	_, cases, err := s.cases.CreateConcernTx(ctx, tx, actor, fitness.ConcernInput{ReceivedOn: s.now(),
		Source: fitness.SourceOwnMotion, Summary: in.ConcernSummary(inq),
		Subjects: []fitness.ConcernSubject{{RegistrantID: sc.RegistrantID}}})
	if err != nil {
		return err
	}
	c := cases[0]
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_inquiries (case_id, inquiry_id) VALUES ($1, $2)`,
		c.ID, inq.ID); err != nil {
		return fmt.Errorf("link case to inquiry: %w", err)
	}
	sc.CaseID, sc.CaseReference = c.ID, c.Reference
	return nil
}

// refer makes the outbound referral of the screened person, idempotent
// per inquiry and person.
func (s *InquiryService) refer(ctx context.Context, tx *sql.Tx, actor fitness.Actor, inq fitness.Inquiry, in fitness.ScreeningInput, sc *fitness.Screening) error {
	r, _, err := s.cases.CreateReferralTx(ctx, tx, actor, fitness.ReferralInput{Direction: fitness.ReferralOut,
		BodyID: in.OtherBodyID, RegistrantID: sc.RegistrantID, InquiryID: inq.ID,
		ReferredOn: dateText(s.now()), Reason: in.Reasons, OriginKey: "inquiry:" + inq.ID + ":" + sc.RegistrantID})
	if err != nil {
		return err
	}
	sc.ReferralID = r.ID
	return nil
}
