package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// pendingOrder returns the case's final order waiting for the appeal
// period or an appeal: EConflict when there is none.
func pendingOrder(ctx context.Context, q querier, caseID string) (fitness.Order, error) {
	orders, err := queryOrders(ctx, q, `o.case_id = $1 AND o.status = 'pending'`, caseID)
	if err != nil {
		return fitness.Order{}, err
	}
	if len(orders) == 0 {
		return fitness.Order{}, fitness.Errorf(fitness.EConflict, "There is no order waiting for the appeal period on this case")
	}
	return orders[len(orders)-1], nil
}

// appealableOrder returns the case's final order an appeal may be lodged
// against: the order waiting for the appeal period, or else the final
// order in force (which the PSA may refer within its period). EConflict
// when there is none.
func appealableOrder(ctx context.Context, q querier, caseID string) (fitness.Order, error) {
	orders, err := queryOrders(ctx, q, `o.case_id = $1 AND (o.status = 'pending' OR (o.status = 'in_force'
		AND o.kind NOT IN ('interim_suspension', 'interim_conditions')))`, caseID)
	if err != nil {
		return fitness.Order{}, err
	}
	if i := slices.IndexFunc(orders, func(o fitness.Order) bool { return o.Status == fitness.OrderPending }); i >= 0 {
		return orders[i], nil
	}
	if len(orders) == 0 {
		return fitness.Order{}, fitness.Errorf(fitness.EConflict, "There is no order on this case that can be appealed")
	}
	return orders[len(orders)-1], nil
}

// appealedOrder returns the order the appeal a is against, pending or in
// force: EConflict when it has ended since.
func appealedOrder(ctx context.Context, q querier, a fitness.Appeal) (fitness.Order, error) {
	orders, err := queryOrders(ctx, q, `o.id = $1`, a.OrderID)
	if err != nil {
		return fitness.Order{}, err
	}
	if len(orders) == 0 || !orders[0].Open() {
		return fitness.Order{}, fitness.Errorf(fitness.EConflict, "The order appealed against is no longer pending or in force")
	}
	return orders[0], nil
}

// endAppealed ends the order appealed against with status, on day on, for
// reason; an order in force leaves the register too.
func (s *HearingService) endAppealed(ctx context.Context, tx *sql.Tx, o fitness.Order, status fitness.OrderStatus, on time.Time, reason string) (fitness.Order, error) {
	ended := o.Ended(status, on, reason)
	if o.Status == fitness.OrderInForce {
		return ended, s.endOrder(ctx, tx, ended)
	}
	return ended, s.updateOrder(ctx, tx, ended)
}

// takeEffect puts pending in force from on, and ends any interim order
// that covered the appeal period.
func (s *HearingService) takeEffect(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case, pending fitness.Order, on time.Time) (fitness.Order, error) {
	o := pending.TakeEffect(s.rules(), on)
	current, err := queryOrders(ctx, tx, `o.case_id = $1 AND o.status = 'in_force'
		AND o.kind NOT IN ('interim_suspension', 'interim_conditions')`, c.ID)
	if err != nil {
		return o, err
	}
	for _, old := range current {
		if err := s.endOrder(ctx, tx, old.Ended(fitness.OrderReplaced, on, "Replaced by the "+strings.ToLower(o.Kind.Label()))); err != nil {
			return o, err
		}
	}
	if err := s.startOrder(ctx, tx, o); err != nil {
		return o, err
	}
	return o, s.endCovers(ctx, tx, actor, c, on)
}

// endCovers ends the interim orders that covered the appeal period once
// the final order takes effect on day on, applying the process's end of
// the interim track when the case still has it open.
func (s *HearingService) endCovers(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case, on time.Time) error {
	ended, err := s.endInterimOrders(ctx, tx, c.ID, on, fitness.OrderExpired, "Replaced by the final order taking effect")
	if err != nil || len(ended) == 0 || c.InterimStage != fitness.StageInterimInForce {
		return err
	}
	_, err = s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{{Action: fitness.ActionEndInterim,
		Input: fitness.Input{"ended_by": "final_order"}}})
	return err
}

