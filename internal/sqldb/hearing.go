package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

var (
	_ fitness.HearingService     = (*HearingService)(nil)
	_ fitness.OrderService       = (*HearingService)(nil)
	_ fitness.PublicationService = (*HearingService)(nil)
	_ fitness.PublicRecords      = (*HearingService)(nil)
)

// HearingService lists hearings, records their decisions, keeps the
// orders they make and their appeals, and publishes listings and
// decisions. Each write applies the matching process action through the
// case service in the same transaction. It implements
// [fitness.HearingService], [fitness.OrderService],
// [fitness.PublicationService] and [fitness.PublicRecords].
type HearingService struct {
	db    *DB
	cases *CaseService
}

// NewHearingService returns the service on db, running cases through
// cases (its process, rules and clock).
func NewHearingService(db *DB, cases *CaseService) *HearingService {
	return &HearingService{db: db, cases: cases}
}

func (s *HearingService) now() time.Time       { return dbTime(s.cases.now()) }
func (s *HearingService) rules() fitness.Rules { return s.cases.rules }

var errHearingNotFound = fitness.Errorf(fitness.ENotFound, "Hearing not found")

// writableCase loads the case for a write by actor at version, in tx:
// ENotFound when actor may not see it, EForbidden when they may not act
// on it, EConflict when it has changed since version.
func (s *HearingService) writableCase(ctx context.Context, tx *sql.Tx, actor fitness.Actor, caseID string, version int) (fitness.Case, error) {
	c, err := s.cases.lockedCase(ctx, tx, caseID)
	if err != nil {
		return c, err
	}
	res, err := caseResource(ctx, tx, c)
	if err != nil {
		return c, err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return c, errCaseNotFound
	}
	if !decide(actor, fitness.PermCaseAct, res).Allow {
		return c, fitness.Errorf(fitness.EForbidden, "You cannot act on this case")
	}
	if c.Version != version {
		// Letters served since change nothing a write depends on, as for
		// any action (service_request.go).
		if only, err := onlyServiceSince(ctx, tx, c, version); err != nil {
			return c, err
		} else if !only {
			return c, s.cases.staleError(ctx, tx, c)
		}
	}
	return c, nil
}

// lettersRequested wakes the letter jobs, once the transaction has
// committed, for the letters the steps issue.
func (s *HearingService) lettersRequested(steps []fitness.ProcessStep) {
	for _, st := range steps {
		s.cases.lettersRequested(st.Action, st.Input)
	}
}

// readableCase loads a case actor may see, through q.
func (s *HearingService) readableCase(ctx context.Context, q querier, actor fitness.Actor, caseID string) (fitness.Case, error) {
	return s.cases.readableCase(ctx, q, actor, caseID)
}

// applySteps applies process steps to c in tx, one after another, as
// [CaseService.ApplyAction] would, and takes back the general register
// annotations the steps add: the orders put their own (see register.go).
func (s *HearingService) applySteps(ctx context.Context, tx *sql.Tx, actor fitness.Actor, c fitness.Case, steps []fitness.ProcessStep) (fitness.Case, error) {
	for _, st := range steps {
		next, err := s.cases.applyTx(ctx, tx, actor, c.ID, c.Version, st.Action, st.Input)
		if err != nil {
			return c, err
		}
		if err := s.undoAnnotations(ctx, tx, next, st); err != nil {
			return c, err
		}
		c = next
	}
	return c, nil
}

// requireHearingsOfficer refuses anyone but a hearings officer.
func requireHearingsOfficer(actor fitness.Actor, what string) error {
	if actor.UserID == fitness.SystemActor.UserID || actor.Has(fitness.RoleHearingsOfficer) {
		return nil
	}
	return fitness.Errorf(fitness.EForbidden, "Only a hearings officer can %s", what)
}

// ListHearing lists a hearing of the case at version: the notice rule
// ([fitness.ListingCheck]), the panel's composition when one is chosen,
// the process's listing action (final and review hearings) or a case
// event, and the listing's publication, in one transaction.
func (s *HearingService) ListHearing(ctx context.Context, actor fitness.Actor, caseID string, version int, in fitness.HearingInput) (fitness.Hearing, error) {
	var h fitness.Hearing
	var steps []fitness.ProcessStep
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writableCase(ctx, tx, actor, caseID, version)
		if err != nil {
			return err
		}
		if err := requireHearingsOfficer(actor, "list a hearing"); err != nil {
			return err
		}
		now := s.now()
		fe := fitness.FieldErrors{}
		h, err = in.Validate(s.cases.process, s.rules(), c, now)
		mergeFields(fe, err)
		panel, err := resolvePanel(ctx, tx, in.Panel, fe)
		if err != nil {
			return err
		}
		if len(panel) > 0 {
			if err := checkPanelFor(ctx, tx, panel, c.ID, fe); err != nil {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		h.ID, h.CaseID, h.ListedAt, h.ListedBy, h.Panel = newID(), c.ID, now, actor.UserID, panel
		if action, pin, ok := h.ListAction(in.ReviewType); ok {
			steps = []fitness.ProcessStep{{Action: action, Input: pin}}
			_, err = s.applySteps(ctx, tx, actor, c, steps)
		} else {
			_, err = appendEvents(ctx, tx, c, h.ListedEvent(actor))
		}
		if err != nil {
			return err
		}
		if err := insertHearing(ctx, tx, h); err != nil {
			return err
		}
		if p, ok := fitness.ListingPublication(s.rules(), h, now); ok {
			p.ID = newID()
			return insertPublication(ctx, tx, p)
		}
		return nil
	})
	if err != nil {
		return fitness.Hearing{}, fmt.Errorf("list hearing of case %s: %w", caseID, err)
	}
	s.lettersRequested(steps)
	return h, nil
}

