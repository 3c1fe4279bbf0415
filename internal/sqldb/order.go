package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// orderColumns are the columns scanned by scanOrder, in order.
const orderColumns = `o.id, o.case_id, COALESCE(o.registrant_id, ''), COALESCE(o.decision_id, ''), o.kind, o.status,
	o.made_on, o.starts_on, o.ends_on, o.review_due, o.months, o.conditions, COALESCE(o.replaces, ''),
	o.status_reason, o.updated_at`

func scanOrder(row interface{ Scan(...any) error }) (fitness.Order, error) {
	var o fitness.Order
	var kind, status, made, starts, ends, review string
	err := row.Scan(&o.ID, &o.CaseID, &o.RegistrantID, &o.DecisionID, &kind, &status, &made, &starts, &ends,
		&review, &o.Months, &o.Conditions, &o.Replaces, &o.StatusReason, &o.UpdatedAt)
	if err != nil {
		return o, err
	}
	o.Kind, o.Status, o.UpdatedAt = fitness.OrderKind(kind), fitness.OrderStatus(status), o.UpdatedAt.UTC()
	var errs [4]error
	o.MadeOn, errs[0] = parseDate(made)
	o.Start, errs[1] = parseDate(starts)
	o.End, errs[2] = parseDate(ends)
	o.ReviewDue, errs[3] = parseDate(review)
	for _, e := range errs {
		if e != nil {
			return o, fmt.Errorf("order %s: %w", o.ID, e)
		}
	}
	return o, nil
}

// queryOrders runs a query selecting orderColumns from orders o.
func queryOrders(ctx context.Context, q querier, where string, args ...any) ([]fitness.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders o WHERE `+where+
		` ORDER BY o.made_on, o.created_at, o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("load orders: %w", err)
	}
	defer rows.Close()
	var out []fitness.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("load orders: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// caseOrders returns the orders of a case, oldest first.
func caseOrders(ctx context.Context, q querier, caseID string) ([]fitness.Order, error) {
	return queryOrders(ctx, q, `o.case_id = $1`, caseID)
}

// registrantOrders returns every order about a registrant, oldest first.
func registrantOrders(ctx context.Context, q querier, registrantID string) ([]fitness.Order, error) {
	return queryOrders(ctx, q, `o.registrant_id = $1`, registrantID)
}

// CaseOrders returns the orders of a case actor may see, newest first.
func (s *HearingService) CaseOrders(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Order, error) {
	q := s.db.Reader()
	c, err := s.readableCase(ctx, q, actor, caseID)
	if err != nil {
		return nil, err
	}
	orders, err := caseOrders(ctx, q, c.ID)
	slices.Reverse(orders)
	return orders, err
}

// addOrder stores a new order and, when it is in force, puts it on the
// register.
func (s *HearingService) addOrder(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	o.ID, o.UpdatedAt = newID(), s.now()
	if err := insertOrder(ctx, tx, o); err != nil {
		return err
	}
	if o.Status == fitness.OrderInForce {
		return s.putOnRegister(ctx, tx, o)
	}
	return nil
}

// insertOrder stores the order o, its id and UpdatedAt set.
func insertOrder(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, case_id, registrant_id, decision_id, kind, status, made_on,
		starts_on, ends_on, review_due, months, conditions, replaces, status_reason, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
		o.ID, o.CaseID, nullString(o.RegistrantID), nullString(o.DecisionID), string(o.Kind), string(o.Status),
		dateText(o.MadeOn), dateText(o.Start), dateText(o.End), dateText(o.ReviewDue), o.Months, o.Conditions,
		nullString(o.Replaces), o.StatusReason, o.UpdatedAt)
	if err != nil {
		return fmt.Errorf("insert order: %w", err)
	}
	return nil
}

