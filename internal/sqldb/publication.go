package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"fitness/internal/fitness"
)

var errPublicationNotFound = fitness.Errorf(fitness.ENotFound, "Page not found")

// errNoCasePublication answers staff who ask for a publication that is not
// the case's, or of a case they may not see.
var errNoCasePublication = fitness.Errorf(fitness.ENotFound, "There is no such publication on this case")

// insertPublication stores a listing or decision to be published.
func insertPublication(ctx context.Context, tx *sql.Tx, p fitness.Publication) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO publications (id, case_id, hearing_id, decision_id, kind, outcome, due_on,
		published_at, take_down_at, redacted_text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.ID, p.CaseID, p.HearingID, nullString(p.DecisionID), string(p.Kind), p.Outcome, dateText(p.DueBy),
		nullTime(p.PublishedAt), nullTime(p.TakeDownAt), p.Text, dbTime(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert publication: %w", err)
	}
	return nil
}

// publicationColumns are the columns scanned by scanPublication, in order.
const publicationColumns = `p.id, p.case_id, p.hearing_id, COALESCE(p.decision_id, ''), p.kind, p.outcome, p.due_on,
	p.published_at, p.take_down_at, p.redacted_text, p.created_at`

func scanPublication(row interface{ Scan(...any) error }) (fitness.Publication, error) {
	var p fitness.Publication
	var kind, due string
	var published, takeDown sql.NullTime
	err := row.Scan(&p.ID, &p.CaseID, &p.HearingID, &p.DecisionID, &kind, &p.Outcome, &due, &published, &takeDown,
		&p.Text, &p.CreatedAt)
	if err != nil {
		return p, err
	}
	p.Kind, p.PublishedAt, p.TakeDownAt, p.CreatedAt = fitness.PublicationKind(kind), timeOf(published), timeOf(takeDown), p.CreatedAt.UTC()
	p.DueBy, err = parseDate(due)
	return p, err
}

// CasePublications returns what a case has published, or will, newest
// first.
func (s *HearingService) CasePublications(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Publication, error) {
	q := s.db.Reader()
	c, err := s.readableCase(ctx, q, actor, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+publicationColumns+` FROM publications p WHERE p.case_id = $1
		ORDER BY p.created_at, p.kind, p.id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("publications of case %s: %w", c.ID, err)
	}
	defer rows.Close()
	var out []fitness.Publication
	for rows.Next() {
		p, err := scanPublication(rows)
		if err != nil {
			return nil, fmt.Errorf("publications of case %s: %w", c.ID, err)
		}
		out = append(out, p)
	}
	slices.Reverse(out)
	return out, rows.Err()
}

// PublishDecision publishes a decision of the case caseID at version, to
// be taken down after the publication period for its outcome, recording it
// on the case: by the process's action while the case is open, else by an
// event. A publication of another case is not found.
func (s *HearingService) PublishDecision(ctx context.Context, actor fitness.Actor, caseID, publicationID string, version int) (fitness.Publication, error) {
	var out fitness.Publication
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		p, err := scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationColumns+` FROM publications p
			WHERE p.id = $1 AND p.case_id = $2`, publicationID, caseID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoCasePublication
		} else if err != nil {
			return fmt.Errorf("load publication %s: %w", publicationID, err)
		}
		c, err := s.writableCase(ctx, tx, actor, p.CaseID, version)
		if errors.Is(err, errCaseNotFound) {
			return errNoCasePublication
		} else if err != nil {
			return err
		}
		if err := requireHearingsOfficer(actor, "publish a decision"); err != nil {
			return err
		}
		now := s.now()
		if out, err = p.Publish(s.rules(), now); err != nil {
			return err
		}
		def, _ := s.cases.process.Action(fitness.ActionPublishDecision)
		if slices.Contains(def.From, c.Stage) {
			_, err = s.applySteps(ctx, tx, actor, c, []fitness.ProcessStep{{Action: fitness.ActionPublishDecision}})
		} else {
			_, err = appendEvents(ctx, tx, c, fitness.Event{CaseID: c.ID, Type: fitness.EventDecisionPublished,
				ActorID: actor.UserID, ActorName: actor.Name, OnBehalfOf: actor.OnBehalfOf, At: now})
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE publications SET published_at = $1, take_down_at = $2 WHERE id = $3`,
			out.PublishedAt, nullTime(out.TakeDownAt), out.ID)
		if err != nil {
			return fmt.Errorf("publish %s: %w", out.ID, err)
		}
		return nil
	})
	if err != nil {
		return fitness.Publication{}, fmt.Errorf("publish decision %s: %w", publicationID, err)
	}
	return out, nil
}

// visible is the SQL condition under which publication p of hearing h is
// on the public site at $1: published, not taken down, and never an
// Investigating Committee matter.
const visible = `p.published_at IS NOT NULL AND p.published_at <= $1
	AND (p.take_down_at IS NULL OR p.take_down_at > $1) AND h.committee <> 'investigating'`

