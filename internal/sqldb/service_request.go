package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fitness/internal/fitness"
)

// requestDocuments records, in the transaction of the action whose event
// ev was just stored on c, one document request per letter the action
// issues and per recipient of that letter, addressed as the case's parties
// stand now. Nothing is rendered here: the jobs render the letters after
// the transaction commits (Chromium can take seconds, and SQLite has one
// writer). It returns how many requests it recorded.
func requestDocuments(ctx context.Context, tx *sql.Tx, p *fitness.Process, c fitness.Case, ev fitness.Event) (int, error) {
	def, ok := p.Action(fitness.ActionName(ev.Type))
	if !ok {
		return 0, nil
	}
	n := 0
	for _, doc := range fitness.IssuedDocuments(def, fitness.Input(ev.Payload)) {
		k, err := requestDocument(ctx, tx, c, ev, doc)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// requestDocument records, for the event ev just stored on c, one request
// of document doc per recipient the case has, and returns how many.
func requestDocument(ctx context.Context, tx *sql.Tx, c fitness.Case, ev fitness.Event, doc string) (int, error) {
	n := 0
	for _, role := range fitness.DocumentRecipients(doc) {
		r, ok, err := recipientOf(ctx, tx, c, ev, role)
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		r.ID, r.CaseID, r.EventID, r.EventSeq, r.Document = newID(), c.ID, ev.ID, ev.Seq, doc
		r.Status, r.RequestedAt = fitness.DocumentPending, dbTime(ev.At)
		if err := insertDocumentRequest(ctx, tx, r); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// insertDocumentRequest stores a new request, due at once.
func insertDocumentRequest(ctx context.Context, tx *sql.Tx, r fitness.DocumentRequest) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO document_requests (id, case_id, event_id, event_seq, document,
		recipient_role, recipient_name, recipient_email, recipient_address, channel, status, requested_at,
		attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $12)`,
		r.ID, r.CaseID, r.EventID, r.EventSeq, r.Document, string(r.RecipientRole), r.RecipientName,
		r.RecipientEmail, r.RecipientAddress, string(r.Channel), string(r.Status), r.RequestedAt)
	if err != nil {
		return fmt.Errorf("request %s to %s on case %s: %w", r.Document, r.RecipientRole, r.CaseID, err)
	}
	return nil
}

// recipientOf addresses a letter of c to role. ok is false when the case
// has no such party: a concern raised anonymously or by the regulator
// itself has no one to write to, and a case with no registrant named or
// employer known has no employer.
func recipientOf(ctx context.Context, q querier, c fitness.Case, ev fitness.Event, role fitness.RecipientRole) (fitness.DocumentRequest, bool, error) {
	r := fitness.DocumentRequest{RecipientRole: role}
	var addr fitness.ServiceAddress
	var err error
	switch role {
	case fitness.RecipientRegistrant:
		r.RecipientName = c.SubjectName
		if c.RegistrantID != "" {
			if r.RecipientName, err = registrantName(ctx, q, c.RegistrantID); err != nil {
				return r, false, err
			}
			addr, err = serviceAddress(ctx, q, "registrant", c.RegistrantID)
		}
	case fitness.RecipientComplainant:
		if c.Source == fitness.SourceAnonymous || c.Source == fitness.SourceOwnMotion {
			return r, false, nil
		}
		err = q.QueryRowContext(ctx, `SELECT raised_by_name, raised_by_email FROM concerns WHERE id = $1`,
			c.ConcernID).Scan(&r.RecipientName, &addr.Email)
		if strings.TrimSpace(r.RecipientName) == "" && strings.TrimSpace(addr.Email) == "" {
			return r, false, err
		}
	case fitness.RecipientEmployer:
		var id string
		id, r.RecipientName, err = currentEmployer(ctx, q, c.RegistrantID)
		if named := strings.TrimSpace(ev.Payload["recipient"]); named != "" {
			r.RecipientName = named
		}
		if err == nil && id != "" {
			addr, err = serviceAddress(ctx, q, "employer", id)
		}
	}
	if err != nil {
		return r, false, fmt.Errorf("address %s of case %s: %w", role, c.Reference, err)
	}
	if strings.TrimSpace(r.RecipientName) == "" {
		if role == fitness.RecipientEmployer {
			return r, false, nil
		}
		r.RecipientName = "Sir or Madam"
	}
	r.RecipientEmail, r.RecipientAddress = strings.TrimSpace(addr.Email), addr.Postal
	r.Channel = addr.Channel()
	return r, true, nil
}

// registrantName returns a registrant's full name.
func registrantName(ctx context.Context, q querier, id string) (string, error) {
	var given, family string
	err := q.QueryRowContext(ctx, `SELECT given_names, family_name FROM registrants WHERE id = $1`, id).Scan(&given, &family)
	if err != nil {
		return "", fmt.Errorf("load registrant %s: %w", id, err)
	}
	return fitness.Registrant{GivenNames: given, FamilyName: family}.Name(), nil
}

// currentEmployer returns the id and name of a registrant's current
// employer (the latest employment without an end), or "" when none is
// known.
func currentEmployer(ctx context.Context, q querier, registrantID string) (string, string, error) {
	if registrantID == "" {
		return "", "", nil
	}
	var id, name string
	err := q.QueryRowContext(ctx, `SELECT e.id, e.name FROM employments m JOIN employers e ON e.id = m.employer_id
		WHERE m.registrant_id = $1 AND m.end_date IS NULL ORDER BY m.start_date DESC, m.id DESC LIMIT 1`,
		registrantID).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return id, name, err
}

// serviceAddress returns where letters to a party are served; the zero
// address when none is recorded.
func serviceAddress(ctx context.Context, q querier, party, id string) (fitness.ServiceAddress, error) {
	var a fitness.ServiceAddress
	err := q.QueryRowContext(ctx, `SELECT email, postal FROM service_addresses WHERE party = $1 AND party_id = $2`,
		party, id).Scan(&a.Email, &a.Postal)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	return a, err
}

// OnLettersRequested sets f to be called after an action that issues
// letters commits, so that the jobs can make them at once rather than at
// their next interval (cmd/fitness passes the runner's KickLetters). f must
// not block. Safe to call while actions are being applied.
func (s *CaseService) OnLettersRequested(f func()) { s.letters.Store(&f) }

// lettersRequested calls the hook of OnLettersRequested when action,
// taken with in, issues letters.
func (s *CaseService) lettersRequested(action fitness.ActionName, in fitness.Input) {
	f := s.letters.Load()
	if f == nil || *f == nil {
		return
	}
	if def, ok := s.process.Action(action); ok && len(fitness.IssuedDocuments(def, in)) > 0 {
		(*f)()
	}
}

// onlyServiceSince reports whether every event of c after version records
// the service of a letter (sent by email, posted). Such events come from
// the jobs or from recording a posting; they change nothing an action
// depends on, so an action taken at version is not refused as stale
// because of them.
func onlyServiceSince(ctx context.Context, tx *sql.Tx, c fitness.Case, version int) (bool, error) {
	if version < 1 || version >= c.Version {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE case_id = $1 AND seq > $2 AND type NOT IN ($3, $4)`,
		c.ID, version, fitness.EventDocumentSent, fitness.EventDocumentPosted).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("events of case %s since version %d: %w", c.Reference, version, err)
	}
	return n == 0, nil
}

// InsertServiceAddresses records, in one transaction, where letters to
// many parties of one kind ("registrant" or "employer") are served, keyed
// by the party's id, replacing what was recorded. Demo data and imports
// use it; it checks no access. EInvalid names the first address that is
// not valid.
func (s *LetterStore) InsertServiceAddresses(ctx context.Context, party string, addrs map[string]fitness.ServiceAddress) error {
	return s.upsertServiceAddresses(ctx, party, addrs, fitness.SystemActor.UserID)
}

// upsertServiceAddresses is InsertServiceAddresses recorded as set by
// the user with id by.
func (s *LetterStore) upsertServiceAddresses(ctx context.Context, party string, addrs map[string]fitness.ServiceAddress, by string) error {
	if party != "registrant" && party != "employer" {
		return fmt.Errorf("service addresses of %q: not a party", party)
	}
	for id, a := range addrs {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("service address of %s %s: %w", party, id, err)
		}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO service_addresses (party, party_id, email, postal, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (party, party_id)
			DO UPDATE SET email = excluded.email, postal = excluded.postal, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by`)
		if err != nil {
			return fmt.Errorf("prepare service addresses: %w", err)
		}
		defer stmt.Close()
		now := dbTime(s.now())
		for id, a := range addrs {
			if _, err := stmt.ExecContext(ctx, party, id, strings.TrimSpace(a.Email), strings.TrimSpace(a.Postal),
				now, by); err != nil {
				return fmt.Errorf("service address of %s %s: %w", party, id, err)
			}
		}
		return nil
	})
}