// updateOrder stores o's status, dates and reason.
func (s *HearingService) updateOrder(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	_, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, starts_on = $2, ends_on = $3, review_due = $4,
		status_reason = $5, updated_at = $6 WHERE id = $7`, string(o.Status), dateText(o.Start), dateText(o.End),
		dateText(o.ReviewDue), o.StatusReason, s.now(), o.ID)
	if err != nil {
		return fmt.Errorf("update order %s: %w", o.ID, err)
	}
	return nil
}

// startOrder stores a pending order now in force and puts it on the
// register.
func (s *HearingService) startOrder(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	if err := s.updateOrder(ctx, tx, o); err != nil {
		return err
	}
	return s.putOnRegister(ctx, tx, o)
}

// endOrder stores an order that has ended (o carries its new status) and
// takes it off the register.
func (s *HearingService) endOrder(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	if err := s.updateOrder(ctx, tx, o); err != nil {
		return err
	}
	return s.takeOffRegister(ctx, tx, o)
}

// endInterimOrders ends the interim orders in force on a case on day on,
// with status and reason, and takes them off the register; it returns
// them as ended.
func (s *HearingService) endInterimOrders(ctx context.Context, tx *sql.Tx, caseID string, on time.Time, status fitness.OrderStatus, reason string) ([]fitness.Order, error) {
	orders, err := queryOrders(ctx, tx, `o.case_id = $1 AND o.status = 'in_force'
		AND o.kind IN ('interim_suspension', 'interim_conditions')`, caseID)
	if err != nil {
		return nil, err
	}
	for i, o := range orders {
		orders[i] = o.Ended(status, on, reason)
		if err := s.endOrder(ctx, tx, orders[i]); err != nil {
			return nil, err
		}
	}
	return orders, nil
}

// putOnRegister adds the order's annotation to its registrant's register
// entry and sets the status the orders in force give.
func (s *HearingService) putOnRegister(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	if o.RegistrantID == "" {
		return nil
	}
	line := o.Annotation()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET annotation = $1 WHERE id = $2`, line, o.ID); err != nil {
		return fmt.Errorf("annotate order %s: %w", o.ID, err)
	}
	lines, err := annotations(ctx, tx, o.RegistrantID)
	if err != nil {
		return err
	}
	if err := setAnnotations(ctx, tx, o.RegistrantID, append(lines, line)); err != nil {
		return err
	}
	return s.syncStatus(ctx, tx, o.RegistrantID)
}

// takeOffRegister removes the annotation the order put on the register and
// sets the status the orders still in force give.
func (s *HearingService) takeOffRegister(ctx context.Context, tx *sql.Tx, o fitness.Order) error {
	if o.RegistrantID == "" {
		return nil
	}
	var line string
	if err := tx.QueryRowContext(ctx, `SELECT annotation FROM orders WHERE id = $1`, o.ID).Scan(&line); err != nil {
		return fmt.Errorf("annotation of order %s: %w", o.ID, err)
	}
	if line != "" {
		lines, err := annotations(ctx, tx, o.RegistrantID)
		if err != nil {
			return err
		}
		if err := setAnnotations(ctx, tx, o.RegistrantID, removeLast(lines, line)); err != nil {
			return err
		}
	}
	return s.syncStatus(ctx, tx, o.RegistrantID)
}

