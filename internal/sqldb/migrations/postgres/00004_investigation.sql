-- +goose Up
-- Investigation: information requests (registrant invitations, art 25
-- demands, complainant comments, others), their responses, the documents
-- that come with them, and every version of each case's allegation. Every
-- change to these tables is also a case event, written in the same
-- transaction. Document contents live in document_blobs, one row per
-- SHA-256, written once and never changed. Keep the columns identical to
-- migrations/sqlite/00004_investigation.sql.

CREATE TABLE information_requests (
    id                     TEXT PRIMARY KEY,
    case_id                TEXT NOT NULL REFERENCES cases (id),
    kind                   TEXT NOT NULL CHECK (kind IN ('registrant_invitation', 'art25_demand',
                               'complainant_comment', 'other')),
    recipient_name         TEXT NOT NULL,
    recipient_email        TEXT NOT NULL DEFAULT '',
    recipient_organisation TEXT NOT NULL DEFAULT '',
    employer_id            TEXT REFERENCES employers (id),
    details                TEXT NOT NULL DEFAULT '',
    sent_at                TIMESTAMPTZ NOT NULL,
    sent_by                TEXT NOT NULL,
    sent_by_name           TEXT NOT NULL,
    due_on                 TEXT NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('open', 'answered', 'no_response', 'withdrawn')),
    chased_at              TIMESTAMPTZ,
    escalated_at           TIMESTAMPTZ,
    closed_at              TIMESTAMPTZ
);
CREATE INDEX information_requests_case ON information_requests (case_id, sent_at);
CREATE INDEX information_requests_open ON information_requests (due_on, id) WHERE status = 'open';

-- Immutable contents, keyed by their SHA-256 (hex).
CREATE TABLE document_blobs (
    sha256  TEXT PRIMARY KEY,
    size    BIGINT NOT NULL CHECK (size >= 0),
    content BYTEA NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION document_blobs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'document contents are immutable';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER document_blobs_immutable BEFORE UPDATE ON document_blobs
    FOR EACH ROW EXECUTE FUNCTION document_blobs_immutable();

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL CHECK (size >= 0),
    sha256         TEXT NOT NULL REFERENCES document_blobs (sha256),
    classification TEXT NOT NULL CHECK (classification IN ('public', 'official', 'official_sensitive')),
    uploaded_at    TIMESTAMPTZ NOT NULL,
    uploaded_by    TEXT NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, uploaded_at);

CREATE TABLE responses (
    id               TEXT PRIMARY KEY,
    request_id       TEXT NOT NULL REFERENCES information_requests (id),
    case_id          TEXT NOT NULL REFERENCES cases (id),
    received_on      TEXT NOT NULL,
    summary          TEXT NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    recorded_by      TEXT NOT NULL,
    recorded_by_name TEXT NOT NULL
);
CREATE INDEX responses_request ON responses (request_id, recorded_at);

CREATE TABLE response_documents (
    response_id TEXT NOT NULL REFERENCES responses (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    PRIMARY KEY (response_id, document_id)
);

-- One row per version; particulars are JSON ([{"Number":1,"Text":…,
-- "Subparticulars":[…]}]), grounds a comma-separated list.
CREATE TABLE allegation_versions (
    case_id         TEXT NOT NULL REFERENCES cases (id),
    version         INTEGER NOT NULL CHECK (version >= 1),
    stem            TEXT NOT NULL,
    particulars     TEXT NOT NULL,
    grounds         TEXT NOT NULL,
    impairment      TEXT NOT NULL,
    amended_at      TIMESTAMPTZ NOT NULL,
    amended_by      TEXT NOT NULL,
    amended_by_name TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, version)
);

-- +goose Down
DROP TABLE allegation_versions;
DROP TABLE response_documents;
DROP TABLE responses;
DROP TABLE documents;
DROP TABLE document_blobs;
DROP FUNCTION document_blobs_immutable;
DROP TABLE information_requests;
