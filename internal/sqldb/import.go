package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"fitness/internal/fitness"
)

// importFields maps the field names of checkRegistrant to CSV columns.
var importFields = map[string]string{
	"number": fitness.ColNumber, "profession": fitness.ColProfession, "given_names": fitness.ColGivenNames,
	"family_name": fitness.ColFamilyName, "status": fitness.ColStatus,
	"registered_since": fitness.ColRegisteredSince, "town": fitness.ColTown,
}

// ImportRegistrants stores parsed import rows (see
// fitness.ParseRegistrantCSV) all-or-nothing, in one transaction with
// batched multi-row INSERTs; the SQLite triggers keep the search tables in
// step as usual, and a large import tidies them (see tidySearch) before it
// commits. It returns how many it stored. When any row is refused,
// nothing is stored and the error is a *fitness.ImportError listing every
// problem by line: EConflict when the problems are only registration
// numbers already on the register, EInvalid otherwise.
func ImportRegistrants(ctx context.Context, db *DB, rows []fitness.RegistrantImportRow) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	regs := make([]fitness.Registrant, len(rows))
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		ps, err := professions(ctx, tx)
		if err != nil {
			return err
		}
		problems := checkImportRows(rows, regs, professionsByCode(ps))
		code := fitness.EInvalid
		if len(problems) == 0 {
			code = fitness.EConflict
			if problems, err = storedNumbers(ctx, tx, rows, regs); err != nil {
				return err
			}
		}
		if len(problems) > 0 {
			return &fitness.ImportError{Code: code, Problems: problems}
		}
		if err := insertRegistrants(ctx, db.Engine, tx, regs); err != nil {
			return err
		}
		return tidySearch(ctx, db.Engine, tx, len(regs))
	})
	if err != nil {
		return 0, fmt.Errorf("import registrants: %w", err)
	}
	return len(regs), nil
}

// checkImportRows checks every row into regs, giving each an ID, and
// returns the problems, including numbers given twice.
func checkImportRows(rows []fitness.RegistrantImportRow, regs []fitness.Registrant, ps map[string]fitness.Profession) []fitness.ImportProblem {
	var problems []fitness.ImportProblem
	first := make(map[string]int, len(rows))
	for i, row := range rows {
		r := row.Registrant
		fe := checkRegistrant(&r, ps)
		fields := make([]string, 0, len(fe))
		for f := range fe {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			problems = append(problems, fitness.ImportProblem{Line: row.Line, Field: importFields[f], Reason: fe[f]})
		}
		if line, dup := first[r.Number]; dup && r.Number != "" {
			problems = append(problems, fitness.ImportProblem{Line: row.Line, Field: fitness.ColNumber,
				Reason: fmt.Sprintf("%s is also on line %d; each registration number may appear once", r.Number, line)})
		} else {
			first[r.Number] = row.Line
		}
		r.ID = newID()
		regs[i] = r
	}
	return problems
}

// storedNumbers returns a problem for each row whose registration number
// is already on the register.
func storedNumbers(ctx context.Context, tx *sql.Tx, rows []fitness.RegistrantImportRow, regs []fitness.Registrant) ([]fitness.ImportProblem, error) {
	var stored int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM registrants LIMIT 1) t`).Scan(&stored)
	if err != nil || stored == 0 {
		return nil, err
	}
	const batch = 500
	var problems []fitness.ImportProblem
	for start := 0; start < len(regs); start += batch {
		end := min(start+batch, len(regs))
		args := make([]any, 0, end-start)
		marks := make([]string, 0, end-start)
		line := map[string]int{}
		for i := start; i < end; i++ {
			args = append(args, strings.ToLower(regs[i].Number))
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
			line[strings.ToLower(regs[i].Number)] = rows[i].Line
		}
		taken, err := queryStrings(ctx, tx, `SELECT lower(number) FROM registrants WHERE lower(number) IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("check stored numbers: %w", err)
		}
		for _, n := range taken {
			problems = append(problems, fitness.ImportProblem{Line: line[n], Field: fitness.ColNumber,
				Reason: fmt.Sprintf("%s is already on the register", strings.ToUpper(n))})
		}
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return problems, nil
}
