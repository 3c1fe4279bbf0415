package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"fitness/internal/fitness"
)

// eventHashVersion names the canonical encoding hashed for an event. A new
// encoding gets a new name; old events keep verifying under the old one.
const eventHashVersion = "fitness.event.v1"

// eventPayload returns the stored form of an event's payload: JSON with
// keys in sorted order (encoding/json sorts map keys), "{}" when empty.
func eventPayload(p map[string]string) (string, error) {
	if len(p) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(p)
	return string(b), err
}

// eventHash returns the hex SHA-256 of the canonical encoding of every
// stored field of e, with the payload as stored and prev_hash included:
// a JSON array of strings, which has exactly one encoding per value.
func eventHash(e fitness.Event, payload string) string {
	b, _ := json.Marshal([]string{
		eventHashVersion, e.ID, e.CaseID, strconv.Itoa(e.Seq), e.Type, e.ActorID, e.ActorName,
		e.OnBehalfOf, e.At.UTC().Format(time.RFC3339Nano), string(e.FromStage), string(e.ToStage),
		payload, e.Reason, e.ProcessVersion, e.PrevHash,
	})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// lastEventHash returns the hash of the latest event of a case, "" when it
// has none.
func lastEventHash(ctx context.Context, tx txExecer, caseID string) (string, error) {
	var h string
	err := tx.QueryRowContext(ctx, `SELECT hash FROM events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
		caseID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("load last event of case %s: %w", caseID, err)
	}
	return h, nil
}

// insertEvents stores events as the next links of a case's chain, which
// now ends at prevHash with seq firstSeq-1. It fills in ID, CaseID, Seq,
// PrevHash and Hash, and normalises At, and returns the stored events.
func insertEvents(ctx context.Context, tx execer, caseID string, firstSeq int, prevHash string, evs []fitness.Event) ([]fitness.Event, error) {
	out := make([]fitness.Event, len(evs))
	for i, e := range evs {
		e, row, err := sealEvent(e, caseID, firstSeq+i, prevHash)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO events (`+eventColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, row...)
		if isUniqueViolation(err) {
			return nil, errCaseChanged
		} else if err != nil {
			return nil, fmt.Errorf("insert event %d of case %s: %w", e.Seq, caseID, err)
		}
		out[i], prevHash = e, e.Hash
	}
	return out, nil
}

// sealEvent makes e the link of caseID's chain at seq after prevHash: it
// fills in ID (when empty), CaseID, Seq, PrevHash and Hash, and normalises
// At. It returns e and the values stored for it, one for each of
// eventColumns, in order.
func sealEvent(e fitness.Event, caseID string, seq int, prevHash string) (fitness.Event, []any, error) {
	if e.ID == "" {
		e.ID = newID()
	}
	e.CaseID, e.Seq, e.At, e.PrevHash = caseID, seq, dbTime(e.At), prevHash
	payload, err := eventPayload(e.Payload)
	if err != nil {
		return e, nil, fmt.Errorf("encode event payload: %w", err)
	}
	e.Hash = eventHash(e, payload)
	return e, []any{e.ID, e.CaseID, e.Seq, e.Type, e.ActorID, e.ActorName, e.OnBehalfOf, e.At,
		string(e.FromStage), string(e.ToStage), payload, e.Reason, e.ProcessVersion, e.PrevHash, e.Hash}, nil
}

// eventColumns are the columns of an event, in the order scanEvent reads
// them and sealEvent returns their values.
const eventColumns = `id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at, from_stage,
	to_stage, payload, reason, process_version, prev_hash, hash`

// scanEvent reads one row of eventColumns; payload receives the stored
// payload text.
func scanEvent(row interface{ Scan(...any) error }, payload *string) (fitness.Event, error) {
	var e fitness.Event
	var from, to string
	err := row.Scan(&e.ID, &e.CaseID, &e.Seq, &e.Type, &e.ActorID, &e.ActorName, &e.OnBehalfOf, &e.At,
		&from, &to, payload, &e.Reason, &e.ProcessVersion, &e.PrevHash, &e.Hash)
	e.At, e.FromStage, e.ToStage = e.At.UTC(), fitness.Stage(from), fitness.Stage(to)
	return e, err
}

// caseEvents loads the events of a case in order.
func caseEvents(ctx context.Context, q querier, caseID string) ([]fitness.Event, error) {
	return caseEventsFrom(ctx, q, caseID, 1, 0)
}

// caseEventsFrom returns the events of a case from seq fromSeq on, in
// order; size, when known, is how many there are (room is made for them at
// once: a case can have thousands).
func caseEventsFrom(ctx context.Context, q querier, caseID string, fromSeq, size int) ([]fitness.Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE case_id = $1 AND seq >= $2
		ORDER BY seq`, caseID, fromSeq)
	if err != nil {
		return nil, fmt.Errorf("load events of case %s: %w", caseID, err)
	}
	defer rows.Close()
	out := make([]fitness.Event, 0, max(size, 0))
	for rows.Next() {
		var payload string
		e, err := scanEvent(rows, &payload)
		if err != nil {
			return nil, fmt.Errorf("load events of case %s: %w", caseID, err)
		}
		if payload != "{}" {
			if err := json.Unmarshal([]byte(payload), &e.Payload); err != nil {
				return nil, fmt.Errorf("decode payload of event %s: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load events of case %s: %w", caseID, err)
	}
	return out, nil
}

// CaseEvents returns the events of a case in order and records the read.
// ENotFound when the case does not exist or actor may not see it.
func (s *CaseService) CaseEvents(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Event, error) {
	c, err := s.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return nil, err
	}
	if err := s.mayView(ctx, actor, c, "case.events"); err != nil {
		return nil, err
	}
	return caseEventsFrom(ctx, s.db.Reader(), c.ID, 1, c.Version)
}

// RecentEvents returns the latest limit events of a case, oldest first,
// and records the read. ENotFound as for CaseEvents.
func (s *CaseService) RecentEvents(ctx context.Context, actor fitness.Actor, caseID string, limit int) ([]fitness.Event, error) {
	c, err := s.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return nil, err
	}
	if err := s.mayView(ctx, actor, c, "case.events"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit >= c.Version {
		return caseEventsFrom(ctx, s.db.Reader(), c.ID, 1, c.Version)
	}
	return caseEventsFrom(ctx, s.db.Reader(), c.ID, c.Version-limit+1, limit)
}

// appendEvents records events that change no stage (information requests,
// allegations, panels…) as the next links of c's chain, in tx, and moves
// the case to its new version with a guarded update: EConflict when c is
// no longer at c.Version. Stages and the process version default to the
// case's. It returns the case at its new version.
func appendEvents(ctx context.Context, tx *sql.Tx, c fitness.Case, evs ...fitness.Event) (fitness.Case, error) {
	for i := range evs {
		if evs[i].FromStage == "" && evs[i].ToStage == "" {
			evs[i].FromStage, evs[i].ToStage = c.Stage, c.Stage
		}
		if evs[i].ProcessVersion == "" {
			evs[i].ProcessVersion = c.ProcessVersion
		}
	}
	m := caseMove{id: c.ID, ref: c.Reference, old: c.Version, new: c.Version + len(evs)}
	if _, err := moveAndAppend(ctx, tx, m, evs); err != nil {
		return c, err
	}
	c.Version += len(evs)
	return c, nil
}
