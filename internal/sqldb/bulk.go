package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/alexedwards/argon2id"

	"fitness/internal/fitness"
)

// Bulk writes a whole generated data set (`fitness seed --scale`) in large
// batches, each call in one transaction, with multi-row INSERTs instead of
// one service call per row. Cases arrive with their complete histories:
// Bulk chains and hashes their events exactly as [CaseService] does when
// it records them one action at a time (eventPayload, eventHash), so
// `fitness audit verify` holds. Register rows go through
// [RegistrantService]'s checked bulk inserts. Only for loading an empty
// database: nothing is merged with rows already there.
type Bulk struct {
	db    *DB
	users *UserService
	regs  *RegistrantService
}

// NewBulk returns a bulk writer on db; opts set the argon2id cost of the
// staff password hashes (see [WithArgonParams]).
func NewBulk(db *DB, opts ...UserOption) *Bulk {
	return &Bulk{db: db, users: NewUserService(db, nil, opts...), regs: NewRegistrantService(db)}
}

// Users stores staff users with their roles, each with its own argon2id
// hash of password (hashed on every core). EInvalid for a bad user.
func (b *Bulk) Users(ctx context.Context, users []fitness.User, password string) error {
	for i := range users {
		if err := b.users.validateUser(&users[i], password); err != nil {
			return fmt.Errorf("user %s: %w", users[i].Email, err)
		}
	}
	hashes, err := b.hashAll(password, len(users))
	if err != nil {
		return err
	}
	var roles [][2]string
	for _, u := range users {
		for _, r := range u.Roles {
			roles = append(roles, [2]string{u.ID, string(r)})
		}
	}
	return b.db.InTx(ctx, func(tx *sql.Tx) error {
		err := insertBatched(ctx, b.db.Engine, tx, "users (id, email, name, password_hash, active, created_at)",
			len(users), func(i int, a []any) []any {
				u := users[i]
				return append(a, u.ID, u.Email, u.Name, hashes[i], u.Active, dbTime(u.CreatedAt))
			})
		if err != nil {
			return err
		}
		return insertBatched(ctx, b.db.Engine, tx, "user_roles (user_id, role)", len(roles), func(i int, a []any) []any {
			return append(a, roles[i][0], roles[i][1])
		})
	})
}

// hashAll returns n hashes of password, each with its own salt.
func (b *Bulk) hashAll(password string, n int) ([]string, error) {
	hashes := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			for i := range next {
				hashes[i], errs[i] = argon2id.CreateHash(password, &b.users.params)
			}
		})
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("hash password: %w", err)
		}
	}
	return hashes, nil
}

// bulkCacheKiB is the SQLite page cache of the writer connection while
// bulk loading: big enough that a transaction's dirty pages stay in memory
// until it commits instead of spilling to the log and being written again.
const bulkCacheKiB = 256 * 1024

// tune sizes the SQLite writer's page cache for bulk loading; the setting
// lasts as long as the writer connection (nothing on PostgreSQL).
func (b *Bulk) tune(ctx context.Context) error {
	if b.db.Engine != SQLite {
		return nil
	}
	if _, err := b.db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)); err != nil {
		return fmt.Errorf("size the page cache: %w", err)
	}
	return nil
}

// Employers stores employers (see [RegistrantService.InsertEmployers]).
func (b *Bulk) Employers(ctx context.Context, es []fitness.Employer) error {
	if err := b.tune(ctx); err != nil {
		return err
	}
	return b.regs.InsertEmployers(ctx, es)
}

// Registrants checks and stores registrants in one transaction, as
// [RegistrantService.InsertRegistrants] does, except that the search
// indexes are tidied once, by [Bulk.Analyze], after the last batch rather
// than after each.
func (b *Bulk) Registrants(ctx context.Context, rs []fitness.Registrant) error {
	if err := b.tune(ctx); err != nil {
		return err
	}
	err := b.db.InTx(ctx, func(tx *sql.Tx) error {
		ps, err := professions(ctx, tx)
		if err != nil {
			return err
		}
		byCode := professionsByCode(ps)
		for i := range rs {
			if err := checkRegistrant(&rs[i], byCode).Err(); err != nil {
				return fmt.Errorf("registrant %d (%s): %w", i+1, rs[i].Number, err)
			}
			if rs[i].ID == "" {
				rs[i].ID = newID()
			}
		}
		return insertRegistrants(ctx, b.db.Engine, tx, rs)
	})
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "A registration number is already on the register or given twice")
	}
	return err
}

