package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

var _ fitness.RegistrantService = (*RegistrantService)(nil)

// RegistrantService stores the register: professions, registrants,
// employers and employments. It implements fitness.RegistrantService.
type RegistrantService struct {
	db     *DB
	search registrantSearcher
	names  nameIndexCache
}

// NewRegistrantService returns the register on db, with the search of db's engine.
func NewRegistrantService(db *DB) *RegistrantService {
	return &RegistrantService{db: db, search: newRegistrantSearcher(db)}
}

// EnsureProfessions inserts each profession, or updates its name and prefix
// when its code is already stored, in one transaction. migrate, serve and
// seed call it, so the professions are data rather than a migration.
func EnsureProfessions(ctx context.Context, db *DB, ps []fitness.Profession) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		for _, p := range ps {
			_, err := tx.ExecContext(ctx, `INSERT INTO professions (code, name, prefix) VALUES ($1, $2, $3)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix`,
				p.Code, p.Name, strings.ToUpper(p.Prefix))
			if err != nil {
				return fmt.Errorf("ensure profession %s: %w", p.Code, err)
			}
		}
		return nil
	})
}

// hitSelect selects a registrant with its profession's name; scanHit reads it.
const hitSelect = `SELECT r.id, r.number, r.profession_code, r.given_names, r.family_name, r.status,
	r.registered_since, r.town, r.annotations, p.name
	FROM registrants r JOIN professions p ON p.code = r.profession_code `

type hitScanner interface{ Scan(dest ...any) error }

func scanHit(sc hitScanner) (fitness.RegistrantHit, error) {
	var h fitness.RegistrantHit
	var since, notes string
	r := &h.Registrant
	err := sc.Scan(&r.ID, &r.Number, &r.ProfessionCode, &r.GivenNames, &r.FamilyName, &r.Status,
		&since, &r.Town, &notes, &h.ProfessionName)
	if err != nil {
		return h, err
	}
	if r.RegisteredSince, err = parseDate(since); err != nil {
		return h, fmt.Errorf("registrant %s: registered_since: %w", r.ID, err)
	}
	if notes != "" {
		r.Annotations = strings.Split(notes, "\n")
	}
	return h, nil
}

