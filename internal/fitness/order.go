package fitness

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// OrderKind is the kind of an order a panel makes.
type OrderKind string

// Kinds of order.
const (
	OrderCaution           OrderKind = "caution"
	OrderConditions        OrderKind = "conditions"
	OrderSuspension        OrderKind = "suspension"
	OrderStrikingOff       OrderKind = "striking_off"
	OrderInterimConditions OrderKind = "interim_conditions"
	OrderInterimSuspension OrderKind = "interim_suspension"
)

// OrderKinds lists the kinds as options.
var OrderKinds = []Option{
	{string(OrderCaution), "Caution order"},
	{string(OrderConditions), "Conditions of practice order"},
	{string(OrderSuspension), "Suspension order"},
	{string(OrderStrikingOff), "Striking-off order"},
	{string(OrderInterimConditions), "Interim conditions of practice order"},
	{string(OrderInterimSuspension), "Interim suspension order"},
}

// Label returns the kind in words.
func (k OrderKind) Label() string { return optionLabel(OrderKinds, string(k)) }

// Interim reports whether k is an interim order.
func (k OrderKind) Interim() bool { return k == OrderInterimConditions || k == OrderInterimSuspension }

// RegisterStatus returns the register status an order of kind k in force
// gives its registrant: suspended, struck off, or registered (a caution or
// conditions are annotations only).
func (k OrderKind) RegisterStatus() RegistrantStatus {
	switch k {
	case OrderSuspension, OrderInterimSuspension:
		return StatusSuspended
	case OrderStrikingOff:
		return StatusStruckOff
	}
	return StatusRegistered
}

// Restricts reports whether k counts towards the continuous suspension or
// conditions that striking off for lack of competence or health needs.
func (k OrderKind) Restricts() bool { return k == OrderSuspension || k == OrderConditions }

// OrderStatus is where an order is in its life.
type OrderStatus string

// Order statuses.
const (
	OrderPending  OrderStatus = "pending" // made; waits for the appeal period or an appeal
	OrderInForce  OrderStatus = "in_force"
	OrderExpired  OrderStatus = "expired"
	OrderRevoked  OrderStatus = "revoked"
	OrderQuashed  OrderStatus = "quashed"
	OrderReplaced OrderStatus = "replaced"
)

// OrderStatuses lists the statuses as options.
var OrderStatuses = []Option{
	{string(OrderPending), "Waiting for the appeal period"},
	{string(OrderInForce), "In force"},
	{string(OrderExpired), "Expired"},
	{string(OrderRevoked), "Revoked"},
	{string(OrderQuashed), "Quashed on appeal"},
	{string(OrderReplaced), "Replaced"},
}

// Label returns the status in words.
func (s OrderStatus) Label() string { return optionLabel(OrderStatuses, string(s)) }

// Order is an order made by a panel (or substituted by a court): its kind,
// when it takes effect and ends, when it must be reviewed, and its status.
// While in force it sets the register (see [Order.Annotation] and
// [OrderKind.RegisterStatus]); when it ends they are removed.
type Order struct {
	ID           string
	CaseID       string
	RegistrantID string
	DecisionID   string // the hearing decision that made it; "" for one a court substituted
	Kind         OrderKind
	Status       OrderStatus
	MadeOn       time.Time // date of the decision
	Start        time.Time // date it takes (or took) effect
	End          time.Time // date it ends; zero for striking off and an interim order until the appeal ends
	ReviewDue    time.Time // conditions and suspension: review due by
	Months       int
	Conditions   string
	Replaces     string // the order this one replaced
	StatusReason string // why it ended, in words
	UpdatedAt    time.Time
}

// NewOrder returns a final order of kind made on madeOn for months (none
// for striking off), waiting for the appeal period: it takes effect the
// day after the last day of Rules.AppealWindow (see [AppealCloses]).
func NewOrder(r Rules, kind OrderKind, madeOn time.Time, months int, conditions string) Order {
	o := Order{Kind: kind, Status: OrderPending, MadeOn: civilMidnight(madeOn), Months: months, Conditions: conditions}
	return o.startOn(r, AppealCloses(r, o.MadeOn).AddDate(0, 0, 1))
}

