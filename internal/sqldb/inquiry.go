package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

var _ fitness.InquiryService = (*InquiryService)(nil)

// InquiryService stores own-motion inquiries: scope snapshots, demands,
// screening and the bulk steps that do them person by person. It
// implements [fitness.InquiryService]; jobs drive its bulk steps and
// demand chasing (inquiry_bulk.go).
type InquiryService struct {
	db    *DB
	cases *CaseService // opens cases and makes referrals in screening's transaction
	rules fitness.Rules
	now   func() time.Time
}

// NewInquiryService returns the inquiry service on db. Cases opened and
// referrals made by screening go through cases, in the same transaction.
func NewInquiryService(db *DB, cases *CaseService, r fitness.Rules, now func() time.Time) *InquiryService {
	return &InquiryService{db: db, cases: cases, rules: r, now: now}
}

// errInquiryNotFound is the one answer for an inquiry that does not exist
// and one the asker may not see.
var errInquiryNotFound = fitness.Errorf(fitness.ENotFound, "Inquiry not found")

// inquiryColumns are the columns scanInquiry reads, in order.
const inquiryColumns = `i.id, i.title, i.source_title, i.source_publisher, i.source_published, i.source_link,
	i.source_summary, i.period_from, i.period_to, i.created_at, i.created_by, i.last_scoped_at`

// scanInquiry reads one row of inquiryColumns.
func scanInquiry(row interface{ Scan(...any) error }) (fitness.Inquiry, error) {
	var inq fitness.Inquiry
	var published, from, to string
	var scoped sql.NullTime
	err := row.Scan(&inq.ID, &inq.Title, &inq.Source.Title, &inq.Source.Publisher, &published, &inq.Source.Link,
		&inq.Source.Summary, &from, &to, &inq.CreatedAt, &inq.CreatedBy, &scoped)
	if err != nil {
		return inq, err
	}
	inq.CreatedAt, inq.LastScoped = inq.CreatedAt.UTC(), timeOf(scoped)
	inq.Source.Published, _ = parseDate(published)
	inq.From, _ = parseDate(from)
	inq.To, _ = parseDate(to)
	return inq, nil
}

// loadInquiry reads the inquiry with id and its employers and team through
// q, without any access check.
func loadInquiry(ctx context.Context, q querier, id string) (fitness.Inquiry, error) {
	inqs, err := loadInquiries(ctx, q, `i.id = $1`, id)
	if err != nil {
		return fitness.Inquiry{}, fmt.Errorf("load inquiry %s: %w", id, err)
	}
	if len(inqs) == 0 {
		return fitness.Inquiry{}, errInquiryNotFound
	}
	return inqs[0], nil
}

