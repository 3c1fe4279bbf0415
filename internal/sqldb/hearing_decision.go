package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fitness/internal/fitness"
)

// RecordDecision records the panel's decision on a listed hearing of the
// case at version, in one transaction: it applies the process actions that
// record it ([fitness.HearingDecision.ProcessSteps]), makes or ends the
// orders it decides (with their register annotations and status), and
// prepares its publication.
func (s *HearingService) RecordDecision(ctx context.Context, actor fitness.Actor, hearingID string, version int, in fitness.HearingDecisionInput) (fitness.HearingDecision, error) {
	var d fitness.HearingDecision
	var steps []fitness.ProcessStep
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		h, err := loadHearing(ctx, tx, hearingID)
		if err != nil {
			return err
		}
		c, err := s.writableCase(ctx, tx, actor, h.CaseID, version)
		if errors.Is(err, errCaseNotFound) {
			return errHearingNotFound
		} else if err != nil {
			return err
		}
		if err := requireHearingsOfficer(actor, "record a hearing's decision"); err != nil {
			return err
		}
		if h.Status == fitness.HearingDecided {
			return fitness.Errorf(fitness.EConflict, "The decision of this hearing has already been recorded")
		}
		orders, err := caseOrders(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		oc, err := s.orderContext(ctx, tx, c, h.Kind, orders)
		if err != nil {
			return err
		}
		now := s.now()
		if d, err = fitness.NewHearingDecision(h, in, s.rules(), oc, now); err != nil {
			return err
		}
		steps = d.ProcessSteps(c, s.rules(), oc)
		next, err := s.applySteps(ctx, tx, actor, c, steps)
		if err != nil {
			return err
		}
		d.ID, d.RecordedAt, d.RecordedBy, d.RecordedByName = newID(), now, actor.UserID, actor.Name
		if err := insertHearingDecision(ctx, tx, d, next.Version); err != nil {
			return err
		}
		if err := s.decisionOrders(ctx, tx, c, d, oc); err != nil {
			return err
		}
		if p, ok := fitness.DecisionPublication(s.rules(), h, d, now); ok {
			p.ID = newID()
			return insertPublication(ctx, tx, p)
		}
		return nil
	})
	if err != nil {
		return fitness.HearingDecision{}, fmt.Errorf("record decision of hearing %s: %w", hearingID, err)
	}
	s.lettersRequested(steps)
	return d, nil
}

// orderContext returns what a decision of a hearing of kind k on c needs
// of its orders: the order under review (a review) or the striking-off
// order (restoration), and since when the registrant's practice has been
// restricted without a break.
func (s *HearingService) orderContext(ctx context.Context, q querier, c fitness.Case, k fitness.HearingKind, orders []fitness.Order) (fitness.OrderContext, error) {
	var oc fitness.OrderContext
	for i := len(orders) - 1; i >= 0; i-- {
		o := orders[i]
		if o.Status != fitness.OrderInForce || o.Kind.Interim() {
			continue
		}
		review := k == fitness.HearingReview && o.Kind != fitness.OrderStrikingOff
		restoration := k == fitness.HearingRestoration && o.Kind == fitness.OrderStrikingOff
		if review || restoration {
			oc.Current = &o
			break
		}
	}
	if c.RegistrantID == "" {
		return oc, nil
	}
	all, err := registrantOrders(ctx, q, c.RegistrantID)
	if err != nil {
		return oc, err
	}
	oc.RestrictedSince = fitness.RestrictedSince(all, s.now())
	return oc, nil
}

