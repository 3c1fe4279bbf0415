package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"fitness/internal/fitness"
)

// maxRegisterText is the longest name, town or role accepted, in characters.
const maxRegisterText = 200

// checkText trims *s and reports a missing or over-long value into fe.
func checkText(fe fitness.FieldErrors, field string, s *string, required bool, missing string) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && required:
		fe.Add(field, missing)
	case utf8.RuneCountInString(*s) > maxRegisterText:
		fe.Add(field, fmt.Sprintf("Must be %d characters or fewer", maxRegisterText))
	}
}

// checkRegistrant normalises r (trimmed text, upper-case number) and returns
// what is wrong with it, checking the number against the profession prefix.
func checkRegistrant(r *fitness.Registrant, ps map[string]fitness.Profession) fitness.FieldErrors {
	fe := fitness.FieldErrors{}
	r.Number = strings.ToUpper(strings.TrimSpace(r.Number))
	prefix, ok := fitness.SplitRegistrationNumber(r.Number)
	switch {
	case r.Number == "":
		fe.Add("number", "Enter a registration number")
	case !ok:
		fe.Add("number", "Enter a registration number as the profession prefix then digits, such as SW012345")
	}
	if p, found := ps[r.ProfessionCode]; !found {
		fe.Add("profession", "Choose a profession")
	} else if ok && p.Prefix != prefix {
		fe.Add("number", fmt.Sprintf("A registration number for %s starts with %s", p.Name, p.Prefix))
	}
	checkText(fe, "given_names", &r.GivenNames, true, "Enter the given names")
	checkText(fe, "family_name", &r.FamilyName, true, "Enter the family name")
	checkText(fe, "town", &r.Town, false, "")
	if !r.Status.Valid() {
		fe.Add("status", "Choose a status")
	}
	if r.RegisteredSince.IsZero() {
		fe.Add("registered_since", "Enter the date of registration")
	}
	for i, a := range r.Annotations {
		r.Annotations[i] = strings.Join(strings.Fields(a), " ") // stored one per line
	}
	return fe
}

func checkEmployer(e *fitness.Employer) error {
	fe := fitness.FieldErrors{}
	checkText(fe, "name", &e.Name, true, "Enter the employer's name")
	checkText(fe, "kind", &e.Kind, false, "")
	checkText(fe, "town", &e.Town, false, "")
	return fe.Err()
}

func checkEmployment(e *fitness.Employment) fitness.FieldErrors {
	fe := fitness.FieldErrors{}
	if e.RegistrantID == "" {
		fe.Add("registrant", "Choose a registrant")
	}
	if e.EmployerID == "" {
		fe.Add("employer", "Choose an employer")
	}
	checkText(fe, "role", &e.Role, false, "")
	if e.From.IsZero() {
		fe.Add("from", "Enter the date the employment started")
	}
	if !e.To.IsZero() && !e.From.IsZero() && dateText(e.To) < dateText(e.From) {
		fe.Add("to", "The end date must be the same as or after the start date")
	}
	return fe
}

func professionsByCode(ps []fitness.Profession) map[string]fitness.Profession {
	m := make(map[string]fitness.Profession, len(ps))
	for _, p := range ps {
		m[p.Code] = p
	}
	return m
}

// InsertEmployers checks and stores employers in one transaction with
// batched multi-row INSERTs. An employer without an ID gets one, in place.
func (s *RegistrantService) InsertEmployers(ctx context.Context, es []fitness.Employer) error {
	for i := range es {
		if err := checkEmployer(&es[i]); err != nil {
			return fmt.Errorf("employer %d (%s): %w", i+1, es[i].Name, err)
		}
		if es[i].ID == "" {
			es[i].ID = newID()
		}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return insertEmployers(ctx, s.db.Engine, tx, es) })
}

// InsertRegistrants checks and stores registrants in one transaction with
// batched multi-row INSERTs (for seeding: a million rows is fine). A
// registrant without an ID gets one, in place. A number already stored
// makes the whole call fail with EConflict.
func (s *RegistrantService) InsertRegistrants(ctx context.Context, rs []fitness.Registrant) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		ps, err := professions(ctx, tx)
		if err != nil {
			return err
		}
		byCode := professionsByCode(ps)
		for i := range rs {
			if err := checkRegistrant(&rs[i], byCode).Err(); err != nil {
				return fmt.Errorf("registrant %d (%s): %w", i+1, rs[i].Number, err)
			}
			if rs[i].ID == "" {
				rs[i].ID = newID()
			}
		}
		if err := insertRegistrants(ctx, s.db.Engine, tx, rs); err != nil {
			return err
		}
		return tidySearch(ctx, s.db.Engine, tx, len(rs))
	})
	if isUniqueViolation(err) {
		return fitness.Errorf(fitness.EConflict, "A registration number is already on the register or given twice")
	}
	return err
}