// loadInquiries reads the inquiries i for which the SQL condition where
// holds (with args), newest first, each with its employers and team, in
// three statements whatever their number, without any access check. Run
// through a transaction, they read one snapshot.
func loadInquiries(ctx context.Context, q querier, where string, args ...any) ([]fitness.Inquiry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+inquiryColumns+` FROM inquiries i WHERE `+where+`
		ORDER BY i.created_at DESC, i.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []fitness.Inquiry
	at := map[string]int{}
	err = eachRow(rows, func() error {
		inq, err := scanInquiry(rows)
		at[inq.ID] = len(out)
		out = append(out, inq)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT ie.inquiry_id, e.id, e.name, e.kind, e.town FROM inquiries i
		JOIN inquiry_employers ie ON ie.inquiry_id = i.id JOIN employers e ON e.id = ie.employer_id
		WHERE `+where+` ORDER BY e.name, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("employers: %w", err)
	}
	err = eachRow(rows, func() error {
		var id string
		var e fitness.Employer
		err := rows.Scan(&id, &e.ID, &e.Name, &e.Kind, &e.Town)
		if i, ok := at[id]; ok {
			out[i].Employers = append(out[i].Employers, e)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("employers: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT t.inquiry_id, u.id, u.name FROM inquiries i
		JOIN inquiry_team t ON t.inquiry_id = i.id JOIN users u ON u.id = t.user_id
		WHERE `+where+` ORDER BY u.name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("team: %w", err)
	}
	err = eachRow(rows, func() error {
		var id string
		var m fitness.TeamMember
		err := rows.Scan(&id, &m.UserID, &m.Name)
		if i, ok := at[id]; ok {
			out[i].Team = append(out[i].Team, m)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("team: %w", err)
	}
	return out, nil
}

// eachRow calls fn for every row of rows, stopping at its first error, and
// closes rows.
func eachRow(rows *sql.Rows, fn func() error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// mayInquiry loads the inquiry and decides whether actor may do p on it,
// recording reads in the access log as action. ENotFound when the actor
// may not see it; EForbidden when they may see it but not do p.
func (s *InquiryService) mayInquiry(ctx context.Context, q querier, actor fitness.Actor, id string, p fitness.Permission, action string) (fitness.Inquiry, error) {
	inq, err := loadInquiry(ctx, q, id)
	if err != nil {
		return inq, err
	}
	view := decide(actor, fitness.PermInquiryView, inq.Resource())
	if action != "" {
		act, detail := action, "inquiry "+inq.Title+": "+view.Reason
		if !view.Allow {
			act += ".denied"
		}
		if err := s.db.recordAccess(ctx, s.now(), actor.UserID, act, inq.ID, detail); err != nil {
			return inq, err
		}
	}
	if !view.Allow {
		return fitness.Inquiry{}, errInquiryNotFound
	}
	if p != fitness.PermInquiryView && !decide(actor, p, inq.Resource()).Allow {
		return inq, fitness.Errorf(fitness.EForbidden, "You cannot make changes to this inquiry")
	}
	return inq, nil
}

// CreateInquiry validates and stores a new inquiry with its employers and
// team, the creator always on it. EInvalid with the fields of
// [fitness.NewInquiry], "employers" or "team" for unknown ids; EForbidden
// when actor may not manage inquiries.
func (s *InquiryService) CreateInquiry(ctx context.Context, actor fitness.Actor, in fitness.InquiryInput) (fitness.Inquiry, error) {
	if !decide(actor, fitness.PermInquiryManage, fitness.Resource{}).Allow {
		return fitness.Inquiry{}, fitness.Errorf(fitness.EForbidden, "You cannot open inquiries")
	}
	now := dbTime(s.now())
	inq, err := fitness.NewInquiry(in, actor, now)
	if err != nil {
		return inq, err
	}
	inq.ID = newID()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := checkInquiryRefs(ctx, tx, inq); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inquiries (id, title, source_title, source_publisher,
			source_published, source_link, source_summary, period_from, period_to, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, inq.ID, inq.Title, inq.Source.Title,
			inq.Source.Publisher, dateText(inq.Source.Published), inq.Source.Link, inq.Source.Summary,
			dateText(inq.From), dateText(inq.To), now, actor.UserID); err != nil {
			return fmt.Errorf("insert inquiry: %w", err)
		}
		if err := insertInquiryLinks(ctx, tx, inq); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventInquiryCreated,
			Payload: map[string]string{"title": inq.Title, "employers": strconv.Itoa(len(inq.Employers)),
				"from": dateText(inq.From), "to": dateText(inq.To)}}, actor, now)
	})
	if err != nil {
		return fitness.Inquiry{}, fmt.Errorf("create inquiry: %w", err)
	}
	return loadInquiry(ctx, s.db.Reader(), inq.ID)
}

// checkInquiryRefs adds field errors for employers and team members that
// do not exist (or users no longer active) and returns them.
func checkInquiryRefs(ctx context.Context, tx *sql.Tx, inq fitness.Inquiry) error {
	fe := fitness.FieldErrors{}
	for _, e := range inq.Employers {
		if !exists(ctx, tx, `SELECT 1 FROM employers WHERE id = $1`, e.ID) {
			fe.Add("employers", "Select employers from the list")
		}
	}
	for _, m := range inq.Team {
		if !exists(ctx, tx, `SELECT 1 FROM users WHERE id = $1 AND active`, m.UserID) {
			fe.Add("team", "Select team members from the list of staff")
		}
	}
	return fe.Err()
}

// exists reports whether query finds a row; errors count as not found
// (the insert that follows reports them).
func exists(ctx context.Context, q querier, query string, args ...any) bool {
	var one int
	return q.QueryRowContext(ctx, query, args...).Scan(&one) == nil
}

// insertInquiryLinks stores the employers and team of inq.
func insertInquiryLinks(ctx context.Context, tx *sql.Tx, inq fitness.Inquiry) error {
	for _, e := range inq.Employers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_employers (inquiry_id, employer_id) VALUES ($1, $2)`,
			inq.ID, e.ID); err != nil {
			return fmt.Errorf("insert inquiry employer: %w", err)
		}
	}
	for _, m := range inq.Team {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_team (inquiry_id, user_id) VALUES ($1, $2)`,
			inq.ID, m.UserID); err != nil {
			return fmt.Errorf("insert inquiry team member: %w", err)
		}
	}
	return nil
}

// FindInquiry returns one inquiry and records the read.
func (s *InquiryService) FindInquiry(ctx context.Context, actor fitness.Actor, id string) (fitness.Inquiry, error) {
	return s.mayInquiry(ctx, s.db.Reader(), actor, id, fitness.PermInquiryView, "inquiry.view")
}

// ListInquiries lists the inquiries actor may see, newest first: every
// inquiry for a role seeing all of them, else those whose team they are on.
func (s *InquiryService) ListInquiries(ctx context.Context, actor fitness.Actor) ([]fitness.Inquiry, error) {
	if !decide(actor, fitness.PermInquiryView, fitness.Resource{}).Allow {
		return nil, nil
	}
	where, args := `TRUE`, []any(nil)
	if !seesAllInquiries(actor) {
		where = `i.id IN (SELECT inquiry_id FROM inquiry_team WHERE user_id = $1)`
		args = append(args, actor.UserID)
	}
	tx, err := s.db.Reader().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list inquiries: %w", err)
	}
	defer tx.Rollback()
	inqs, err := loadInquiries(ctx, tx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("list inquiries: %w", err)
	}
	return inqs, nil
}

// seesAllInquiries reports whether actor holds a role that sees every
// inquiry (or is the system).
func seesAllInquiries(actor fitness.Actor) bool {
	if actor.UserID == fitness.SystemActor.UserID {
		return true
	}
	return slices.ContainsFunc(fitness.InquiryWideRoles(), actor.Has)
}

// queryStrings returns the one text column of every row of query.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// InquiryOfCase returns the inquiry case caseID was opened from, when
// there is one and actor may see it.
func (s *InquiryService) InquiryOfCase(ctx context.Context, actor fitness.Actor, caseID string) (fitness.Inquiry, bool, error) {
	var id string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT inquiry_id FROM case_inquiries WHERE case_id = $1`, caseID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.Inquiry{}, false, nil
	}
	if err != nil {
		return fitness.Inquiry{}, false, fmt.Errorf("inquiry of case %s: %w", caseID, err)
	}
	inq, err := s.mayInquiry(ctx, s.db.Reader(), actor, id, fitness.PermInquiryView, "")
	if fitness.ErrorCode(err) == fitness.ENotFound {
		return fitness.Inquiry{}, false, nil
	}
	return inq, err == nil, err
}

