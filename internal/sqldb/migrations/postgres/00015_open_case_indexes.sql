-- +goose Up
-- The team view counts every open case by case manager, ageing band and
-- breach (team.go teamCounts). For a case with no hold in force that needs
-- only these columns, so the count is read from this index over the open
-- cases alone, not from a few thousand rows spread over the whole table
-- (docs/performance.md, "Team queue"); a page of one case manager's open
-- cases, oldest receipt first, walks it in order and stops. closed_at,
-- NULL in every entry, is there so that SQLite's planner sees the index
-- covers the count.
CREATE INDEX cases_open_team ON cases (case_manager_id, received_on, reference, next_due_at, id, closed_at)
    WHERE closed_at IS NULL;

-- SQLite's 00015 also indexes the open cases by (next_due_at IS NULL),
-- next_due_at, reference for the list of every open case; PostgreSQL
-- reads that order (NULLS LAST) from cases_open_due.

-- +goose Down
DROP INDEX cases_open_team;
