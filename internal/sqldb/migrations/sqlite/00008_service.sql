-- +goose Up
-- Documents and service: the letters actions issue, the immutable record of
-- each letter as issued, and the proof that it was served. An action whose
-- effects issue a document records one document_requests row per letter
-- and recipient in its own transaction; the jobs render it afterwards,
-- store the PDF as a case document (documents, document_blobs of
-- 00004_investigation.sql) with an issued_documents row, and serve it by
-- email through the outbox (00003_outbox.sql) or wait for staff to record
-- a posting. issued_documents and service_records are never changed or
-- deleted. Keep the columns identical to
-- migrations/postgres/00008_service.sql.

-- Where letters to a registrant or an employer are served.
CREATE TABLE service_addresses (
    party      TEXT NOT NULL CHECK (party IN ('registrant', 'employer')),
    party_id   TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    postal     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (party, party_id)
);

-- One letter to one recipient, as the action issued it. The recipient's
-- name and addresses are those known when the action was taken.
CREATE TABLE document_requests (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases (id),
    event_id          TEXT NOT NULL, -- the action's event; audit verify, not a key, guards events
    event_seq         BIGINT NOT NULL CHECK (event_seq >= 1),
    document          TEXT NOT NULL,
    recipient_role    TEXT NOT NULL CHECK (recipient_role IN ('registrant', 'complainant', 'employer')),
    recipient_name    TEXT NOT NULL,
    recipient_email   TEXT NOT NULL DEFAULT '',
    recipient_address TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL CHECK (channel IN ('email', 'post')),
    status            TEXT NOT NULL CHECK (status IN ('pending', 'issued', 'failed')),
    requested_at      TIMESTAMP NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error        TEXT NOT NULL DEFAULT '',
    -- When a pending request may next be claimed: its creation, the end of
    -- a worker's claim on it, or the time of its next retry.
    next_attempt_at   TIMESTAMP NOT NULL,
    UNIQUE (event_id, document, recipient_role)
);
CREATE INDEX document_requests_due ON document_requests (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX document_requests_case ON document_requests (case_id, requested_at);

-- A letter as issued: the PDF (a case document) and the HTML it was
-- printed from, by SHA-256. Written once with the request's status.
CREATE TABLE issued_documents (
    request_id  TEXT PRIMARY KEY REFERENCES document_requests (id),
    case_id     TEXT NOT NULL REFERENCES cases (id),
    document_id TEXT NOT NULL UNIQUE REFERENCES documents (id),
    sha256      TEXT NOT NULL REFERENCES document_blobs (sha256),
    html_sha256 TEXT NOT NULL REFERENCES document_blobs (sha256),
    engine      TEXT NOT NULL,
    issued_at   TIMESTAMP NOT NULL
);

-- Proof of service: an email queued in the outbox (its delivery and every
-- attempt are in outbox_messages and outbox_attempts) or a posting.
CREATE TABLE service_records (
    id                TEXT PRIMARY KEY,
    request_id        TEXT NOT NULL REFERENCES document_requests (id),
    case_id           TEXT NOT NULL REFERENCES cases (id),
    channel           TEXT NOT NULL CHECK (channel IN ('email', 'post')),
    outbox_message_id TEXT REFERENCES outbox_messages (id),
    posted_on         TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    recorded_at       TIMESTAMP NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_by_name  TEXT NOT NULL,
    CHECK ((channel = 'email' AND outbox_message_id IS NOT NULL)
        OR (channel = 'post' AND posted_on LIKE '____-__-__' AND address <> ''))
);
CREATE INDEX service_records_request ON service_records (request_id, recorded_at);
CREATE INDEX service_records_outbox ON service_records (outbox_message_id);

-- +goose StatementBegin
CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER service_records_no_update BEFORE UPDATE ON service_records
BEGIN
    SELECT RAISE(ABORT, 'proof of service is immutable');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER service_records_no_delete BEFORE DELETE ON service_records
BEGIN
    SELECT RAISE(ABORT, 'proof of service is immutable');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER service_records_no_delete;
DROP TRIGGER service_records_no_update;
DROP TRIGGER issued_documents_no_delete;
DROP TRIGGER issued_documents_no_update;
DROP TABLE service_records;
DROP TABLE issued_documents;
DROP TABLE document_requests;
DROP TABLE service_addresses;