// insertHearing stores a hearing and its panel.
func insertHearing(ctx context.Context, tx *sql.Tx, h fitness.Hearing) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO hearings (id, case_id, kind, committee, starts_at, ends_on, is_remote,
		venue, privacy, short_notice_agreed, short_notice_reason, status, listed_at, listed_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		h.ID, h.CaseID, string(h.Kind), string(h.Committee), dbTime(h.Start), dateText(h.End), h.Remote, h.Venue,
		string(h.Privacy), h.ShortNoticeAgreed, h.ShortNoticeReason, string(h.Status), dbTime(h.ListedAt), h.ListedBy)
	if err != nil {
		return fmt.Errorf("insert hearing: %w", err)
	}
	for _, m := range h.Panel {
		_, err := tx.ExecContext(ctx, `INSERT INTO hearing_panel (hearing_id, user_id, kind, profession_code,
			legally_qualified) VALUES ($1, $2, $3, $4, $5)`,
			h.ID, m.UserID, string(m.Kind), nullString(m.ProfessionCode), m.LegallyQualified)
		if err != nil {
			return fmt.Errorf("insert panel member %s of hearing %s: %w", m.UserID, h.ID, err)
		}
	}
	return nil
}

// hearingColumns are the columns scanned by scanHearing, in order.
const hearingColumns = `h.id, h.case_id, h.kind, h.committee, h.starts_at, h.ends_on, h.is_remote, h.venue,
	h.privacy, h.short_notice_agreed, h.short_notice_reason, h.status, h.listed_at, h.listed_by`

func scanHearing(row interface{ Scan(...any) error }) (fitness.Hearing, error) {
	var h fitness.Hearing
	var kind, committee, end, privacy, status string
	err := row.Scan(&h.ID, &h.CaseID, &kind, &committee, &h.Start, &end, &h.Remote, &h.Venue, &privacy,
		&h.ShortNoticeAgreed, &h.ShortNoticeReason, &status, &h.ListedAt, &h.ListedBy)
	if err != nil {
		return h, err
	}
	h.Kind, h.Committee, h.Privacy, h.Status = fitness.HearingKind(kind), fitness.Committee(committee),
		fitness.Privacy(privacy), fitness.HearingStatus(status)
	h.Start, h.ListedAt = h.Start.UTC(), h.ListedAt.UTC()
	h.End, err = parseDate(end)
	return h, err
}

// loadHearing loads a hearing with its panel; ENotFound when there is none.
func loadHearing(ctx context.Context, q querier, id string) (fitness.Hearing, error) {
	h, err := scanHearing(q.QueryRowContext(ctx, `SELECT `+hearingColumns+` FROM hearings h WHERE h.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, errHearingNotFound
	} else if err != nil {
		return h, fmt.Errorf("load hearing %s: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT hp.user_id, u.name, hp.kind, COALESCE(hp.profession_code, ''),
		hp.legally_qualified FROM hearing_panel hp JOIN users u ON u.id = hp.user_id WHERE hp.hearing_id = $1
		ORDER BY CASE hp.kind WHEN 'chair' THEN 1 WHEN 'lay' THEN 2 ELSE 3 END, u.name`, id)
	if err != nil {
		return h, fmt.Errorf("load panel of hearing %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m fitness.PanelMember
		var kind string
		if err := rows.Scan(&m.UserID, &m.Name, &kind, &m.ProfessionCode, &m.LegallyQualified); err != nil {
			return h, fmt.Errorf("load panel of hearing %s: %w", id, err)
		}
		m.Kind = fitness.PanelKind(kind)
		h.Panel = append(h.Panel, m)
	}
	return h, rows.Err()
}

// FindHearing returns a hearing of a case actor may see, or ENotFound.
func (s *HearingService) FindHearing(ctx context.Context, actor fitness.Actor, id string) (fitness.Hearing, error) {
	q := s.db.Reader()
	h, err := loadHearing(ctx, q, id)
	if err != nil {
		return h, err
	}
	if _, err := s.readableCase(ctx, q, actor, h.CaseID); err != nil {
		return fitness.Hearing{}, errHearingNotFound
	}
	return h, nil
}

// CaseHearings returns the hearings of a case, soonest first.
func (s *HearingService) CaseHearings(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Hearing, error) {
	q := s.db.Reader()
	c, err := s.readableCase(ctx, q, actor, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT h.id FROM hearings h WHERE h.case_id = $1 ORDER BY h.starts_at, h.id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("hearings of case %s: %w", c.ID, err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("hearings of case %s: %w", c.ID, err)
	}
	out := make([]fitness.Hearing, 0, len(ids))
	for _, id := range ids {
		h, err := loadHearing(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// scanIDs reads one id per row and closes rows.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