// publicListingColumns are the columns scanned by scanPublicListing.
const publicListingColumns = `h.id, h.case_id, h.kind, h.committee, h.starts_at, h.ends_on, h.is_remote, h.venue,
	h.privacy, r.given_names, r.family_name, r.number, r.town, pr.name,
	COALESCE((SELECT d.id FROM publications d WHERE d.hearing_id = h.id
		AND d.kind = 'decision' AND d.published_at IS NOT NULL AND d.published_at <= $1
		AND (d.take_down_at IS NULL OR d.take_down_at > $1)), '')`

// publicListingFrom joins a listing to its hearing, case, registrant and
// profession.
const publicListingFrom = ` FROM publications p JOIN hearings h ON h.id = p.hearing_id JOIN cases c ON c.id = p.case_id
	JOIN registrants r ON r.id = c.registrant_id JOIN professions pr ON pr.code = r.profession_code
	WHERE p.kind = 'listing' AND ` + visible

func scanPublicListing(row interface{ Scan(...any) error }) (fitness.PublicListing, string, error) {
	var l fitness.PublicListing
	var caseID, kind, committee, end, privacy, given, family string
	err := row.Scan(&l.HearingID, &caseID, &kind, &committee, &l.Start, &end, new(bool), &l.Place, &privacy,
		&given, &family, &l.RegistrationNumber, &l.Town, &l.ProfessionName, &l.DecisionID)
	if err != nil {
		return l, "", err
	}
	l.Kind, l.Committee, l.Privacy, l.Name = fitness.HearingKind(kind), fitness.Committee(committee),
		fitness.Privacy(privacy), given+" "+family
	l.Start = l.Start.UTC()
	l.End, err = parseDate(end)
	return l, caseID, err
}

// PublicListings returns the hearings listed on the public site at now,
// soonest first.
func (s *HearingService) PublicListings(ctx context.Context, now time.Time) ([]fitness.PublicListing, error) {
	q := s.db.Reader()
	rows, err := q.QueryContext(ctx, `SELECT `+publicListingColumns+publicListingFrom+` ORDER BY h.starts_at, h.id`, dbTime(now))
	if err != nil {
		return nil, fmt.Errorf("public listings: %w", err)
	}
	var out []fitness.PublicListing
	var cases []string
	for rows.Next() {
		l, caseID, err := scanPublicListing(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("public listings: %w", err)
		}
		out, cases = append(out, l), append(cases, caseID)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("public listings: %w", err)
	}
	for i := range out {
		if err := s.publicDetails(ctx, q, &out[i], cases[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PublicListing returns one hearing listed at now, or ENotFound.
func (s *HearingService) PublicListing(ctx context.Context, hearingID string, now time.Time) (fitness.PublicListing, error) {
	q := s.db.Reader()
	l, caseID, err := scanPublicListing(q.QueryRowContext(ctx, `SELECT `+publicListingColumns+publicListingFrom+
		` AND h.id = $2`, dbTime(now), hearingID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, errPublicationNotFound
	} else if err != nil {
		return l, fmt.Errorf("public listing %s: %w", hearingID, err)
	}
	return l, s.publicDetails(ctx, q, &l, caseID)
}

// publicDetails fills in where the hearing is and, unless it is held in
// private, the allegation as it now stands.
func (s *HearingService) publicDetails(ctx context.Context, q querier, l *fitness.PublicListing, caseID string) error {
	h, err := loadHearing(ctx, q, l.HearingID)
	if err != nil {
		return err
	}
	l.Place = h.Place()
	if l.Privacy == fitness.PrivacyPrivate {
		return nil
	}
	versions, err := allegationVersions(ctx, q, caseID)
	if err != nil || len(versions) == 0 {
		return err
	}
	al := versions[len(versions)-1]
	l.Allegation, l.AsAmended = al.Text(), al.Version > 1
	return nil
}

// PublicDecision returns a decision published at now, or ENotFound.
func (s *HearingService) PublicDecision(ctx context.Context, id string, now time.Time) (fitness.PublicDecision, error) {
	var d fitness.PublicDecision
	var kind, committee, outcome, given, family string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT p.id, p.hearing_id, h.kind, h.committee, p.outcome,
		p.redacted_text, p.published_at, r.given_names, r.family_name, r.number, r.town, pr.name
		FROM publications p JOIN hearings h ON h.id = p.hearing_id JOIN cases c ON c.id = p.case_id
		JOIN registrants r ON r.id = c.registrant_id JOIN professions pr ON pr.code = r.profession_code
		WHERE p.kind = 'decision' AND p.id = $2 AND `+visible, dbTime(now), id).Scan(
		&d.ID, &d.HearingID, &kind, &committee, &outcome, &d.Text, &d.PublishedAt, &given, &family,
		&d.RegistrationNumber, &d.Town, &d.ProfessionName)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errPublicationNotFound
	} else if err != nil {
		return d, fmt.Errorf("public decision %s: %w", id, err)
	}
	d.Kind, d.Committee, d.Name, d.PublishedAt = fitness.HearingKind(kind), fitness.Committee(committee), given+" "+family, d.PublishedAt.UTC()
	d.Outcome = fitness.PublishedOutcomeLabel(outcome)
	return d, nil
}
