package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"fitness/internal/fitness"
)

var _ fitness.AllegationService = (*AllegationService)(nil)

// AllegationService keeps every version of each case's allegation. It
// implements [fitness.AllegationService].
type AllegationService struct {
	investigation
}

// NewAllegationService returns an allegation service on db; now is the
// clock.
func NewAllegationService(db *DB, now func() time.Time) *AllegationService {
	return &AllegationService{newInvestigation(db, fitness.Rules{}, now)}
}

// allegationColumns are the columns scanned by scanAllegation, in order.
const allegationColumns = `case_id, version, stem, particulars, grounds, impairment, amended_at, amended_by,
	amended_by_name, reason`

func scanAllegation(row interface{ Scan(...any) error }) (fitness.Allegation, error) {
	var al fitness.Allegation
	var particulars, grounds string
	err := row.Scan(&al.CaseID, &al.Version, &al.Stem, &particulars, &grounds, &al.Impairment, &al.AmendedAt,
		&al.AmendedBy, &al.AmendedByName, &al.Reason)
	if err != nil {
		return al, err
	}
	al.AmendedAt = al.AmendedAt.UTC()
	if err := json.Unmarshal([]byte(particulars), &al.Particulars); err != nil {
		return al, fmt.Errorf("allegation %s v%d: particulars: %w", al.CaseID, al.Version, err)
	}
	for _, g := range strings.Split(grounds, ",") {
		if g != "" {
			al.Grounds = append(al.Grounds, fitness.Ground(g))
		}
	}
	return al, nil
}

// allegationVersions loads every version of a case's allegation, oldest
// first.
func allegationVersions(ctx context.Context, q querier, caseID string) ([]fitness.Allegation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+allegationColumns+` FROM allegation_versions
		WHERE case_id = $1 ORDER BY version`, caseID)
	if err != nil {
		return nil, fmt.Errorf("load allegation of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []fitness.Allegation
	for rows.Next() {
		al, err := scanAllegation(rows)
		if err != nil {
			return nil, fmt.Errorf("load allegation of case %s: %w", caseID, err)
		}
		out = append(out, al)
	}
	return out, rows.Err()
}

// CurrentAllegation returns the latest version of a case's allegation and
// records the read. ENotFound when there is none yet.
func (s *AllegationService) CurrentAllegation(ctx context.Context, actor fitness.Actor, caseID string) (fitness.Allegation, error) {
	vs, err := s.AllegationVersions(ctx, actor, caseID)
	if err != nil {
		return fitness.Allegation{}, err
	}
	if len(vs) == 0 {
		return fitness.Allegation{}, fitness.Errorf(fitness.ENotFound, "There is no allegation on this case yet")
	}
	return vs[len(vs)-1], nil
}

// AllegationVersions returns every version, oldest first, and records the
// read.
func (s *AllegationService) AllegationVersions(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Allegation, error) {
	c, err := s.viewCase(ctx, actor, caseID, "case.allegation")
	if err != nil {
		return nil, err
	}
	return allegationVersions(ctx, s.db.Reader(), c.ID)
}

// AmendAllegation records the next version of the allegation on the case
// at caseVersion, with its case event, in one transaction. It returns the
// new version and the case's new version.
func (s *AllegationService) AmendAllegation(ctx context.Context, actor fitness.Actor, caseID string, caseVersion int, in fitness.AllegationInput) (fitness.Allegation, int, error) {
	var out fitness.Allegation
	var version int
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := s.writeCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if c.Version != caseVersion {
			return fitness.Errorf(fitness.EConflict, "This case has changed since you opened it. Check the changes and try again.")
		}
		vs, err := allegationVersions(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		var prev fitness.Allegation
		if len(vs) > 0 {
			prev = vs[len(vs)-1]
		}
		al, err := fitness.NextAllegation(prev, c.ID, in, actor, dbTime(s.now()))
		if err != nil {
			return err
		}
		if err := insertAllegation(ctx, tx, al); err != nil {
			return err
		}
		next, err := appendEvents(ctx, tx, c, al.AmendedEvent(actor))
		out, version = al, next.Version
		return err
	})
	if err != nil {
		return fitness.Allegation{}, 0, fmt.Errorf("amend allegation of case %s: %w", caseID, err)
	}
	return out, version, nil
}

// insertAllegation stores one version.
func insertAllegation(ctx context.Context, tx *sql.Tx, al fitness.Allegation) error {
	particulars, err := json.Marshal(al.Particulars)
	if err != nil {
		return fmt.Errorf("encode particulars: %w", err)
	}
	grounds := make([]string, len(al.Grounds))
	for i, g := range al.Grounds {
		grounds[i] = string(g)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO allegation_versions (`+allegationColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, al.CaseID, al.Version, al.Stem, string(particulars),
		strings.Join(grounds, ","), al.Impairment, al.AmendedAt, al.AmendedBy, al.AmendedByName, al.Reason)
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "The allegation has changed since you opened it. Check the changes and try again.")
	} else if err != nil {
		return fmt.Errorf("insert allegation version %d: %w", al.Version, err)
	}
	return nil
}
