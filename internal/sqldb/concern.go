package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fitness/internal/fitness"
)

// MaxSummaryLength is the longest concern summary accepted, in characters.
const MaxSummaryLength = 10000

// earliestReceived is the earliest date a concern may have been received.
var earliestReceived = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// validSource reports whether s is a known source category.
func validSource(s fitness.SourceCategory) bool {
	for _, o := range fitness.SourceCategories {
		if o.Value == string(s) {
			return true
		}
	}
	return false
}

// normConcern trims the text of a concern input.
func normConcern(in fitness.ConcernInput) fitness.ConcernInput {
	in.RaisedByName = strings.TrimSpace(in.RaisedByName)
	in.RaisedByEmail = strings.TrimSpace(in.RaisedByEmail)
	in.Summary = strings.TrimSpace(in.Summary)
	subjects := make([]fitness.ConcernSubject, len(in.Subjects))
	for i, s := range in.Subjects {
		subjects[i] = fitness.ConcernSubject{RegistrantID: strings.TrimSpace(s.RegistrantID),
			Name: strings.TrimSpace(s.Name), Details: strings.TrimSpace(s.Details)}
	}
	in.Subjects = subjects
	return in
}

// validateConcern checks what can be checked without the database. today
// is the current date.
func validateConcern(in fitness.ConcernInput, today time.Time) fitness.FieldErrors {
	fe := fitness.FieldErrors{}
	received := dateText(in.ReceivedOn)
	switch {
	case in.ReceivedOn.IsZero():
		fe.Add("received_on", "Enter the date the concern was received")
	case received > dateText(today):
		fe.Add("received_on", "The date the concern was received must be today or in the past")
	case received < dateText(earliestReceived):
		fe.Add("received_on", "The date the concern was received must be on or after 1 January 1990")
	}
	if !validSource(in.Source) {
		fe.Add("source", "Select who raised the concern")
	}
	anonymous := in.Source == fitness.SourceAnonymous || in.Source == fitness.SourceOwnMotion
	if in.RaisedByName == "" && !anonymous {
		fe.Add("raised_by_name", "Enter the name of the person who raised the concern")
	}
	if in.RaisedByEmail != "" && !validEmail(strings.ToLower(in.RaisedByEmail)) {
		fe.Add("raised_by_email", "Enter an email address in the correct format, like name@example.org")
	}
	if in.Summary == "" {
		fe.Add("summary", "Enter a summary of the concern")
	} else if utf8.RuneCountInString(in.Summary) > MaxSummaryLength {
		fe.Add("summary", "The summary must be 10,000 characters or fewer")
	}
	if len(in.Subjects) == 0 {
		fe.Add("subjects", "Add at least one person the concern is about")
	}
	for i, s := range in.Subjects {
		if s.RegistrantID == "" && s.Name == "" {
			fe.Add("subjects."+strconv.Itoa(i)+".name", "Enter the name of the person the concern is about")
		}
	}
	return fe
}

// checkRegistrants adds a field error for every subject naming a
// registrant that does not exist.
func checkRegistrants(ctx context.Context, tx *sql.Tx, subjects []fitness.ConcernSubject, fe fitness.FieldErrors) error {
	for i, s := range subjects {
		if s.RegistrantID == "" {
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM registrants WHERE id = $1`, s.RegistrantID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			fe.Add("subjects."+strconv.Itoa(i)+".registrant_id", "Select a registrant from the register")
		} else if err != nil {
			return fmt.Errorf("check registrant %s: %w", s.RegistrantID, err)
		}
	}
	return nil
}

// nextReference returns the next case reference of year from the counters
// table. The counter row stays locked until the transaction ends, so
// references are gap-free and never shared.
func nextReference(ctx context.Context, tx *sql.Tx, year int) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO counters (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`,
		"case_reference:"+strconv.Itoa(year)).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("next case reference for %d: %w", year, err)
	}
	return fitness.FormatReference(year, n), nil
}

