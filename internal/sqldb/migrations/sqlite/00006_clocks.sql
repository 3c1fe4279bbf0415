-- +goose Up
-- Holds: periods during which a case's internal clocks are paused (see
-- internal/fitness/hold.go for which clocks pause). Placing and ending a
-- hold also append events to the case's hash-chained history, in the same
-- transaction. Keep the columns identical to
-- migrations/postgres/00006_clocks.sql.

CREATE TABLE holds (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    reason          TEXT NOT NULL,
    details         TEXT NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    started_by      TEXT NOT NULL,
    started_by_name TEXT NOT NULL,
    ended_at        TIMESTAMP,
    ended_by        TEXT NOT NULL DEFAULT '',
    ended_by_name   TEXT NOT NULL DEFAULT '',
    end_note        TEXT NOT NULL DEFAULT '',
    -- The deadlines the hold paused, as they stood when it began: JSON
    -- [{"Name", "Label", "Due"}] in the form of cases.deadlines.
    paused          TEXT NOT NULL DEFAULT '[]',
    -- The date ('YYYY-MM-DD') the case-age KPI counts from: before this
    -- hold while it is in force; after it once ended, so the latest ended
    -- hold of a case holds the case's current value (fitness.KPIStart).
    kpi_from        TEXT NOT NULL,
    -- While in force: fitness.KPILead, the days from the hold's first day
    -- back to kpi_from, so that breaches are counted without date
    -- arithmetic in SQL.
    kpi_lead        INTEGER NOT NULL
);
-- One hold in force per case.
CREATE UNIQUE INDEX holds_in_force ON holds (case_id) WHERE ended_at IS NULL;
CREATE INDEX holds_case ON holds (case_id, started_at);

-- The team view orders open cases by receipt.
CREATE INDEX cases_received ON cases (received_on, reference);

-- +goose Down
DROP INDEX cases_received;
DROP TABLE holds;
