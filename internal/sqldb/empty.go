package sqldb

import (
	"context"
	"fmt"
)

// Empty reports whether the database holds no register, staff or case
// data: no employers, registrants, users or concerns. Demo data is only
// ever loaded into an empty database.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	for _, table := range []string{"employers", "registrants", "users", "concerns"} {
		var n int
		// table is one of the constant names above, never input.
		err := db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" LIMIT 1) AS t").Scan(&n)
		if err != nil {
			return false, fmt.Errorf("check whether %s is empty: %w", table, err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}