// AppealCloses returns the last day to appeal against a decision made on
// madeOn: the appeal period includes its last day.
func AppealCloses(r Rules, madeOn time.Time) time.Time {
	return r.AppealWindow.After(civilMidnight(madeOn), r.Calendar)
}

// InterimOrder returns an interim order in force from madeOn: for
// Rules.InterimMaximum, or, covering the appeal period (cover), until the
// final order takes effect or the appeal is decided.
func InterimOrder(r Rules, kind OrderKind, madeOn time.Time, cover bool, conditions string) Order {
	o := Order{Kind: kind, Status: OrderInForce, MadeOn: civilMidnight(madeOn), Start: civilMidnight(madeOn), Conditions: conditions}
	if !cover {
		o.End = r.InterimMaximum.After(o.Start, r.Calendar)
	}
	return o
}

// ContinuedOrder returns the order a review makes in place of current: in
// force from the review's decision (the extension runs from the hearing,
// not the old expiry: PSA v HCPC & Sharf [2025]) for months.
func ContinuedOrder(r Rules, current Order, kind OrderKind, decidedOn time.Time, months int, conditions string) Order {
	o := Order{CaseID: current.CaseID, RegistrantID: current.RegistrantID, Kind: kind, Status: OrderInForce,
		MadeOn: civilMidnight(decidedOn), Months: months, Conditions: conditions, Replaces: current.ID}
	return o.startOn(r, o.MadeOn)
}

// startOn sets the start, end and review date of o from start.
func (o Order) startOn(r Rules, start time.Time) Order {
	o.Start, o.End, o.ReviewDue = start, time.Time{}, time.Time{}
	if o.Months > 0 && o.Kind != OrderStrikingOff {
		o.End = orderEnd(r, start, o.Months)
	}
	if !o.End.IsZero() && o.Kind.Restricts() {
		o.ReviewDue = r.ReviewBeforeExpiry.Before(o.End, r.Calendar)
	}
	return o
}

// orderEnd is the end of an order of months from start.
func orderEnd(r Rules, start time.Time, months int) time.Time {
	return Period{Months: months}.After(civilMidnight(start), r.Calendar)
}

// TakeEffect returns the pending order in force from on: the day the
// appeal period closed, or the day an appeal was dismissed.
func (o Order) TakeEffect(r Rules, on time.Time) Order {
	o = o.startOn(r, civilMidnight(on))
	o.Status = OrderInForce
	return o
}

// EffectStep returns the process action that puts the pending order o in
// force with what was recorded when it was made (its kind, end and
// conditions), so that nobody types them again: the order taking effect,
// or striking off.
func (o Order) EffectStep() ProcessStep {
	if o.Kind == OrderStrikingOff {
		return ProcessStep{ActionStrikingOffTakesEffect, Input{}}
	}
	in := Input{"order": string(o.Kind), "expires_on": o.End.Format(time.DateOnly)}
	if o.Conditions != "" {
		in["conditions"] = o.Conditions
	}
	return ProcessStep{ActionOrderTakesEffect, in}
}

// ConsentOrder returns the order a panel makes by approving a consent
// order, from the validated inputs of that action (its decision date,
// order, length and conditions), and true; false for any other action. It
// waits for the appeal period like an order made at a hearing.
func ConsentOrder(r Rules, action ActionName, in Input) (Order, bool) {
	if action != ActionApproveConsent {
		return Order{}, false
	}
	madeOn, err := time.Parse(time.DateOnly, in["decision_date"])
	if err != nil {
		return Order{}, false
	}
	months, _ := strconv.Atoi(in["length_months"])
	return NewOrder(r, OrderKind(in["order"]), madeOn, months, in["conditions"]), true
}