// CreateConcern records a concern and opens one case per subject, linked
// to each other both ways, each with its opening event, in one
// transaction. EInvalid with fields ("received_on", "source",
// "raised_by_name", "raised_by_email", "summary", "subjects",
// "subjects.N.name", "subjects.N.registrant_id") and nothing stored for
// bad input; EForbidden when actor may not record concerns.
//
// References are numbered per year of opening (the year of now, not of the
// date received), so they follow the order in which cases were opened.
func (s *CaseService) CreateConcern(ctx context.Context, actor fitness.Actor, in fitness.ConcernInput) (fitness.Concern, []fitness.Case, error) {
	var co fitness.Concern
	var cases []fitness.Case
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		co, cases, err = s.CreateConcernTx(ctx, tx, actor, in)
		return err
	})
	if err != nil {
		return fitness.Concern{}, nil, err
	}
	return co, cases, nil
}

// CreateConcernTx is [CaseService.CreateConcern] inside the caller's
// transaction tx, for writes that record a concern together with
// something else (an inbound referral, a screening decision).
func (s *CaseService) CreateConcernTx(ctx context.Context, tx *sql.Tx, actor fitness.Actor, in fitness.ConcernInput) (fitness.Concern, []fitness.Case, error) {
	if d := decide(actor, fitness.PermConcernCreate, fitness.Resource{}); !d.Allow {
		return fitness.Concern{}, nil, fitness.Errorf(fitness.EForbidden, "You cannot record concerns")
	}
	in = normConcern(in)
	now := s.now()
	fe := validateConcern(in, now)
	received, _ := parseDate(dateText(in.ReceivedOn)) // the date alone, as stored
	co := fitness.Concern{ID: newID(), ReceivedOn: received, Source: in.Source, RaisedByName: in.RaisedByName,
		RaisedByEmail: strings.ToLower(in.RaisedByEmail), Summary: in.Summary, CreatedAt: dbTime(now),
		CreatedBy: actor.UserID}
	cases, err := func() ([]fitness.Case, error) {
		if err := checkRegistrants(ctx, tx, in.Subjects, fe); err != nil {
			return nil, err
		}
		if err := fe.Err(); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO concerns (id, received_on, source, raised_by_name,
			raised_by_email, summary, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			co.ID, dateText(co.ReceivedOn), string(co.Source), co.RaisedByName, co.RaisedByEmail, co.Summary,
			co.CreatedAt, co.CreatedBy); err != nil {
			return nil, fmt.Errorf("insert concern: %w", err)
		}
		return s.openCases(ctx, tx, co, in.Subjects, actor, now)
	}()
	if err != nil {
		return fitness.Concern{}, nil, fmt.Errorf("create concern: %w", err)
	}
	return co, cases, nil
}

// openCases opens one case per subject of co, links them and stores their
// opening events.
func (s *CaseService) openCases(ctx context.Context, tx *sql.Tx, co fitness.Concern, subjects []fitness.ConcernSubject, actor fitness.Actor, now time.Time) ([]fitness.Case, error) {
	cases := make([]fitness.Case, len(subjects))
	opening := make([]fitness.Event, len(subjects))
	for i, subj := range subjects {
		c, ev := fitness.NewCase(s.process, co, subj, actor, dbTime(now))
		if c.ID == "" {
			c.ID = newID()
		}
		ref, err := nextReference(ctx, tx, now.Year())
		if err != nil {
			return nil, err
		}
		c.Reference, c.Version = ref, 1
		if err := insertCase(ctx, tx, c); err != nil {
			return nil, err
		}
		cases[i], opening[i] = c, ev
	}
	for i := range cases {
		for j := range cases {
			if i == j {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_links (case_id, linked_case_id) VALUES ($1, $2)`,
				cases[i].ID, cases[j].ID); err != nil {
				return nil, fmt.Errorf("link cases: %w", err)
			}
			cases[i].Linked = append(cases[i].Linked, cases[j].ID)
		}
		if _, err := insertEvents(ctx, tx, cases[i].ID, 1, "", opening[i:i+1]); err != nil {
			return nil, err
		}
	}
	return cases, nil
}