// TakeEffect puts the case's pending order in force once the appeal period
// has ended with no appeal (the process's guard says when), and ends an
// interim order that covered the gap. The order's kind, end and conditions
// are those recorded when it was made ([fitness.Order.EffectStep]).
func (s *HearingService) TakeEffect(ctx context.Context, actor fitness.Actor, caseID string, version int) (fitness.Order, error) {
	var out fitness.Order
	var step fitness.ProcessStep
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		pending, err := pendingOrder(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		step = pending.EffectStep()
		out, _, err = s.takeEffectTx(ctx, tx, actor, c, pending)
		return err
	})
	if err != nil {
		return fitness.Order{}, fmt.Errorf("order of case %s takes effect: %w", caseID, err)
	}
	s.lettersRequested([]fitness.ProcessStep{step})
	return out, nil
}

// takeEffectTx applies the process step that puts pending in force on c
// and puts it in force, in tx; it returns the order and the case after.
func (s *HearingService) takeEffectTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case, pending fitness.Order) (fitness.Order, fitness.Case, error) {
	if c.Stage == fitness.StageAppeal {
		return pending, c, fitness.Errorf(fitness.EConflict, "An appeal is before the court: record its outcome instead")
	}
	next, err := s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{pending.EffectStep()})
	if err != nil {
		return pending, c, err
	}
	o, err := s.takeEffect(ctx, tx, actor, next, pending, pending.Start)
	if err != nil {
		return o, c, err
	}
	after, err := s.cases.loadCase(ctx, tx, c.ID)
	return o, after, err
}

// ExpireOrder records that the case's order in force has run its course
// (a caution, or an order not renewed) and takes it off the register.
func (s *HearingService) ExpireOrder(ctx context.Context, actor fitness.Actor, caseID string, version int) (fitness.Order, error) {
	var out fitness.Order
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		out, _, err = s.expireTx(ctx, tx, actor, c)
		return err
	})
	if err != nil {
		return fitness.Order{}, fmt.Errorf("expire order of case %s: %w", caseID, err)
	}
	return out, nil
}

// expireTx records, in tx, that the order in force on c has run its course;
// it returns the order and the case after.
func (s *HearingService) expireTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case) (fitness.Order, fitness.Case, error) {
	orders, err := queryOrders(ctx, tx, `o.case_id = $1 AND o.status = 'in_force'
		AND o.kind NOT IN ('interim_suspension', 'interim_conditions')`, c.ID)
	if err != nil {
		return fitness.Order{}, c, err
	}
	if len(orders) == 0 && actor.UserID != fitness.SystemActor.UserID {
		return fitness.Order{}, c, fitness.Errorf(fitness.EConflict, "There is no order in force on this case")
	}
	next, err := s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{{Action: fitness.ActionOrderExpired}})
	if err != nil || len(orders) == 0 {
		// With no order kept (a case whose order was recorded by its
		// process actions alone, before orders were kept), the process
		// records the expiry on its own.
		return fitness.Order{}, next, err
	}
	o := orders[len(orders)-1].Ended(fitness.OrderExpired, orders[len(orders)-1].End, "Ran its course")
	return o, next, s.endOrder(ctx, tx, o)
}

// TakeSystemAction takes, as the system, an action of the orders that
// follows a passed deadline (see [fitness.ActionDef.OnDeadline]), with
// what was recorded when the order was made: the order taking effect (or
// striking off) when the appeal period ended with no appeal, the order
// expiring when its end date passed with no review decision, an interim
// order expiring at its end (the court not having extended it). It returns
// the case after and true; false, with nothing changed, when the action is
// not the one the case's orders call for (striking off rather than another
// order taking effect) or is not one of the orders'.
func (s *HearingService) TakeSystemAction(ctx context.Context, caseID string, version int, action fitness.ActionName) (fitness.Case, bool, error) {
	actor := fitness.SystemActor
	var after fitness.Case
	var took bool
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		switch action {
		case fitness.ActionOrderTakesEffect, fitness.ActionStrikingOffTakesEffect:
			pending, err := pendingOrder(ctx, tx, c.ID)
			if fitness.ErrorCode(err) == fitness.EConflict || (err == nil && pending.EffectStep().Action != action) {
				return nil // no order of that kind waits: not this action
			} else if err != nil {
				return err
			}
			_, after, err = s.takeEffectTx(ctx, tx, actor, c, pending)
			took = err == nil
			return err
		case fitness.ActionOrderExpired:
			_, after, err = s.expireTx(ctx, tx, actor, c)
			took = err == nil
			return err
		case fitness.ActionEndInterim:
			after, err = s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{{Action: action,
				Input: fitness.Input{"ended_by": "expired"}}})
			took = err == nil
			return err
		}
		return nil
	})
	if err != nil {
		return fitness.Case{}, false, fmt.Errorf("%s on case %s: %w", action, caseID, err)
	}
	if took {
		s.lettersRequested([]fitness.ProcessStep{{Action: action}})
	}
	return after, took, nil
}

