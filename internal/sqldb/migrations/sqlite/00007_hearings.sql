-- +goose Up
-- Hearings before the practice committees, their decisions with a finding
-- per particular, the orders they make, what is published about them, and
-- appeals to the court. Dates without a time are TEXT 'YYYY-MM-DD' ('' for
-- none). Keep the columns identical to migrations/postgres/00007_hearings.sql.

CREATE TABLE hearings (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES cases (id),
    kind                TEXT NOT NULL CHECK (kind IN ('final', 'review', 'interim_order', 'restoration')),
    committee           TEXT NOT NULL CHECK (committee IN ('investigating', 'conduct_competence', 'health')),
    starts_at           TIMESTAMP NOT NULL,
    ends_on             TEXT NOT NULL CHECK (ends_on LIKE '____-__-__'),
    is_remote           BOOLEAN NOT NULL,
    venue               TEXT NOT NULL DEFAULT '',
    privacy             TEXT NOT NULL CHECK (privacy IN ('public', 'partly_private', 'private')),
    short_notice_agreed BOOLEAN NOT NULL,
    short_notice_reason TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('listed', 'decided')),
    listed_at           TIMESTAMP NOT NULL,
    listed_by           TEXT NOT NULL,
    -- Short notice is only ever recorded with its reason.
    CHECK (NOT short_notice_agreed OR short_notice_reason <> '')
);
CREATE INDEX hearings_case ON hearings (case_id, starts_at);
CREATE INDEX hearings_starts ON hearings (starts_at, id);

-- Who sits on a hearing's panel, with their seat as it was when chosen.
CREATE TABLE hearing_panel (
    hearing_id        TEXT NOT NULL REFERENCES hearings (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    kind              TEXT NOT NULL CHECK (kind IN ('chair', 'lay', 'registrant')),
    profession_code   TEXT,
    legally_qualified BOOLEAN NOT NULL,
    PRIMARY KEY (hearing_id, user_id)
);

-- A hearing's decision; event_seq is the last case event that applied it.
-- private_reasons and private particulars are never published.
CREATE TABLE hearing_decisions (
    id                   TEXT PRIMARY KEY,
    hearing_id           TEXT NOT NULL UNIQUE REFERENCES hearings (id),
    case_id              TEXT NOT NULL REFERENCES cases (id),
    outcome              TEXT NOT NULL,
    fell_at              TEXT NOT NULL DEFAULT '' CHECK (fell_at IN ('', 'facts', 'ground', 'impairment')),
    decided_on           TEXT NOT NULL CHECK (decided_on LIKE '____-__-__'),
    service_proved       BOOLEAN NOT NULL,
    proceeded_in_absence BOOLEAN NOT NULL,
    absence_reasons      TEXT NOT NULL DEFAULT '',
    private_sessions     TEXT NOT NULL DEFAULT '',
    amendments           TEXT NOT NULL DEFAULT '',
    ground               TEXT NOT NULL DEFAULT '',
    ground_found         TEXT NOT NULL DEFAULT '' CHECK (ground_found IN ('', 'yes', 'no')),
    impairment           TEXT NOT NULL DEFAULT '' CHECK (impairment IN ('', 'yes', 'no')),
    sanction             TEXT NOT NULL DEFAULT '',
    length_months        INTEGER NOT NULL DEFAULT 0,
    conditions           TEXT NOT NULL DEFAULT '',
    interim_cover        BOOLEAN NOT NULL,
    review_outcome       TEXT NOT NULL DEFAULT '',
    granted              TEXT NOT NULL DEFAULT '' CHECK (granted IN ('', 'yes', 'no')),
    interim_kind         TEXT NOT NULL DEFAULT '',
    reasons              TEXT NOT NULL,
    private_reasons      TEXT NOT NULL DEFAULT '',
    event_seq            BIGINT NOT NULL,
    recorded_at          TIMESTAMP NOT NULL,
    recorded_by          TEXT NOT NULL,
    recorded_by_name     TEXT NOT NULL
);
CREATE INDEX hearing_decisions_case ON hearing_decisions (case_id, decided_on);

CREATE TABLE hearing_facts (
    decision_id TEXT NOT NULL REFERENCES hearing_decisions (id),
    ordinal     INTEGER NOT NULL CHECK (ordinal >= 1),
    number      TEXT NOT NULL,
    particular  TEXT NOT NULL,
    finding     TEXT NOT NULL CHECK (finding IN ('admitted', 'proved', 'not_proved', 'discontinued')),
    reasons     TEXT NOT NULL DEFAULT '',
    is_private  BOOLEAN NOT NULL,
    PRIMARY KEY (decision_id, ordinal)
);

-- Orders. annotation is the exact line the order put on the register
-- while in force, so that it can be taken off again.
CREATE TABLE orders (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    registrant_id TEXT REFERENCES registrants (id),
    decision_id   TEXT REFERENCES hearing_decisions (id),
    kind          TEXT NOT NULL CHECK (kind IN ('caution', 'conditions', 'suspension', 'striking_off',
                      'interim_conditions', 'interim_suspension')),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'in_force', 'expired', 'revoked', 'quashed', 'replaced')),
    made_on       TEXT NOT NULL CHECK (made_on LIKE '____-__-__'),
    starts_on     TEXT NOT NULL CHECK (starts_on LIKE '____-__-__'),
    ends_on       TEXT NOT NULL DEFAULT '',
    review_due    TEXT NOT NULL DEFAULT '',
    months        INTEGER NOT NULL DEFAULT 0,
    conditions    TEXT NOT NULL DEFAULT '',
    replaces      TEXT REFERENCES orders (id),
    status_reason TEXT NOT NULL DEFAULT '',
    annotation    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX orders_case ON orders (case_id, made_on);
