-- +goose Up
CREATE TABLE professions (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE
);

-- +goose Down
DROP TABLE professions;
