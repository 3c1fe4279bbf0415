package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// accessHashVersion names the canonical encoding hashed for an access
// record.
const accessHashVersion = "fitness.access.v1"

// accessChain is the chain_heads row of the access log.
const accessChain = "access"

// accessRecord is one row of the access log: who read what, when.
type accessRecord struct {
	Seq      int64
	ID       string
	At       time.Time
	ActorID  string
	Action   string // e.g. "case.view"
	CaseID   string // "" when not about one case
	Detail   string
	PrevHash string
	Hash     string
}

// hash returns the hex SHA-256 of the canonical encoding of every stored
// field of r and its PrevHash.
func (r accessRecord) hash() string {
	b, _ := json.Marshal([]string{
		accessHashVersion, strconv.FormatInt(r.Seq, 10), r.ID, r.At.UTC().Format(time.RFC3339Nano),
		r.ActorID, r.Action, r.CaseID, r.Detail, r.PrevHash,
	})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// recordAccess appends a record to the access log and returns once it is
// committed. Records of reads made at the same time share one write
// transaction (see accessBatch): a page view still waits for its record
// to be durable, but fifty views at once cost a few commits, not fifty.
func (db *DB) recordAccess(ctx context.Context, at time.Time, actorID, action, caseID, detail string) error {
	r := accessRecord{ID: newID(), At: dbTime(at), ActorID: actorID, Action: action, CaseID: caseID, Detail: detail}
	if err := db.access.add(ctx, db, r); err != nil {
		return fmt.Errorf("record %s of %s by %s: %w", action, caseID, actorID, err)
	}
	return nil
}

// appendAccess appends records to the access log in tx, in order. The
// chain head is locked (FOR UPDATE on PostgreSQL; SQLite has one writer),
// so processes sharing a database append one after another and the chain
// never forks.
func (db *DB) appendAccess(ctx context.Context, tx *sql.Tx, rs []accessRecord) error {
	var head accessRecord
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = $1`+db.forUpdate(),
		accessChain).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return fmt.Errorf("lock access chain: %w", err)
	}
	for _, r := range rs {
		r.Seq, r.PrevHash = head.Seq+1, head.Hash
		r.Hash = r.hash()
		var caseCol any
		if r.CaseID != "" {
			caseCol = r.CaseID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_log (seq, id, at, actor_id, action, case_id, detail,
			prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			r.Seq, r.ID, r.At, r.ActorID, r.Action, caseCol, r.Detail, r.PrevHash, r.Hash); err != nil {
			return fmt.Errorf("insert access record: %w", err)
		}
		head = r
	}
	_, err = tx.ExecContext(ctx, `UPDATE chain_heads SET seq = $1, hash = $2 WHERE name = $3`,
		head.Seq, head.Hash, accessChain)
	return err
}

// AuditService checks the hash chains of events and access records.
type AuditService struct {
	db *DB
}

// NewAuditService returns an audit service on db.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

// AuditReport is the outcome of [AuditService.Verify].
type AuditReport struct {
	Events        int         // events checked
	InquiryEvents int         // inquiries' events checked
	Accesses      int         // access records checked
	Broken        *BrokenLink // the first broken link; nil when every chain is intact
}

// BrokenLink says where a chain first fails to verify.
type BrokenLink struct {
	Table     string // "events", "cases" (version and events disagree), "inquiry_events" or "access_log"
	ID        string // id of the row
	CaseID    string // the case, for events and cases
	Reference string // the case reference, for events and cases; the inquiry's id for its events
	Seq       int    // sequence number in its chain
	Reason    string
}

// String describes the link for people, e.g. "events case FTP-2026-00012
// seq 3: hash does not match its contents".
func (b BrokenLink) String() string {
	switch b.Table {
	case "access_log":
		return fmt.Sprintf("access_log seq %d: %s", b.Seq, b.Reason)
	case "inquiry_events":
		return fmt.Sprintf("inquiry_events inquiry %s seq %d: %s", b.Reference, b.Seq, b.Reason)
	}
	return fmt.Sprintf("%s case %s seq %d: %s", b.Table, b.Reference, b.Seq, b.Reason)
}

// Verify recomputes every case's event chain (cases in id order, events in
// seq order), checks each case's version against its events, recomputes
// every inquiry's event chain, then recomputes the access chain and checks it against its head. It streams
// rows, so memory use does not grow with the log, and reports the first
// broken link in that order.
func (s *AuditService) Verify(ctx context.Context) (AuditReport, error) {
	var rep AuditReport
	opts := &sql.TxOptions{}
	if s.db.Engine == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	// One snapshot, so records appended while verifying are not mistaken
	// for records beyond the chain head.
	tx, err := s.db.Reader().BeginTx(ctx, opts)
	if err != nil {
		return rep, fmt.Errorf("verify: begin: %w", err)
	}
	defer tx.Rollback()
	rep.Events, rep.Broken, err = verifyEvents(ctx, tx)
	if err != nil || rep.Broken != nil {
		return rep, err
	}
	rep.InquiryEvents, rep.Broken, err = verifyInquiryEvents(ctx, tx)
	if err != nil || rep.Broken != nil {
		return rep, err
	}
	rep.Accesses, rep.Broken, err = verifyAccess(ctx, tx)
	return rep, err
}

// caseCursor follows one case through the stream of its events.
type caseCursor struct {
	id, ref  string
	version  int
	seq      int
	lastHash string
}

// done checks the case's version against the events seen.
func (c *caseCursor) done() *BrokenLink {
	if c.id == "" || c.version == c.seq {
		return nil
	}
	return &BrokenLink{Table: "cases", ID: c.id, CaseID: c.id, Reference: c.ref, Seq: c.seq,
		Reason: fmt.Sprintf("case version is %d but it has %d events: events are missing or extra", c.version, c.seq)}
}

func verifyEvents(ctx context.Context, tx *sql.Tx) (int, *BrokenLink, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.reference, c.version, e.id, e.case_id, e.seq,
		e.type, e.actor_id, e.actor_name, e.on_behalf_of, e.at, e.from_stage, e.to_stage, e.payload, e.reason,
		e.process_version, e.prev_hash, e.hash
		FROM cases c LEFT JOIN events e ON e.case_id = c.id ORDER BY c.id, e.seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("verify events: %w", err)
	}
	defer rows.Close()
	var n int
	var cur caseCursor
	for rows.Next() {
		var id, ref string
		var version int
		var ev nullEvent
		if err := rows.Scan(append([]any{&id, &ref, &version}, ev.dest()...)...); err != nil {
			return n, nil, fmt.Errorf("verify events: %w", err)
		}
		if id != cur.id {
			if b := cur.done(); b != nil {
				return n, b, nil
			}
			cur = caseCursor{id: id, ref: ref, version: version}
		}
		if !ev.ID.Valid {
			continue // a case without events
		}
		n++
		if b := cur.check(ev); b != nil {
			return n, b, nil
		}
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("verify events: %w", err)
	}
	return n, cur.done(), nil
}

// check verifies the next event of the case.
func (c *caseCursor) check(ev nullEvent) *BrokenLink {
	e, payload := ev.event()
	broken := func(reason string) *BrokenLink {
		return &BrokenLink{Table: "events", ID: e.ID, CaseID: c.id, Reference: c.ref, Seq: e.Seq, Reason: reason}
	}
	c.seq++
	if why := linkFault("events", e.Seq, c.seq, e.PrevHash, c.lastHash, eventHash(e, payload) == e.Hash); why != "" {
		return broken(why)
	}
	c.lastHash = e.Hash
	return nil
}

// linkFault says what is wrong with one link of a hash chain, "" when
// nothing: its seq against the one expected, its prev_hash against the
// hash of the link before it, and whether its hash matches its contents.
// what names the links ("events", "records").
func linkFault(what string, seq, wantSeq int, prevHash, wantPrev string, hashOK bool) string {
	switch {
	case seq != wantSeq:
		return fmt.Sprintf("expected seq %d: %s are missing", wantSeq, what)
	case prevHash != wantPrev:
		return "prev_hash does not match the hash of the " + strings.TrimSuffix(what, "s") + " before it"
	case !hashOK:
		return "hash does not match its contents"
	}
	return ""
}

func verifyAccess(ctx context.Context, tx *sql.Tx) (int, *BrokenLink, error) {
	var headSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = $1`,
		accessChain).Scan(&headSeq, &headHash); err != nil {
		return 0, nil, fmt.Errorf("verify access log: load chain head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, id, at, actor_id, action, case_id, detail,
		prev_hash, hash FROM access_log ORDER BY seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("verify access log: %w", err)
	}
	defer rows.Close()
	var n int
	var prev accessRecord
	for rows.Next() {
		var r accessRecord
		var caseID sql.NullString
		if err := rows.Scan(&r.Seq, &r.ID, &r.At, &r.ActorID, &r.Action, &caseID, &r.Detail, &r.PrevHash,
			&r.Hash); err != nil {
			return n, nil, fmt.Errorf("verify access log: %w", err)
		}
		n++
		r.CaseID = caseID.String
		if b := checkAccess(prev, r); b != nil {
			return n, b, nil
		}
		prev = r
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("verify access log: %w", err)
	}
	if prev.Seq != headSeq || prev.Hash != headHash {
		return n, &BrokenLink{Table: "access_log", ID: prev.ID, Seq: int(prev.Seq),
			Reason: fmt.Sprintf("the chain head is at seq %d but the log ends at seq %d: records are missing or altered", headSeq, prev.Seq)}, nil
	}
	return n, nil, nil
}

// checkAccess verifies r as the record after prev.
func checkAccess(prev, r accessRecord) *BrokenLink {
	broken := func(reason string) *BrokenLink {
		return &BrokenLink{Table: "access_log", ID: r.ID, CaseID: r.CaseID, Seq: int(r.Seq), Reason: reason}
	}
	if why := linkFault("records", int(r.Seq), int(prev.Seq)+1, r.PrevHash, prev.Hash, r.hash() == r.Hash); why != "" {
		return broken(why)
	}
	return nil
}

// nullEvent scans an event from the nullable side of a LEFT JOIN.
type nullEvent struct {
	ID, CaseID, Type, ActorID, ActorName, OnBehalfOf          sql.NullString
	From, To, Payload, Reason, ProcessVersion, PrevHash, Hash sql.NullString
	Seq                                                       sql.NullInt64
	At                                                        sql.NullTime
}

func (v *nullEvent) dest() []any {
	return []any{&v.ID, &v.CaseID, &v.Seq, &v.Type, &v.ActorID, &v.ActorName, &v.OnBehalfOf, &v.At, &v.From,
		&v.To, &v.Payload, &v.Reason, &v.ProcessVersion, &v.PrevHash, &v.Hash}
}

// event returns the scanned event and its stored payload text.
func (v nullEvent) event() (fitness.Event, string) {
	return fitness.Event{
		ID: v.ID.String, CaseID: v.CaseID.String, Seq: int(v.Seq.Int64), Type: v.Type.String,
		ActorID: v.ActorID.String, ActorName: v.ActorName.String, OnBehalfOf: v.OnBehalfOf.String,
		At: v.At.Time.UTC(), FromStage: fitness.Stage(v.From.String), ToStage: fitness.Stage(v.To.String),
		Reason: v.Reason.String, ProcessVersion: v.ProcessVersion.String, PrevHash: v.PrevHash.String,
		Hash: v.Hash.String,
	}, v.Payload.String
}
