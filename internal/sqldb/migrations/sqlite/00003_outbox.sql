-- +goose Up
-- The outbox: every email, notice and letter we send is first written here,
-- in the same transaction as the business change that causes it, and
-- delivered afterwards by the jobs. These tables are the legal record of
-- what was served, to whom and when, and of every delivery attempt. Keep
-- the columns identical to migrations/postgres/00003_outbox.sql.

CREATE TABLE outbox_messages (
    id              TEXT PRIMARY KEY,
    case_id         TEXT REFERENCES cases (id),
    kind            TEXT NOT NULL,
    recipient_name  TEXT NOT NULL DEFAULT '',
    recipient_email TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- When a pending message may next be claimed: its creation, the end of a
    -- worker's claim on it, or the time of its next retry.
    next_attempt_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_messages_case ON outbox_messages (case_id, created_at);
CREATE INDEX outbox_messages_created ON outbox_messages (created_at, id);

CREATE TABLE outbox_attachments (
    message_id   TEXT NOT NULL REFERENCES outbox_messages (id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    sha256       TEXT NOT NULL,
    PRIMARY KEY (message_id, seq)
);

-- One row per delivery attempt, written in the same transaction as the
-- message's new status; attempt n of a message can be recorded only once.
CREATE TABLE outbox_attempts (
    message_id TEXT NOT NULL REFERENCES outbox_messages (id),
    attempt    INTEGER NOT NULL CHECK (attempt >= 1),
    at         TIMESTAMP NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    detail     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, attempt)
);

-- +goose Down
DROP TABLE outbox_attempts;
DROP TABLE outbox_attachments;
DROP TABLE outbox_messages;
