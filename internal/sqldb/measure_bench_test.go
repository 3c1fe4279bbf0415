package sqldb

import (
	"context"
	"database/sql"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// How the scale benchmarks measure (see scale_bench_test.go for the
// fixture). Each runs our code, the service a page or the API calls, and,
// interleaved with it on the same database, the bare SQL of the same
// query: the statements our code sends, with the rows read and thrown
// away. It reports our latency (mean as ns/op, p50 and p95), the bare
// SQL's mean ("bare-ms") and our time as a multiple of it ("x-bare").

// compare runs ours in b.Loop and bare after each run of ours, outside
// the benchmark's timer, alternating which of the two runs first warms the
// cache; i counts the runs. Each runs once before the timing starts (with
// i = 0), so that a process's first call, which prepares statements and
// reads the pages it needs from disk, is not one of the 20 from which a
// p95 is taken: the figures are of a server that has been running.
func compare(b *testing.B, ours, bare func(i int) error) {
	b.Helper()
	compareWith(b, ours, bare, nil)
}

// compareWith is compare with a third function, also, run after bare
// outside the timer, which measures what it needs itself (the action
// benchmark's raw commits, made within the same run as the actions).
func compareWith(b *testing.B, ours, bare, also func(i int) error) {
	b.Helper()
	var bareTotal time.Duration
	var lat []time.Duration
	i := 0
	runBare := func() {
		b.StopTimer()
		t := time.Now()
		if err := bare(i); err != nil {
			b.Fatal(err)
		}
		bareTotal += time.Since(t)
		if also != nil {
			if err := also(i); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	for _, fn := range []func(int) error{ours, bare, also} {
		if fn != nil {
			if err := fn(0); err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		if bare != nil && i%2 == 1 {
			runBare()
		}
		t := time.Now()
		if err := ours(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		if bare != nil && i%2 == 0 {
			runBare()
		}
		i++
	}
	reportLatency(b, lat)
	if bare == nil || i == 0 {
		return
	}
	mean := total(lat) / time.Duration(len(lat))
	bareMean := bareTotal / time.Duration(i)
	b.ReportMetric(ms(bareMean), "bare-ms")
	b.ReportMetric(float64(mean)/float64(bareMean), "x-bare")
}

// concurrently runs fn from users goroutines at once (b.RunParallel) and
// reports the latency each call saw and the calls a second.
func concurrently(b *testing.B, users int, fn func(i int) error) {
	b.Helper()
	b.SetParallelism(max(1, users/runtime.GOMAXPROCS(0)))
	var mu sync.Mutex
	var lat []time.Duration
	var n int
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		mu.Lock()
		n++
		i := n * 1_000_003
		mu.Unlock()
		for pb.Next() {
			t := time.Now()
			if err := fn(i); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t))
			i++
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	reportLatency(b, lat)
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "ops/s")
}

// Paced users: pacedUsers people each make a call every pacedEvery (a
// page, then reading it), for pacedFor.
const (
	pacedUsers = 50
	pacedEvery = 2 * time.Second
	pacedFor   = 10 * time.Second
)

// paced runs fn as pacedUsers people at once, each calling it every
// pacedEvery from staggered starts for pacedFor, whatever b.N (an open
// loop at pacedUsers/pacedEvery calls a second, 25 here), and reports the
// latency each call saw and the calls a second. Unlike concurrently, a
// slow call does not slow the rate: calls queue, as requests from people
// do.
func paced(b *testing.B, fn func(i int) error) {
	b.Helper()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	for u := range pacedUsers {
		wg.Go(func() {
			offset := pacedEvery * time.Duration(u) / pacedUsers
			for i := 0; ; i++ {
				at := start.Add(offset + time.Duration(i)*pacedEvery)
				if at.Sub(start) >= pacedFor {
					return
				}
				time.Sleep(time.Until(at))
				t := time.Now()
				if err := fn(u*1_000_003 + i); err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, time.Since(t))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	reportLatency(b, lat)
	b.ReportMetric(float64(len(lat))/time.Since(start).Seconds(), "ops/s")
	b.ReportMetric(0, "ns/op")
}

// reportLatency reports the p50 and p95 of lat in milliseconds.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[(len(lat)*95)/100]), "p95-ms")
}

func total(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// drain runs a query and reads every row, throwing the values away.
func drain(ctx context.Context, q querier, query string, args ...any) (int, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	for i := range vals {
		vals[i] = new(sql.RawBytes)
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// benchSet is what the scale benchmarks pick from the fixture.
type benchSet struct {
	db       *DB
	cases    *CaseService
	regs     *RegistrantService
	leader   fitness.Actor // a team leader: sees every case and the team view
	manager  fitness.Actor // the case manager with the most open cases
	typical  []string      // open cases with a typical number of events
	largest  string        // the case with the most events
	employer string        // the employer with the most employments
	number   string        // a registration number on the register
}

// loadBenchSet opens the fixture of engine e and picks what the
// benchmarks need.
func loadBenchSet(b *testing.B, e Engine) *benchSet {
	b.Helper()
	ctx := context.Background()
	db := benchFixture(b, e)
	s := &benchSet{db: db, regs: NewRegistrantService(db),
		cases: NewCaseService(db, fitness.HCPCProcess(), fitness.HCPCRules(), time.Now)}
	users := NewUserService(db, time.Now)
	tl, err := users.FindUserByEmail(ctx, "team-leader-001@staff.fitness.test")
	if err != nil {
		b.Fatalf("the fixture has no team-leader-001: %v", err)
	}
	s.leader = tl.Actor()
	var managerID string
	must(b, db.read.QueryRowContext(ctx, `SELECT case_manager_id FROM cases WHERE closed_at IS NULL
		AND case_manager_id IS NOT NULL GROUP BY case_manager_id ORDER BY COUNT(*) DESC, case_manager_id LIMIT 1`).Scan(&managerID))
	cm, err := users.FindUser(ctx, managerID)
	must(b, err)
	s.manager = cm.Actor()
	must(b, db.read.QueryRowContext(ctx, `SELECT id FROM cases ORDER BY version DESC, id LIMIT 1`).Scan(&s.largest))
	must(b, db.read.QueryRowContext(ctx, `SELECT employer_id FROM employments GROUP BY employer_id
		ORDER BY COUNT(*) DESC, employer_id LIMIT 1`).Scan(&s.employer))
	must(b, db.read.QueryRowContext(ctx, `SELECT number FROM registrants ORDER BY seq LIMIT 1 OFFSET 1000`).Scan(&s.number))
	// Typical: open cases with 15 to 40 events of their own. The notes
	// BenchmarkScaleAction adds to them stay in the fixture and do not
	// count, so that the same cases are typical run after run.
	rows, err := db.read.QueryContext(ctx, `SELECT c.id FROM cases c WHERE c.closed_at IS NULL AND c.version >= 15
		AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.seq = 41
			AND e.payload NOT IN ('{"note":"Benchmark note"}', '{"note":"Bare note"}'))
		ORDER BY c.reference LIMIT 200`)
	must(b, err)
	defer rows.Close()
	for rows.Next() {
		var id string
		must(b, rows.Scan(&id))
		s.typical = append(s.typical, id)
	}
	if len(s.typical) == 0 {
		b.Fatal("the fixture has no open case with 15 to 40 events")
	}
	return s
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
