package jobs

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"fitness/internal/fitness"
)

// letterArgs is the job that makes requested letters.
type letterArgs struct{}

// Kind names the job.
func (letterArgs) Kind() string { return kindLetters }

// letterWorker works letterArgs.
type letterWorker struct {
	river.WorkerDefaults[letterArgs]
	i       *Issuer
	timeout time.Duration
}

// Work makes the letters due.
func (w *letterWorker) Work(ctx context.Context, _ *river.Job[letterArgs]) error {
	_, err := w.i.Issue(ctx)
	return err
}

// Timeout bounds one run.
func (w *letterWorker) Timeout(*river.Job[letterArgs]) time.Duration { return w.timeout }

// Letters is the storage the letter job needs (sqldb.LetterStore).
type Letters interface {
	// ClaimLetters claims up to limit due pending document requests for
	// lease.
	ClaimLetters(ctx context.Context, limit int, lease time.Duration) ([]fitness.DocumentRequest, error)
	// LetterFacts gathers what the letter of a request states.
	LetterFacts(ctx context.Context, r fitness.DocumentRequest) (fitness.LetterFacts, error)
	// IssueLetter stores the rendered letter and, for email, queues it in
	// the outbox with a case event, in one transaction.
	IssueLetter(ctx context.Context, r fitness.DocumentRequest, l fitness.IssuedLetter) (fitness.DocumentRequest, error)
	// MarkLetterFailed records a failed attempt; a zero retryAt gives up.
	MarkLetterFailed(ctx context.Context, id string, attempt int, detail string, retryAt time.Time) error
}

// LetterRenderer renders the letter of a document request to HTML and
// PDF with its covering email. The document templates implement it
// (docs.Issuer); jobs never imports them, cmd/fitness wires them in.
type LetterRenderer interface {
	Issue(ctx context.Context, f fitness.LetterFacts) (fitness.IssuedLetter, error)
}

// Issuing counts what one run of [Issuer.Issue] did.
type Issuing struct {
	Issued   int // rendered and stored
	Emailed  int // of those, queued in the outbox
	Retrying int // failed; will be tried again
	Failed   int // failed for good
}

// Issuer makes the letters actions have asked for: it renders each with
// the letter renderer outside any transaction (Chromium can take seconds),
// then stores and serves it in one. Like the outbox, each request is made
// at least once and stored exactly once: a claim hides it from other
// workers for the lease, and storing is refused for a request no longer
// pending.
type Issuer struct {
	letters  Letters
	renderer LetterRenderer
	now      func() time.Time
	logger   *slog.Logger
	retry    RetryPolicy
	batch    int
	lease    time.Duration
	// emailed, when set, is called after a run queued mail, to have it
	// delivered at once.
	emailed func(ctx context.Context)
}

// NewIssuer returns an issuer making claims of batch requests, each held
// for lease; now is the clock for retry times.
func NewIssuer(l Letters, r LetterRenderer, now func() time.Time, logger *slog.Logger, retry RetryPolicy, batch int, lease time.Duration) *Issuer {
	if batch <= 0 {
		batch = 10
	}
	return &Issuer{letters: l, renderer: r, now: now, logger: logger, retry: retry.withDefaults(), batch: batch, lease: lease}
}

// Issue makes the letters due now, a batch at a time, until none is left
// or ctx ends. An error means the requests could not be read or written;
// a letter that cannot be made is recorded on its request, not returned.
func (i *Issuer) Issue(ctx context.Context) (Issuing, error) {
	var out Issuing
	defer func() {
		if out.Emailed > 0 && i.emailed != nil {
			i.emailed(context.WithoutCancel(ctx))
		}
	}()
	for range 20 {
		rs, err := i.letters.ClaimLetters(ctx, i.batch, i.lease)
		if err != nil {
			return out, err
		}
		for _, r := range rs {
			if err := i.issueOne(ctx, r, &out); err != nil {
				return out, err
			}
		}
		if len(rs) < i.batch || ctx.Err() != nil {
			break
		}
	}
	return out, nil
}

// issueOne makes and stores the letter of r, or records why it could not.
func (i *Issuer) issueOne(ctx context.Context, r fitness.DocumentRequest, out *Issuing) error {
	log := i.logger.With("letter", r.ID, "case", r.CaseID, "document", r.Document, "to", r.RecipientRole)
	letter, err := i.make(ctx, r)
	if err == nil {
		stored, err := i.letters.IssueLetter(context.WithoutCancel(ctx), r, letter)
		if err == nil {
			out.Issued++
			if stored.Channel == fitness.ChannelEmail {
				out.Emailed++
			}
			log.Info("letter issued", "channel", stored.Channel, "sha256", stored.SHA256)
			return nil
		}
		if fitness.ErrorCode(err) == fitness.EConflict {
			return nil // another worker issued it
		}
		log.Error("letter made but not stored", "error", err)
		return i.fail(ctx, r, err, out, log)
	}
	return i.fail(ctx, r, err, out, log)
}

// make gathers the facts of r and renders its letter.
func (i *Issuer) make(ctx context.Context, r fitness.DocumentRequest) (fitness.IssuedLetter, error) {
	f, err := i.letters.LetterFacts(ctx, r)
	if err != nil {
		return fitness.IssuedLetter{}, err
	}
	return i.renderer.Issue(ctx, f)
}

// fail records a failed attempt at r. A letter the case lacks the facts
// for, or with no template, fails for good at once: trying again would
// not help; staff see why on the case.
func (i *Issuer) fail(ctx context.Context, r fitness.DocumentRequest, cause error, out *Issuing, log *slog.Logger) error {
	attempt := r.Attempts + 1
	retryAt := i.retry.RetryAt(attempt, i.now())
	if code := fitness.ErrorCode(cause); code == fitness.EInvalid || code == fitness.ENotFound {
		retryAt = time.Time{}
	}
	detail := failureDetail(cause)
	if err := i.letters.MarkLetterFailed(context.WithoutCancel(ctx), r.ID, attempt, detail, retryAt); err != nil {
		return conflictOK(err)
	}
	if retryAt.IsZero() {
		out.Failed++
		log.Error("letter could not be made", "error", cause)
	} else {
		out.Retrying++
		log.Warn("letter not made; will try again", "error", cause, "retry_at", retryAt)
	}
	return nil
}

// failureDetail says why a letter could not be made, in words safe to show
// staff on the case: what the letter lacks, that there is no template, or
// that something went wrong (the details are logged).
func failureDetail(err error) string {
	switch fitness.ErrorCode(err) {
	case fitness.EInvalid:
		fields := fitness.ErrorFields(err)
		msgs := make([]string, 0, len(fields))
		for _, m := range fields {
			msgs = append(msgs, m)
		}
		slices.Sort(msgs)
		return "The letter lacks facts it must state: " + strings.Join(msgs, "; ")
	case fitness.EInternal:
		return "Something went wrong preparing the letter"
	}
	return fitness.ErrorMessage(err)
}
