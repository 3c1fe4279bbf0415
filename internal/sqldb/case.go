package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fitness/internal/fitness"
)

var _ fitness.CaseService = (*CaseService)(nil)

// CaseService records concerns and runs cases through the process table,
// storing each change with its hash-chained events in one transaction. It
// implements [fitness.CaseService].
type CaseService struct {
	db      *DB
	process *fitness.Process
	rules   fitness.Rules
	now     func() time.Time
	letters atomic.Pointer[func()] // see OnLettersRequested (service_request.go)
}

// NewCaseService returns a case service on db running cases under process
// p with rules r. now gives the current time; dates such as "today" are
// taken in now's location, so wire a clock in Europe/London.
func NewCaseService(db *DB, p *fitness.Process, r fitness.Rules, now func() time.Time) *CaseService {
	return &CaseService{db: db, process: p, rules: r, now: now}
}

// querier is what both *sql.DB and *sql.Tx offer for reads.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// errCaseNotFound is the one answer for a case that does not exist and a
// case the asker may not see.
var errCaseNotFound = fitness.Errorf(fitness.ENotFound, "Case not found")

// caseColumns are the columns scanned by scanCase, in order.
const caseColumns = `c.id, c.reference, c.concern_id, c.registrant_id, c.subject_name, c.subject_details,
	c.source, c.summary, c.stage, c.interim_stage, c.stage_entered_at, c.version, c.process_version,
	c.case_manager_id, c.received_on, c.opened_at, c.closed_at, c.deadlines, c.restoration_refusals`

// scanCase reads one row starting with caseColumns; more receives any
// columns after them.
func scanCase(row interface{ Scan(...any) error }, more ...any) (fitness.Case, error) {
	var c fitness.Case
	var registrant, manager sql.NullString
	var source, stage, interim, received, deadlines string
	var closed sql.NullTime
	err := row.Scan(append([]any{&c.ID, &c.Reference, &c.ConcernID, &registrant, &c.SubjectName,
		&c.SubjectDetails, &source, &c.Summary, &stage, &interim, &c.StageEnteredAt, &c.Version,
		&c.ProcessVersion, &manager, &received, &c.OpenedAt, &closed, &deadlines, &c.RestorationRefusals}, more...)...)
	if err != nil {
		return c, err
	}
	c.RegistrantID, c.CaseManagerID = registrant.String, manager.String
	c.Source, c.Stage, c.InterimStage = fitness.SourceCategory(source), fitness.Stage(stage), fitness.Stage(interim)
	c.StageEnteredAt, c.OpenedAt, c.ClosedAt = c.StageEnteredAt.UTC(), c.OpenedAt.UTC(), timeOf(closed)
	if c.ReceivedOn, err = parseDate(received); err != nil {
		return c, fmt.Errorf("case %s: received_on: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(deadlines), &c.Deadlines); err != nil {
		return c, fmt.Errorf("case %s: deadlines: %w", c.ID, err)
	}
	for i := range c.Deadlines {
		c.Deadlines[i].Due = c.Deadlines[i].Due.UTC()
	}
	if len(c.Deadlines) == 0 {
		c.Deadlines = nil
	}
	return c, nil
}

// loadCase loads the case with id or reference (FTP-…) and its links.
// ENotFound when there is none.
func (s *CaseService) loadCase(ctx context.Context, q querier, idOrRef string) (fitness.Case, error) {
	return s.readCase(ctx, q, idOrRef, "")
}

// readCase is loadCase with lock, a clause of lockRows or "", after the
// case's SELECT.
func (s *CaseService) readCase(ctx context.Context, q querier, idOrRef, lock string) (fitness.Case, error) {
	col, idOrRef := caseKey(idOrRef)
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases c WHERE `+col+` = $1`+lock, idOrRef))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errCaseNotFound
	} else if err != nil {
		return c, fmt.Errorf("load case %s: %w", idOrRef, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT linked_case_id FROM case_links WHERE case_id = $1
		ORDER BY linked_case_id`, c.ID)
	if err != nil {
		return c, fmt.Errorf("load links of case %s: %w", c.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return c, fmt.Errorf("load links of case %s: %w", c.ID, err)
		}
		c.Linked = append(c.Linked, id)
	}
	return c, rows.Err()
}

