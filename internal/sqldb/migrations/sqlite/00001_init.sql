-- The register: professions, employers, registrants and their employments.
--
-- Tables and column names match migrations/postgres/00001_init.sql exactly
-- (schema_test.go checks). Search machinery is engine-specific: here the
-- FTS5 tables registrants_fts (unicode61, accents folded, prefix queries)
-- and registrants_trgm (trigram, typo candidates), both external-content
-- tables over registrants kept in step by triggers.
--
-- registrants.seq is a stable integer key: on SQLite it is the rowid the
-- FTS5 tables point at (an explicit INTEGER PRIMARY KEY, so VACUUM never
-- renumbers it); id is the UUIDv7 every other table refers to.
-- search_name (the full name lower-cased) exists to match PostgreSQL, where
-- it is the accent-folded name its search indexes use; here the FTS5
-- tokenizers fold accents themselves.
-- Dates are TEXT 'YYYY-MM-DD'. Annotations are lines separated by "\n".

-- +goose Up
CREATE TABLE professions (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE
);

CREATE TABLE employers (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT ''
);

CREATE TABLE registrants (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    number           TEXT NOT NULL UNIQUE,
    profession_code  TEXT NOT NULL REFERENCES professions (code),
    given_names      TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('registered', 'suspended', 'struck_off', 'lapsed', 'voluntarily_removed', 'deceased')),
    registered_since TEXT NOT NULL CHECK (registered_since LIKE '____-__-__'),
    town             TEXT NOT NULL DEFAULT '',
    annotations      TEXT NOT NULL DEFAULT '',
    search_name      TEXT GENERATED ALWAYS AS (lower(given_names || ' ' || family_name)) VIRTUAL
);

CREATE UNIQUE INDEX registrants_number_lower ON registrants (lower(number));

CREATE TABLE employments (
    id            TEXT PRIMARY KEY,
    registrant_id TEXT NOT NULL REFERENCES registrants (id),
    employer_id   TEXT NOT NULL REFERENCES employers (id),
    role          TEXT NOT NULL DEFAULT '',
    start_date    TEXT NOT NULL CHECK (start_date LIKE '____-__-__'),
    end_date      TEXT CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE INDEX employments_registrant ON employments (registrant_id, start_date);
CREATE INDEX employments_employer_period ON employments (employer_id, start_date, end_date);

CREATE VIRTUAL TABLE registrants_fts USING fts5 (
    given_names, family_name,
    content = 'registrants', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE VIRTUAL TABLE registrants_trgm USING fts5 (
    given_names, family_name,
    content = 'registrants', content_rowid = 'seq',
    tokenize = 'trigram remove_diacritics 1'
);

-- +goose StatementBegin
CREATE TRIGGER registrants_search_insert AFTER INSERT ON registrants BEGIN
    INSERT INTO registrants_fts (rowid, given_names, family_name)
        VALUES (new.seq, new.given_names, new.family_name);
    INSERT INTO registrants_trgm (rowid, given_names, family_name)
        VALUES (new.seq, new.given_names, new.family_name);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER registrants_search_delete AFTER DELETE ON registrants BEGIN
    INSERT INTO registrants_fts (registrants_fts, rowid, given_names, family_name)
        VALUES ('delete', old.seq, old.given_names, old.family_name);
    INSERT INTO registrants_trgm (registrants_trgm, rowid, given_names, family_name)
        VALUES ('delete', old.seq, old.given_names, old.family_name);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER registrants_search_update AFTER UPDATE OF given_names, family_name ON registrants BEGIN
    INSERT INTO registrants_fts (registrants_fts, rowid, given_names, family_name)
        VALUES ('delete', old.seq, old.given_names, old.family_name);
    INSERT INTO registrants_trgm (registrants_trgm, rowid, given_names, family_name)
        VALUES ('delete', old.seq, old.given_names, old.family_name);
    INSERT INTO registrants_fts (rowid, given_names, family_name)
        VALUES (new.seq, new.given_names, new.family_name);
    INSERT INTO registrants_trgm (rowid, given_names, family_name)
        VALUES (new.seq, new.given_names, new.family_name);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER registrants_search_update;
DROP TRIGGER registrants_search_delete;
DROP TRIGGER registrants_search_insert;
DROP TABLE registrants_trgm;
DROP TABLE registrants_fts;
DROP TABLE employments;
DROP TABLE registrants;
DROP TABLE employers;
DROP TABLE professions;
