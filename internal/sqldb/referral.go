package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

var _ fitness.ReferralService = (*CaseService)(nil)

var (
	errBodyNotFound     = fitness.Errorf(fitness.ENotFound, "Body not found")
	errReferralNotFound = fitness.Errorf(fitness.ENotFound, "Referral not found")
)

// bodyColumns are the columns scanned by scanBody, in order.
const bodyColumns = `id, name, kind, source_category, email, address, notes, active`

func scanBody(row interface{ Scan(...any) error }) (fitness.OtherBody, error) {
	var b fitness.OtherBody
	var kind, source string
	err := row.Scan(&b.ID, &b.Name, &kind, &source, &b.Email, &b.Address, &b.Notes, &b.Active)
	b.Kind, b.Source = fitness.BodyKind(kind), fitness.SourceCategory(source)
	return b, err
}

// mayRefer returns EForbidden unless actor may see (p = PermReferralView)
// or record (PermReferralManage) referrals.
func mayRefer(actor fitness.Actor, p fitness.Permission) error {
	if decide(actor, p, fitness.Resource{}).Allow {
		return nil
	}
	if p == fitness.PermReferralView {
		return fitness.Errorf(fitness.EForbidden, "You cannot see other bodies or referrals")
	}
	return fitness.Errorf(fitness.EForbidden, "You cannot record other bodies or referrals")
}

// ListBodies returns the other bodies by name; inactive ones too when all.
func (s *CaseService) ListBodies(ctx context.Context, actor fitness.Actor, all bool) ([]fitness.OtherBody, error) {
	if err := mayRefer(actor, fitness.PermReferralView); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+bodyColumns+` FROM other_bodies
		WHERE active OR $1 ORDER BY name, id`, all)
	if err != nil {
		return nil, fmt.Errorf("list bodies: %w", err)
	}
	defer rows.Close()
	var out []fitness.OtherBody
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, fmt.Errorf("list bodies: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// loadBody returns body id; errBodyNotFound when there is none.
func loadBody(ctx context.Context, q querier, id string) (fitness.OtherBody, error) {
	b, err := scanBody(q.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM other_bodies WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, errBodyNotFound
	} else if err != nil {
		return b, fmt.Errorf("load body %s: %w", id, err)
	}
	return b, nil
}

// FindBody returns one body; ENotFound when there is none.
func (s *CaseService) FindBody(ctx context.Context, actor fitness.Actor, id string) (fitness.OtherBody, error) {
	if err := mayRefer(actor, fitness.PermReferralView); err != nil {
		return fitness.OtherBody{}, err
	}
	return loadBody(ctx, s.db.Reader(), id)
}

// CreateBody records another body; EInvalid with fields, EConflict (on
// field "name") when a body of that name exists.
func (s *CaseService) CreateBody(ctx context.Context, actor fitness.Actor, in fitness.OtherBodyInput) (fitness.OtherBody, error) {
	if err := mayRefer(actor, fitness.PermReferralManage); err != nil {
		return fitness.OtherBody{}, err
	}
	b, err := fitness.NewOtherBody(in)
	if err := bodyNameTaken(ctx, s.db.Reader(), b.Name, err); err != nil {
		return b, err
	}
	b.ID = newID()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO other_bodies (id, name, kind, source_category, email,
			address, notes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			b.ID, b.Name, string(b.Kind), string(b.Source), b.Email, b.Address, b.Notes)
		if isUniqueViolation(err) {
			return &fitness.Error{Code: fitness.EInvalid, Message: "There is a problem",
				Fields: map[string]string{"name": "A body called " + b.Name + " is already recorded"}}
		}
		return err
	})
	if err != nil {
		return fitness.OtherBody{}, fmt.Errorf("create body: %w", err)
	}
	return b, nil
}

