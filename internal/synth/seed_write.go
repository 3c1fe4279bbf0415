package synth

import (
	"context"
	"fmt"

	"fitness/internal/fitness"
)

// caseWriter gives case references in order of opening, batches cases for
// the sink and gathers what they did to the register.
type caseWriter struct {
	sink     Sink
	o        SeedOptions
	st       *SeedStats
	refs     map[int]int // year → last reference number given
	changes  map[string]*fitness.Registrant
	order    []string // registrant ids in the order first changed
	concerns []fitness.Concern
	cases    []fitness.Case
	events   [][]fitness.Event
	docs     []fitness.Document
	contents [][]byte
}

// add takes the next concern, in order, and stores the batch once it is
// big enough.
func (w *caseWriter) add(ctx context.Context, cr concernResult) error {
	w.concerns = append(w.concerns, cr.concern)
	w.st.Concerns++
	for _, h := range cr.histories {
		c := h.Case
		y := c.OpenedAt.Year()
		w.refs[y]++
		c.Reference = fitness.FormatReference(y, w.refs[y])
		w.cases, w.events = append(w.cases, c), append(w.events, h.Events)
		w.st.Cases, w.st.Events = w.st.Cases+1, w.st.Events+len(h.Events)
		if c.Open() {
			w.st.Open++
		}
		if cr.largest {
			w.st.Largest, w.st.LargestEvents = c.Reference, len(h.Events)
		}
		for _, ch := range h.Changes {
			w.change(ch)
		}
	}
	if len(cr.docs) > 0 {
		w.docs, w.contents = cr.docs, cr.contents
	}
	if len(w.cases) >= casesPerTx {
		return w.flush(ctx)
	}
	return nil
}

// change applies a register change to the entry as it will be stored.
// Subjects of concerns are drawn from registered registrants, so an entry
// starts as registered with no annotations.
func (w *caseWriter) change(ch RegisterChange) {
	e := w.changes[ch.RegistrantID]
	if e == nil {
		e = &fitness.Registrant{ID: ch.RegistrantID, Status: fitness.StatusRegistered}
		w.changes[ch.RegistrantID] = e
		w.order = append(w.order, ch.RegistrantID)
	}
	if ch.Status != "" {
		e.Status = ch.Status
	}
	if ch.Annotation != "" {
		e.Annotations = append(e.Annotations, ch.Annotation)
	}
}

// flush hands the batch to the sink.
func (w *caseWriter) flush(ctx context.Context) error {
	if len(w.cases) == 0 {
		return nil
	}
	if err := w.sink.Cases(ctx, w.concerns, w.cases, w.events); err != nil {
		return fmt.Errorf("cases: %w", err)
	}
	w.concerns, w.cases, w.events = w.concerns[:0], w.cases[:0], w.events[:0]
	w.o.Progress("cases", w.st.Cases, w.o.Scale.Cases)
	return nil
}

// finish stores the largest case's documents and the register changes.
func (w *caseWriter) finish(ctx context.Context) error {
	if len(w.docs) > 0 {
		w.o.Progress("documents", 0, len(w.docs))
		if err := w.sink.Documents(ctx, w.docs, w.contents); err != nil {
			return fmt.Errorf("documents: %w", err)
		}
		w.st.Documents = len(w.docs)
		w.o.Progress("documents", len(w.docs), len(w.docs))
	}
	entries := make([]fitness.Registrant, len(w.order))
	for i, id := range w.order {
		entries[i] = *w.changes[id]
	}
	w.o.Progress("register changes", 0, len(entries))
	if err := w.sink.SetRegisterEntries(ctx, entries); err != nil {
		return fmt.Errorf("register changes: %w", err)
	}
	w.st.RegisterChanges = len(entries)
	w.o.Progress("register changes", len(entries), len(entries))
	return nil
}
