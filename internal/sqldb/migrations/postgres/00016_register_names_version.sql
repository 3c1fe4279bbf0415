-- +goose Up
-- Register search ranks names from an index held in the server's memory
-- (search_index.go). It is valid only for the register it was built from:
-- every statement that changes registrants' names or numbers moves this
-- version on, in the same transaction, whichever process runs it, and a
-- search checks the version before it trusts the index.

-- The search reads the registrants it found by seq (on SQLite the rowid).
CREATE UNIQUE INDEX registrants_seq ON registrants (seq);

CREATE TABLE register_names (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO register_names (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE FUNCTION register_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_names SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER registrants_names_changed
    AFTER INSERT OR DELETE OR UPDATE OF given_names, family_name, number OR TRUNCATE ON registrants
    FOR EACH STATEMENT EXECUTE FUNCTION register_names_changed();

-- +goose Down
DROP TRIGGER registrants_names_changed ON registrants;
DROP FUNCTION register_names_changed();
DROP TABLE register_names;
DROP INDEX registrants_seq;