// caseKey returns the column a case is found by and the value to find:
// its reference for "FTP-…" (in capitals), else its id.
func caseKey(idOrRef string) (col, key string) {
	if strings.HasPrefix(strings.ToUpper(idOrRef), "FTP-") {
		return "c.reference", strings.ToUpper(idOrRef)
	}
	return "c.id", idOrRef
}

// lockedCase is loadCase for a write in tx: on PostgreSQL the read locks
// the case's row (lockRows), so that a writer that commits meanwhile (the
// letter job recording a letter sent, another member of staff) makes this
// transaction wait and read the case as that writer left it, rather than
// fail its guarded update and report a change that the checks on the
// actor's version would have accepted. SQLite's write transactions run one
// at a time already.
func (s *CaseService) lockedCase(ctx context.Context, tx *sql.Tx, idOrRef string) (fitness.Case, error) {
	return s.readCase(ctx, tx, idOrRef, s.db.lockRows("c"))
}

// actionCase loads, through q, what applyTx needs of the case with id or
// reference (FTP-…) for actor in one query, where loadCase and
// caseResource take four: the case and its links; head, the hash of its
// event at seq = version (its latest event; NULL if the chain lacks it);
// and, as the resource the policy function decides on for actor, the
// panel and conflict lists as far as they name actor (actorAccessColumns).
// ENotFound when there is no such case. lock, a clause of lockRows or "",
// follows the SELECT, as in readCase.
func (s *CaseService) actionCase(ctx context.Context, q querier, idOrRef string, actor fitness.Actor, lock string) (c fitness.Case, res fitness.Resource, head sql.NullString, err error) {
	col, idOrRef := caseKey(idOrRef)
	var meetings, hearings, conflicts sql.NullString
	c, head, err = scanHeadCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+`, `+caseHeadColumns+`,
		`+actionAccessColumns+` FROM cases c WHERE `+col+` = $1`+lock,
		idOrRef, actor.UserID), idOrRef, &meetings, &hearings, &conflicts)
	if err != nil {
		return c, res, head, err
	}
	panel, excluded := accessLists(meetings, hearings, conflicts)
	return c, resourceOf(c, panel, excluded), head, nil
}

// caseHeadColumns follow caseColumns in a query of one case c: the hash of
// its chain's event at seq = version (its head; NULL if the chain lacks
// it), and its links' ids joined by commas.
const caseHeadColumns = `(SELECT e.hash FROM events e WHERE e.case_id = c.id AND e.seq = c.version),
	(SELECT string_agg(l.linked_case_id, ',') FROM case_links l WHERE l.case_id = c.id)`