// appendEvent appends ev to the inquiry's log in tx, numbered after the
// last one. The inquiry's row is locked first, so that transactions
// appending to one inquiry's log at once take turns.
func (s *InquiryService) appendEvent(ctx context.Context, tx *sql.Tx, inquiryID string, ev fitness.InquiryEvent, actor fitness.Actor, now time.Time) error {
	payload, err := eventPayload(ev.Payload)
	if err != nil {
		return err
	}
	if err := s.lockInquiry(ctx, tx, inquiryID); err != nil {
		return err
	}
	name := actor.Name
	if actor.OnBehalfOf != "" {
		name += " (on behalf of " + actor.OnBehalfOf + ")"
	}
	row := inquiryEventRow{ID: newID(), InquiryID: inquiryID, Seq: 1, Type: ev.Type, ActorID: actor.UserID,
		ActorName: strings.TrimSpace(name), At: dbTime(now), RegistrantID: ev.RegistrantID, Payload: payload}
	err = tx.QueryRowContext(ctx, `SELECT seq + 1, hash FROM inquiry_events WHERE inquiry_id = $1
		ORDER BY seq DESC LIMIT 1`, inquiryID).Scan(&row.Seq, &row.PrevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("last event of inquiry %s: %w", inquiryID, err)
	}
	row.Hash = row.hash()
	_, err = tx.ExecContext(ctx, `INSERT INTO inquiry_events (id, inquiry_id, seq, type, actor_id, actor_name, at,
		registrant_id, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		row.ID, row.InquiryID, row.Seq, row.Type, row.ActorID, row.ActorName, row.At, row.RegistrantID,
		row.Payload, row.PrevHash, row.Hash)
	if err != nil {
		return fmt.Errorf("append inquiry event %s: %w", ev.Type, err)
	}
	return nil
}

// lockInquiry locks the inquiry's row until tx ends (on PostgreSQL; on
// SQLite the single writer already serialises), so that work on one
// inquiry takes turns.
func (s *InquiryService) lockInquiry(ctx context.Context, tx *sql.Tx, inquiryID string) error {
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM inquiries WHERE id = $1`+s.db.forUpdate(), inquiryID).Scan(&id); err != nil {
		return fmt.Errorf("lock inquiry %s: %w", inquiryID, err)
	}
	return nil
}
