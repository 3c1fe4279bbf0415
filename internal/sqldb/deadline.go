package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// OverdueCases returns, for the deadline sweep, up to limit open cases with
// a deadline named in names overdue at now ([fitness.Deadline.Overdue]), in id order after the
// case id after ("" to start), and the cursor for the next page ("" when
// there is none), so a sweep can page through them. No read is recorded in
// the access log: the system reads, nobody is shown anything. Linked cases
// are not loaded.
func (s *CaseService) OverdueCases(ctx context.Context, now time.Time, names []string, after string, limit int) ([]fitness.Case, string, error) {
	if len(names) == 0 {
		return nil, "", nil
	}
	if limit <= 0 {
		limit = 100
	}
	// The deadlines column holds JSON written by deadlinesJSON; LIKE on
	// each name's key narrows the rows, and Go decides on the parsed value.
	args := []any{dbTime(fitness.OverdueFrom(now)), after, limit}
	var like []string
	for _, n := range names {
		args = append(args, `%"Name":"`+n+`"%`)
		like = append(like, fmt.Sprintf("c.deadlines LIKE $%d", len(args)))
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+caseColumns+` FROM cases c
		WHERE c.closed_at IS NULL AND c.next_due_at < $1 AND c.id > $2 AND (`+strings.Join(like, " OR ")+`)
		ORDER BY c.id LIMIT $3`, args...)
	if err != nil {
		return nil, "", fmt.Errorf("find overdue cases: %w", err)
	}
	defer rows.Close()
	var out []fitness.Case
	var last string
	n := 0
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, "", fmt.Errorf("find overdue cases: %w", err)
		}
		last, n = c.ID, n+1
		if hasPassed(c, names, now) {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("find overdue cases: %w", err)
	}
	if n < limit {
		last = ""
	}
	return out, last, nil
}

// hasPassed reports whether a deadline of c named in names is overdue at
// now.
func hasPassed(c fitness.Case, names []string, now time.Time) bool {
	for _, d := range c.Deadlines {
		for _, n := range names {
			if d.Name == n && d.Overdue(now) {
				return true
			}
		}
	}
	return false
}
