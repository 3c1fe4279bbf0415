package sqldb

import (
	"context"
	"database/sql"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// BenchmarkScaleSearch times register search by number, name and with a
// typo, through the name index (search_index.go) against the SQL it sends
// for the same search: the version read and the read of the registrants
// found. "database/…" times the same searches with the name index off (as
// while it is rebuilt), against the engine's own candidate queries for the
// same steps (registrantSearcher). "index_build" is the time to build the
// index; "names/50users" runs 50 searches at once, each for another of
// 1,000 names from the register. Each reports SQL's mean ("bare-ms") and
// our time as a multiple of it ("x-bare").
func BenchmarkScaleSearch(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			must(b, s.regs.UseNameIndex(ctx, nil))
			searches := []struct {
				name, text string
				steps      int // of the search with the name index off
			}{
				{"name", "Seán Okafor", 1}, {"typo", "Okafro", 3}, {"common_typo", "Willaims", 3},
			}
			b.Run("number", func(b *testing.B) {
				compare(b, s.search(s.number), func(int) error {
					_, err := drain(ctx, s.db.read, hitSelect+"WHERE lower(r.number) = lower($1)", s.number)
					return err
				})
			})
			for _, q := range searches {
				b.Run(q.name, func(b *testing.B) { compare(b, s.search(q.text), s.bareIndexed(b, q.text)) })
			}
			b.Run("names/50users", func(b *testing.B) {
				names := s.sampleNames(b, 1000)
				warmUp(b, 50, len(names), func(i int) error { return s.search(names[i])(i) })
				debug.FreeOSMemory() // as the server does after building the index
				b.ResetTimer()
				// Each goroutine strides over all the names, however short the run.
				concurrently(b, 50, func(i int) error { return s.search(names[(i*7919)%len(names)])(i) })
			})
			b.Run("index_build", func(b *testing.B) {
				var ix *nameIndex
				before := heapInUse()
				for b.Loop() {
					var err error
					ix, err = buildNameIndex(ctx, s.db)
					must(b, err)
				}
				b.ReportMetric(float64(heapInUse()-before)/(1<<20), "index-MB")
				runtime.KeepAlive(ix)
			})
			s.regs.names.on.Store(false)
			for _, q := range searches {
				b.Run("database/"+q.name, func(b *testing.B) { compare(b, s.search(q.text), s.bareSteps(q.text, q.steps)) })
			}
			s.regs.names.on.Store(true)
		})
	}
}

// heapInUse returns the bytes of live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// warmUp makes n calls from users goroutines before a closed loop is
// timed, as a running server has done: the connection pool is full and
// each connection has prepared its statements (on PostgreSQL each new
// connection is a TLS handshake and a new backend).
func warmUp(b *testing.B, users, n int, fn func(i int) error) {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, users)
	for range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// search returns a benchmark call searching the register for text.
func (s *benchSet) search(text string) func(int) error {
	return func(int) error {
		_, err := s.regs.SearchRegistrants(context.Background(), fitness.RegistrantQuery{Text: text})
		return err
	}
}

// bareIndexed returns the SQL a search for text sends with the name index:
// the read of the registrants it finds, with the version.
func (s *benchSet) bareIndexed(b *testing.B, text string) func(int) error {
	ctx := context.Background()
	ix, err := s.regs.currentNameIndex(ctx)
	if err != nil || ix == nil {
		b.Fatalf("name index not current: %v", err)
	}
	query, args := ix.hitsQuery(ix.match(nameTokens(text), searchDefaultLimit))
	return func(int) error {
		_, err := drain(ctx, s.db.read, query, args...)
		return err
	}
}

// bareSteps returns the first steps of the engine's candidate queries for
// text, as the search with the name index off runs them.
func (s *benchSet) bareSteps(text string, steps int) func(int) error {
	ctx := context.Background()
	words := nameTokens(text)
	return func(int) error {
		for step := range steps {
			if _, err := s.regs.candidates(ctx, step, words); err != nil {
				return err
			}
		}
		return nil
	}
}

