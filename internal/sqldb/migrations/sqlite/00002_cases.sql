-- +goose Up
-- Staff users, sessions, API tokens, concerns, cases, their hash-chained
-- events, the hash-chained access log and idempotency keys. Timestamps are
-- UTC; dates without a time are TEXT 'YYYY-MM-DD'. IDs are UUIDv7 text made
-- in Go. Keep the columns identical to migrations/postgres/00002_cases.sql.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('case_manager', 'team_leader', 'registrar',
                                          'hearings_officer', 'panel_member', 'admin')),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role, user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Sessions of alexedwards/scs. token holds the SHA-256 of the session token,
-- so a copy of the table does not hand out live sessions.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Failed sign-ins by (lower-cased) email, known or not, for throttling.
CREATE TABLE login_failures (
    id    TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);

CREATE TABLE concerns (
    id              TEXT PRIMARY KEY,
    received_on     TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('public', 'employer', 'self_referral',
                        'other_registrant', 'police', 'professional_body', 'anonymous',
                        'other', 'own_motion')),
    raised_by_name  TEXT NOT NULL DEFAULT '',
    raised_by_email TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL
);

-- Named counters, e.g. 'case_reference:2026' for FTP-2026-NNNNN.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE cases (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    concern_id       TEXT NOT NULL REFERENCES concerns (id),
    registrant_id    TEXT REFERENCES registrants (id),
    subject_name     TEXT NOT NULL DEFAULT '',
    subject_details  TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL,
    summary          TEXT NOT NULL,
    stage            TEXT NOT NULL,
    interim_stage    TEXT NOT NULL DEFAULT '',
    stage_entered_at TIMESTAMP NOT NULL,
    version          BIGINT NOT NULL CHECK (version >= 0),
    process_version  TEXT NOT NULL,
    case_manager_id  TEXT REFERENCES users (id),
    received_on      TEXT NOT NULL,
    opened_at        TIMESTAMP NOT NULL,
    closed_at        TIMESTAMP,
    next_due_at      TIMESTAMP,
    deadlines        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX cases_mine ON cases (case_manager_id, closed_at, next_due_at, reference);
CREATE INDEX cases_due ON cases (next_due_at, reference);
CREATE INDEX cases_registrant ON cases (registrant_id);
CREATE INDEX cases_concern ON cases (concern_id);

-- Cases from the same concern, linked both ways.
CREATE TABLE case_links (
    case_id        TEXT NOT NULL REFERENCES cases (id),
    linked_case_id TEXT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (case_id, linked_case_id)
);

-- Append-only; hash-chained per case (prev_hash of seq 1 is '').
CREATE TABLE events (
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

-- Who read what: append-only, one hash chain over all records, seq
-- assigned in Go from chain_heads('access').
CREATE TABLE access_log (
    seq       BIGINT PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    at        TIMESTAMP NOT NULL,
    actor_id  TEXT NOT NULL,
    action    TEXT NOT NULL,
    case_id   TEXT,
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX access_log_case ON access_log (case_id, seq);

CREATE TABLE chain_heads (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO chain_heads (name, seq, hash) VALUES ('access', 0, '');

-- API Idempotency-Key records; status 0 while the first request runs.
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL,
    key          TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    response     BLOB,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE chain_heads;
DROP TABLE access_log;
DROP TABLE events;
DROP TABLE case_links;
DROP TABLE cases;
DROP TABLE counters;
DROP TABLE concerns;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE user_roles;
DROP TABLE users;
