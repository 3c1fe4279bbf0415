package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fitness/internal/fitness"
)

func (f *fixture) sweeper() *Sweeper {
	return NewSweeper(f.cases, f.process, f.clock.Now, f.logger)
}

func mustSweep(t *testing.T, s *Sweeper, want int) {
	t.Helper()
	n, err := s.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("Sweep took %d actions, want %d", n, want)
	}
}

// TestSweepNoResponse: when the time to respond passes with no response,
// the sweep records that neutral fact once, and not before.
func TestSweepNoResponse(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		c := f.MustServed(t, "Morgan Example")
		due := c.Deadlines[0].Due
		s := f.sweeper()

		// The registrant has all of the due date (in the United Kingdom).
		for _, early := range []time.Time{due.Add(-time.Second), due, due.Add(12 * time.Hour)} {
			f.clock.Set(early)
			mustSweep(t, s, 0)
		}
		if evs := f.noResponseEvents(t, c.ID); len(evs) != 0 {
			t.Fatalf("recorded before the due date was over: %+v", evs)
		}
		next := due.AddDate(0, 0, 1)
		f.clock.Set(next)
		mustSweep(t, s, 1)
		f.clock.Add(30 * 24 * time.Hour)
		mustSweep(t, s, 0)

		evs := f.noResponseEvents(t, c.ID)
		if len(evs) != 1 {
			t.Fatalf("%d no-response events, want 1", len(evs))
		}
		e := evs[0]
		if e.ActorID != fitness.SystemActor.UserID || !e.At.Equal(next) || e.FromStage != fitness.StageAllegation ||
			e.ToStage != fitness.StageAllegation {
			t.Errorf("event %+v", e)
		}
		if got := fitness.DescribeEvent(f.process, e); got != "No response received by the deadline" {
			t.Errorf("event words %q", got)
		}
		after, err := f.cases.FindCase(ctx, f.manager, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Deadlines) != 0 || after.Version != c.Version+1 {
			t.Errorf("after the sweep: deadlines %+v, version %d", after.Deadlines, after.Version)
		}
	})
}

// TestSweepConcurrent: sweeps running at once take each action once.
func TestSweepConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		var cs []fitness.Case
		for _, name := range []string{"Avery Example", "Blair Example", "Casey Sample"} {
			cs = append(cs, f.MustServed(t, name))
		}
		f.clock.Set(cs[0].Deadlines[0].Due.AddDate(0, 0, 1))
		var total atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				n, err := f.sweeper().Sweep(context.Background())
				if err != nil {
					t.Error(err)
				}
				total.Add(int64(n))
			})
		}
		close(start)
		wg.Wait()
		if total.Load() != int64(len(cs)) {
			t.Errorf("the sweeps took %d actions, want %d", total.Load(), len(cs))
		}
		for _, c := range cs {
			if n := len(f.noResponseEvents(t, c.ID)); n != 1 {
				t.Errorf("case %s: %d no-response events, want 1", c.Reference, n)
			}
		}
	})
}

// TestSweepStale: a sweep that read a case before another sweep changed it
// is refused by the version check and leaves the case alone.
func TestSweepStale(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.MustServed(t, "Dallas Example")
		f.clock.Set(c.Deadlines[0].Due.AddDate(0, 0, 1))
		s := f.sweeper()
		mustSweep(t, s, 1)
		n, err := s.sweepCase(context.Background(), c, f.clock.Now())
		if n != 0 || err != nil {
			t.Errorf("stale sweep: %d, %v", n, err)
		}
		if n := len(f.noResponseEvents(t, c.ID)); n != 1 {
			t.Errorf("%d no-response events, want 1", n)
		}
	})
}