// sampleNames returns n registrants' full names, spread over the register.
func (s *benchSet) sampleNames(b *testing.B, n int) []string {
	rows, err := s.db.read.QueryContext(context.Background(),
		`SELECT given_names, family_name FROM registrants WHERE seq % 997 = 1 ORDER BY seq LIMIT $1`, n)
	must(b, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var given, family string
		must(b, rows.Scan(&given, &family))
		out = append(out, given+" "+family)
	}
	must(b, rows.Err())
	return out
}

// BenchmarkScaleMyCases times the first page of "my cases" (the open cases
// of the case manager with the most) and of every open case, against the
// same SELECT.
func BenchmarkScaleMyCases(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			for _, tt := range []struct {
				name   string
				actor  fitness.Actor
				filter fitness.CaseFilter
			}{
				{"mine", s.manager, fitness.CaseFilter{CaseManagerID: s.manager.UserID, OpenOnly: true, Limit: 50}},
				{"all_open", s.leader, fitness.CaseFilter{OpenOnly: true, Limit: 50}},
			} {
				// The statement ListCases sends, from the same builders.
				bare := func(int) error {
					rest, args, _, err := s.cases.listQuery(tt.actor, tt.filter)
					if err != nil {
						return err
					}
					_, err = drain(ctx, s.db.read, s.cases.summariesSQL(rest), args...)
					return err
				}
				ours := func(int) error {
					_, err := s.cases.ListCases(ctx, tt.actor, tt.filter)
					return err
				}
				b.Run(tt.name, func(b *testing.B) { compare(b, ours, bare) })
				b.Run(tt.name+"/50users", func(b *testing.B) { concurrently(b, 50, ours) })
				b.Run(tt.name+"/50users_paced", func(b *testing.B) { paced(b, ours) })
			}
		})
	}
}

// BenchmarkScaleTeamQueue times the team view (counts by ageing band and
// case manager, and the first page of open cases, oldest first) against
// its two SELECTs.
func BenchmarkScaleTeamQueue(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			ours := func(int) error {
				_, err := s.cases.TeamQueue(ctx, s.leader, fitness.TeamFilter{Limit: 50})
				return err
			}
			// The statements TeamQueue sends, from the same builders.
			bare := func(int) error {
				now := time.Now()
				query, args := s.cases.teamCountsQuery(now)
				if _, err := drain(ctx, s.db.read, query, args...); err != nil {
					return err
				}
				query, args, _, err := s.cases.teamPageQuery(now, fitness.TeamFilter{Limit: 50})
				if err != nil {
					return err
				}
				_, err = drain(ctx, s.db.read, query, args...)
				return err
			}
			b.Run("first_page", func(b *testing.B) { compare(b, ours, bare) })
			b.Run("first_page/50users", func(b *testing.B) { concurrently(b, 50, ours) })
			b.Run("first_page/50users_paced", func(b *testing.B) { paced(b, ours) })
		})
	}
}