func scanHits(rows *sql.Rows) ([]fitness.RegistrantHit, error) {
	defer rows.Close()
	var hs []fitness.RegistrantHit
	for rows.Next() {
		h, err := scanHit(rows)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

// findHit returns the one registrant matching where, or ENotFound with msg.
func (s *RegistrantService) findHit(ctx context.Context, where string, arg any, msg string) (fitness.RegistrantHit, error) {
	h, err := scanHit(s.db.read.QueryRowContext(ctx, hitSelect+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return h, fitness.Errorf(fitness.ENotFound, "%s", msg)
	}
	if err != nil {
		return h, fmt.Errorf("find registrant: %w", err)
	}
	return h, nil
}

// FindRegistrant returns the registrant with id, or ENotFound.
func (s *RegistrantService) FindRegistrant(ctx context.Context, id string) (fitness.Registrant, error) {
	h, err := s.findHit(ctx, "WHERE r.id = $1", id, "There is no registrant with that reference")
	return h.Registrant, err
}

// FindRegistrantByNumber returns the registrant with the registration
// number, ignoring case and surrounding space, or ENotFound.
func (s *RegistrantService) FindRegistrantByNumber(ctx context.Context, number string) (fitness.Registrant, error) {
	h, err := s.findHitByNumber(ctx, number)
	return h.Registrant, err
}

func (s *RegistrantService) findHitByNumber(ctx context.Context, number string) (fitness.RegistrantHit, error) {
	number = strings.TrimSpace(number)
	return s.findHit(ctx, "WHERE lower(r.number) = lower($1)", number,
		fmt.Sprintf("There is no registrant with the registration number %s", strings.ToUpper(number)))
}

// Employments returns a registrant's employments, newest start first.
func (s *RegistrantService) Employments(ctx context.Context, registrantID string) ([]fitness.Employment, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT e.id, e.registrant_id, e.employer_id, m.name, e.role,
		e.start_date, COALESCE(e.end_date, '')
		FROM employments e JOIN employers m ON m.id = e.employer_id
		WHERE e.registrant_id = $1 ORDER BY e.start_date DESC, e.id DESC`, registrantID)
	if err != nil {
		return nil, fmt.Errorf("employments of %s: %w", registrantID, err)
	}
	defer rows.Close()
	var es []fitness.Employment
	for rows.Next() {
		var e fitness.Employment
		var from, to string
		if err := rows.Scan(&e.ID, &e.RegistrantID, &e.EmployerID, &e.EmployerName, &e.Role, &from, &to); err != nil {
			return nil, fmt.Errorf("employments of %s: %w", registrantID, err)
		}
		if e.From, err = parseDate(from); err == nil {
			e.To, err = parseDate(to)
		}
		if err != nil {
			return nil, fmt.Errorf("employment %s: %w", e.ID, err)
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// Professions returns every profession by name.
func (s *RegistrantService) Professions(ctx context.Context) ([]fitness.Profession, error) {
	return professions(ctx, s.db.read)
}

type registerQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func professions(ctx context.Context, q registerQuerier) ([]fitness.Profession, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, name, prefix FROM professions ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("professions: %w", err)
	}
	defer rows.Close()
	var ps []fitness.Profession
	for rows.Next() {
		var p fitness.Profession
		if err := rows.Scan(&p.Code, &p.Name, &p.Prefix); err != nil {
			return nil, fmt.Errorf("professions: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// CreateEmployer stores a new employer and returns it with its ID.
func (s *RegistrantService) CreateEmployer(ctx context.Context, e fitness.Employer) (fitness.Employer, error) {
	if err := checkEmployer(&e); err != nil {
		return e, err
	}
	e.ID = newID()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error { return insertEmployers(ctx, s.db.Engine, tx, []fitness.Employer{e}) })
	return e, err
}

// CreateRegistrant checks and stores a new registrant and returns it with
// its ID. A registration number already on the register is EConflict.
func (s *RegistrantService) CreateRegistrant(ctx context.Context, r fitness.Registrant) (fitness.Registrant, error) {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ps, err := professions(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkRegistrant(&r, professionsByCode(ps)).Err(); err != nil {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM registrants WHERE lower(number) = lower($1)`, r.Number).Scan(&one)
		if err == nil {
			return numberTaken(r.Number)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("check number %s: %w", r.Number, err)
		}
		r.ID = newID()
		return insertRegistrants(ctx, s.db.Engine, tx, []fitness.Registrant{r})
	})
	if isUniqueViolation(err) {
		return r, numberTaken(r.Number)
	}
	return r, err
}

func numberTaken(number string) error {
	return &fitness.Error{Code: fitness.EConflict,
		Message: fmt.Sprintf("The registration number %s is already on the register", number),
		Fields:  map[string]string{"number": fmt.Sprintf("%s is already on the register", number)}}
}

// AddEmployment checks and stores a period of employment and returns it
// with its ID and the employer's name. To may be zero (still employed) but
// never before From.
func (s *RegistrantService) AddEmployment(ctx context.Context, e fitness.Employment) (fitness.Employment, error) {
	fe := checkEmployment(&e)
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if e.RegistrantID != "" {
			var one int
			if tx.QueryRowContext(ctx, `SELECT 1 FROM registrants WHERE id = $1`, e.RegistrantID).Scan(&one) != nil {
				fe.Add("registrant", "Choose a registrant on the register")
			}
		}
		if e.EmployerID != "" {
			if tx.QueryRowContext(ctx, `SELECT name FROM employers WHERE id = $1`, e.EmployerID).Scan(&e.EmployerName) != nil {
				fe.Add("employer", "Choose an employer we know")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		e.ID = newID()
		return insertEmployments(ctx, s.db.Engine, tx, []fitness.Employment{e})
	})
	return e, err
}
