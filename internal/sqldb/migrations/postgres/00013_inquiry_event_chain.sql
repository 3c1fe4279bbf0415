-- +goose Up
-- An inquiry's events are hash-chained like a case's: each holds the hash
-- of the one before it and the hash of its own contents (see
-- inquiryEventHash), and `fitness audit verify` recomputes the chains.
ALTER TABLE inquiry_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE inquiry_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inquiry_events DROP COLUMN hash;
ALTER TABLE inquiry_events DROP COLUMN prev_hash;