// bodyNameTaken adds to err (the body's field errors, or nil) a message
// on "name" when a body called name is recorded already.
func bodyNameTaken(ctx context.Context, q querier, name string, err error) error {
	fields := fitness.FieldErrors(fitness.ErrorFields(err))
	if fields == nil {
		fields = fitness.FieldErrors{}
	}
	if name != "" {
		var one int
		qerr := q.QueryRowContext(ctx, `SELECT 1 FROM other_bodies WHERE lower(name) = lower($1)`, name).Scan(&one)
		if qerr == nil {
			fields.Add("name", "A body called "+name+" is already recorded")
		} else if !errors.Is(qerr, sql.ErrNoRows) {
			return fmt.Errorf("check body name: %w", qerr)
		}
	}
	if len(fields) == 0 {
		return err
	}
	return fields.Err()
}

// referralColumns are the columns scanned by scanReferral, in order, from
// referrals r joined to other_bodies b, cases c and registrants g.
const referralColumns = `r.id, r.direction, r.body_id, b.name, COALESCE(r.case_id, ''), COALESCE(c.reference, ''),
	COALESCE(r.concern_id, ''), COALESCE(r.registrant_id, ''), COALESCE(g.given_names || ' ' || g.family_name, ''), r.inquiry_id, r.subject_name,
	r.referred_on, r.reason, r.their_reference, r.status, r.acknowledged_on, r.outcome, r.origin_key, r.version,
	r.created_at, r.created_by, r.created_by_name, r.updated_at`

// referralFrom joins what referralColumns reads.
const referralFrom = ` FROM referrals r JOIN other_bodies b ON b.id = r.body_id
	LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN registrants g ON g.id = r.registrant_id`

func scanReferral(row interface{ Scan(...any) error }) (fitness.Referral, error) {
	var r fitness.Referral
	var dir, status, referred, acked string
	err := row.Scan(&r.ID, &dir, &r.BodyID, &r.BodyName, &r.CaseID, &r.CaseReference, &r.ConcernID,
		&r.RegistrantID, &r.RegistrantName, &r.InquiryID, &r.SubjectName, &referred, &r.Reason, &r.TheirReference,
		&status, &acked, &r.Outcome, &r.OriginKey, &r.Version, &r.CreatedAt, &r.CreatedBy, &r.CreatedByName,
		&r.UpdatedAt)
	if err != nil {
		return r, err
	}
	r.Direction, r.Status = fitness.ReferralDirection(dir), fitness.ReferralStatus(status)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if r.ReferredOn, err = parseDate(referred); err != nil {
		return r, err
	}
	r.AcknowledgedOn, err = parseDate(acked)
	return r, err
}

// loadReferral returns referral id; errReferralNotFound when none.
func loadReferral(ctx context.Context, q querier, where string, arg any) (fitness.Referral, error) {
	r, err := scanReferral(q.QueryRowContext(ctx, `SELECT `+referralColumns+referralFrom+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errReferralNotFound
	} else if err != nil {
		return r, fmt.Errorf("load referral: %w", err)
	}
	return r, nil
}

// CreateReferral records a referral in one transaction; see
// [CaseService.CreateReferralTx].
func (s *CaseService) CreateReferral(ctx context.Context, actor fitness.Actor, in fitness.ReferralInput) (fitness.Referral, []fitness.Case, error) {
	var r fitness.Referral
	var cases []fitness.Case
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, cases, err = s.CreateReferralTx(ctx, tx, actor, in)
		return err
	})
	if err != nil {
		return fitness.Referral{}, nil, fmt.Errorf("create referral: %w", err)
	}
	return r, cases, nil
}

