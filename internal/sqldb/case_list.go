package sqldb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// Case list page sizes.
const (
	DefaultCaseLimit = 50
	MaxCaseLimit     = 200
)

// listCursor is the position after the last case of a page: lists are
// ordered by next due date (none last), then reference.
type listCursor struct {
	Due time.Time `json:"d,omitzero"`
	Ref string    `json:"r"`
}

func (c listCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (listCursor, error) {
	var c listCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Ref == "" {
		return c, &fitness.Error{Code: fitness.EInvalid, Message: "The page link is not valid",
			Fields: map[string]string{"after": "The page link is not valid"}}
	}
	return c, nil
}

// summarySelect selects caseColumns and the names a list row shows, in one
// query (no query per row), for the cases the subquery that follows it
// selects; summaryJoin closes it. The subquery (SELECT c.id FROM cases c
// WHERE … ORDER BY … LIMIT …) filters, sorts and pages on cases alone, so
// the joins are made for the rows of the page only: SQLite sorts every
// matching case for NULLS LAST, and with the joins inside it fetched the
// registrant and manager of every open case to show fifty
// (docs/performance.md).
const summarySelect = `SELECT ` + caseColumns + `,
	COALESCE(r.given_names || ' ' || r.family_name, ''), COALESCE(r.number, ''), COALESCE(u.name, '')
	FROM (SELECT c.id FROM cases c`

// summaryJoin follows the subquery of summarySelect.
const summaryJoin = `) p JOIN cases c ON c.id = p.id LEFT JOIN registrants r ON r.id = c.registrant_id
	LEFT JOIN users u ON u.id = c.case_manager_id`

// summaryOrder returns the order of every case list, by next due date
// (cases with none last), then reference; the cursor follows it.
// PostgreSQL reads NULLS LAST from an index in ascending order
// (cases_open_due); SQLite puts NULLs first in an index, so it orders by
// (next_due_at IS NULL) first, which its index cases_open_due_last holds.
func (db *DB) summaryOrder() string {
	if db.Engine == Postgres {
		return ` ORDER BY c.next_due_at ASC NULLS LAST, c.reference ASC`
	}
	return ` ORDER BY (c.next_due_at IS NULL), c.next_due_at, c.reference`
}

// clauses collects WHERE conditions and their arguments ($1, $2, …).
type clauses struct {
	where []string
	args  []any
}

// add appends a condition in which "?" stands for the next argument.
func (w *clauses) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.where = append(w.where, cond)
}

func (w *clauses) sql() string {
	if len(w.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.where, " AND ")
}

// ListCases returns a page of the cases actor may see that match f, ordered
// by next due date (cases with none last), then reference. Roles in
// [fitness.CaseScopedRoles] see every case; others see only cases on the
// agenda of a meeting on whose panel they sit; nobody sees a case their
// declared conflict applies to (see accessClauses). EForbidden when
// actor may not list cases; EInvalid for a bad cursor.
func (s *CaseService) ListCases(ctx context.Context, actor fitness.Actor, f fitness.CaseFilter) (fitness.CasePage, error) {
	if d := decide(actor, fitness.PermCaseList, fitness.Resource{}); !d.Allow {
		return fitness.CasePage{}, fitness.Errorf(fitness.EForbidden, "You cannot list cases")
	}
	rest, args, limit, err := s.listQuery(actor, f)
	if err != nil {
		return fitness.CasePage{}, err
	}
	cases, err := s.summaries(ctx, rest, args...)
	if err != nil {
		return fitness.CasePage{}, err
	}
	var page fitness.CasePage
	if len(cases) > limit {
		cases = cases[:limit]
		last := cases[limit-1]
		page.Next = listCursor{Due: last.NextDue(), Ref: last.Reference}.encode()
	}
	page.Cases = cases
	return page, nil
}

// listQuery returns the subquery ListCases pages with (WHERE, ORDER BY and
// LIMIT on cases c, see summaries), its arguments and the page size;
// EInvalid for a bad cursor. The list of every open case is read in order
// through the open cases' index, so that it stops after the page (SQLite's
// statistics lead it to sort every open case otherwise).
func (s *CaseService) listQuery(actor fitness.Actor, f fitness.CaseFilter) (string, []any, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultCaseLimit
	}
	limit = min(limit, MaxCaseLimit)
	var w clauses
	accessClauses(&w, actor)
	if f.CaseManagerID != "" {
		w.add("c.case_manager_id = ?", f.CaseManagerID)
	}
	if f.RegistrantID != "" {
		w.add("c.registrant_id = ?", f.RegistrantID)
	}
	if f.Stage != "" {
		w.add("(c.stage = ? OR c.interim_stage = ?)", string(f.Stage), string(f.Stage))
	}
	if f.OpenOnly {
		w.add("c.closed_at IS NULL")
	}
	if f.After != "" {
		cur, err := decodeCursor(f.After)
		if err != nil {
			return "", nil, 0, err
		}
		if cur.Due.IsZero() {
			w.add("(c.next_due_at IS NULL AND c.reference > ?)", cur.Ref)
		} else {
			due := dbTime(cur.Due)
			w.add("(c.next_due_at > ? OR (c.next_due_at = ? AND c.reference > ?) OR c.next_due_at IS NULL)",
				due, due, cur.Ref)
		}
	}
	index := ""
	if f.OpenOnly && f.CaseManagerID == "" && f.RegistrantID == "" && s.db.Engine == SQLite {
		index = s.db.indexedBy("cases_open_due_last")
	}
	return index + w.sql() + s.db.summaryOrder() + " LIMIT " + strconv.Itoa(limit+1), w.args, limit, nil
}

// CasesForRegistrant returns the cases about a registrant that actor may
// see, in list order.
func (s *CaseService) CasesForRegistrant(ctx context.Context, actor fitness.Actor, registrantID string) ([]fitness.CaseSummary, error) {
	if d := decide(actor, fitness.PermCaseList, fitness.Resource{}); !d.Allow {
		return nil, nil
	}
	var w clauses
	accessClauses(&w, actor)
	w.add("c.registrant_id = ?", registrantID)
	return s.summaries(ctx, w.sql()+s.db.summaryOrder(), w.args...)
}

// summariesSQL returns the query summaries runs with rest.
func (s *CaseService) summariesSQL(rest string) string {
	return summarySelect + rest + summaryJoin + s.db.summaryOrder()
}

// summaries runs summarySelect with rest (WHERE, ORDER BY and LIMIT on
// cases c) as its subquery, in list order.
func (s *CaseService) summaries(ctx context.Context, rest string, args ...any) ([]fitness.CaseSummary, error) {
	rows, err := s.db.Reader().QueryContext(ctx, s.summariesSQL(rest), args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	var out []fitness.CaseSummary
	for rows.Next() {
		var cs fitness.CaseSummary
		cs.Case, err = scanCase(rows, &cs.RegistrantName, &cs.RegistrantNumber, &cs.CaseManagerName)
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		out = append(out, cs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	return out, nil
}
