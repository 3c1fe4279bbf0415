-- The register: professions, employers, registrants and their employments.
--
-- Tables and column names match migrations/sqlite/00001_init.sql exactly
-- (schema_test.go checks). Search machinery is engine-specific: here the
-- extensions unaccent and pg_trgm, the IMMUTABLE wrapper f_unaccent, the
-- generated column registrants.search_name (the full name lower-cased and
-- unaccented, computed once per write rather than on every search) and two
-- GIN indexes on it: tsvector (words and prefixes) and trigram (typos).
-- The search queries in search.go repeat the indexed expressions exactly.
--
-- registrants.seq is a stable integer key (on SQLite the rowid its FTS5
-- tables point at); id is the UUIDv7 every other table refers to.
-- Dates are TEXT 'YYYY-MM-DD'. Annotations are lines separated by "\n".

-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- +goose StatementBegin
CREATE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
-- +goose StatementEnd

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
    seq              BIGINT GENERATED ALWAYS AS IDENTITY,
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    profession_code  TEXT NOT NULL REFERENCES professions (code),
    given_names      TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('registered', 'suspended', 'struck_off', 'lapsed', 'voluntarily_removed', 'deceased')),
    registered_since TEXT NOT NULL CHECK (registered_since LIKE '____-__-__'),
    town             TEXT NOT NULL DEFAULT '',
    annotations      TEXT NOT NULL DEFAULT '',
    search_name      TEXT GENERATED ALWAYS AS (lower(f_unaccent(given_names || ' ' || family_name))) STORED
);

CREATE UNIQUE INDEX registrants_number_lower ON registrants (lower(number));
CREATE INDEX registrants_name_tsv ON registrants USING gin (to_tsvector('simple'::regconfig, search_name));
CREATE INDEX registrants_name_trgm ON registrants USING gin (search_name gin_trgm_ops);

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

-- +goose Down
DROP TABLE employments;
DROP TABLE registrants;
DROP TABLE employers;
DROP TABLE professions;
DROP FUNCTION f_unaccent(text);
