package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fitness/internal/fitness"
)

// scopeInsert stores, as the entries of snapshot $4, every employment with
// one of the inquiry's employers that overlaps its period: the SQL form of
// [fitness.EmploymentOverlaps] (start <= to AND (end IS NULL OR end >=
// from), inclusive dates stored as 'YYYY-MM-DD' text, which compares in
// date order), with the registrant's status now. $1 is the inquiry, $2 the
// first day of the period, $3 the last. The rows go from the query
// straight into the snapshot, without a trip through Go.
const scopeInsert = `INSERT INTO inquiry_scope_entries (run_id, employment_id, registrant_id, employer_id, role,
		start_date, end_date, registrant_status)
	SELECT CAST($4 AS TEXT), e.id, e.registrant_id, e.employer_id, e.role, e.start_date, COALESCE(e.end_date, ''), r.status
	FROM inquiry_employers ie
	JOIN employments e ON e.employer_id = ie.employer_id
	JOIN registrants r ON r.id = e.registrant_id
	WHERE ie.inquiry_id = $1 AND e.start_date <= $3 AND (e.end_date IS NULL OR e.end_date >= $2)`

// snapshotEntriesQuery reads the entries of a snapshot, $1, with the
// registrants' current numbers and names.
const snapshotEntriesQuery = `SELECT s.employment_id, s.registrant_id, r.number, r.given_names, r.family_name,
	s.registrant_status, s.employer_id, em.name, s.role, s.start_date, s.end_date
	FROM inquiry_scope_entries s
	JOIN registrants r ON r.id = s.registrant_id
	JOIN employers em ON em.id = s.employer_id
	WHERE s.run_id = $1`

// scanEntries reads rows of scopeQuery or snapshotEntriesQuery.
func scanEntries(ctx context.Context, q querier, query string, args ...any) ([]fitness.ScopeEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fitness.ScopeEntry
	for rows.Next() {
		var e fitness.ScopeEntry
		var given, family, status, from, to string
		if err := rows.Scan(&e.EmploymentID, &e.RegistrantID, &e.Number, &given, &family, &status, &e.EmployerID,
			&e.EmployerName, &e.Role, &from, &to); err != nil {
			return nil, err
		}
		e.Name, e.Status = given+" "+family, fitness.RegistrantStatus(status)
		if e.From, err = parseDate(from); err != nil {
			return nil, err
		}
		if e.To, err = parseDate(to); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RunScope finds everyone in scope now, stores the result as the next
// snapshot, and returns it with the difference from the previous one, all
// in one transaction.
func (s *InquiryService) RunScope(ctx context.Context, actor fitness.Actor, inquiryID string) (fitness.ScopeRun, error) {
	var run fitness.ScopeRun
	now := dbTime(s.now())
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		inq, err := s.mayInquiry(ctx, tx, actor, inquiryID, fitness.PermInquiryManage, "")
		if err != nil {
			return err
		}
		prev, err := latestSnapshot(ctx, tx, inq.ID, false)
		if err != nil && !errors.Is(err, errNoSnapshot) {
			return err
		}
		snap := fitness.ScopeSnapshot{ID: newID(), InquiryID: inq.ID, Seq: prev.Seq + 1, Rule: fitness.OverlapRule,
			TakenAt: now, TakenBy: actor.UserID, TakenByName: actor.Name}
		people, err := s.insertSnapshot(ctx, tx, &snap, inq)
		if err != nil {
			return err
		}
		if prev.Entries, err = previousEntries(ctx, tx, prev.ID, snap.Entries); err != nil {
			return err
		}
		run = fitness.ScopeRun{Snapshot: snap, Diff: fitness.DiffPeople(fitness.GroupScope(prev.Entries), people)}
		run.Diff.FromID, run.Diff.ToID = prev.ID, snap.ID
		return s.appendEvent(ctx, tx, inq.ID, fitness.InquiryEvent{Type: fitness.EventScopeRun,
			Payload: map[string]string{"snapshot": strconv.Itoa(snap.Seq), "rule": snap.Rule,
				"people": strconv.Itoa(snap.People), "added": strconv.Itoa(len(run.Diff.Added)),
				"removed": strconv.Itoa(len(run.Diff.Removed)), "changed": strconv.Itoa(len(run.Diff.Changed))}},
			actor, now)
	})
	if err != nil {
		return fitness.ScopeRun{}, fmt.Errorf("run scope: %w", err)
	}
	return run, nil
}

