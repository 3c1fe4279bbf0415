package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
)

// kindBulk is the job kind that works inquiries' bulk steps.
const kindBulk = "inquiry_bulk"

// Inquiries is the storage the bulk steps of own-motion inquiries need
// (sqldb.InquiryService).
type Inquiries interface {
	// PendingBulkSteps returns the bulk steps still running, oldest first,
	// including any a crash interrupted.
	PendingBulkSteps(ctx context.Context) ([]string, error)
	// RunBulkItem does the next pending person of a step, in one
	// transaction with their item's status, and reports whether there may
	// be more. A person is never done twice.
	RunBulkItem(ctx context.Context, stepID string) (bool, error)
	// SweepDemands chases and escalates late art 25 demands of inquiries;
	// idempotent.
	SweepDemands(ctx context.Context, now time.Time) (int, error)
}

// BulkRunner works the bulk steps of inquiries person by person until
// none is pending, then chases late demands. A step interrupted by a crash
// or a stop is picked up where it was by the next run: each person's work
// commits with their status, so nobody is done twice.
type BulkRunner struct {
	inq    Inquiries
	now    func() time.Time
	logger *slog.Logger
	pause  time.Duration // between people, leaving the writer free for others
	mu     sync.Mutex    // one run at a time in this process
}

// NewBulkRunner returns a runner over inq that pauses for pause between
// people.
func NewBulkRunner(inq Inquiries, now func() time.Time, logger *slog.Logger, pause time.Duration) *BulkRunner {
	return &BulkRunner{inq: inq, now: now, logger: logger, pause: pause}
}

// BulkReport counts what one [BulkRunner.Run] did.
type BulkReport struct {
	Steps   int // steps worked on
	People  int // people done or failed
	Chasers int // demand chasing steps taken
}

// Run works every running step to the end, then sweeps late demands. It
// returns at once, doing nothing, while another run of this process is
// under way; runners of several processes may work together, each person
// going to one of them.
func (b *BulkRunner) Run(ctx context.Context) (BulkReport, error) {
	var rep BulkReport
	if !b.mu.TryLock() {
		return rep, nil
	}
	defer b.mu.Unlock()
	for {
		before := rep.People
		if err := b.pass(ctx, &rep); err != nil {
			return rep, err
		}
		if rep.People == before { // steps started during the pass are done by the next
			break
		}
	}
	var err error
	rep.Chasers, err = b.inq.SweepDemands(ctx, b.now())
	if rep.People > 0 || rep.Chasers > 0 {
		b.logger.Info("bulk steps worked", "steps", rep.Steps, "people", rep.People, "demand_chasers", rep.Chasers)
	}
	return rep, err
}

// pass works every step running at its start to the end.
func (b *BulkRunner) pass(ctx context.Context, rep *BulkReport) error {
	ids, err := b.inq.PendingBulkSteps(ctx)
	if err != nil {
		return fmt.Errorf("bulk steps: %w", err)
	}
	for _, id := range ids {
		n, err := b.runStep(ctx, id)
		rep.Steps, rep.People = rep.Steps+1, rep.People+n
		if err != nil {
			return err
		}
	}
	return nil
}

// runStep does the people of one step until none is pending.
func (b *BulkRunner) runStep(ctx context.Context, id string) (int, error) {
	n := 0
	for {
		more, err := b.inq.RunBulkItem(ctx, id)
		if err != nil {
			return n, fmt.Errorf("bulk step %s: %w", id, err)
		}
		if !more {
			return n, nil
		}
		n++
		if err := sleep(ctx, b.pause); err != nil {
			return n, err
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// bulkArgs is the job that works the bulk steps.
type bulkArgs struct{}

// Kind names the job.
func (bulkArgs) Kind() string { return kindBulk }

// bulkWorker works bulkArgs.
type bulkWorker struct {
	river.WorkerDefaults[bulkArgs]
	b *BulkRunner
}

// Work runs the bulk steps. A run cut short (timeout, stop) is not an
// error: the next run goes on from where it stopped.
func (w *bulkWorker) Work(ctx context.Context, _ *river.Job[bulkArgs]) error {
	_, err := w.b.Run(ctx)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

// Timeout bounds one run; the next goes on where it stopped.
func (w *bulkWorker) Timeout(*river.Job[bulkArgs]) time.Duration { return 10 * time.Minute }

// bulkPeriodic returns the periodic job running the bulk steps at start
// and every interval. It is not unique: runs may overlap across
// processes, which the per-person claim makes safe, and a run stuck by a
// crashed process does not hold back the next.
func bulkPeriodic(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return bulkArgs{}, &river.InsertOpts{MaxAttempts: 1} },
		&river.PeriodicJobOpts{ID: kindBulk, RunOnStart: true})
}

// KickBulk asks for bulk steps to be worked now rather than at the next
// interval: call it after starting a step. It does nothing when bulk steps
// are not worked here.
func (r *Runner) KickBulk(ctx context.Context) error {
	if r.Bulk == nil {
		return nil
	}
	_, err := r.insert(ctx, bulkArgs{})
	return err
}