// CreateReferralTx records a referral in the caller's transaction tx. An
// inbound referral is recorded as a concern (one case) through the normal
// concern path, and the case comes back; an outbound one about a case
// appends a "referral_made" event to the case. A non-empty OriginKey
// already used returns the referral first made with it, and nothing is
// written. EInvalid with fields for bad input; EForbidden when actor may
// not record referrals; ENotFound when the case may not be seen.
func (s *CaseService) CreateReferralTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, in fitness.ReferralInput) (fitness.Referral, []fitness.Case, error) {
	if err := mayRefer(actor, fitness.PermReferralManage); err != nil {
		return fitness.Referral{}, nil, err
	}
	if in.OriginKey != "" {
		r, err := loadReferral(ctx, tx, "r.origin_key = $1", in.OriginKey)
		if err == nil || !errors.Is(err, errReferralNotFound) {
			return r, nil, err
		}
	}
	body, err := loadBody(ctx, tx, in.BodyID)
	if err != nil && !errors.Is(err, errBodyNotFound) {
		return fitness.Referral{}, nil, err
	}
	now := dbTime(s.now())
	r, err := fitness.NewReferral(in, body, actor, now)
	if err != nil {
		return r, nil, err
	}
	r.ID = newID()
	if err := s.referralSubject(ctx, tx, actor, &r); err != nil {
		return r, nil, err
	}
	var cases []fitness.Case
	if r.Direction == fitness.ReferralIn {
		co, opened, err := s.CreateConcernTx(ctx, tx, actor, fitness.InboundConcern(body, r, in.SubjectDetails))
		if err != nil {
			return r, nil, inboundFields(err)
		}
		r.ConcernID, r.CaseID, r.CaseReference, cases = co.ID, opened[0].ID, opened[0].Reference, opened
	}
	if err := insertReferral(ctx, tx, r); err != nil {
		return r, nil, err
	}
	if r.Direction == fitness.ReferralOut && r.CaseID != "" {
		if err := s.referralEvent(ctx, tx, actor, r); err != nil {
			return r, nil, err
		}
	}
	return r, cases, nil
}

// inboundFields renames the concern's field errors to the referral's.
func inboundFields(err error) error {
	fields := fitness.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	names := map[string]string{"subjects.0.name": "subject_name", "subjects.0.registrant_id": "registrant_id",
		"received_on": "referred_on", "summary": "reason", "raised_by_email": "body_id", "source": "body_id"}
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return &fitness.Error{Code: fitness.EInvalid, Message: fitness.ErrorMessage(err), Fields: out}
}

// referralSubject checks the case and registrant r names, filling in the
// registrant from the case: ENotFound when actor may not see the case,
// EInvalid when the registrant does not exist.
func (s *CaseService) referralSubject(ctx context.Context, tx *sql.Tx, actor fitness.Actor, r *fitness.Referral) error {
	if r.CaseID != "" {
		c, err := s.readableCase(ctx, tx, actor, r.CaseID)
		if err != nil {
			return err
		}
		r.CaseID, r.CaseReference = c.ID, c.Reference
		if r.RegistrantID == "" {
			r.RegistrantID = c.RegistrantID
		}
		if r.SubjectName == "" {
			r.SubjectName = c.SubjectName
		}
	}
	if r.RegistrantID == "" {
		return nil
	}
	err := tx.QueryRowContext(ctx, `SELECT given_names || ' ' || family_name FROM registrants WHERE id = $1`, r.RegistrantID).Scan(&r.RegistrantName)
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.FieldErrors{"registrant_id": "Select a registrant from the register"}.Err()
	}
	return err
}

// insertReferral stores a new referral and the first entry of its history.
func insertReferral(ctx context.Context, tx *sql.Tx, r fitness.Referral) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO referrals (id, direction, body_id, case_id, concern_id,
		registrant_id, inquiry_id, subject_name, referred_on, reason, their_reference, status, origin_key,
		version, created_at, created_by, created_by_name, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		r.ID, string(r.Direction), r.BodyID, nullString(r.CaseID), nullString(r.ConcernID),
		nullString(r.RegistrantID), r.InquiryID, r.SubjectName, dateText(r.ReferredOn), r.Reason,
		r.TheirReference, string(r.Status), r.OriginKey, r.Version, r.CreatedAt, r.CreatedBy, r.CreatedByName,
		r.UpdatedAt)
	if err != nil {
		return fmt.Errorf("insert referral: %w", err)
	}
	return insertReferralHistory(ctx, tx, r.ID, fitness.ReferralHistory{At: r.CreatedAt, ActorID: r.CreatedBy,
		ActorName: r.CreatedByName, Status: r.Status, Note: r.Direction.Label()})
}