// syncStatus sets the registrant's status from the orders in force
// ([fitness.RegisterStatus]). A suspension no order of ours accounts for
// (an interim order recorded on another case's interim track alone) is
// left as it is.
func (s *HearingService) syncStatus(ctx context.Context, tx *sql.Tx, registrantID string) error {
	var current string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM registrants WHERE id = $1`, registrantID).Scan(&current); err != nil {
		return fmt.Errorf("status of registrant %s: %w", registrantID, err)
	}
	orders, err := registrantOrders(ctx, tx, registrantID)
	if err != nil {
		return err
	}
	inForce := slices.DeleteFunc(orders, func(o fitness.Order) bool { return o.Status != fitness.OrderInForce })
	status := fitness.RegisterStatus(fitness.RegistrantStatus(current), inForce)
	if status == fitness.RegistrantStatus(current) {
		return nil
	}
	if current == string(fitness.StatusSuspended) && status == fitness.StatusRegistered {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases c WHERE c.registrant_id = $1
			AND c.interim_stage = $2 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.case_id = c.id
			AND o.status = 'in_force' AND o.kind IN ('interim_suspension', 'interim_conditions'))`,
			registrantID, string(fitness.StageInterimInForce)).Scan(&n)
		if err != nil {
			return fmt.Errorf("interim orders of registrant %s: %w", registrantID, err)
		}
		if n > 0 {
			return nil
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE registrants SET status = $1 WHERE id = $2`, string(status), registrantID); err != nil {
		return fmt.Errorf("set status of registrant %s: %w", registrantID, err)
	}
	return nil
}

// annotations reads a registrant's register annotations, one per line.
func annotations(ctx context.Context, tx *sql.Tx, registrantID string) ([]string, error) {
	var s string
	if err := tx.QueryRowContext(ctx, `SELECT annotations FROM registrants WHERE id = $1`, registrantID).Scan(&s); err != nil {
		return nil, fmt.Errorf("annotations of registrant %s: %w", registrantID, err)
	}
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, "\n"), nil
}

func setAnnotations(ctx context.Context, tx *sql.Tx, registrantID string, lines []string) error {
	_, err := tx.ExecContext(ctx, `UPDATE registrants SET annotations = $1 WHERE id = $2`, strings.Join(lines, "\n"), registrantID)
	if err != nil {
		return fmt.Errorf("annotate registrant %s: %w", registrantID, err)
	}
	return nil
}

// removeLast returns lines without the last occurrence of line.
func removeLast(lines []string, line string) []string {
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i] == line {
			return append(slices.Clone(lines[:i]), lines[i+1:]...)
		}
	}
	return lines
}

// undoAnnotations takes back the annotations the process step added to
// c's registrant (the table's general words, such as "Caution on the
// register"): the orders put their own, with their dates, and take them
// off again when they end.
func (s *HearingService) undoAnnotations(ctx context.Context, tx *sql.Tx, c fitness.Case, st fitness.ProcessStep) error {
	def, ok := s.cases.process.Action(st.Action)
	if !ok || c.RegistrantID == "" {
		return nil
	}
	var added []string
	for _, e := range def.Effects {
		if e.Kind == fitness.EffectAnnotate && e.Applies(st.Input) {
			added = append(added, e.Label)
		}
	}
	if len(added) == 0 {
		return nil
	}
	lines, err := annotations(ctx, tx, c.RegistrantID)
	if err != nil {
		return err
	}
	for _, l := range added {
		lines = removeLast(lines, l)
	}
	return setAnnotations(ctx, tx, c.RegistrantID, lines)
}

// endInterimFor ends, on the register too, the interim orders in force on
// c that the process's end of its interim track ends, on its day, for the
// reason its inputs in give (revoked, expired, replaced by a final order,
// ended by the court). Orders a hearing's decision or a final order ended
// first are no longer in force and are left as they are.
func (s *CaseService) endInterimFor(ctx context.Context, tx *sql.Tx, c fitness.Case, in fitness.Input) error {
	status, reason := fitness.OrderRevoked, "Ended by the court"
	switch in["ended_by"] {
	case "revoked":
		reason = "Revoked on review"
	case "expired":
		status, reason = fitness.OrderExpired, "Reached its end"
	case "final_order":
		status, reason = fitness.OrderReplaced, "Replaced by a final order"
	}
	h := &HearingService{db: s.db, cases: s}
	_, err := h.endInterimOrders(ctx, tx, c.ID, s.now(), status, reason)
	return err
}

// changesOrders reports whether action, with inputs in, changes orders
// (see actionOrders).
func (s *CaseService) changesOrders(action fitness.ActionName, in fitness.Input) bool {
	_, consent := fitness.ConsentOrder(s.rules, action, in)
	return consent || action == fitness.ActionEndInterim || action == fitness.ActionExtendInterim
}

// actionOrders keeps the orders in step with the process actions that
// change them outside the hearing routes, on c (as the action left it)
// with the action's normalised inputs in: a panel approving a consent
// order makes an order waiting for the appeal period, like one made at a
// hearing ([fitness.ConsentOrder]); a court extending an interim order
// moves its end, on the register too.
func (s *CaseService) actionOrders(ctx context.Context, tx *sql.Tx, c fitness.Case, action fitness.ActionName, in fitness.Input) error {
	if !s.changesOrders(action, in) {
		return nil
	}
	if o, ok := fitness.ConsentOrder(s.rules, action, in); ok {
		o.ID, o.CaseID, o.RegistrantID, o.UpdatedAt = newID(), c.ID, c.RegistrantID, dbTime(s.now())
		return insertOrder(ctx, tx, o)
	}
	if action == fitness.ActionEndInterim {
		return s.endInterimFor(ctx, tx, c, in)
	}
	until, err := parseDate(in["extended_until"])
	if err != nil {
		return fmt.Errorf("extension of case %s: %w", c.ID, err)
	}
	h := &HearingService{db: s.db, cases: s}
	orders, err := queryOrders(ctx, tx, `o.case_id = $1 AND o.status = 'in_force'
		AND o.kind IN ('interim_suspension', 'interim_conditions')`, c.ID)
	if err != nil {
		return err
	}
	for _, o := range orders {
		if err := h.takeOffRegister(ctx, tx, o); err != nil {
			return err
		}
		o.End = until
		if err := h.startOrder(ctx, tx, o); err != nil {
			return err
		}
	}
	return nil
}
