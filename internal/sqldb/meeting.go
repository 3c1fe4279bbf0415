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

var _ fitness.MeetingService = (*MeetingService)(nil)

// MeetingService arranges panel meetings, their panels, agendas and
// bundles, and records the panels' decisions through the case service in
// the same transaction. It implements [fitness.MeetingService].
type MeetingService struct {
	db    *DB
	cases *CaseService
}

// NewMeetingService returns the meeting service on db. Decisions are
// applied to cases by cases, under its process, rules and clock.
func NewMeetingService(db *DB, cases *CaseService) *MeetingService {
	return &MeetingService{db: db, cases: cases}
}

// errMeetingNotFound is the one answer for a meeting that does not exist
// and one the asker may not see.
var errMeetingNotFound = fitness.Errorf(fitness.ENotFound, "Meeting not found")

// maxMeetings is the most meetings a list returns.
const maxMeetings = 200

func (s *MeetingService) now() time.Time { return s.cases.now() }

// CreateMeeting arranges a meeting, with its panel when user ids are given
// (checked by [fitness.ValidatePanel]; no case is listed yet).
func (s *MeetingService) CreateMeeting(ctx context.Context, actor fitness.Actor, in fitness.MeetingInput) (fitness.Meeting, error) {
	if !decide(actor, fitness.PermMeetingManage, fitness.Resource{}).Allow {
		return fitness.Meeting{}, fitness.Errorf(fitness.EForbidden, "You cannot arrange meetings")
	}
	m, verr := in.Validate()
	fe := fitness.FieldErrors(fitness.ErrorFields(verr))
	if fe == nil {
		fe = fitness.FieldErrors{}
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		panel, err := resolvePanel(ctx, tx, in.Panel, fe)
		if err != nil {
			return err
		}
		if len(in.Panel) > 0 {
			mergeFields(fe, fitness.ValidatePanel(panel, fitness.Profession{}, nil))
		}
		if err := fe.Err(); err != nil {
			return err
		}
		m.ID, m.CreatedAt, m.CreatedBy, m.Panel = newID(), dbTime(s.now()), actor.UserID, panel
		_, err = tx.ExecContext(ctx, `INSERT INTO meetings (id, committee, meeting_on, is_private, is_remote, venue,
			created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			m.ID, string(m.Committee), dateText(m.Date), m.Private, m.Remote, m.Venue, m.CreatedAt, m.CreatedBy)
		if err != nil {
			return fmt.Errorf("insert meeting: %w", err)
		}
		return insertPanel(ctx, tx, m.ID, panel)
	})
	if err != nil {
		return fitness.Meeting{}, err
	}
	return m, nil
}

// mergeFields adds the field messages of err to fe.
func mergeFields(fe fitness.FieldErrors, err error) {
	for k, v := range fitness.ErrorFields(err) {
		fe.Add(k, v)
	}
}

// resolvePanel returns the profiles of the users with ids, in order,
// ignoring blanks; an id that is not an active panel member's adds a
// message to fe.
func resolvePanel(ctx context.Context, q querier, ids []string, fe fitness.FieldErrors) ([]fitness.PanelMember, error) {
	var out []fitness.PanelMember
	for _, id := range ids {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		m, err := scanPanelMember(q.QueryRowContext(ctx, panelMemberSelect+` WHERE pm.user_id = $1 AND u.active`, id))
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add("panel", "Select panel members from the list")
			continue
		} else if err != nil {
			return nil, fmt.Errorf("load panel member %s: %w", id, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// insertPanel stores the panel of a meeting, each member's seat as it is
// now.
func insertPanel(ctx context.Context, tx *sql.Tx, meetingID string, panel []fitness.PanelMember) error {
	for _, m := range panel {
		_, err := tx.ExecContext(ctx, `INSERT INTO meeting_panel (meeting_id, user_id, kind, profession_code,
			legally_qualified) VALUES ($1, $2, $3, $4, $5)`,
			meetingID, m.UserID, string(m.Kind), nullString(m.ProfessionCode), m.LegallyQualified)
		if err != nil {
			return fmt.Errorf("insert panel member %s of meeting %s: %w", m.UserID, meetingID, err)
		}
	}
	return nil
}

// loadMeeting loads a meeting with its panel and agenda; ENotFound when
// there is none.
func loadMeeting(ctx context.Context, q querier, id string) (fitness.Meeting, error) {
	var m fitness.Meeting
	var committee, on string
	err := q.QueryRowContext(ctx, `SELECT id, committee, meeting_on, is_private, is_remote, venue, created_at,
		created_by FROM meetings WHERE id = $1`, id).Scan(&m.ID, &committee, &on, &m.Private, &m.Remote,
		&m.Venue, &m.CreatedAt, &m.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return m, errMeetingNotFound
	} else if err != nil {
		return m, fmt.Errorf("load meeting %s: %w", id, err)
	}
	m.Committee, m.CreatedAt = fitness.Committee(committee), m.CreatedAt.UTC()
	if m.Date, err = parseDate(on); err != nil {
		return m, fmt.Errorf("meeting %s: date: %w", id, err)
	}
	m.Panel, err = meetingPanel(ctx, q, m.ID)
	if err != nil {
		return m, err
	}
	m.Cases, err = meetingAgenda(ctx, q, m.ID)
	return m, err
}

// meetingPanel loads the panel of a meeting: chair, lay member, registrant
// member.
func meetingPanel(ctx context.Context, q querier, meetingID string) ([]fitness.PanelMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT mp.user_id, u.name, mp.kind, COALESCE(mp.profession_code, ''),
		mp.legally_qualified FROM meeting_panel mp JOIN users u ON u.id = mp.user_id WHERE mp.meeting_id = $1
		ORDER BY CASE mp.kind WHEN 'chair' THEN 1 WHEN 'lay' THEN 2 ELSE 3 END, u.name, u.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("load panel of meeting %s: %w", meetingID, err)
	}
	defer rows.Close()
	var out []fitness.PanelMember
	for rows.Next() {
		m, err := scanPanelMember(rows)
		if err != nil {
			return nil, fmt.Errorf("load panel of meeting %s: %w", meetingID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// meetingAgenda loads the agenda of a meeting in order, with each case's
// decision by this meeting, if recorded.
func meetingAgenda(ctx context.Context, q querier, meetingID string) ([]fitness.AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.reference,
		COALESCE(r.given_names || ' ' || r.family_name, c.subject_name), COALESCE(r.number, ''),
		COALESCE(r.profession_code, ''), c.stage, COALESCE(d.outcome, '')
		FROM meeting_cases mc JOIN cases c ON c.id = mc.case_id
		LEFT JOIN registrants r ON r.id = c.registrant_id
		LEFT JOIN icp_decisions d ON d.meeting_id = mc.meeting_id AND d.case_id = mc.case_id
		WHERE mc.meeting_id = $1 ORDER BY mc.ordinal`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("load agenda of meeting %s: %w", meetingID, err)
	}
	defer rows.Close()
	var out []fitness.AgendaItem
	for rows.Next() {
		var a fitness.AgendaItem
		var stage, outcome string
		if err := rows.Scan(&a.CaseID, &a.Reference, &a.RegistrantName, &a.RegistrantNumber,
			&a.ProfessionCode, &stage, &outcome); err != nil {
			return nil, fmt.Errorf("load agenda of meeting %s: %w", meetingID, err)
		}
		a.Stage, a.Outcome = fitness.Stage(stage), fitness.ICPOutcome(outcome)
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindMeeting returns a meeting actor may see: any, for those who arrange
// meetings; those on whose panel they sit, for panel members.
func (s *MeetingService) FindMeeting(ctx context.Context, actor fitness.Actor, id string) (fitness.Meeting, error) {
	m, err := loadMeeting(ctx, s.db.Reader(), id)
	if err != nil {
		return fitness.Meeting{}, err
	}
	if !decide(actor, fitness.PermMeetingView, m.Resource()).Allow {
		return fitness.Meeting{}, errMeetingNotFound
	}
	return m, nil
}

// ListMeetings returns the meetings actor may see, latest first.
func (s *MeetingService) ListMeetings(ctx context.Context, actor fitness.Actor) ([]fitness.Meeting, error) {
	if !decide(actor, fitness.PermMeetingView, fitness.Resource{}).Allow {
		return nil, fitness.Errorf(fitness.EForbidden, "You cannot see meetings")
	}
	q := `SELECT id FROM meetings ORDER BY meeting_on DESC, id DESC LIMIT $1`
	args := []any{maxMeetings}
	if !decide(actor, fitness.PermMeetingView, fitness.Resource{Kind: "meeting"}).Allow {
		q = `SELECT m.id FROM meetings m JOIN meeting_panel mp ON mp.meeting_id = m.id
			WHERE mp.user_id = $2 ORDER BY m.meeting_on DESC, m.id DESC LIMIT $1`
		args = append(args, actor.UserID)
	}
	ids, err := queryStrings(ctx, s.db.Reader(), q, args...)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	out := make([]fitness.Meeting, 0, len(ids))
	for _, id := range ids {
		m, err := loadMeeting(ctx, s.db.Reader(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// manageable loads meeting id in tx for a change by actor: EForbidden
// unless actor arranges meetings.
func (s *MeetingService) manageable(ctx context.Context, tx *sql.Tx, actor fitness.Actor, id string) (fitness.Meeting, error) {
	if !decide(actor, fitness.PermMeetingManage, fitness.Resource{}).Allow {
		return fitness.Meeting{}, fitness.Errorf(fitness.EForbidden, "You cannot change meetings")
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM meetings WHERE id = $1`+s.db.forUpdate(), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.Meeting{}, errMeetingNotFound
	} else if err != nil {
		return fitness.Meeting{}, fmt.Errorf("lock meeting %s: %w", id, err)
	}
	return loadMeeting(ctx, tx, id)
}

// SetPanel chooses the panel of a meeting, checked by
// [fitness.ValidatePanel] against every undecided case on its agenda. A
// panel that has decided a case cannot be changed.
func (s *MeetingService) SetPanel(ctx context.Context, actor fitness.Actor, meetingID string, userIDs []string) (fitness.Meeting, error) {
	var out fitness.Meeting
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		m, err := s.manageable(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		for _, a := range m.Cases {
			if a.Outcome != "" {
				return fitness.Errorf(fitness.EConflict, "The panel has decided %s, so it cannot be changed", a.Reference)
			}
		}
		fe := fitness.FieldErrors{}
		panel, err := resolvePanel(ctx, tx, userIDs, fe)
		if err != nil {
			return err
		}
		mergeFields(fe, fitness.ValidatePanel(panel, fitness.Profession{}, nil))
		for _, a := range m.Cases {
			if err := checkPanelFor(ctx, tx, panel, a.CaseID, fe); err != nil {
				return err
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_panel WHERE meeting_id = $1`, m.ID); err != nil {
			return fmt.Errorf("clear panel of meeting %s: %w", m.ID, err)
		}
		if err := insertPanel(ctx, tx, m.ID, panel); err != nil {
			return err
		}
		out, err = loadMeeting(ctx, tx, m.ID)
		return err
	})
	return out, err
}

// checkPanelFor adds to fe what [fitness.ValidatePanel] says of panel for
// the case: its registrant's profession and the conflicts that apply.
func checkPanelFor(ctx context.Context, q querier, panel []fitness.PanelMember, caseID string, fe fitness.FieldErrors) error {
	var p fitness.Profession
	err := q.QueryRowContext(ctx, `SELECT p.code, p.name, p.prefix FROM cases c
		JOIN registrants r ON r.id = c.registrant_id JOIN professions p ON p.code = r.profession_code
		WHERE c.id = $1`, caseID).Scan(&p.Code, &p.Name, &p.Prefix)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("profession of case %s: %w", caseID, err)
	}
	ids, err := queryStrings(ctx, q, `SELECT DISTINCT x.user_id FROM conflicts x, cases c
		WHERE c.id = $1 AND `+conflictApplies, caseID)
	if err != nil {
		return fmt.Errorf("conflicts on case %s: %w", caseID, err)
	}
	conflicts := make([]fitness.Conflict, len(ids))
	for i, id := range ids {
		conflicts[i] = fitness.Conflict{UserID: id, CaseID: caseID}
	}
	mergeFields(fe, fitness.ValidatePanel(panel, p, conflicts))
	return nil
}

// AddCase puts a case (id or reference) at the end of the agenda: only a
// case at the Investigating Committee stage, which the actor may see, and
// for which the panel, once chosen, meets the composition rule and has no
// conflict. Its panel members may see the case from then on.
func (s *MeetingService) AddCase(ctx context.Context, actor fitness.Actor, meetingID, caseIDOrRef string) (fitness.Meeting, error) {
	var out fitness.Meeting
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		m, err := s.manageable(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		c, err := s.agendaCase(ctx, tx, actor, caseIDOrRef)
		if err != nil {
			return err
		}
		if err := m.CheckAgendaCase(s.cases.process, c); err != nil {
			return err
		}
		if len(m.Panel) > 0 {
			fe := fitness.FieldErrors{}
			if err := checkPanelFor(ctx, tx, m.Panel, c.ID, fe); err != nil {
				return err
			}
			if len(fe) > 0 {
				return panelProblem(c, fe)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO meeting_cases (meeting_id, case_id, ordinal, added_at, added_by)
			VALUES ($1, $2, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM meeting_cases WHERE meeting_id = $1), $3, $4)`,
			m.ID, c.ID, dbTime(s.now()), actor.UserID)
		if err != nil {
			return fmt.Errorf("add case %s to meeting %s: %w", c.Reference, m.ID, err)
		}
		out, err = loadMeeting(ctx, tx, m.ID)
		return err
	})
	return out, err
}

// agendaCase loads the case named for an agenda; one that does not exist
// or actor may not see is a field message on "case".
func (s *MeetingService) agendaCase(ctx context.Context, tx *sql.Tx, actor fitness.Actor, idOrRef string) (fitness.Case, error) {
	idOrRef = strings.TrimSpace(idOrRef)
	missing := &fitness.Error{Code: fitness.EInvalid, Message: "There is a problem with what you entered",
		Fields: map[string]string{"case": "Enter the reference of a case, like FTP-2026-00001"}}
	if idOrRef == "" {
		return fitness.Case{}, missing
	}
	missing.Fields["case"] = "There is no case " + idOrRef
	c, err := s.cases.lockedCase(ctx, tx, idOrRef)
	if fitness.ErrorCode(err) == fitness.ENotFound {
		return fitness.Case{}, missing
	} else if err != nil {
		return fitness.Case{}, err
	}
	res, err := caseResource(ctx, tx, c)
	if err != nil {
		return fitness.Case{}, err
	}
	if !decide(actor, fitness.PermCaseView, res).Allow {
		return fitness.Case{}, missing
	}
	return c, nil
}

// panelProblem turns the panel's problems with a case into one message on
// the "case" field: the panel is fixed, so the case cannot be listed.
func panelProblem(c fitness.Case, fe fitness.FieldErrors) error {
	var msgs []string
	for _, k := range []string{"chair", "lay", "registrant", "panel"} {
		if v, ok := fe[k]; ok {
			msgs = append(msgs, v)
		}
	}
	return &fitness.Error{Code: fitness.EInvalid, Message: "There is a problem with what you entered",
		Fields: map[string]string{"case": c.Reference + " cannot go before this panel: " + strings.Join(msgs, "; ")}}
}