// BenchmarkScaleCasePage times what a case page reads, the case and its
// events (FindCase and CaseEvents, each recording the read in the access
// log), for typical cases and the largest, against the SELECTs of the
// case, its links and its events.
func BenchmarkScaleCasePage(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			// What the staff case page reads: the case and the latest 50
			// events (internal/web/staff timelinePage); all events on
			// request.
			const latest = 50
			// Each page is one request, with its read scope: one access
			// record for the case (WithReadScope).
			page := func(id string, all bool) error {
				req := WithReadScope(ctx)
				c, err := s.cases.FindCase(req, s.leader, id)
				if err != nil {
					return err
				}
				if all {
					_, err = s.cases.CaseEvents(req, s.leader, id)
				} else {
					_, err = s.cases.RecentEvents(req, s.leader, c.ID, latest)
				}
				return err
			}
			bare := func(id string, all bool) error {
				var version int
				if err := s.db.read.QueryRowContext(ctx, `SELECT version FROM cases WHERE id = $1`, id).Scan(&version); err != nil {
					return err
				}
				if _, err := drain(ctx, s.db.read, `SELECT `+caseColumns+` FROM cases c WHERE c.id = $1`, id); err != nil {
					return err
				}
				if _, err := drain(ctx, s.db.read, `SELECT linked_case_id FROM case_links WHERE case_id = $1 ORDER BY linked_case_id`, id); err != nil {
					return err
				}
				from := 1
				if !all {
					from = max(1, version-latest+1)
				}
				if _, err := drain(ctx, s.db.read, `SELECT `+eventColumns+` FROM events WHERE case_id = $1 AND seq >= $2 ORDER BY seq`, id, from); err != nil {
					return err
				}
				return bareAccessRecord(ctx, s.db, s.leader.UserID, id)
			}
			pick := func(i int) string { return s.typical[i%len(s.typical)] }
			b.Run("typical", func(b *testing.B) {
				compare(b, func(i int) error { return page(pick(i), false) }, func(i int) error { return bare(pick(i), false) })
			})
			b.Run("largest", func(b *testing.B) {
				compare(b, func(int) error { return page(s.largest, false) }, func(int) error { return bare(s.largest, false) })
			})
			b.Run("largest/all_events", func(b *testing.B) {
				compare(b, func(int) error { return page(s.largest, true) }, func(int) error { return bare(s.largest, true) })
			})
			b.Run("typical/50users", func(b *testing.B) {
				concurrently(b, 50, func(i int) error { return page(pick(i), false) })
			})
			b.Run("typical/50users_paced", func(b *testing.B) {
				paced(b, func(i int) error { return page(pick(i), false) })
			})
		})
	}
}

// kpiQuery selects, for every case the Investigating Committee decided,
// the date it was received and the time of the decision.
const kpiQuery = `SELECT c.received_on, e.at FROM events e JOIN cases c ON c.id = e.case_id
	WHERE e.type IN ('icp_case_to_answer', 'icp_no_case_to_answer')`

// kpiReceiptToICP returns the median days from receipt to the
// Investigating Committee's decision, per quarter of the decision
// ("2026-Q1"), computed from events.
func kpiReceiptToICP(ctx context.Context, q querier) (map[string]float64, error) {
	rows, err := q.QueryContext(ctx, kpiQuery)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	days := map[string][]float64{}
	for rows.Next() {
		var received string
		var at time.Time
		if err := rows.Scan(&received, &at); err != nil {
			return nil, err
		}
		r, err := parseDate(received)
		if err != nil {
			return nil, err
		}
		quarter := strconv.Itoa(at.Year()) + "-Q" + strconv.Itoa((int(at.Month())+2)/3)
		days[quarter] = append(days[quarter], at.Sub(r).Hours()/24)
	}
	out := map[string]float64{}
	for k, ds := range days {
		slices.Sort(ds)
		out[k] = ds[len(ds)/2]
	}
	return out, rows.Err()
}

// BenchmarkScaleKPI times a KPI over every case, the median days from
// receipt to the Investigating Committee's decision per quarter, computed
// from events, against its SELECT alone.
func BenchmarkScaleKPI(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			var quarters int
			compare(b, func(int) error {
				kpi, err := kpiReceiptToICP(ctx, s.db.read)
				quarters = len(kpi)
				return err
			}, func(int) error {
				_, err := drain(ctx, s.db.read, kpiQuery)
				return err
			})
			b.ReportMetric(float64(quarters), "quarters")
		})
	}
}

// scopingQuery is how an inquiry (issue 4) will find its registrants:
// everyone employed by an employer at any time in a period, with their
// register entries.
const scopingQuery = `SELECT e.registrant_id, r.number, r.given_names, r.family_name, e.role, e.start_date, e.end_date
	FROM employments e JOIN registrants r ON r.id = e.registrant_id
	WHERE e.employer_id = $1 AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $2)
	ORDER BY r.family_name, r.given_names, r.number`

// BenchmarkScaleInquiryScoping times the scoping query of an inquiry over
// the largest employer for a two-year period. There is no inquiry code
// yet (issue 4), so this is the bare query the feature will run.
func BenchmarkScaleInquiryScoping(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			from, to := time.Now().AddDate(-3, 0, 0), time.Now().AddDate(-1, 0, 0)
			var n int
			compare(b, func(int) error {
				var err error
				n, err = drain(ctx, s.db.read, scopingQuery, s.employer, dateText(from), dateText(to))
				return err
			}, nil)
			b.ReportMetric(float64(n), "registrants")
		})
	}
}