// LodgeAppeal records an appeal against the case's pending order, or a
// PSA referral of its order in force, within the time to appeal
// ([fitness.NewAppeal]), with the process's action.
func (s *HearingService) LodgeAppeal(ctx context.Context, actor fitness.Actor, caseID string, version int, in fitness.AppealInput) (fitness.Appeal, error) {
	var a fitness.Appeal
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		order, err := appealableOrder(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		now := s.now()
		if a, err = fitness.NewAppeal(s.rules(), order, in, now); err != nil {
			return err
		}
		step := fitness.ProcessStep{Action: fitness.ActionRecordAppeal, Input: fitness.Input{
			"appellant": a.Appellant, "lodged_on": dateText(a.LodgedOn), "court": a.Court}}
		if _, err := s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{step}); err != nil {
			return err
		}
		a.ID, a.RecordedAt, a.RecordedBy = newID(), now, actor.UserID
		_, err = tx.ExecContext(ctx, `INSERT INTO appeals (id, case_id, order_id, appellant, court, lodged_on,
			recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, a.CaseID, a.OrderID, a.Appellant, a.Court, dateText(a.LodgedOn), a.RecordedAt, a.RecordedBy)
		if err != nil {
			return fmt.Errorf("insert appeal: %w", err)
		}
		return nil
	})
	if err != nil {
		return fitness.Appeal{}, fmt.Errorf("lodge appeal on case %s: %w", caseID, err)
	}
	return a, nil
}

// DecideAppeal records the court's decision on the case's open appeal and
// its effect: dismissed, the order takes effect (or, already in force,
// stays so unchanged); substituted, the court's order takes effect in its
// place; quashed, every order of the decision is quashed and taken off the
// register, and the case says why; remitted, the order is quashed and the
// case goes back for a new hearing.
func (s *HearingService) DecideAppeal(ctx context.Context, actor fitness.Actor, caseID string, version int, in fitness.AppealOutcomeInput) (fitness.Appeal, error) {
	var a fitness.Appeal
	var step fitness.ProcessStep
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		open, err := caseAppeals(ctx, tx, c.ID, `AND a.outcome = ''`)
		if err != nil {
			return err
		}
		if len(open) == 0 {
			return fitness.Errorf(fitness.ENotFound, "There is no appeal awaiting the court's decision on this case")
		}
		appealed, err := appealedOrder(ctx, tx, open[0])
		if err != nil {
			return err
		}
		if a, err = open[0].Decide(s.rules(), in, s.now()); err != nil {
			return err
		}
		step = a.ProcessStep(s.rules(), appealed)
		next, err := s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{step})
		if err != nil {
			return err
		}
		if err := s.appealOrders(ctx, tx, actor, next, a, appealed); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE appeals SET outcome = $1, decided_on = $2, reasons = $3, substitute = $4,
			substitute_months = $5, substitute_conditions = $6 WHERE id = $7`, string(a.Outcome), dateText(a.DecidedOn),
			a.Reasons, string(a.Substitute), a.SubstituteMonths, a.SubstituteConditions, a.ID)
		if err != nil {
			return fmt.Errorf("update appeal %s: %w", a.ID, err)
		}
		return nil
	})
	if err != nil {
		return fitness.Appeal{}, fmt.Errorf("decide appeal on case %s: %w", caseID, err)
	}
	s.lettersRequested([]fitness.ProcessStep{step})
	return a, nil
}

