-- +goose Up
-- An event's key is its place in its case's chain, (case_id, seq): every
-- read of events goes by it, and it is what guards a chain against two
-- writers. Its id (a UUIDv7, sealed into its hash) is never looked up, so
-- the unique index that id kept cost every note, letter and deadline one
-- more index page to write and flush, for nothing (docs/performance.md,
-- the durable action). The id keeps its NOT NULL. The unique constraint
-- on (case_id, seq) becomes the primary key; an index that belongs to one
-- constraint cannot be handed to another, so the key gets its own.
ALTER TABLE events DROP CONSTRAINT events_pkey;
CREATE UNIQUE INDEX events_chain_key ON events (case_id, seq);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_chain_key;
ALTER TABLE events DROP CONSTRAINT events_case_id_seq_key;

-- +goose Down
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD CONSTRAINT events_case_id_seq_key UNIQUE (case_id, seq);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