// insertSnapshot stores snap with the entries the scoping finds for inq,
// reads them back into snap and marks the inquiry scoped. It returns the
// entries grouped by person.
func (s *InquiryService) insertSnapshot(ctx context.Context, tx *sql.Tx, snap *fitness.ScopeSnapshot, inq fitness.Inquiry) ([]fitness.ScopePerson, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO inquiry_scope_runs (id, inquiry_id, seq, rule, taken_at, taken_by,
		taken_by_name, people) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)`, snap.ID, snap.InquiryID, snap.Seq, snap.Rule,
		snap.TakenAt, snap.TakenBy, snap.TakenByName); err != nil {
		return nil, fmt.Errorf("insert scope snapshot: %w", err)
	}
	if _, err := tx.ExecContext(ctx, scopeInsert, inq.ID, dateText(inq.From), dateText(inq.To), snap.ID); err != nil {
		return nil, fmt.Errorf("scope inquiry %s: %w", inq.ID, err)
	}
	var err error
	if snap.Entries, err = scanEntries(ctx, tx, snapshotEntriesQuery, snap.ID); err != nil {
		return nil, fmt.Errorf("read scope snapshot: %w", err)
	}
	people := fitness.GroupScope(snap.Entries)
	snap.People = len(people)
	if _, err := tx.ExecContext(ctx, `UPDATE inquiry_scope_runs SET people = $2 WHERE id = $1`, snap.ID, snap.People); err != nil {
		return nil, fmt.Errorf("count scope snapshot: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE inquiries SET last_scoped_at = $2 WHERE id = $1`, snap.InquiryID, snap.TakenAt)
	return people, err
}

// rawEntriesQuery reads what a snapshot, $1, stored of its entries,
// without the names snapshotEntriesQuery joins in: enough to compare.
const rawEntriesQuery = `SELECT s.employment_id, s.registrant_id, '', '', '', s.registrant_status, s.employer_id, '',
	s.role, s.start_date, s.end_date FROM inquiry_scope_entries s WHERE s.run_id = $1`

// previousEntries reads the entries of the previous snapshot id ("" for
// none) to compare with the new entries, taking names from those where
// the same person or employer appears and from the register otherwise (for
// the few who left the scope): a second join of every entry to the
// register was a third of a scope run.
func previousEntries(ctx context.Context, q querier, id string, known []fitness.ScopeEntry) ([]fitness.ScopeEntry, error) {
	if id == "" {
		return nil, nil
	}
	entries, err := scanEntries(ctx, q, rawEntriesQuery, id)
	if err != nil {
		return nil, fmt.Errorf("previous snapshot: %w", err)
	}
	people, employers := map[string]fitness.ScopeEntry{}, map[string]string{}
	for _, k := range known {
		people[k.RegistrantID], employers[k.EmployerID] = k, k.EmployerName
	}
	for i := range entries {
		e := &entries[i]
		k, ok := people[e.RegistrantID]
		if !ok {
			var given, family string
			if err := q.QueryRowContext(ctx, `SELECT number, given_names, family_name FROM registrants WHERE id = $1`,
				e.RegistrantID).Scan(&k.Number, &given, &family); err != nil {
				return nil, fmt.Errorf("registrant %s: %w", e.RegistrantID, err)
			}
			k.Name = given + " " + family
			people[e.RegistrantID] = k
		}
		name, ok := employers[e.EmployerID]
		if !ok {
			if err := q.QueryRowContext(ctx, `SELECT name FROM employers WHERE id = $1`, e.EmployerID).Scan(&name); err != nil {
				return nil, fmt.Errorf("employer %s: %w", e.EmployerID, err)
			}
			employers[e.EmployerID] = name
		}
		e.Number, e.Name, e.EmployerName = k.Number, k.Name, name
	}
	return entries, nil
}