// Ended returns o with status s from day on, for reason: an order cut
// short (or one with no end date) ends on that day; one that expires keeps
// its end date.
func (o Order) Ended(s OrderStatus, on time.Time, reason string) Order {
	o.Status, o.StatusReason = s, reason
	day := civilMidnight(on)
	cut := s != OrderExpired && day.Before(o.End)
	if (o.End.IsZero() || cut) && !o.Start.After(day) {
		o.End = day
	}
	return o
}

// Open reports whether the order is pending or in force.
func (o Order) Open() bool { return o.Status == OrderPending || o.Status == OrderInForce }

// Annotation returns the register annotation the order carries while in
// force: "Suspension order from 2 April 2026 to 2 April 2027".
func (o Order) Annotation() string {
	s := o.Kind.Label() + " from " + formatDate(o.Start)
	if !o.End.IsZero() {
		s += " to " + formatDate(o.End)
	}
	return s
}

// Due reports whether an order in force has reached its end at now.
func (o Order) Due(now time.Time) bool {
	return o.Status == OrderInForce && !o.End.IsZero() && !today(now).Before(o.End)
}

// RegisterStatus returns the register status of a registrant whose status
// is current, with the orders inForce in force: struck off or suspended
// by an order, otherwise registered. A status no order gives (lapsed,
// voluntarily removed, deceased) is kept.
func RegisterStatus(current RegistrantStatus, inForce []Order) RegistrantStatus {
	if current != StatusRegistered && current != StatusSuspended && current != StatusStruckOff {
		return current
	}
	status := StatusRegistered
	for _, o := range inForce {
		switch o.Kind.RegisterStatus() {
		case StatusStruckOff:
			status = StatusStruckOff
		case StatusSuspended:
			if status != StatusStruckOff {
				status = StatusSuspended
			}
		}
	}
	return status
}

// RestrictedSince returns since when practice has been restricted without
// a break by the suspension and conditions orders among orders (of one
// registrant), counting back from the one in force at now; zero when none
// is in force. Orders that were replaced or extended count while they ran.
func RestrictedSince(orders []Order, now time.Time) time.Time {
	day := today(now)
	var ran []Order
	for _, o := range orders {
		if o.Kind.Restricts() && (o.Status == OrderInForce || o.Status == OrderReplaced || o.Status == OrderExpired) && !o.Start.After(day) {
			ran = append(ran, o)
		}
	}
	slices.SortFunc(ran, func(a, b Order) int { return b.Start.Compare(a.Start) })
	var since time.Time
	for _, o := range ran {
		switch {
		case since.IsZero() && o.Status == OrderInForce:
			since = o.Start
		case !since.IsZero() && !o.End.Before(since):
			since = o.Start
		}
	}
	return since
}

// OrderService keeps the orders of cases and their appeals.
type OrderService interface {
	// CaseOrders returns the orders of a case, newest first.
	CaseOrders(ctx context.Context, actor Actor, caseID string) ([]Order, error)
	// TakeEffect puts the case's pending order in force once the appeal
	// period has ended, applying the process action at version.
	TakeEffect(ctx context.Context, actor Actor, caseID string, version int) (Order, error)
	// ExpireOrder records that the case's order in force has run its
	// course.
	ExpireOrder(ctx context.Context, actor Actor, caseID string, version int) (Order, error)
	// LodgeAppeal records an appeal against the case's pending order.
	LodgeAppeal(ctx context.Context, actor Actor, caseID string, version int, in AppealInput) (Appeal, error)
	// DecideAppeal records the court's decision on the case's appeal and
	// its effect on the orders and the register.
	DecideAppeal(ctx context.Context, actor Actor, caseID string, version int, in AppealOutcomeInput) (Appeal, error)
	// CaseAppeals returns the appeals of a case, newest first.
	CaseAppeals(ctx context.Context, actor Actor, caseID string) ([]Appeal, error)
}
