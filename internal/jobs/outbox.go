package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fitness/internal/fitness"
)

// Outbox is the storage the delivery job needs (sqldb.OutboxStore).
type Outbox interface {
	// ClaimBatch claims up to limit due pending messages for lease.
	ClaimBatch(ctx context.Context, limit int, lease time.Duration) ([]fitness.OutboxMessage, error)
	// MarkSent records a successful attempt and the sent status together.
	MarkSent(ctx context.Context, id string, attempt int, detail string) error
	// MarkFailed records a failed attempt; a zero retryAt gives up.
	MarkFailed(ctx context.Context, id string, attempt int, detail string, retryAt time.Time) error
}

// Mailer sends one message and says what happened, in words for the
// attempt record.
type Mailer interface {
	Send(ctx context.Context, m fitness.OutboxMessage) (string, error)
}

// RetryPolicy says when to try a failed message again.
type RetryPolicy struct {
	MaxAttempts int           // attempts before a message is failed for good; default 10
	Base        time.Duration // wait after the first failure, doubled after each; default 1m
	Max         time.Duration // longest wait between attempts; default 1h
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 10
	}
	if p.Base <= 0 {
		p.Base = time.Minute
	}
	if p.Max <= 0 {
		p.Max = time.Hour
	}
	return p
}

// RetryAt returns when to try again after attempt failed at now, or the
// zero time when attempt was the last.
func (p RetryPolicy) RetryAt(attempt int, now time.Time) time.Time {
	p = p.withDefaults()
	if attempt >= p.MaxAttempts {
		return time.Time{}
	}
	wait := p.Base
	for i := 1; i < attempt && wait < p.Max; i++ {
		wait *= 2
	}
	return now.Add(min(wait, p.Max))
}

// Delivery counts what one run of [Deliverer.Deliver] did.
type Delivery struct {
	Sent     int // accepted by the mail server and recorded
	Retrying int // failed; will be tried again
	Failed   int // failed for good
}

// Deliverer sends due outbox messages and records every attempt.
//
// Each message is sent at least once and, in all but one case, exactly
// once: the attempt and the sent status are recorded in one transaction
// straight after the mail server accepts the message, and a claimed message
// is invisible to other workers for the lease. The one window is a crash
// (or a failed database write) after the server accepted the message and
// before that transaction commits: when the lease ends the message is sent
// again, with the same Message-ID.
type Deliverer struct {
	outbox  Outbox
	mailer  Mailer
	now     func() time.Time
	logger  *slog.Logger
	retry   RetryPolicy
	batch   int
	lease   time.Duration
	batches int // most batches per run, so one run stays short
}

// NewDeliverer returns a deliverer sending claims of batch messages, each
// held for lease; now is the clock for retry times.
func NewDeliverer(o Outbox, m Mailer, now func() time.Time, logger *slog.Logger, retry RetryPolicy, batch int, lease time.Duration) *Deliverer {
	if batch <= 0 {
		batch = 10
	}
	return &Deliverer{outbox: o, mailer: m, now: now, logger: logger, retry: retry.withDefaults(),
		batch: batch, lease: lease, batches: 20}
}

// Deliver sends the messages due now, a batch at a time, until none is
// left or ctx ends. An error means the outbox could not be read or written;
// a message that cannot be sent is recorded, not returned.
func (d *Deliverer) Deliver(ctx context.Context) (Delivery, error) {
	var out Delivery
	for range d.batches {
		ms, err := d.outbox.ClaimBatch(ctx, d.batch, d.lease)
		if err != nil {
			return out, err
		}
		for _, m := range ms {
			if err := d.deliverOne(ctx, m, &out); err != nil {
				return out, err
			}
		}
		if len(ms) < d.batch || ctx.Err() != nil {
			break
		}
	}
	return out, nil
}

// deliverOne sends m and records the attempt. The record is written even
// when ctx has ended (shutdown), so that what happened is never lost.
func (d *Deliverer) deliverOne(ctx context.Context, m fitness.OutboxMessage, out *Delivery) error {
	attempt := m.Attempts + 1
	detail, sendErr := d.mailer.Send(ctx, m)
	rec := context.WithoutCancel(ctx)
	log := d.logger.With("message_id", m.ID, "kind", m.Kind, "attempt", attempt)
	if sendErr == nil {
		if err := d.outbox.MarkSent(rec, m.ID, attempt, detail); err != nil {
			log.Error("mail sent but not recorded; it will be sent again when its claim ends", "error", err)
			return conflictOK(err)
		}
		out.Sent++
		log.Info("mail sent")
		return nil
	}
	retryAt := d.retry.RetryAt(attempt, d.now())
	if err := d.outbox.MarkFailed(rec, m.ID, attempt, sendErr.Error(), retryAt); err != nil {
		log.Error("record failed mail attempt", "error", err, "send_error", sendErr)
		return conflictOK(err)
	}
	if retryAt.IsZero() {
		out.Failed++
		log.Error("mail failed for good", "error", sendErr)
	} else {
		out.Retrying++
		log.Warn("mail not sent; will try again", "error", sendErr, "retry_at", retryAt)
	}
	return nil
}

// conflictOK drops a conflict (another worker recorded this attempt) and
// returns any other error with context.
func conflictOK(err error) error {
	if fitness.ErrorCode(err) == fitness.EConflict {
		return nil
	}
	return fmt.Errorf("record delivery: %w", err)
}
