package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// inquiryEventHashVersion names the encoding inquiryEventRow.hash hashes.
const inquiryEventHashVersion = "fitness.inquiry_event.v1"

// inquiryEventRow is one stored event of an inquiry, as it is hashed.
type inquiryEventRow struct {
	ID, InquiryID, Type, ActorID, ActorName, RegistrantID, Payload, PrevHash, Hash string
	Seq                                                                            int
	At                                                                             time.Time
}

// hash returns the hex SHA-256 of every stored field of e but its own
// hash, prev_hash included, encoded as a JSON array of strings (one
// encoding per value), as eventHash does for a case's events.
func (e inquiryEventRow) hash() string {
	b, _ := json.Marshal([]string{inquiryEventHashVersion, e.ID, e.InquiryID, strconv.Itoa(e.Seq), e.Type,
		e.ActorID, e.ActorName, e.At.UTC().Format(time.RFC3339Nano), e.RegistrantID, e.Payload, e.PrevHash})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// verifyInquiryEvents recomputes every inquiry's event chain (inquiries in
// id order, events in seq order) and returns how many events it checked
// and the first broken link.
func verifyInquiryEvents(ctx context.Context, tx *sql.Tx) (int, *BrokenLink, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, inquiry_id, seq, type, actor_id, actor_name, at, registrant_id,
		payload, prev_hash, hash FROM inquiry_events ORDER BY inquiry_id, seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("verify inquiry events: %w", err)
	}
	defer rows.Close()
	var n int
	var prev inquiryEventRow
	for rows.Next() {
		var e inquiryEventRow
		if err := rows.Scan(&e.ID, &e.InquiryID, &e.Seq, &e.Type, &e.ActorID, &e.ActorName, &e.At,
			&e.RegistrantID, &e.Payload, &e.PrevHash, &e.Hash); err != nil {
			return n, nil, fmt.Errorf("verify inquiry events: %w", err)
		}
		n++
		if e.InquiryID != prev.InquiryID {
			prev = inquiryEventRow{InquiryID: e.InquiryID}
		}
		if b := checkInquiryEvent(prev, e); b != nil {
			return n, b, nil
		}
		prev = e
	}
	if err := rows.Err(); err != nil {
		return n, nil, fmt.Errorf("verify inquiry events: %w", err)
	}
	return n, nil, nil
}

// checkInquiryEvent verifies e as the event after prev of the same
// inquiry (prev has Seq 0 for its first).
func checkInquiryEvent(prev, e inquiryEventRow) *BrokenLink {
	broken := func(reason string) *BrokenLink {
		return &BrokenLink{Table: "inquiry_events", ID: e.ID, Reference: e.InquiryID, Seq: e.Seq, Reason: reason}
	}
	if why := linkFault("events", e.Seq, prev.Seq+1, e.PrevHash, prev.Hash, e.hash() == e.Hash); why != "" {
		return broken(why)
	}
	return nil
}