// scanHeadCase reads the row of a query of the case idOrRef that starts
// with caseColumns and caseHeadColumns: the case with its links, and its
// head. more receives any columns after them. errCaseNotFound when there
// is no row.
func scanHeadCase(row *sql.Row, idOrRef string, more ...any) (fitness.Case, sql.NullString, error) {
	var head, links sql.NullString
	c, err := scanCase(row, append([]any{&head, &links}, more...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return c, head, errCaseNotFound
	} else if err != nil {
		return c, head, fmt.Errorf("load case %s: %w", idOrRef, err)
	}
	c.Linked = idList(links)
	return c, head, nil
}

// actionAccessColumns are actorAccessColumns for actionCase, whose actor
// is its query's $2.
var actionAccessColumns = strings.ReplaceAll(actorAccessColumns, "$U", "$2")

// resourceOf describes c to the policy function, with the users on the
// panels that have it before them and those a conflict excludes.
func resourceOf(c fitness.Case, panel, excluded []string) fitness.Resource {
	return fitness.Resource{Kind: "case", CaseID: c.ID, CaseManagerID: c.CaseManagerID,
		PanelUserIDs: panel, ExcludedIDs: excluded}
}

// caseResource describes c to the policy function, with the users on the
// panels of meetings that list it and those a declared conflict excludes
// (see panel_access.go), read through q.
func caseResource(ctx context.Context, q querier, c fitness.Case) (fitness.Resource, error) {
	panel, excluded, err := caseAccessLists(ctx, q, c.ID, c.RegistrantID)
	return resourceOf(c, panel, excluded), err
}

// readableCase loads a case actor may see, through q; errCaseNotFound
// when they may not see it.
func (s *CaseService) readableCase(ctx context.Context, q querier, actor fitness.Actor, caseID string) (fitness.Case, error) {
	c, err := s.loadCase(ctx, q, caseID)
	if err != nil {
		return c, err
	}
	return c, visibleTo(ctx, q, actor, c)
}

// visibleTo returns errCaseNotFound when actor may not see c, reading its
// panel and conflict lists through q.
func visibleTo(ctx context.Context, q querier, actor fitness.Actor, c fitness.Case) error {
	res, err := caseResource(ctx, q, c)
	if err != nil {
		return err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return errCaseNotFound
	}
	return nil
}

// decide asks [fitness.Decide]; the system actor (deadline jobs) is
// trusted, as no signed-in user can carry its id.
func decide(actor fitness.Actor, p fitness.Permission, res fitness.Resource) fitness.Decision {
	if actor.UserID == fitness.SystemActor.UserID {
		return fitness.Decision{Allow: true, Reason: "the system itself"}
	}
	return fitness.Decide(actor, p, res)
}

// mayView decides whether actor may read c and records the attempt in the
// access log as action (e.g. "case.view"), with the reason, unless the
// request's read scope has already recorded an allowed read of c by actor
// (see WithReadScope). A refusal is always recorded and is ENotFound, like
// a case that does not exist.
func (s *CaseService) mayView(ctx context.Context, actor fitness.Actor, c fitness.Case, action string) error {
	res, err := caseResource(ctx, s.db.Reader(), c)
	if err != nil {
		return err
	}
	d := decide(actor, fitness.PermCaseView, res)
	if d.Allow && alreadyRecorded(ctx, actor, c.ID) {
		return nil
	}
	detail := c.Reference + ": " + d.Reason
	if !d.Allow {
		action += ".denied"
	}
	if actor.OnBehalfOf != "" {
		detail += " (on behalf of " + actor.OnBehalfOf + ")"
	}
	if err := s.db.recordAccess(ctx, s.now(), actor.UserID, action, c.ID, detail); err != nil {
		return err
	}
	if !d.Allow {
		return errCaseNotFound
	}
	markRecorded(ctx, actor, c.ID)
	return nil
}

// FindCase returns the case with id or reference (FTP-YYYY-NNNNN) and
// records the read in the access log. ENotFound when it does not exist or
// actor may not see it.
//
// The case read is kept, with its chain's head, for the action that may
// follow (knownCases).
func (s *CaseService) FindCase(ctx context.Context, actor fitness.Actor, idOrRef string) (fitness.Case, error) {
	col, key := caseKey(idOrRef)
	c, head, err := scanHeadCase(s.db.Reader().QueryRowContext(ctx, `SELECT `+caseColumns+`, `+caseHeadColumns+`
		FROM cases c WHERE `+col+` = $1`, key), key)
	if err != nil {
		return fitness.Case{}, err
	}
	if err := s.mayView(ctx, actor, c, "case.view"); err != nil {
		return fitness.Case{}, err
	}
	s.db.known.put(c, head.String)
	return c, nil
}

// seesAllCases reports whether actor holds a role that sees every case.
// Other roles see cases only through the panels they sit on.
func seesAllCases(actor fitness.Actor) bool {
	if actor.UserID == fitness.SystemActor.UserID {
		return true
	}
	for _, r := range fitness.CaseScopedRoles() {
		if slices.Contains(actor.Roles, r) {
			return true
		}
	}
	return false
}

// deadlinesJSON returns the stored form of deadlines.
func deadlinesJSON(ds []fitness.Deadline) (string, error) {
	out := make([]fitness.Deadline, len(ds))
	for i, d := range ds {
		d.Due = dbTime(d.Due)
		out[i] = d
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// nullString returns nil for "", else s.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// insertCase stores a new case row.
func insertCase(ctx context.Context, tx *sql.Tx, c fitness.Case) error {
	deadlines, err := deadlinesJSON(c.Deadlines)
	if err != nil {
		return fmt.Errorf("encode deadlines: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO cases (id, reference, concern_id, registrant_id, subject_name,
		subject_details, source, summary, stage, interim_stage, stage_entered_at, version, process_version,
		case_manager_id, received_on, opened_at, closed_at, next_due_at, deadlines, restoration_refusals)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		c.ID, c.Reference, c.ConcernID, nullString(c.RegistrantID), c.SubjectName, c.SubjectDetails,
		string(c.Source), c.Summary, string(c.Stage), string(c.InterimStage), dbTime(c.StageEnteredAt),
		c.Version, c.ProcessVersion, nullString(c.CaseManagerID), dateText(c.ReceivedOn), dbTime(c.OpenedAt),
		nullTime(c.ClosedAt), nullTime(c.NextDue()), deadlines, c.RestorationRefusals)
	if err != nil {
		return fmt.Errorf("insert case %s: %w", c.Reference, err)
	}
	return nil
}

// caseUpdateColumns are the columns updateCase writes, in the order of
// caseUpdateValues; the version is written as well.
var caseUpdateColumns = []string{"registrant_id", "subject_name", "subject_details", "summary", "stage",
	"interim_stage", "stage_entered_at", "process_version", "case_manager_id", "closed_at", "next_due_at",
	"deadlines", "restoration_refusals"}

// caseUpdateValues returns the stored values of c for caseUpdateColumns.
func caseUpdateValues(c fitness.Case) ([]any, error) {
	deadlines, err := deadlinesJSON(c.Deadlines)
	if err != nil {
		return nil, fmt.Errorf("encode deadlines: %w", err)
	}
	return []any{nullString(c.RegistrantID), c.SubjectName, c.SubjectDetails, c.Summary, string(c.Stage),
		string(c.InterimStage), dbTime(c.StageEnteredAt), c.ProcessVersion, nullString(c.CaseManagerID),
		nullTime(c.ClosedAt), nullTime(c.NextDue()), deadlines, c.RestorationRefusals}, nil
}

// sameValue reports whether two values of caseUpdateValues are equal.
func sameValue(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return a == b
}

// updateCase writes c over the stored case if it is still at version old.
// Zero rows means someone else changed it first: EConflict.
func updateCase(ctx context.Context, tx txExecer, c fitness.Case, old int) error {
	m, err := wholeMove(c, old)
	if err != nil {
		return err
	}
	return m.exec(ctx, tx)
}

// wholeMove returns the guarded update that writes every column of c over
// the stored case, if it is still at version old.
func wholeMove(c fitness.Case, old int) (caseMove, error) {
	vals, err := caseUpdateValues(c)
	return caseMove{id: c.ID, ref: c.Reference, old: old, new: c.Version, cols: caseUpdateColumns, vals: vals}, err
}

// errCaseChanged refuses a write to a case that another write changed
// first (a stale version).
var errCaseChanged = fitness.Errorf(fitness.EConflict, "This case has changed since you opened it. Check the changes and try again.")

// caseMove is a guarded update of a case: it sets cols to vals and the
// version to new on the case id (reference ref) if it is still at version
// old and guard, when it has a condition, holds too.
type caseMove struct {
	id, ref  string
	old, new int
	cols     []string
	vals     []any
	guard    moveGuard
}

// moveGuard is a further condition of a guarded update, cond, on the case
// table c; its placeholders $H and $U stand for head and user. A cond
// that is not empty names $H (see knownGuard).
type moveGuard struct {
	cond, head, user string
}

// changedMove returns the guarded update that writes over the stored case
// prev, read in this transaction, the columns in which next differs from
// it and next's version, if it is still at prev's version. Every write of
// a case moves its version, so the guarded update finds the row as prev
// was read and stores what updateCase would; but SQLite rewrites an index
// whose column is SET even to the same value (six more pages to log and
// sync for a note).
func changedMove(prev, next fitness.Case) (caseMove, error) {
	m := caseMove{id: next.ID, ref: next.Reference, old: prev.Version, new: next.Version}
	was, err := caseUpdateValues(prev)
	if err != nil {
		return m, err
	}
	now, err := caseUpdateValues(next)
	if err != nil {
		return m, err
	}
	for i, col := range caseUpdateColumns {
		if !sameValue(was[i], now[i]) {
			m.cols, m.vals = append(m.cols, col), append(m.vals, now[i])
		}
	}
	return m, nil
}

// sql returns the UPDATE statement of m; args gives its arguments.
func (m caseMove) sql() string {
	var set strings.Builder
	for i, col := range m.cols {
		fmt.Fprintf(&set, "%s = $%d, ", col, i+1)
	}
	n := len(m.cols)
	q := fmt.Sprintf(`UPDATE cases AS c SET %sversion = $%d WHERE c.id = $%d AND c.version = $%d`, set.String(), n+1, n+2, n+3)
	if m.guard.cond == "" {
		return q
	}
	return q + " AND " + strings.NewReplacer("$H", fmt.Sprintf("$%d", n+4), "$U", fmt.Sprintf("$%d", n+5)).Replace(m.guard.cond)
}

// args returns the arguments of m.sql(), in order.
func (m caseMove) args() []any {
	args := append(slices.Clip(m.vals), m.new, m.id, m.old)
	if m.guard.cond == "" {
		return args
	}
	args = append(args, m.guard.head)
	if strings.Contains(m.guard.cond, "$U") {
		args = append(args, m.guard.user)
	}
	return args
}

// exec runs m in tx: errCaseChanged when the case is no longer at m.old.
func (m caseMove) exec(ctx context.Context, tx execer) error {
	res, err := tx.ExecContext(ctx, m.sql(), m.args()...)
	if err != nil {
		return fmt.Errorf("update case %s: %w", m.ref, err)
	}
	return m.matched(res)
}

// matched checks the result of m's statement: errCaseChanged when it
// matched no row.
func (m caseMove) matched(res sql.Result) error {
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update case %s: %w", m.ref, err)
	} else if n == 0 {
		return errCaseChanged
	}
	return nil
}

// ApplyAction applies an action to the case at version for actor, in one
// transaction: it checks the version (EConflict "This case has changed since
// you opened it: …" when stale), that actor may see (else ENotFound) and
// act on (else EForbidden) the case, that users named in inputs hold the
// role asked for (EInvalid), then asks [fitness.Case.Apply] and stores the
// result with a guarded update, its hash-chained events, any register
// effects on the registrant and a request for each letter the action issues
// (see service_request.go). On PostgreSQL an action that writes only the
// case and one event commits as one statement instead (applyAtOnce), with
// the same checks and answers; on either engine such an action on a case
// known at the actor's version (knownCases) is decided without reading the
// case again. The case written is kept, once committed, for the next
// action.
func (s *CaseService) ApplyAction(ctx context.Context, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (fitness.Case, error) {
	out, done, err := s.applyAtOnce(ctx, actor, caseID, version, action, in)
	if !done {
		var stored []fitness.Event
		err = s.db.InTx(ctx, func(tx *sql.Tx) error {
			var err error
			out, stored, err = s.applyStored(ctx, tx, actor, caseID, version, action, in)
			return err
		})
		if err == nil {
			s.db.known.put(out, stored[len(stored)-1].Hash)
		}
	}
	if err != nil {
		return fitness.Case{}, fmt.Errorf("apply %s to case %s: %w", action, caseID, err)
	}
	s.lettersRequested(action, in)
	return out, nil
}

// applyTx is ApplyAction inside the caller's transaction tx, so that other
// writes (a panel's decision) commit or roll back with the action. tx must
// be a transaction of s.db's writer: the hot statements run prepared from
// its statement cache (stmt_cache.go).
func (s *CaseService) applyTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (fitness.Case, error) {
	next, _, err := s.applyStored(ctx, tx, actor, caseID, version, action, in)
	return next, err
}

// applyStored is applyTx, returning the events stored as well.
func (s *CaseService) applyStored(ctx context.Context, tx *sql.Tx, actor fitness.Actor, caseID string, version int, action fitness.ActionName, in fitness.Input) (fitness.Case, []fitness.Event, error) {
	q := s.db.cached(tx)
	c, res, head, err := s.actionCase(ctx, q, caseID, actor, s.db.lockRows("c"))
	if err != nil {
		return fitness.Case{}, nil, err
	}
	if err := mayAct(actor, res); err != nil {
		return fitness.Case{}, nil, err
	}
	if c.Version != version {
		// Letters served since the actor's version change nothing the
		// action depends on (service_request.go).
		only, err := onlyServiceSince(ctx, tx, c, version)
		if err != nil {
			return fitness.Case{}, nil, err
		} else if !only {
			return fitness.Case{}, nil, s.staleError(ctx, tx, c)
		}
	}
	if err := s.checkUserInputs(ctx, tx, action, in); err != nil {
		return fitness.Case{}, nil, err
	}
	if in, err = s.resolveRegistrantInputs(ctx, tx, action, in); err != nil {
		return fitness.Case{}, nil, err
	}
	next, events, err := c.Apply(s.process, s.rules, action, actor, in, dbTime(s.now()))
	if err != nil {
		return fitness.Case{}, nil, err
	}
	next.Version = c.Version + len(events)
	stored, err := s.db.storeAction(ctx, q, c, next, head, events)
	if err != nil {
		return fitness.Case{}, nil, err
	}
	if _, err := requestDocuments(ctx, tx, s.process, next, stored[0]); err != nil {
		return fitness.Case{}, nil, err
	}
	if err := s.invitationEffects(ctx, tx, next, stored[0]); err != nil {
		return fitness.Case{}, nil, err
	}
	if err := s.actionOrders(ctx, tx, next, action, stored[0].Payload); err != nil {
		return fitness.Case{}, nil, err
	}
	return next, stored, s.registerEffects(ctx, tx, next, action, in)
}

// mayAct returns nil when actor may act on the case res describes; else
// errCaseNotFound when they may not see it, or EForbidden.
func mayAct(actor fitness.Actor, res fitness.Resource) error {
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return errCaseNotFound
	}
	if !decide(actor, fitness.PermCaseAct, res).Allow {
		return fitness.Errorf(fitness.EForbidden, "You cannot act on this case")
	}
	return nil
}

// staleError explains what changed since the version the actor saw.
func (s *CaseService) staleError(ctx context.Context, tx *sql.Tx, c fitness.Case) error {
	var payload string
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE case_id = $1
		ORDER BY seq DESC LIMIT 1`, c.ID), &payload)
	if err == nil {
		err = json.Unmarshal([]byte(payload), &e.Payload)
	}
	if err != nil {
		return fmt.Errorf("load last event of case %s: %w", c.ID, err)
	}
	return fitness.Errorf(fitness.EConflict, "This case has changed since you opened it: %s by %s. Check the changes and try again.",
		fitness.DescribeEvent(s.process, e), e.ActorName)
}

// checkUserInputs checks that every user named in an InputUser input is an
// active user holding the input's role.
func (s *CaseService) checkUserInputs(ctx context.Context, tx *sql.Tx, action fitness.ActionName, in fitness.Input) error {
	def, ok := s.process.Action(action)
	if !ok {
		return nil // Apply says there is no such action
	}
	fe := fitness.FieldErrors{}
	for _, d := range def.Inputs {
		id := strings.TrimSpace(in[d.Name])
		if !looksUp(d, in, fitness.InputUser) {
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM users u WHERE u.id = $1 AND u.active
			AND ($2 = '' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = $2))`,
			id, string(d.Role)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add(d.Name, fmt.Sprintf("Select a %s from the list", strings.ToLower(d.Label)))
		} else if err != nil {
			return fmt.Errorf("check user %s: %w", id, err)
		}
	}
	return fe.Err()
}