// insertReferralHistory appends one entry to a referral's history.
func insertReferralHistory(ctx context.Context, tx *sql.Tx, id string, h fitness.ReferralHistory) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO referral_updates (id, referral_id, at, actor_id, actor_name,
		status, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		newID(), id, h.At, h.ActorID, h.ActorName, string(h.Status), h.Note)
	if err != nil {
		return fmt.Errorf("insert referral history: %w", err)
	}
	return nil
}

// referralEvent appends a "referral_made" event to the case r is about,
// at the case's current version.
func (s *CaseService) referralEvent(ctx context.Context, tx *sql.Tx, actor fitness.Actor, r fitness.Referral) error {
	c, err := s.lockedCase(ctx, tx, r.CaseID)
	if err != nil {
		return err
	}
	next, e := c.ReferralEvent(r, actor)
	return appendCaseEvent(ctx, tx, c, next, e)
}

// FindReferral returns a referral and its history, and records the read;
// ENotFound when there is none or actor may not see its case.
func (s *CaseService) FindReferral(ctx context.Context, actor fitness.Actor, id string) (fitness.Referral, []fitness.ReferralHistory, error) {
	if err := mayRefer(actor, fitness.PermReferralView); err != nil {
		return fitness.Referral{}, nil, err
	}
	r, err := loadReferral(ctx, s.db.Reader(), "r.id = $1", id)
	if err != nil {
		return r, nil, err
	}
	if err := s.mayViewReferral(ctx, actor, r); err != nil {
		return fitness.Referral{}, nil, err
	}
	h, err := referralHistory(ctx, s.db.Reader(), r.ID)
	return r, h, err
}

// mayViewReferral records the read of r; one actor may not see (see
// [referralVisible]) is ENotFound.
func (s *CaseService) mayViewReferral(ctx context.Context, actor fitness.Actor, r fitness.Referral) error {
	ok, why, err := referralVisible(ctx, s.db.Reader(), actor, r)
	if err != nil {
		return err
	}
	action := "referral.view"
	if !ok {
		action += ".denied"
	}
	if err := s.db.recordAccess(ctx, s.now(), actor.UserID, action, r.ID, r.BodyName+": "+why); err != nil {
		return err
	}
	if !ok {
		return errReferralNotFound
	}
	return nil
}

