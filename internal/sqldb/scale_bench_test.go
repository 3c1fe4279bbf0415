package sqldb

// Benchmarks at scale (issue 5) run against a fixture database seeded with
// a synthetic data set (internal/synth, as `fitness seed --scale`), built
// once per engine and kept:
//
//	FITNESS_BENCH_DB_SQLITE=/tmp/perf/large.db \
//	FITNESS_BENCH_DB_POSTGRES=postgres://postgres@127.0.0.1:5432/fitness_large \
//	  go test ./internal/sqldb -run '^$' -bench Scale -benchtime 2s -timeout 60m
//
// A fixture named by one of these variables is seeded, if empty, at the
// scale FITNESS_BENCH_SCALE names (hcpc by default). Without them, the
// SQLite fixture is a small data set cached in the temporary directory and
// the PostgreSQL one a database fitness_bench_small on the server
// FITNESS_TEST_POSTGRES names (skipped when that is unset). Pending
// migrations are applied to a fixture before use. Benchmarks never run
// without -bench, so `go test ./...` does not build fixtures.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
	"fitness/internal/synth"
)

// benchEngines returns the engines to benchmark: SQLite, and PostgreSQL
// when a fixture or a test server is named.
func benchEngines() []Engine {
	if os.Getenv("FITNESS_BENCH_DB_POSTGRES") != "" || os.Getenv("FITNESS_TEST_POSTGRES") != "" {
		return []Engine{SQLite, Postgres}
	}
	return []Engine{SQLite}
}

// benchTarget returns the fixture database of engine e and the scale to
// seed it at when empty.
func benchTarget(b *testing.B, e Engine) (string, string) {
	b.Helper()
	scale := os.Getenv("FITNESS_BENCH_SCALE")
	if scale == "" {
		scale = "hcpc"
	}
	switch e {
	case SQLite:
		if t := os.Getenv("FITNESS_BENCH_DB_SQLITE"); t != "" {
			return t, scale
		}
		return filepath.Join(os.TempDir(), "fitness-bench-small.db"), "small"
	default:
		if t := os.Getenv("FITNESS_BENCH_DB_POSTGRES"); t != "" {
			return t, scale
		}
		base := os.Getenv("FITNESS_TEST_POSTGRES")
		if base == "" {
			b.Skip("PostgreSQL benchmark skipped: set FITNESS_BENCH_DB_POSTGRES or FITNESS_TEST_POSTGRES")
		}
		return mustBenchPostgres(b, base, "fitness_bench_small"), "small"
	}
}

// mustBenchPostgres creates database name on the server of base unless it
// exists, and returns its URL.
func mustBenchPostgres(b *testing.B, base, name string) string {
	b.Helper()
	ctx := context.Background()
	admin, err := Open(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		if _, err := admin.write.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			b.Fatal(err)
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// benchFixture opens the fixture of engine e, migrated and seeded.
func benchFixture(b *testing.B, e Engine) *DB {
	b.Helper()
	ctx := context.Background()
	target, scale := benchTarget(b, e)
	db, err := Open(ctx, target)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	empty, err := db.Empty(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if empty {
		b.Logf("seeding the %s data set into %s (once; it is kept)", scale, target)
		if _, err := seedScale(ctx, db, scale, 1, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// seedScale loads the synthetic data set of the scale called name into db
// as `fitness seed --scale` does.
func seedScale(ctx context.Context, db *DB, name string, seed int64, until time.Time) (synth.SeedStats, error) {
	sc, ok := synth.ScaleNamed(name)
	if !ok {
		return synth.SeedStats{}, fmt.Errorf("no scale %q", name)
	}
	if err := EnsureProfessions(ctx, db, fitness.HCPCProfessions()); err != nil {
		return synth.SeedStats{}, err
	}
	bulk := NewBulk(db, WithArgonParams(1024, 1, 1))
	st, err := synth.Seed(ctx, bulk, fitness.HCPCProcess(), fitness.HCPCRules(), synth.SeedOptions{
		Scale: sc, Seed: seed, Until: until, Password: "bench-password-2026"})
	if err != nil {
		return st, err
	}
	return st, bulk.Analyze(ctx)
}

// TestBulkSeed loads the tiny data set through Bulk and verifies every
// hash chain, on both engines.
func TestBulkSeed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		st, err := seedScale(ctx, db, "tiny", 2, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := NewAuditService(db).Verify(ctx)
		if err != nil || rep.Broken != nil || rep.Events != st.Events {
			t.Fatalf("verify: %+v, %v; seeded %d events", rep, err, st.Events)
		}
		var docs, links, annotated int
		db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&docs)
		db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_links`).Scan(&links)
		db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM registrants WHERE annotations <> ''`).Scan(&annotated)
		if docs != st.Documents || links == 0 || annotated == 0 {
			t.Errorf("%d documents, %d case links, %d annotated registrants; want %d, some and some", docs, links, annotated, st.Documents)
		}
		if err := NewBulk(db).Cases(ctx, nil, []fitness.Case{{Reference: "FTP-2026-99999", Version: 2}},
			[][]fitness.Event{{{}}}); err == nil || !strings.Contains(err.Error(), "version 2 but 1 events") {
			t.Errorf("a case whose version and events disagree: %v", err)
		}
	})
}

// BenchmarkScaleSeed seeds the data set FITNESS_BENCH_SEED_SCALE names
// (small by default) into a fresh database per engine and reports rows a
// second: a profile of seeding (-cpuprofile).
func BenchmarkScaleSeed(b *testing.B) {
	scale := os.Getenv("FITNESS_BENCH_SEED_SCALE")
	if scale == "" {
		scale = "small"
	}
	for _, e := range engines(b) {
		b.Run(string(e), func(b *testing.B) {
			var st synth.SeedStats
			for b.Loop() {
				db := MustOpenTest(b, e)
				var err error
				if st, err = seedScale(context.Background(), db, scale, 1, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			secs := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(st.Events)/secs, "events/s")
			b.ReportMetric(float64(st.Registrants)/secs, "registrants/s")
		})
	}
}

// TestAccessRecordsTogether records many reads at once: every record is
// in the log once, in one unbroken chain, however they were batched.
func TestAccessRecordsTogether(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		const readers, each = 40, 5
		var wg sync.WaitGroup
		errs := make(chan error, readers*each)
		for i := 0; i < readers; i++ {
			wg.Go(func() {
				for j := 0; j < each; j++ {
					errs <- db.recordAccess(ctx, time.Now(), fmt.Sprintf("user-%d", i), "case.view", "", fmt.Sprintf("read %d", j))
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rep, err := NewAuditService(db).Verify(ctx)
		if err != nil || rep.Broken != nil || rep.Accesses != readers*each {
			t.Fatalf("verify: %+v, %v; want %d intact access records", rep, err, readers*each)
		}
		var distinct int
		db.read.QueryRowContext(ctx, `SELECT COUNT(DISTINCT actor_id || detail) FROM access_log`).Scan(&distinct)
		if distinct != readers*each {
			t.Errorf("%d distinct records; want %d", distinct, readers*each)
		}
	})
}