CREATE INDEX orders_registrant ON orders (registrant_id, status);

-- What is put on the public site about a hearing: its listing, and its
-- decision with private parts removed (redacted_text). Investigating
-- Committee matters never have a row.
CREATE TABLE publications (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases (id),
    hearing_id    TEXT NOT NULL REFERENCES hearings (id),
    decision_id   TEXT REFERENCES hearing_decisions (id),
    kind          TEXT NOT NULL CHECK (kind IN ('listing', 'decision')),
    outcome       TEXT NOT NULL DEFAULT '',
    due_on        TEXT NOT NULL DEFAULT '',
    published_at  TIMESTAMP,
    take_down_at  TIMESTAMP,
    redacted_text TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (hearing_id, kind),
    CHECK (kind = 'listing' OR decision_id IS NOT NULL)
);
CREATE INDEX publications_case ON publications (case_id, created_at);
CREATE INDEX publications_visible ON publications (kind, published_at, take_down_at);

CREATE TABLE appeals (
    id                    TEXT PRIMARY KEY,
    case_id               TEXT NOT NULL REFERENCES cases (id),
    order_id              TEXT NOT NULL REFERENCES orders (id),
    appellant             TEXT NOT NULL CHECK (appellant IN ('registrant', 'psa')),
    court                 TEXT NOT NULL DEFAULT '',
    lodged_on             TEXT NOT NULL CHECK (lodged_on LIKE '____-__-__'),
    outcome               TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'dismissed', 'quashed', 'substituted', 'remitted')),
    decided_on            TEXT NOT NULL DEFAULT '',
    reasons               TEXT NOT NULL DEFAULT '',
    substitute            TEXT NOT NULL DEFAULT '',
    substitute_months     INTEGER NOT NULL DEFAULT 0,
    substitute_conditions TEXT NOT NULL DEFAULT '',
    recorded_at           TIMESTAMP NOT NULL,
    recorded_by           TEXT NOT NULL
);
CREATE INDEX appeals_case ON appeals (case_id, lodged_on);

-- +goose Down
DROP TABLE appeals;
DROP TABLE publications;
DROP TABLE orders;
DROP TABLE hearing_facts;
DROP TABLE hearing_decisions;
DROP TABLE hearing_panel;
DROP TABLE hearings;
