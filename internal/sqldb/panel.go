package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"fitness/internal/fitness"
)

var _ fitness.PanelService = (*PanelService)(nil)

// PanelService keeps panel members' profiles and their declared conflicts.
// It implements [fitness.PanelService].
type PanelService struct {
	db  *DB
	now func() time.Time
}

// NewPanelService returns the panel service on db; now is the clock.
func NewPanelService(db *DB, now func() time.Time) *PanelService {
	return &PanelService{db: db, now: now}
}

// panelMemberSelect selects the columns scanned by scanPanelMember.
const panelMemberSelect = `SELECT pm.user_id, u.name, pm.kind, COALESCE(pm.profession_code, ''),
	pm.legally_qualified FROM panel_members pm JOIN users u ON u.id = pm.user_id`

func scanPanelMember(row interface{ Scan(...any) error }) (fitness.PanelMember, error) {
	var m fitness.PanelMember
	var kind string
	err := row.Scan(&m.UserID, &m.Name, &kind, &m.ProfessionCode, &m.LegallyQualified)
	m.Kind = fitness.PanelKind(kind)
	return m, err
}

// PanelMembers returns the profiles of active users, by name.
func (s *PanelService) PanelMembers(ctx context.Context) ([]fitness.PanelMember, error) {
	return panelMembers(ctx, s.db.Reader(), ` WHERE u.active ORDER BY u.name, u.id`)
}