// InsertEmployments checks and stores employments in one transaction with
// batched multi-row INSERTs. An employment without an ID gets one, in place.
func (s *RegistrantService) InsertEmployments(ctx context.Context, es []fitness.Employment) error {
	for i := range es {
		if err := checkEmployment(&es[i]).Err(); err != nil {
			return fmt.Errorf("employment %d: %w", i+1, err)
		}
		if es[i].ID == "" {
			es[i].ID = newID()
		}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return insertEmployments(ctx, s.db.Engine, tx, es) })
}

func insertEmployers(ctx context.Context, eng Engine, tx *sql.Tx, es []fitness.Employer) error {
	return insertBatched(ctx, eng, tx, "employers (id, name, kind, town)", len(es), func(i int, a []any) []any {
		e := es[i]
		return append(a, e.ID, e.Name, e.Kind, e.Town)
	})
}

func insertRegistrants(ctx context.Context, eng Engine, tx *sql.Tx, rs []fitness.Registrant) error {
	return insertBatched(ctx, eng, tx, `registrants (id, number, profession_code, given_names, family_name,
		status, registered_since, town, annotations)`, len(rs), func(i int, a []any) []any {
		r := rs[i]
		return append(a, r.ID, r.Number, r.ProfessionCode, r.GivenNames, r.FamilyName, string(r.Status),
			dateText(r.RegisteredSince), r.Town, strings.Join(r.Annotations, "\n"))
	})
}

func insertEmployments(ctx context.Context, eng Engine, tx *sql.Tx, es []fitness.Employment) error {
	return insertBatched(ctx, eng, tx, "employments (id, registrant_id, employer_id, role, start_date, end_date)",
		len(es), func(i int, a []any) []any {
			e := es[i]
			var to any
			if !e.To.IsZero() {
				to = dateText(e.To)
			}
			return append(a, e.ID, e.RegistrantID, e.EmployerID, e.Role, dateText(e.From), to)
		})
}

// tidySearchRows is the size of a bulk write after which tidySearch works.
const tidySearchRows = 10_000

// tidySearch tidies the search structures after a bulk write of rows
// registrants, in the same transaction: on SQLite it merges the FTS5
// segments the write left ('optimize'); on PostgreSQL it moves the GIN
// pending lists into the indexes and refreshes the planner's statistics.
// Searching straight after a 300,000-row import was 2 to 30 times slower
// without it (docs/performance.md).
func tidySearch(ctx context.Context, eng Engine, tx *sql.Tx, rows int) error {
	if rows < tidySearchRows {
		return nil
	}
	stmts := []string{
		`INSERT INTO registrants_fts (registrants_fts) VALUES ('optimize')`,
		`INSERT INTO registrants_trgm (registrants_trgm) VALUES ('optimize')`,
	}
	if eng == Postgres {
		stmts = []string{
			`SELECT gin_clean_pending_list('registrants_name_tsv'::regclass)`,
			`SELECT gin_clean_pending_list('registrants_name_trgm'::regclass)`,
			`ANALYZE registrants`,
		}
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("tidy search indexes: %w", err)
		}
	}
	return nil
}

// insertRowsPerStatement is how many rows one multi-row INSERT carries; it
// keeps the parameter count far below both engines' limits (32,766 on
// SQLite, 65,535 on PostgreSQL).
const insertRowsPerStatement = 500

// insertBatched inserts n rows into target ("table (col, …)") with
// multi-row INSERTs; row appends the values of row i to a. Full batches
// share one prepared statement.
func insertBatched(ctx context.Context, e Engine, tx *sql.Tx, target string, n int, row func(i int, a []any) []any) error {
	ncol := strings.Count(target, ",") + 1
	table, _, _ := strings.Cut(target, " ")
	var full *sql.Stmt
	args := make([]any, 0, insertRowsPerStatement*ncol)
	for start := 0; start < n; start += insertRowsPerStatement {
		end := min(start+insertRowsPerStatement, n)
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		var err error
		if end-start == insertRowsPerStatement {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertSQL(e, target, ncol, end-start)); err != nil {
					return fmt.Errorf("insert into %s: %w", table, err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSQL(e, target, ncol, end-start), args...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// insertSQL returns "INSERT INTO target VALUES ($1, …), (…)" for rows rows.
// On SQLite the placeholders are "?": with numbered ones the driver looks
// up each parameter's name in a list as long as the statement, which made
// a 500-row statement spend most of its time binding.
func insertSQL(e Engine, target string, ncol, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + target + " VALUES ")
	p := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 0; c < ncol; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			if e == SQLite {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", p)
			}
			p++
		}
		b.WriteByte(')')
	}
	return b.String()
}