// decisionOrders makes and ends the orders a decision decides on case c
// (as it was before the decision).
func (s *HearingService) decisionOrders(ctx context.Context, tx *sql.Tx, c fitness.Case, d fitness.HearingDecision, oc fitness.OrderContext) error {
	r, on := s.rules(), d.DecidedOn
	made := func(o fitness.Order) error {
		o.CaseID, o.RegistrantID, o.DecisionID = c.ID, c.RegistrantID, d.ID
		return s.addOrder(ctx, tx, o)
	}
	switch d.Outcome {
	case fitness.HearingNotWellFounded, fitness.HearingNoFurtherAction:
		// The case closes, and with it any interim order it had.
		_, err := s.endInterimOrders(ctx, tx, c.ID, on, fitness.OrderRevoked, "Ended by the final hearing's decision: "+d.OutcomeLabel())
		return err
	case fitness.HearingSanction:
		if err := made(fitness.NewOrder(r, fitness.OrderKind(d.Sanction), on, d.LengthMonths, d.Conditions)); err != nil {
			return err
		}
		if d.InterimCover {
			return made(fitness.InterimOrder(r, d.CoverKind(), on, true, d.Conditions))
		}
	case fitness.HearingOrderContinued:
		if err := s.endOrder(ctx, tx, oc.Current.Ended(fitness.OrderReplaced, on, "Replaced on review")); err != nil {
			return err
		}
		return made(fitness.ContinuedOrder(r, *oc.Current, fitness.OrderKind(d.Sanction), on, d.LengthMonths, d.Conditions))
	case fitness.HearingOrderRevoked:
		return s.endOrder(ctx, tx, oc.Current.Ended(fitness.OrderRevoked, on, "Revoked on review"))
	case fitness.HearingOrderLapsed:
		return s.endOrder(ctx, tx, oc.Current.Ended(fitness.OrderExpired, on, "No further order on review: the order lapsed"))
	case fitness.HearingRestored:
		if oc.Current != nil {
			return s.endOrder(ctx, tx, oc.Current.Ended(fitness.OrderRevoked, on, "Restored to the register"))
		}
	case fitness.HearingInterimImposed:
		if c.InterimStage != fitness.StageInterimInForce {
			return made(fitness.InterimOrder(r, d.InterimKind, on, false, d.Conditions))
		}
	case fitness.HearingNoInterimOrder:
		_, err := s.endInterimOrders(ctx, tx, c.ID, on, fitness.OrderRevoked, "Revoked by a panel")
		return err
	}
	return nil
}

// insertHearingDecision stores a decision and its findings and marks its
// hearing decided; eventSeq is the case's last event that applied it.
func insertHearingDecision(ctx context.Context, tx *sql.Tx, d fitness.HearingDecision, eventSeq int) error {
	p := d.Preliminary
	_, err := tx.ExecContext(ctx, `INSERT INTO hearing_decisions (id, hearing_id, case_id, outcome, fell_at, decided_on,
		service_proved, proceeded_in_absence, absence_reasons, private_sessions, amendments, ground, ground_found,
		impairment, sanction, length_months, conditions, interim_cover, review_outcome, granted, interim_kind,
		reasons, private_reasons, event_seq, recorded_at, recorded_by, recorded_by_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26, $27)`,
		d.ID, d.HearingID, d.CaseID, string(d.Outcome), d.FellAt, dateText(d.DecidedOn), p.ServiceProved,
		p.ProceededInAbsence, p.AbsenceReasons, p.PrivateSessions, p.Amendments, string(d.Ground),
		string(d.GroundFound), string(d.Impairment), string(d.Sanction), d.LengthMonths, d.Conditions,
		d.InterimCover, string(d.ReviewOutcome), string(d.Granted), string(d.InterimKind), d.Reasons,
		d.PrivateReasons, eventSeq, d.RecordedAt, d.RecordedBy, d.RecordedByName)
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "The decision of this hearing has already been recorded")
	} else if err != nil {
		return fmt.Errorf("insert hearing decision: %w", err)
	}
	for i, f := range d.Facts {
		_, err := tx.ExecContext(ctx, `INSERT INTO hearing_facts (decision_id, ordinal, number, particular, finding,
			reasons, is_private) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			d.ID, i+1, f.Number, f.Text, string(f.Finding), f.Reasons, f.Private)
		if err != nil {
			return fmt.Errorf("insert finding %d: %w", i+1, err)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE hearings SET status = $1 WHERE id = $2`, string(fitness.HearingDecided), d.HearingID)
	if err != nil {
		return fmt.Errorf("mark hearing %s decided: %w", d.HearingID, err)
	}
	return nil
}

