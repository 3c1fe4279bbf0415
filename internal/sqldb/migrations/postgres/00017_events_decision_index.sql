-- +goose Up
-- events_type (00009) indexed every event, so every note, letter and
-- deadline wrote a page of it, for KPIs that read a few decision types. It
-- now holds only the Investigating Committee's decisions, which the KPI of
-- days from receipt to decision reads (docs/performance.md). A KPI over
-- other events adds its own partial index; its query must repeat the
-- index's condition word for word, or SQLite will not use the index.
DROP INDEX events_type;
CREATE INDEX events_icp_decisions ON events (type, at, case_id)
    WHERE type IN ('icp_case_to_answer', 'icp_no_case_to_answer');

-- +goose Down
DROP INDEX events_icp_decisions;
CREATE INDEX events_type ON events (type, at, case_id);