// errNoSnapshot is the answer before an inquiry's first scope run.
var errNoSnapshot = fitness.Errorf(fitness.ENotFound, "The scope of this inquiry has not been run yet")

// snapshotColumns are the columns scanSnapshot reads.
const snapshotColumns = `id, inquiry_id, seq, rule, taken_at, taken_by, taken_by_name, people`

// scanSnapshot reads one row of snapshotColumns.
func scanSnapshot(row interface{ Scan(...any) error }) (fitness.ScopeSnapshot, error) {
	var s fitness.ScopeSnapshot
	err := row.Scan(&s.ID, &s.InquiryID, &s.Seq, &s.Rule, &s.TakenAt, &s.TakenBy, &s.TakenByName, &s.People)
	s.TakenAt = s.TakenAt.UTC()
	return s, err
}

// loadSnapshot reads the snapshot selected by where (on inquiry $1 and
// $2), with its entries when entries is set.
func loadSnapshot(ctx context.Context, q querier, where string, entries bool, args ...any) (fitness.ScopeSnapshot, error) {
	snap, err := scanSnapshot(q.QueryRowContext(ctx, `SELECT `+snapshotColumns+` FROM inquiry_scope_runs
		WHERE inquiry_id = $1 AND `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return fitness.ScopeSnapshot{}, errNoSnapshot
	}
	if err != nil || !entries {
		return snap, err
	}
	snap.Entries, err = scanEntries(ctx, q, snapshotEntriesQuery, snap.ID)
	return snap, err
}

// latestSnapshot reads the inquiry's latest snapshot; errNoSnapshot
// before the first run.
func latestSnapshot(ctx context.Context, q querier, inquiryID string, entries bool) (fitness.ScopeSnapshot, error) {
	return loadSnapshot(ctx, q, `seq = (SELECT MAX(seq) FROM inquiry_scope_runs WHERE inquiry_id = $1)`, entries, inquiryID)
}

// Snapshots lists the inquiry's snapshots, newest first, without entries.
func (s *InquiryService) Snapshots(ctx context.Context, actor fitness.Actor, inquiryID string) ([]fitness.ScopeSnapshot, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, ""); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+snapshotColumns+` FROM inquiry_scope_runs
		WHERE inquiry_id = $1 ORDER BY seq DESC`, inquiryID)
	if err != nil {
		return nil, fmt.Errorf("snapshots of inquiry %s: %w", inquiryID, err)
	}
	defer rows.Close()
	var out []fitness.ScopeSnapshot
	for rows.Next() {
		snap, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, snap)
	}
	return out, rows.Err()
}

// Snapshot returns one snapshot with its entries; "" means the latest.
func (s *InquiryService) Snapshot(ctx context.Context, actor fitness.Actor, inquiryID, snapshotID string) (fitness.ScopeSnapshot, error) {
	if _, err := s.mayInquiry(ctx, s.db.Reader(), actor, inquiryID, fitness.PermInquiryView, "inquiry.scope"); err != nil {
		return fitness.ScopeSnapshot{}, err
	}
	if snapshotID == "" {
		return latestSnapshot(ctx, s.db.Reader(), inquiryID, true)
	}
	return loadSnapshot(ctx, s.db.Reader(), `id = $2`, true, inquiryID, snapshotID)
}

// CompareSnapshots returns the difference from snapshot fromID to toID.
func (s *InquiryService) CompareSnapshots(ctx context.Context, actor fitness.Actor, inquiryID, fromID, toID string) (fitness.ScopeDiff, error) {
	from, err := s.Snapshot(ctx, actor, inquiryID, fromID)
	if err != nil {
		return fitness.ScopeDiff{}, err
	}
	to, err := s.Snapshot(ctx, actor, inquiryID, toID)
	if err != nil {
		return fitness.ScopeDiff{}, err
	}
	d := fitness.DiffScope(from.Entries, to.Entries)
	d.FromID, d.ToID = from.ID, to.ID
	return d, nil
}
