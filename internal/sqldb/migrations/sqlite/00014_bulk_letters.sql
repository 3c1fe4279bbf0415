-- +goose NO TRANSACTION
-- +goose Up
-- A bulk step of an inquiry may also request the notice of investigation
-- on the cases its screening opened ('letters'). SQLite cannot change a
-- CHECK constraint in place, so the table is rebuilt by SQLite's own
-- procedure (https://www.sqlite.org/lang_altertable.html, "other kinds of
-- table schema changes"): foreign keys off outside the transaction, copy,
-- drop, rename, indexes again. The tables referring to bulk_steps name it,
-- so they refer to the new table.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE bulk_steps_new (
    id              TEXT PRIMARY KEY,
    inquiry_id      TEXT NOT NULL REFERENCES inquiries (id),
    kind            TEXT NOT NULL CHECK (kind IN ('demands', 'screening', 'letters')),
    params          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'done')),
    total           INTEGER NOT NULL CHECK (total >= 0),
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    finished_at     TIMESTAMP
);
INSERT INTO bulk_steps_new (id, inquiry_id, kind, params, status, total, created_at, created_by, created_by_name,
    finished_at)
SELECT id, inquiry_id, kind, params, status, total, created_at, created_by, created_by_name, finished_at
FROM bulk_steps;
DROP TABLE bulk_steps;
ALTER TABLE bulk_steps_new RENAME TO bulk_steps;
CREATE INDEX bulk_steps_inquiry ON bulk_steps (inquiry_id, created_at);
CREATE INDEX bulk_steps_running ON bulk_steps (created_at, id) WHERE status = 'running';
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE bulk_steps_new (
    id              TEXT PRIMARY KEY,
    inquiry_id      TEXT NOT NULL REFERENCES inquiries (id),
    kind            TEXT NOT NULL CHECK (kind IN ('demands', 'screening')),
    params          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'done')),
    total           INTEGER NOT NULL CHECK (total >= 0),
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    finished_at     TIMESTAMP
);
INSERT INTO bulk_steps_new (id, inquiry_id, kind, params, status, total, created_at, created_by, created_by_name,
    finished_at)
SELECT id, inquiry_id, kind, params, status, total, created_at, created_by, created_by_name, finished_at
FROM bulk_steps;
DROP TABLE bulk_steps;
ALTER TABLE bulk_steps_new RENAME TO bulk_steps;
CREATE INDEX bulk_steps_inquiry ON bulk_steps (inquiry_id, created_at);
CREATE INDEX bulk_steps_running ON bulk_steps (created_at, id) WHERE status = 'running';
COMMIT;
PRAGMA foreign_keys = ON;
