-- +goose Up
-- Indexes the scale benchmarks showed were missing (docs/performance.md,
-- "Fixes"). Keep identical to the other engine's 00009_perf_indexes.sql.

-- The list of every open case (ORDER BY next_due_at, reference) and the
-- team view (ORDER BY received_on, reference) read only open cases: a few
-- thousand among a hundred thousand, so each has a partial index over the
-- open cases in its order instead of walking the closed ones.
CREATE INDEX cases_open_due ON cases (next_due_at, reference) WHERE closed_at IS NULL;
CREATE INDEX cases_open_received ON cases (received_on, reference) WHERE closed_at IS NULL;

-- KPIs are computed from events of a few types (an Investigating
-- Committee's decisions, hearings' decisions) over millions of events;
-- with the case and the time in the index they are read from it alone.
CREATE INDEX events_type ON events (type, at, case_id);

-- +goose Down
DROP INDEX events_type;
DROP INDEX cases_open_received;
DROP INDEX cases_open_due;
