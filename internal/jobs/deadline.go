package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"fitness/internal/fitness"
)

// Cases is the storage the deadline sweep needs (sqldb.CaseService).
type Cases interface {
	// OverdueCases pages through open cases with a deadline named in names
	// passed at now.
	OverdueCases(ctx context.Context, now time.Time, names []string, after string, limit int) ([]fitness.Case, string, error)
	// ApplyAction applies an action at the case's version, refusing a stale
	// version with EConflict.
	ApplyAction(ctx context.Context, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (fitness.Case, error)
}

// Requests is the information-request storage the sweep asks to take its
// due steps (sqldb.RequestService): a neutral "no response received" on
// invitations past their last day, chasers and escalations of art 25
// demands. MarkOverdue is idempotent.
type Requests interface {
	MarkOverdue(ctx context.Context, now time.Time) (fitness.SweepReport, error)
}

// Orders is the order storage the sweep asks to take the actions that
// change a case's orders and the register as well as the case
// (sqldb.HearingService): an order taking effect when the appeal period
// ends with no appeal, an order or interim order expiring. TakeSystemAction returns false,
// changing nothing, when the action is not the one the case's orders call
// for (striking off rather than another order taking effect).
type Orders interface {
	TakeSystemAction(ctx context.Context, caseID string, version int, action fitness.ActionName) (fitness.Case, bool, error)
}

// Sweeper takes the system actions the process table says follow passed
// deadlines, such as recording, as a neutral fact, that no response was
// received by the deadline.
//
// It is idempotent: each system action stops its deadline, so a case done
// is not found again; and two sweeps at once apply an action once, because
// the second write is at a stale case version and is refused.
type Sweeper struct {
	cases   Cases
	process *fitness.Process
	now     func() time.Time
	logger  *slog.Logger
	page    int
	// requests, when set, is swept after the cases.
	requests Requests
	// orders, when set, takes the due actions people take too (orders
	// taking effect or expiring); without it they wait for someone to take
	// them by hand.
	orders Orders
}

// NewSweeper returns a sweeper over cases running under process p.
func NewSweeper(cases Cases, p *fitness.Process, now func() time.Time, logger *slog.Logger) *Sweeper {
	return &Sweeper{cases: cases, process: p, now: now, logger: logger, page: 100}
}

// WithOrders makes the sweeper take, through orders, the due actions that
// change a case's orders (see [Orders]), and returns it.
func (s *Sweeper) WithOrders(orders Orders) *Sweeper {
	s.orders = orders
	return s
}

// Sweep takes every system action due now and returns how many it took.
// A case that changed under it is left to the next sweep; other errors are
// joined and returned after the rest of the cases have been seen.
func (s *Sweeper) Sweep(ctx context.Context) (int, error) {
	names := s.process.SystemDeadlines()
	now := s.now()
	applied := 0
	var errs []error
	after := ""
	for {
		cs, next, err := s.cases.OverdueCases(ctx, now, names, after, s.page)
		if err != nil {
			return applied, errors.Join(append(errs, err)...)
		}
		for _, c := range cs {
			n, err := s.sweepCase(ctx, c, now)
			applied += n
			if err != nil {
				errs = append(errs, err)
			}
		}
		if next == "" || ctx.Err() != nil {
			break
		}
		after = next
	}
	if s.requests != nil && ctx.Err() == nil {
		rep, err := s.requests.MarkOverdue(ctx, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("sweep information requests: %w", err))
		}
		if rep != (fitness.SweepReport{}) {
			s.logger.Info("information requests swept", "no_response", rep.NoResponse,
				"chased", rep.Chased, "escalated", rep.Escalated)
		}
		applied += rep.NoResponse + rep.Chased + rep.Escalated
	}
	return applied, errors.Join(errs...)
}

// sweepCase takes the system actions due on c in turn, each at the version
// the one before left, asking again what is due after each: an order
// taking effect, say, starts its own clocks.
func (s *Sweeper) sweepCase(ctx context.Context, c fitness.Case, now time.Time) (int, error) {
	n := 0
	for range len(s.process.Actions) { // each action stops its deadline: a bound, never reached
		took := false
		for _, def := range s.process.DueSystemActions(c, now) {
			next, ok, err := s.take(ctx, c, def)
			switch fitness.ErrorCode(err) {
			case "":
			case fitness.EConflict:
				// Changed since it was read (perhaps by another sweep): the
				// next sweep sees the case as it is now.
				s.logger.Debug("case changed during the sweep", "case", c.Reference, "action", def.Name, "error", err)
				return n, nil
			default:
				return n, fmt.Errorf("sweep case %s: %w", c.Reference, err)
			}
			if ok {
				n++
				s.logger.Info("system action taken", "case", c.Reference, "action", def.Name)
				c, took = next, true
				break
			}
		}
		if !took {
			break
		}
	}
	return n, nil
}

// take takes the action def on c as the system: a system action on the
// case; an action people take too through the orders, which give it the
// inputs recorded with the order. It reports false when the action was not
// for this case.
func (s *Sweeper) take(ctx context.Context, c fitness.Case, def fitness.ActionDef) (fitness.Case, bool, error) {
	if !def.System {
		if s.orders == nil {
			return c, false, nil
		}
		return s.orders.TakeSystemAction(ctx, c.ID, c.Version, def.Name)
	}
	next, err := s.cases.ApplyAction(ctx, fitness.SystemActor, c.ID, c.Version, def.Name, nil)
	return next, err == nil, err
}