// effectsBeyondCase reports whether any of def's effects that apply to an
// action with inputs in writes outside the case's row: a letter to send
// (requestDocuments) or a change to the register entry (registerEffects).
// The other effects (deadlines, allocation, closing…) change the case
// itself, as [fitness.Case.Apply] leaves it.
func effectsBeyondCase(def fitness.ActionDef, in fitness.Input) bool {
	return slices.ContainsFunc(def.Effects, func(e fitness.Effect) bool {
		switch e.Kind {
		case fitness.EffectIssueDocument, fitness.EffectSetStatus, fitness.EffectAnnotate:
			return e.Applies(in)
		}
		return false
	})
}

// registerEffects applies the action's register effects (status and
// annotations) to the case's registrant, if it has one.
func (s *CaseService) registerEffects(ctx context.Context, tx *sql.Tx, c fitness.Case, action fitness.ActionName, in fitness.Input) error {
	def, _ := s.process.Action(action)
	if c.RegistrantID == "" || !effectsBeyondCase(def, in) {
		return nil
	}
	for _, e := range def.Effects {
		if !e.Applies(in) {
			continue
		}
		var err error
		switch e.Kind {
		case fitness.EffectSetStatus:
			_, err = tx.ExecContext(ctx, `UPDATE registrants SET status = $1 WHERE id = $2`,
				string(e.Status), c.RegistrantID)
		case fitness.EffectAnnotate:
			_, err = tx.ExecContext(ctx, `UPDATE registrants SET annotations = CASE WHEN annotations = ''
				THEN $1 ELSE annotations || $2 || $1 END WHERE id = $3`, e.Label, "\n", c.RegistrantID)
		}
		if err != nil {
			return fmt.Errorf("update register entry %s: %w", c.RegistrantID, err)
		}
	}
	return nil
}

