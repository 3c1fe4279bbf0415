-- +goose Up
-- An event's key is its place in its case's chain, (case_id, seq): every
-- read of events goes by it, and it is what guards a chain against two
-- writers. Its id (a UUIDv7, sealed into its hash) is never looked up, so
-- the unique index that id kept cost every note, letter and deadline one
-- more index page to write and flush, for nothing (docs/performance.md,
-- the durable action). SQLite cannot drop a primary key, so the table is
-- copied; nothing refers to it.
CREATE TABLE events_chained (
    id              TEXT NOT NULL,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    seq             BIGINT NOT NULL CHECK (seq >= 1),
    type            TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    on_behalf_of    TEXT NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL,
    from_stage      TEXT NOT NULL DEFAULT '',
    to_stage        TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL DEFAULT '{}',
    reason          TEXT NOT NULL DEFAULT '',
    process_version TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
INSERT INTO events_chained (id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at, from_stage,
    to_stage, payload, reason, process_version, prev_hash, hash)
SELECT id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at, from_stage,
    to_stage, payload, reason, process_version, prev_hash, hash
FROM events ORDER BY rowid;
DROP TABLE events;
ALTER TABLE events_chained RENAME TO events;
CREATE INDEX events_icp_decisions ON events (type, at, case_id)
    WHERE type IN ('icp_case_to_answer', 'icp_no_case_to_answer');

-- +goose Down
CREATE TABLE events_keyed (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    seq             BIGINT NOT NULL CHECK (seq >= 1),
    type            TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    on_behalf_of    TEXT NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL,
    from_stage      TEXT NOT NULL DEFAULT '',
    to_stage        TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL DEFAULT '{}',
    reason          TEXT NOT NULL DEFAULT '',
    process_version TEXT NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
INSERT INTO events_keyed (id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at, from_stage,
    to_stage, payload, reason, process_version, prev_hash, hash)
SELECT id, case_id, seq, type, actor_id, actor_name, on_behalf_of, at, from_stage,
    to_stage, payload, reason, process_version, prev_hash, hash
FROM events ORDER BY rowid;
DROP TABLE events;
ALTER TABLE events_keyed RENAME TO events;
CREATE INDEX events_icp_decisions ON events (type, at, case_id)
    WHERE type IN ('icp_case_to_answer', 'icp_no_case_to_answer');
