-- +goose Up
-- Register search ranks names from an index held in the server's memory
-- (search_index.go). It is valid only for the register it was built from:
-- every change to a registrant's names or number moves this version on, in
-- the same transaction, whichever process makes it, and a search checks the
-- version before it trusts the index.
CREATE TABLE register_names (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);

INSERT INTO register_names (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER registrants_names_insert AFTER INSERT ON registrants BEGIN
    UPDATE register_names SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER registrants_names_delete AFTER DELETE ON registrants BEGIN
    UPDATE register_names SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER registrants_names_update AFTER UPDATE OF given_names, family_name, number ON registrants BEGIN
    UPDATE register_names SET version = version + 1 WHERE id = 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER registrants_names_update;
DROP TRIGGER registrants_names_delete;
DROP TRIGGER registrants_names_insert;
DROP TABLE register_names;