// Employments stores employments (see [RegistrantService.InsertEmployments]).
func (b *Bulk) Employments(ctx context.Context, es []fitness.Employment) error {
	if err := b.tune(ctx); err != nil {
		return err
	}
	return b.regs.InsertEmployments(ctx, es)
}

// bulkEvent is an event ready to store, with its payload as stored.
type bulkEvent struct {
	e       fitness.Event
	payload string
}

// Cases stores concerns, their cases with the links in Case.Linked, and
// events[i], the whole history of cases[i] from its opening event, in one
// transaction. Each case's events become its hash chain: seq from 1,
// prev_hash "" for the first, each hash over the event as stored. The
// case's version must equal its number of events. Reference counters are
// moved past every reference stored. The slices are not kept.
func (b *Bulk) Cases(ctx context.Context, concerns []fitness.Concern, cases []fitness.Case, events [][]fitness.Event) error {
	if len(cases) != len(events) {
		return fmt.Errorf("bulk cases: %d cases but %d histories", len(cases), len(events))
	}
	if err := b.tune(ctx); err != nil {
		return err
	}
	var evs []bulkEvent
	var links [][2]string
	last := map[string]int{}
	for i, c := range cases {
		chain, err := chainEvents(c, events[i])
		if err != nil {
			return err
		}
		evs = append(evs, chain...)
		for _, l := range c.Linked {
			links = append(links, [2]string{c.ID, l})
		}
		if year, n, err := fitness.ParseReference(c.Reference); err != nil {
			return fmt.Errorf("case %s: %w", c.Reference, err)
		} else if name := fmt.Sprintf("case_reference:%d", year); n > last[name] {
			last[name] = n
		}
	}
	return b.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertConcernRows(ctx, b.db.Engine, tx, concerns); err != nil {
			return err
		}
		if err := insertCaseRows(ctx, b.db.Engine, tx, cases); err != nil {
			return err
		}
		err := insertBatched(ctx, b.db.Engine, tx, "case_links (case_id, linked_case_id)", len(links),
			func(i int, a []any) []any { return append(a, links[i][0], links[i][1]) })
		if err != nil {
			return err
		}
		if err := insertEventRows(ctx, b.db.Engine, tx, evs); err != nil {
			return err
		}
		return raiseCounters(ctx, tx, last)
	})
}

// chainEvents links the events of c as [insertEvents] would store them one
// action at a time.
func chainEvents(c fitness.Case, evs []fitness.Event) ([]bulkEvent, error) {
	if len(evs) != c.Version {
		return nil, fmt.Errorf("case %s: version %d but %d events", c.Reference, c.Version, len(evs))
	}
	out := make([]bulkEvent, len(evs))
	prev := ""
	for i, e := range evs {
		if e.ID == "" {
			e.ID = newID()
		}
		e.CaseID, e.Seq, e.At, e.PrevHash = c.ID, i+1, dbTime(e.At), prev
		payload, err := eventPayload(e.Payload)
		if err != nil {
			return nil, fmt.Errorf("encode event payload: %w", err)
		}
		e.Hash = eventHash(e, payload)
		out[i], prev = bulkEvent{e: e, payload: payload}, e.Hash
	}
	return out, nil
}

func insertConcernRows(ctx context.Context, eng Engine, tx *sql.Tx, cs []fitness.Concern) error {
	return insertBatched(ctx, eng, tx, `concerns (id, received_on, source, raised_by_name, raised_by_email,
		summary, created_at, created_by)`, len(cs), func(i int, a []any) []any {
		co := cs[i]
		return append(a, co.ID, dateText(co.ReceivedOn), string(co.Source), co.RaisedByName,
			strings.ToLower(co.RaisedByEmail), co.Summary, dbTime(co.CreatedAt), co.CreatedBy)
	})
}

// insertCaseRows stores case rows as insertCase does, many at a time.
func insertCaseRows(ctx context.Context, eng Engine, tx *sql.Tx, cs []fitness.Case) error {
	deadlines := make([]string, len(cs))
	for i, c := range cs {
		var err error
		if deadlines[i], err = deadlinesJSON(c.Deadlines); err != nil {
			return fmt.Errorf("encode deadlines of case %s: %w", c.Reference, err)
		}
	}
	return insertBatched(ctx, eng, tx, `cases (id, reference, concern_id, registrant_id, subject_name,
		subject_details, source, summary, stage, interim_stage, stage_entered_at, version, process_version,
		case_manager_id, received_on, opened_at, closed_at, next_due_at, deadlines, restoration_refusals)`, len(cs), func(i int, a []any) []any {
		c := cs[i]
		return append(a, c.ID, c.Reference, c.ConcernID, nullString(c.RegistrantID), c.SubjectName,
			c.SubjectDetails, string(c.Source), c.Summary, string(c.Stage), string(c.InterimStage),
			dbTime(c.StageEnteredAt), c.Version, c.ProcessVersion, nullString(c.CaseManagerID),
			dateText(c.ReceivedOn), dbTime(c.OpenedAt), nullTime(c.ClosedAt), nullTime(c.NextDue()), deadlines[i],
			c.RestorationRefusals)
	})
}