// HearingDecision returns the decision of a hearing actor may see.
func (s *HearingService) HearingDecision(ctx context.Context, actor fitness.Actor, hearingID string) (fitness.HearingDecision, error) {
	q := s.db.Reader()
	h, err := s.FindHearing(ctx, actor, hearingID)
	if err != nil {
		return fitness.HearingDecision{}, err
	}
	return loadHearingDecision(ctx, q, h)
}

// loadHearingDecision loads the decision of h; ENotFound when none is
// recorded.
func loadHearingDecision(ctx context.Context, q querier, h fitness.Hearing) (fitness.HearingDecision, error) {
	d := fitness.HearingDecision{HearingID: h.ID, CaseID: h.CaseID, HearingKind: h.Kind, Committee: h.Committee}
	p := &d.Preliminary
	var outcome, decided, ground, groundFound, impairment, sanction, review, granted, interim string
	err := q.QueryRowContext(ctx, `SELECT id, outcome, fell_at, decided_on, service_proved, proceeded_in_absence,
		absence_reasons, private_sessions, amendments, ground, ground_found, impairment, sanction, length_months,
		conditions, interim_cover, review_outcome, granted, interim_kind, reasons, private_reasons, recorded_at,
		recorded_by, recorded_by_name FROM hearing_decisions WHERE hearing_id = $1`, h.ID).Scan(
		&d.ID, &outcome, &d.FellAt, &decided, &p.ServiceProved, &p.ProceededInAbsence, &p.AbsenceReasons,
		&p.PrivateSessions, &p.Amendments, &ground, &groundFound, &impairment, &sanction, &d.LengthMonths,
		&d.Conditions, &d.InterimCover, &review, &granted, &interim, &d.Reasons, &d.PrivateReasons,
		&d.RecordedAt, &d.RecordedBy, &d.RecordedByName)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fitness.Errorf(fitness.ENotFound, "No decision has been recorded for this hearing")
	} else if err != nil {
		return d, fmt.Errorf("load decision of hearing %s: %w", h.ID, err)
	}
	d.Outcome, d.Ground, d.GroundFound, d.Impairment = fitness.HearingOutcome(outcome), fitness.Ground(ground),
		fitness.Answer(groundFound), fitness.Answer(impairment)
	d.Sanction, d.ReviewOutcome, d.Granted, d.InterimKind = fitness.SanctionKind(sanction),
		fitness.ReviewOutcome(review), fitness.Answer(granted), fitness.OrderKind(interim)
	d.SuspendRight = d.Outcome == fitness.HearingRestorationBarred
	d.RecordedAt = d.RecordedAt.UTC()
	if d.DecidedOn, err = parseDate(decided); err != nil {
		return d, fmt.Errorf("decision of hearing %s: %w", h.ID, err)
	}
	d.Facts, err = hearingFacts(ctx, q, d.ID)
	return d, err
}

// hearingFacts loads the findings of a decision in order.
func hearingFacts(ctx context.Context, q querier, decisionID string) ([]fitness.ParticularFinding, error) {
	rows, err := q.QueryContext(ctx, `SELECT number, particular, finding, reasons, is_private FROM hearing_facts
		WHERE decision_id = $1 ORDER BY ordinal`, decisionID)
	if err != nil {
		return nil, fmt.Errorf("findings of decision %s: %w", decisionID, err)
	}
	defer rows.Close()
	var out []fitness.ParticularFinding
	for rows.Next() {
		var f fitness.ParticularFinding
		var finding string
		if err := rows.Scan(&f.Number, &f.Text, &finding, &f.Reasons, &f.Private); err != nil {
			return nil, fmt.Errorf("findings of decision %s: %w", decisionID, err)
		}
		f.Finding = fitness.FactFinding(finding)
		out = append(out, f)
	}
	return out, rows.Err()
}