// looksUp reports whether input d, of the kind given, has a value in in
// that must be looked up in the database: a user (checkUserInputs) or a
// registrant (resolveRegistrantInputs).
func looksUp(d fitness.InputDef, in fitness.Input, kind fitness.InputKind) bool {
	return d.Kind == kind && strings.TrimSpace(in[d.Name]) != ""
}

// resolveRegistrantInputs turns the registration number typed into each
// InputRegistrant input into the registrant's id (an id is accepted as
// well). It returns a copy of in; EInvalid names an unknown number.
func (s *CaseService) resolveRegistrantInputs(ctx context.Context, tx *sql.Tx, action fitness.ActionName, in fitness.Input) (fitness.Input, error) {
	def, ok := s.process.Action(action)
	if !ok {
		return in, nil
	}
	out := maps.Clone(in)
	fe := fitness.FieldErrors{}
	for _, d := range def.Inputs {
		v := strings.TrimSpace(in[d.Name])
		if !looksUp(d, in, fitness.InputRegistrant) {
			continue
		}
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM registrants WHERE lower(number) = lower($1) OR id = $2`,
			strings.ToUpper(strings.Join(strings.Fields(v), "")), v).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add(d.Name, fmt.Sprintf("No one on the register has the registration number %s", v))
			continue
		} else if err != nil {
			return nil, fmt.Errorf("find registrant %s: %w", v, err)
		}
		out[d.Name] = id
	}
	return out, fe.Err()
}