func insertEventRows(ctx context.Context, eng Engine, tx *sql.Tx, evs []bulkEvent) error {
	return insertBatched(ctx, eng, tx, `events (id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at,
		from_stage, to_stage, payload, reason, process_version, prev_hash, hash)`, len(evs), func(i int, a []any) []any {
		e := evs[i].e
		return append(a, e.ID, e.CaseID, e.Seq, e.Type, e.ActorID, e.ActorName, e.OnBehalfOf, e.At,
			string(e.FromStage), string(e.ToStage), evs[i].payload, e.Reason, e.ProcessVersion, e.PrevHash, e.Hash)
	})
}

// raiseCounters moves each named counter up to at least its value in last.
func raiseCounters(ctx context.Context, tx *sql.Tx, last map[string]int) error {
	for name, n := range last {
		_, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = CASE WHEN counters.value > excluded.value
			THEN counters.value ELSE excluded.value END`, name, n)
		if err != nil {
			return fmt.Errorf("raise counter %s: %w", name, err)
		}
	}
	return nil
}

// Documents stores documents of cases with their contents (one blob per
// distinct SHA-256, which each document must carry), in one transaction.
func (b *Bulk) Documents(ctx context.Context, docs []fitness.Document, contents [][]byte) error {
	if len(docs) != len(contents) {
		return fmt.Errorf("bulk documents: %d documents but %d contents", len(docs), len(contents))
	}
	seen := map[string]bool{}
	var blobs []int
	for i, d := range docs {
		if !seen[d.SHA256] {
			seen[d.SHA256] = true
			blobs = append(blobs, i)
		}
	}
	return b.db.InTx(ctx, func(tx *sql.Tx) error {
		err := insertBatched(ctx, b.db.Engine, tx, "document_blobs (sha256, size, content)", len(blobs),
			func(i int, a []any) []any {
				d := docs[blobs[i]]
				return append(a, d.SHA256, len(contents[blobs[i]]), contents[blobs[i]])
			})
		if err != nil {
			return err
		}
		return insertBatched(ctx, b.db.Engine, tx, `documents (id, case_id, filename, content_type, size, sha256,
			classification, uploaded_at, uploaded_by)`, len(docs), func(i int, a []any) []any {
			d := docs[i]
			return append(a, d.ID, d.CaseID, d.Filename, d.ContentType, d.Size, d.SHA256, string(d.Classification),
				dbTime(d.UploadedAt), d.UploadedBy)
		})
	})
}

// SetRegisterEntries sets the status and annotations of the registrants
// with these ids, in one transaction.
func (b *Bulk) SetRegisterEntries(ctx context.Context, rs []fitness.Registrant) error {
	return b.db.InTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE registrants SET status = $1, annotations = $2 WHERE id = $3`)
		if err != nil {
			return fmt.Errorf("set register entries: %w", err)
		}
		defer st.Close()
		for _, r := range rs {
			if _, err := st.ExecContext(ctx, string(r.Status), strings.Join(r.Annotations, "\n"), r.ID); err != nil {
				return fmt.Errorf("set register entry %s: %w", r.ID, err)
			}
		}
		return nil
	})
}

// Analyze tidies the register's search indexes (see tidySearch), refreshes
// the query planner's statistics after a bulk load (ANALYZE; VACUUM ANALYZE
// on PostgreSQL) and, on SQLite, moves the write-ahead log into the database
// file.
func (b *Bulk) Analyze(ctx context.Context) error {
	err := b.db.InTx(ctx, func(tx *sql.Tx) error { return tidySearch(ctx, b.db.Engine, tx, tidySearchRows) })
	if err != nil {
		return err
	}
	// On PostgreSQL, VACUUM as well: it sets the visibility map that lets
	// index-only scans skip the heap, which autovacuum would otherwise do
	// some time later (a KPI over 2.3 million events took 790 ms before it
	// and 110 ms after).
	analyze := "ANALYZE"
	if b.db.Engine == Postgres {
		analyze = "VACUUM ANALYZE"
	}
	if _, err := b.db.write.ExecContext(ctx, analyze); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	if b.db.Engine == SQLite {
		if _, err := b.db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
	}
	return nil
}