// referralVisible reports whether actor may see r, and why: not when it is
// about a case they may not see, or was made by the screening of an
// inquiry they may not see.
func referralVisible(ctx context.Context, q querier, actor fitness.Actor, r fitness.Referral) (bool, string, error) {
	if r.InquiryID != "" {
		inq, err := loadInquiry(ctx, q, r.InquiryID)
		if errors.Is(err, errInquiryNotFound) {
			return false, "its inquiry does not exist", nil
		} else if err != nil {
			return false, "", err
		}
		if d := decide(actor, fitness.PermInquiryView, inq.Resource()); !d.Allow {
			return false, d.Reason, nil
		}
	}
	if r.CaseID != "" {
		c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = $1`, r.CaseID))
		if err != nil {
			return false, "", fmt.Errorf("load case %s: %w", r.CaseID, err)
		}
		res, err := caseResource(ctx, q, c)
		if err != nil {
			return false, "", err
		}
		d := decide(actor, fitness.PermCaseView, res)
		return d.Allow, c.Reference + ": " + d.Reason, nil
	}
	return true, "referral.view", nil
}

// referralHistory returns the history of referral id in order.
func referralHistory(ctx context.Context, q querier, id string) ([]fitness.ReferralHistory, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, actor_id, actor_name, status, note FROM referral_updates
		WHERE referral_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("referral history %s: %w", id, err)
	}
	defer rows.Close()
	var out []fitness.ReferralHistory
	for rows.Next() {
		var h fitness.ReferralHistory
		var status string
		if err := rows.Scan(&h.At, &h.ActorID, &h.ActorName, &status, &h.Note); err != nil {
			return nil, fmt.Errorf("referral history %s: %w", id, err)
		}
		h.At, h.Status = h.At.UTC(), fitness.ReferralStatus(status)
		out = append(out, h)
	}
	return out, rows.Err()
}

// maxReferralList is the most referrals a list returns.
const maxReferralList = 500

// ListReferrals returns the referrals matching f that actor may see (see
// referralAccess), latest first.
func (s *CaseService) ListReferrals(ctx context.Context, actor fitness.Actor, f fitness.ReferralFilter) ([]fitness.Referral, error) {
	if err := mayRefer(actor, fitness.PermReferralView); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > maxReferralList {
		f.Limit = maxReferralList
	}
	w := &clauses{}
	for _, eq := range []struct{ col, v string }{{"r.direction", string(f.Direction)}, {"r.body_id", f.BodyID},
		{"r.case_id", f.CaseID}, {"r.registrant_id", f.RegistrantID}} {
		if eq.v != "" {
			w.add(eq.col+" = ?", eq.v)
		}
	}
	if f.OpenOnly {
		w.add("r.status IN ('open', 'acknowledged')")
	}
	referralAccess(w, actor)
	args := append(w.args, f.Limit)
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+referralColumns+referralFrom+w.sql()+
		fmt.Sprintf(` ORDER BY r.referred_on DESC, r.id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list referrals: %w", err)
	}
	defer rows.Close()
	var out []fitness.Referral
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return nil, fmt.Errorf("list referrals: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// referralAccess adds to w the rules [referralVisible] applies to one
// referral, for a list: a referral about a case follows the case list's
// rule (accessClauses, on the joined case c); one made by an inquiry's
// screening is listed only to those who may see the inquiry (every inquiry
// for [fitness.InquiryWideRoles], their team's for other roles holding
// inquiry.view, none otherwise).
func referralAccess(w *clauses, actor fitness.Actor) {
	if actor.UserID == fitness.SystemActor.UserID {
		return
	}
	cases := &clauses{args: w.args}
	accessClauses(cases, actor)
	if len(cases.where) > 0 {
		w.where = append(w.where, "(r.case_id IS NULL OR ("+strings.Join(cases.where, " AND ")+"))")
		w.args = cases.args
	}
	switch {
	case seesAllInquiries(actor):
	case decide(actor, fitness.PermInquiryView, fitness.Resource{}).Allow:
		w.add(`(r.inquiry_id = '' OR r.inquiry_id IN (SELECT inquiry_id FROM inquiry_team WHERE user_id = ?))`, actor.UserID)
	default:
		w.add("r.inquiry_id = ''")
	}
}

// UpdateReferral changes a referral's status at version, with its history,
// in one transaction; see [fitness.Referral.Update]. EConflict when the
// version is stale.
func (s *CaseService) UpdateReferral(ctx context.Context, actor fitness.Actor, id string, version int, in fitness.ReferralUpdateInput) (fitness.Referral, error) {
	if err := mayRefer(actor, fitness.PermReferralManage); err != nil {
		return fitness.Referral{}, err
	}
	var out fitness.Referral
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		r, err := loadReferral(ctx, tx, "r.id = $1", id)
		if err != nil {
			return err
		}
		if ok, _, err := referralVisible(ctx, tx, actor, r); err != nil {
			return err
		} else if !ok {
			return errReferralNotFound
		}
		if r.Version != version {
			return fitness.Errorf(fitness.EConflict, "This referral was changed by someone else since you opened it: it is now %s",
				strings.ToLower(r.Status.Label()))
		}
		next, h, err := r.Update(in, actor, dbTime(s.now()))
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE referrals SET status = $1, acknowledged_on = $2,
			their_reference = $3, outcome = $4, version = $5, updated_at = $6 WHERE id = $7 AND version = $8`,
			string(next.Status), dateText(next.AcknowledgedOn), next.TheirReference, next.Outcome, next.Version,
			next.UpdatedAt, r.ID, r.Version)
		if err != nil {
			return fmt.Errorf("update referral: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fitness.Errorf(fitness.EConflict, "This referral was changed by someone else since you opened it")
		}
		out = next
		return insertReferralHistory(ctx, tx, r.ID, h)
	})
	if err != nil {
		return fitness.Referral{}, fmt.Errorf("update referral %s: %w", id, err)
	}
	return out, nil
}