// BenchmarkScaleInquiryRunScope times scoping through the store method
// (InquiryService.RunScope: the scoping query over the inquiry's employers,
// the snapshot stored with every entry, the difference from the previous
// snapshot and the inquiry's event, in one transaction) for an inquiry
// into the largest employer over the same two years as
// BenchmarkScaleInquiryScoping, against the same statements sent bare
// (bareRunScope). Each run stores a snapshot, so the fixture keeps the
// inquiry and its snapshots.
func BenchmarkScaleInquiryRunScope(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			from, to := time.Now().AddDate(-3, 0, 0), time.Now().AddDate(-1, 0, 0)
			inquiries := NewInquiryService(s.db, s.cases, fitness.HCPCRules(), time.Now)
			inq, err := inquiries.CreateInquiry(ctx, s.leader, fitness.InquiryInput{Title: "Benchmark inquiry",
				SourceTitle: "Benchmark report", SourcePublisher: "Benchmark", SourcePublished: time.Now(),
				SourceSummary: "Scoping at scale.", EmployerIDs: []string{s.employer}, From: from, To: to})
			must(b, err)
			var people int
			compare(b, func(int) error {
				run, err := inquiries.RunScope(ctx, s.leader, inq.ID)
				people = run.Snapshot.People
				return err
			}, func(int) error { return s.bareRunScope(ctx, inquiries, inq) })
			b.ReportMetric(float64(people), "people")
		})
	}
}

// bareRunScope sends the statements of RunScope for inq in one
// transaction, without its checks and without comparing the snapshots: the
// new snapshot's row, the scoping INSERT … SELECT, the reads of its entries
// and of the previous snapshot's, the counts, and the inquiry's event. The
// transaction is rolled back, not committed: the bare runs would otherwise
// double the writes the benchmark makes, and the WAL checkpoints and
// flushes they bring would land in our runs too.
func (s *benchSet) bareRunScope(ctx context.Context, inquiries *InquiryService, inq fitness.Inquiry) error {
	now := dbTime(time.Now())
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return func(tx *sql.Tx) error {
		var prev string
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT id, seq FROM inquiry_scope_runs WHERE inquiry_id = $1
			ORDER BY seq DESC LIMIT 1`, inq.ID).Scan(&prev, &seq); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_scope_runs (id, inquiry_id, seq, rule, taken_at, taken_by,
			taken_by_name, people) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)`, id, inq.ID, seq+1, fitness.OverlapRule,
			now, s.leader.UserID, s.leader.Name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, scopeInsert, inq.ID, dateText(inq.From), dateText(inq.To), id); err != nil {
			return err
		}
		n, err := drain(ctx, tx, snapshotEntriesQuery, id)
		if err != nil {
			return err
		}
		if _, err := drain(ctx, tx, rawEntriesQuery, prev); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inquiry_scope_runs SET people = $2 WHERE id = $1`, id, n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inquiries SET last_scoped_at = $2 WHERE id = $1`, inq.ID, now); err != nil {
			return err
		}
		return inquiries.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventScopeRun,
			Payload: map[string]string{"snapshot": strconv.Itoa(seq + 1)}}, s.leader, now)
	}(tx)
}

// bareAccessRecord sends the statements that record one read in the access
// log (appendAccess: lock the chain head, insert, move the head) in one
// durable transaction of its own, without the group commit around them: the
// bare SQL of the record every case page commits.
func bareAccessRecord(ctx context.Context, db *DB, actorID, caseID string) error {
	r := accessRecord{ID: newID(), At: dbTime(time.Now()), ActorID: actorID, Action: "bench.bare", CaseID: caseID}
	return db.InTx(ctx, func(tx *sql.Tx) error { return db.appendAccess(ctx, tx, []accessRecord{r}) })
}