// panelMembers runs panelMemberSelect with the rest of the query.
func panelMembers(ctx context.Context, q querier, rest string, args ...any) ([]fitness.PanelMember, error) {
	rows, err := q.QueryContext(ctx, panelMemberSelect+rest, args...)
	if err != nil {
		return nil, fmt.Errorf("panel members: %w", err)
	}
	defer rows.Close()
	var out []fitness.PanelMember
	for rows.Next() {
		m, err := scanPanelMember(rows)
		if err != nil {
			return nil, fmt.Errorf("panel members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindPanelMember returns the profile of the user, or ENotFound.
func (s *PanelService) FindPanelMember(ctx context.Context, userID string) (fitness.PanelMember, error) {
	m, err := scanPanelMember(s.db.Reader().QueryRowContext(ctx, panelMemberSelect+` WHERE pm.user_id = $1`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fitness.Errorf(fitness.ENotFound, "Panel member not found")
	} else if err != nil {
		return m, fmt.Errorf("load panel member %s: %w", userID, err)
	}
	return m, nil
}

// SavePanelMember creates or replaces a user's profile. Only those who
// arrange meetings may; the user must be active and hold the panel member
// role.
func (s *PanelService) SavePanelMember(ctx context.Context, actor fitness.Actor, m fitness.PanelMember) (fitness.PanelMember, error) {
	if !decide(actor, fitness.PermMeetingManage, fitness.Resource{}).Allow {
		return m, fitness.Errorf(fitness.EForbidden, "You cannot change panel members")
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ps, err := professions(ctx, tx)
		if err != nil {
			return err
		}
		fe := fitness.FieldErrors{}
		if m, err = m.Validate(ps); err != nil {
			for k, v := range fitness.ErrorFields(err) {
				fe.Add(k, v)
			}
		}
		if m.UserID != "" {
			err := tx.QueryRowContext(ctx, `SELECT u.name FROM users u JOIN user_roles r ON r.user_id = u.id
				WHERE u.id = $1 AND u.active AND r.role = $2`, m.UserID, string(fitness.RolePanelMember)).Scan(&m.Name)
			if errors.Is(err, sql.ErrNoRows) {
				fe.Add("user", "Select an active user who holds the panel member role")
			} else if err != nil {
				return fmt.Errorf("check user %s: %w", m.UserID, err)
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO panel_members (user_id, kind, profession_code, legally_qualified, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind,
			profession_code = excluded.profession_code, legally_qualified = excluded.legally_qualified,
			updated_at = excluded.updated_at`,
			m.UserID, string(m.Kind), nullString(m.ProfessionCode), m.LegallyQualified, dbTime(s.now()))
		if err != nil {
			return fmt.Errorf("save panel member %s: %w", m.UserID, err)
		}
		return nil
	})
	return m, err
}

// DeclareConflict records a conflict, which takes effect at once: from the
// next request on, the user is excluded from every case it applies to.
// Anyone who may declare conflicts may declare their own; those who
// arrange meetings may record one for anyone. CaseID may be a reference
// and RegistrantID a registration number.
func (s *PanelService) DeclareConflict(ctx context.Context, actor fitness.Actor, x fitness.Conflict) (fitness.Conflict, error) {
	if !decide(actor, fitness.PermConflictCreate, fitness.Resource{}).Allow ||
		(x.UserID != actor.UserID && !decide(actor, fitness.PermMeetingManage, fitness.Resource{}).Allow) {
		return x, fitness.Errorf(fitness.EForbidden, "You can only declare your own conflicts")
	}
	x.Reason = strings.TrimSpace(x.Reason)
	x.CaseID, x.RegistrantID, x.EmployerID = strings.TrimSpace(x.CaseID), strings.TrimSpace(x.RegistrantID), strings.TrimSpace(x.EmployerID)
	if err := x.Validate(); err != nil {
		return x, err
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := resolveConflict(ctx, tx, &x); err != nil {
			return err
		}
		x.ID, x.DeclaredAt, x.DeclaredBy = newID(), dbTime(s.now()), actor.UserID
		_, err := tx.ExecContext(ctx, `INSERT INTO conflicts (id, user_id, case_id, registrant_id, employer_id,
			reason, declared_at, declared_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			x.ID, x.UserID, nullString(x.CaseID), nullString(x.RegistrantID), nullString(x.EmployerID),
			x.Reason, x.DeclaredAt, x.DeclaredBy)
		if err != nil {
			return fmt.Errorf("insert conflict: %w", err)
		}
		return nil
	})
	return x, err
}

// resolveConflict checks the user and turns a case reference and a
// registration number into ids, filling in the words for what the
// conflict is with.
func resolveConflict(ctx context.Context, tx *sql.Tx, x *fitness.Conflict) error {
	fe := fitness.FieldErrors{}
	if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1 AND active`, x.UserID).Scan(&x.UserName); errors.Is(err, sql.ErrNoRows) {
		fe.Add("user", "Select who has the conflict")
	} else if err != nil {
		return fmt.Errorf("check user %s: %w", x.UserID, err)
	}
	var q, field, msg, given string
	switch {
	case x.CaseID != "":
		q, field, given = `SELECT id, reference FROM cases WHERE id = $1 OR reference = upper($1)`, "case", x.CaseID
		msg = "There is no case " + given
	case x.RegistrantID != "":
		q, field, given = `SELECT id, given_names || ' ' || family_name || ' (' || number || ')' FROM registrants
			WHERE id = $1 OR lower(number) = lower($1)`, "registrant", x.RegistrantID
		msg = "No one on the register has the registration number " + given
	default:
		q, field, given = `SELECT id, name FROM employers WHERE id = $1`, "employer", x.EmployerID
		msg = "Select an employer from the list"
	}
	var id string
	if err := tx.QueryRowContext(ctx, q, given).Scan(&id, &x.Subject); errors.Is(err, sql.ErrNoRows) {
		fe.Add(field, msg)
	} else if err != nil {
		return fmt.Errorf("find %s %s: %w", field, given, err)
	}
	switch field {
	case "case":
		x.CaseID = id
	case "registrant":
		x.RegistrantID = id
	default:
		x.EmployerID = id
	}
	return fe.Err()
}

// Conflicts returns the conflicts of a user ("" for everyone's), newest
// first, each with what it is with in words.
func (s *PanelService) Conflicts(ctx context.Context, userID string) ([]fitness.Conflict, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT x.id, x.user_id, u.name, COALESCE(x.case_id, ''),
		COALESCE(x.registrant_id, ''), COALESCE(x.employer_id, ''),
		COALESCE(c.reference, r.given_names || ' ' || r.family_name || ' (' || r.number || ')', e.name, ''),
		x.reason, x.declared_at, x.declared_by
		FROM conflicts x JOIN users u ON u.id = x.user_id LEFT JOIN cases c ON c.id = x.case_id
		LEFT JOIN registrants r ON r.id = x.registrant_id LEFT JOIN employers e ON e.id = x.employer_id
		WHERE $1 = '' OR x.user_id = $1 ORDER BY x.declared_at DESC, x.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	defer rows.Close()
	var out []fitness.Conflict
	for rows.Next() {
		var x fitness.Conflict
		if err := rows.Scan(&x.ID, &x.UserID, &x.UserName, &x.CaseID, &x.RegistrantID, &x.EmployerID,
			&x.Subject, &x.Reason, &x.DeclaredAt, &x.DeclaredBy); err != nil {
			return nil, fmt.Errorf("conflicts: %w", err)
		}
		x.DeclaredAt = x.DeclaredAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}

// Employers returns every employer by name.
func (s *PanelService) Employers(ctx context.Context) ([]fitness.Employer, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, name, kind, town FROM employers ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("employers: %w", err)
	}
	defer rows.Close()
	var out []fitness.Employer
	for rows.Next() {
		var e fitness.Employer
		if err := rows.Scan(&e.ID, &e.Name, &e.Kind, &e.Town); err != nil {
			return nil, fmt.Errorf("employers: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