// appealOrders applies the court's decision a to the orders of case c (as
// it is after the process action recording it); appealed is the order
// appealed against, pending or (a PSA referral) in force.
func (s *HearingService) appealOrders(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case, a fitness.Appeal, appealed fitness.Order) error {
	switch a.Outcome {
	case fitness.AppealDismissed:
		if appealed.Status == fitness.OrderInForce {
			return nil // it stays in force, on the register as it was
		}
		_, err := s.takeEffect(ctx, tx, actor, c, appealed, a.DecidedOn)
		return err
	case fitness.AppealSubstituted:
		if _, err := s.endAppealed(ctx, tx, appealed, fitness.OrderReplaced, a.DecidedOn, "Substituted by the court"); err != nil {
			return err
		}
		o := fitness.NewOrder(s.rules(), fitness.OrderKind(a.Substitute), a.DecidedOn, a.SubstituteMonths, a.SubstituteConditions)
		o.CaseID, o.RegistrantID, o.Replaces, o.Status = c.ID, c.RegistrantID, appealed.ID, fitness.OrderInForce
		o = o.TakeEffect(s.rules(), a.DecidedOn)
		if err := s.addOrder(ctx, tx, o); err != nil {
			return err
		}
		return s.endCovers(ctx, tx, actor, c, a.DecidedOn)
	case fitness.AppealRemitted:
		_, err := s.endAppealed(ctx, tx, appealed, fitness.OrderQuashed, a.DecidedOn, "Remitted by the court for a new hearing")
		return err
	}
	quashed, err := s.endAppealed(ctx, tx, appealed, fitness.OrderQuashed, a.DecidedOn, "Quashed on appeal")
	if err != nil {
		return err
	}
	covers, err := s.endInterimOrders(ctx, tx, c.ID, a.DecidedOn, fitness.OrderQuashed, "Quashed on appeal")
	if err != nil {
		return err
	}
	_, err = appendEvents(ctx, tx, c, a.QuashedEvent(actor, append([]fitness.Order{quashed}, covers...), s.now()))
	return err
}

// caseAppeals loads the appeals of a case, newest first; and adds a
// condition on appeals a.
func caseAppeals(ctx context.Context, q querier, caseID, and string) ([]fitness.Appeal, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.case_id, a.order_id, a.appellant, a.court, a.lodged_on, a.outcome,
		a.decided_on, a.reasons, a.substitute, a.substitute_months, a.substitute_conditions, a.recorded_at,
		a.recorded_by FROM appeals a WHERE a.case_id = $1 `+and+` ORDER BY a.lodged_on DESC, a.recorded_at DESC`, caseID)
	if err != nil {
		return nil, fmt.Errorf("appeals of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []fitness.Appeal
	for rows.Next() {
		var a fitness.Appeal
		var lodged, outcome, decided, substitute string
		if err := rows.Scan(&a.ID, &a.CaseID, &a.OrderID, &a.Appellant, &a.Court, &lodged, &outcome, &decided,
			&a.Reasons, &substitute, &a.SubstituteMonths, &a.SubstituteConditions, &a.RecordedAt, &a.RecordedBy); err != nil {
			return nil, fmt.Errorf("appeals of case %s: %w", caseID, err)
		}
		a.Outcome, a.Substitute, a.RecordedAt = fitness.AppealOutcome(outcome), fitness.SanctionKind(substitute), a.RecordedAt.UTC()
		var err1, err2 error
		a.LodgedOn, err1 = parseDate(lodged)
		a.DecidedOn, err2 = parseDate(decided)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("appeal %s: %w", a.ID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CaseAppeals returns the appeals of a case actor may see, newest first.
func (s *HearingService) CaseAppeals(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Appeal, error) {
	q := s.db.Reader()
	c, err := s.readableCase(ctx, q, actor, caseID)
	if err != nil {
		return nil, err
	}
	return caseAppeals(ctx, q, c.ID, "")
}
