package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// BenchmarkScaleAction times a durable action, a note added to an open case
// just read (FindCase) through ApplyAction (decided on the case as read, a
// guarded update, the next hash-chained event: in one transaction run by
// the driver on SQLite, as one statement on PostgreSQL), against the same
// statements sent bare, and measures the
// engine's raw commit rate in the same run: every 50 actions, outside the
// timer, it makes 100 single-row INSERTs in a row, each committing alone
// (no BEGIN or COMMIT to send: the engine's commit at its fastest), then
// 100 more each inside BEGIN and COMMIT. So the rates are measured on the
// same disk within the same second or so (the flush times of this
// machine's virtual disk move by half from one second to the next) while
// the raw commits still run back to back, at their best.
// "of-commit-rate" is the action rate as a fraction of the first raw rate,
// the one the target is set against; "of-tx-commit-rate" as a fraction of
// the second; "raw-alone/s" is the first measured alone for 2 s before the
// actions, as a check. The notes stay in the fixture; their hash chains
// verify.
func BenchmarkScaleAction(b *testing.B) {
	for _, e := range benchEngines() {
		b.Run(string(e), func(b *testing.B) {
			s := loadBenchSet(b, e)
			ctx := context.Background()
			raw := newRawCommits(b, s.db)
			alone := raw.rate(b, 2*time.Second)
			half := len(s.typical) / 2
			ours, bare := s.typical[:half], s.typical[half:]
			// The cases the actions go to are read first (FindCase), as the
			// case page and the action's own handler read them before anyone
			// acts; the bare notes read theirs.
			versions := &sync.Map{}
			for _, id := range ours {
				c, err := s.cases.FindCase(ctx, s.leader, id)
				must(b, err)
				versions.Store(id, c.Version)
			}
			bn := newBareNotes(b, s, bare)
			var blocks, txBlocks rawBlocks
			compareWith(b, func(i int) error {
				return s.note(ctx, ours[i%len(ours)], versions)
			}, func(i int) error {
				return bn.note(ctx, bare[i%len(bare)])
			}, func(i int) error {
				if i%50 != 0 {
					return nil
				}
				if err := blocks.run(100, raw.commit); err != nil {
					return err
				}
				return txBlocks.run(100, raw.commitInTx)
			})
			rate := float64(b.N) / b.Elapsed().Seconds()
			commits := blocks.rate()
			b.ReportMetric(alone, "raw-alone/s")
			b.ReportMetric(commits, "raw-commits/s")
			b.ReportMetric(rate, "actions/s")
			b.ReportMetric(rate/commits, "of-commit-rate")
			b.ReportMetric(rate/txBlocks.rate(), "of-tx-commit-rate")
		})
	}
}

// rawBlocks adds up blocks of raw commits made back to back.
type rawBlocks struct {
	n    int
	took time.Duration
}

// run makes n raw commits in a row with commit and counts them.
func (r *rawBlocks) run(n int, commit func(int) error) error {
	start := time.Now()
	for range n {
		if err := commit(0); err != nil {
			return err
		}
	}
	r.n += n
	r.took += time.Since(start)
	return nil
}

// rate returns the raw commits a second over every block.
func (r *rawBlocks) rate() float64 { return float64(r.n) / r.took.Seconds() }

// note adds a note to case id through the service, at the version last
// seen (versions holds every case's).
func (s *benchSet) note(ctx context.Context, id string, versions *sync.Map) error {
	v, _ := versions.Load(id)
	c, err := s.cases.ApplyAction(ctx, s.leader, id, v.(int), fitness.ActionAddNote, fitness.Input{"note": "Benchmark note"})
	if err != nil {
		return err
	}
	versions.Store(id, c.Version)
	return nil
}

// bareNotes sends the statements of ApplyAction for a note on a case it
// knows (knownCases), with no checks and no policy: the update guarded by
// the version, the chain's head and the team leader's conflicts, and the
// event, in one statement on PostgreSQL and in one transaction run by the
// driver on SQLite (moveCase, inDriverTx). last holds each case's latest
// event: read before the timer, as the notes' cases are by FindCase, then
// the one each note wrote.
type bareNotes struct {
	s    *benchSet
	last map[string]fitness.Event
}

// newBareNotes reads the latest event of each case in ids.
func newBareNotes(b *testing.B, s *benchSet, ids []string) *bareNotes {
	bn := &bareNotes{s: s, last: map[string]fitness.Event{}}
	for _, id := range ids {
		var payload string
		e, err := scanEvent(s.db.read.QueryRowContext(context.Background(), `SELECT `+eventColumns+`
			FROM events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, id), &payload)
		must(b, err)
		bn.last[id] = e
	}
	return bn
}

// note sends one bare note to case id.
func (bn *bareNotes) note(ctx context.Context, id string) error {
	last, s := bn.last[id], bn.s
	ev := fitness.Event{Type: string(fitness.ActionAddNote), ActorID: s.leader.UserID, ActorName: s.leader.Name,
		At: time.Now(), FromStage: last.ToStage, ToStage: last.ToStage, Payload: map[string]string{"note": "Bare note"},
		ProcessVersion: last.ProcessVersion}
	m := caseMove{id: id, ref: id, old: last.Seq, new: last.Seq + 1,
		guard: moveGuard{cond: knownGuard("NOT " + conflictsUser), head: last.Hash, user: s.leader.UserID}}
	var stored []fitness.Event
	var err error
	if s.db.Engine == Postgres {
		stored, err = s.db.moveCase(ctx, s.db.write, m, last.Hash, []fitness.Event{ev})
	} else {
		err = s.db.inDriverTx(ctx, func(ex execer) error {
			stored, err = s.db.moveCase(ctx, ex, m, last.Hash, []fitness.Event{ev})
			return err
		})
	}
	if err == nil {
		bn.last[id] = stored[0]
	}
	return err
}

// rawCommits makes single-row commits, each an INSERT sent alone, which
// commits itself (no BEGIN and COMMIT to send: the engine's commit at its
// fastest), into a scratch table dropped when the benchmark ends.
type rawCommits struct {
	db *DB
	n  int
}

// newRawCommits creates the scratch table of raw commits.
func newRawCommits(b *testing.B, db *DB) *rawCommits {
	b.Helper()
	ctx := context.Background()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_commits (id TEXT PRIMARY KEY, at TIMESTAMP NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.write.ExecContext(ctx, `DROP TABLE bench_commits`) })
	return &rawCommits{db: db}
}

// commit makes one raw commit.
func (r *rawCommits) commit(int) error {
	ctx := context.Background()
	return r.insert(ctx, r.db.write)
}

// insert inserts the next raw commit's row through q.
func (r *rawCommits) insert(ctx context.Context, q txExecer) error {
	r.n++
	_, err := q.ExecContext(ctx, `INSERT INTO bench_commits (id, at) VALUES ($1, $2)`, strconv.Itoa(r.n), time.Now().UTC())
	return err
}

// commitInTx makes one raw commit inside BEGIN and COMMIT, as a write of
// more than one statement must: the figure the action's own transaction
// (SQLite) or statements are best compared with.
func (r *rawCommits) commitInTx(int) error {
	ctx := context.Background()
	return r.db.InTx(ctx, func(tx *sql.Tx) error { return r.insert(ctx, tx) })
}

// rate makes raw commits one after another for about d and returns the
// commits a second.
func (r *rawCommits) rate(b *testing.B, d time.Duration) float64 {
	b.Helper()
	n := 0
	start := time.Now()
	for time.Since(start) < d {
		if err := r.commit(n); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds()
}
