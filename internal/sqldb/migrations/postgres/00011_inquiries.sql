-- +goose Up
-- Own-motion inquiries (HPO art 22(6)): the inquiry and its published
-- source, its employers and team, every scope run kept as a snapshot (who
-- was in scope, when, by which rule), art 25 demands to the employers with
-- the answers per person, the screening of each person, the link from a
-- case opened by screening to its inquiry (the case shares the inquiry's
-- evidence through it), the bulk steps with an outcome per person, and an
-- append-only log of what was done. Keep the columns identical to
-- migrations/sqlite/00011_inquiries.sql.

CREATE TABLE inquiries (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    source_title     TEXT NOT NULL,
    source_publisher TEXT NOT NULL,
    source_published TEXT NOT NULL CHECK (source_published LIKE '____-__-__'),
    source_link      TEXT NOT NULL DEFAULT '',
    source_summary   TEXT NOT NULL,
    period_from      TEXT NOT NULL CHECK (period_from LIKE '____-__-__'),
    period_to        TEXT NOT NULL CHECK (period_to >= period_from),
    created_at       TIMESTAMPTZ NOT NULL,
    created_by       TEXT NOT NULL,
    last_scoped_at   TIMESTAMPTZ
);
CREATE INDEX inquiries_created ON inquiries (created_at, id);

CREATE TABLE inquiry_employers (
    inquiry_id  TEXT NOT NULL REFERENCES inquiries (id),
    employer_id TEXT NOT NULL REFERENCES employers (id),
    PRIMARY KEY (inquiry_id, employer_id)
);

-- The inquiry team: who may see the inquiry's material besides the roles
-- the policy names (fitness.Decide).
CREATE TABLE inquiry_team (
    inquiry_id TEXT NOT NULL REFERENCES inquiries (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (inquiry_id, user_id)
);
CREATE INDEX inquiry_team_user ON inquiry_team (user_id, inquiry_id);

CREATE TABLE inquiry_scope_runs (
    id            TEXT PRIMARY KEY,
    inquiry_id    TEXT NOT NULL REFERENCES inquiries (id),
    seq           INTEGER NOT NULL CHECK (seq > 0),
    rule          TEXT NOT NULL,
    taken_at      TIMESTAMPTZ NOT NULL,
    taken_by      TEXT NOT NULL,
    taken_by_name TEXT NOT NULL,
    people        INTEGER NOT NULL CHECK (people >= 0),
    UNIQUE (inquiry_id, seq)
);

-- One row per employment that put a registrant in scope, with the
-- employment's facts and the registrant's status at the time of the run.
-- A record of what was found, written once: registrant_id and employer_id
-- are copied from rows that are never deleted and carry no foreign key,
-- whose checks took a third of a scope run on PostgreSQL.
CREATE TABLE inquiry_scope_entries (
    run_id            TEXT NOT NULL REFERENCES inquiry_scope_runs (id),
    employment_id     TEXT NOT NULL,
    registrant_id     TEXT NOT NULL,
    employer_id       TEXT NOT NULL,
    role              TEXT NOT NULL,
    start_date        TEXT NOT NULL,
    end_date          TEXT NOT NULL DEFAULT '',
    registrant_status TEXT NOT NULL,
    PRIMARY KEY (run_id, registrant_id, employment_id) -- one index serves a run and a person in it
);

-- Bulk steps: one row per step and one per (step, person), the key that
-- makes each person's work happen once whatever crashes in between.
CREATE TABLE bulk_steps (
    id              TEXT PRIMARY KEY,
    inquiry_id      TEXT NOT NULL REFERENCES inquiries (id),
    kind            TEXT NOT NULL CHECK (kind IN ('demands', 'screening')),
    params          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'done')),
    total           INTEGER NOT NULL CHECK (total >= 0),
    created_at      TIMESTAMPTZ NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    finished_at     TIMESTAMPTZ
);
CREATE INDEX bulk_steps_inquiry ON bulk_steps (inquiry_id, created_at);
CREATE INDEX bulk_steps_running ON bulk_steps (created_at, id) WHERE status = 'running';

CREATE TABLE bulk_step_items (
    step_id       TEXT NOT NULL REFERENCES bulk_steps (id),
    registrant_id TEXT NOT NULL REFERENCES registrants (id),
    seq           INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    outcome       TEXT NOT NULL DEFAULT '',
    done_at       TIMESTAMPTZ,
    PRIMARY KEY (step_id, registrant_id)
);
CREATE INDEX bulk_step_items_pending ON bulk_step_items (step_id, seq) WHERE status = 'pending';

CREATE TABLE inquiry_demands (
    id           TEXT PRIMARY KEY,
    inquiry_id   TEXT NOT NULL REFERENCES inquiries (id),
    step_id      TEXT NOT NULL REFERENCES bulk_steps (id),
    employer_id  TEXT NOT NULL REFERENCES employers (id),
    details      TEXT NOT NULL,
    sent_at      TIMESTAMPTZ NOT NULL,
    sent_by      TEXT NOT NULL,
    sent_by_name TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'answered', 'withdrawn')),
    chased_at    TIMESTAMPTZ,
    escalated_at TIMESTAMPTZ,
    closed_at    TIMESTAMPTZ,
    UNIQUE (step_id, employer_id)
);
CREATE INDEX inquiry_demands_inquiry ON inquiry_demands (inquiry_id, sent_at);
CREATE INDEX inquiry_demands_open ON inquiry_demands (due_on, id) WHERE status = 'open';

CREATE TABLE inquiry_demand_people (
    demand_id     TEXT NOT NULL REFERENCES inquiry_demands (id),
    registrant_id TEXT NOT NULL REFERENCES registrants (id),
    roles         TEXT NOT NULL,
    answer        TEXT NOT NULL DEFAULT '',
    received_on   TEXT NOT NULL DEFAULT '',
    answered_at   TIMESTAMPTZ,
    answered_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (demand_id, registrant_id)
);

-- Screening is private to the inquiry: no registrant-facing or public
-- view reads this table.
CREATE TABLE inquiry_screenings (
    inquiry_id      TEXT NOT NULL REFERENCES inquiries (id),
    registrant_id   TEXT NOT NULL REFERENCES registrants (id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('no_action', 'open_case', 'refer')),
    reasons         TEXT NOT NULL,
    other_body_id   TEXT REFERENCES other_bodies (id),
    referral_id     TEXT REFERENCES referrals (id),
    case_id         TEXT REFERENCES cases (id),
    step_id         TEXT REFERENCES bulk_steps (id),
    decided_at      TIMESTAMPTZ NOT NULL,
    decided_by      TEXT NOT NULL,
    decided_by_name TEXT NOT NULL,
    PRIMARY KEY (inquiry_id, registrant_id),
    CHECK ((outcome = 'open_case') = (case_id IS NOT NULL)),
    CHECK ((outcome = 'refer') = (other_body_id IS NOT NULL))
);

-- A case opened from an inquiry shares the inquiry's evidence through
-- this link instead of copies.
CREATE TABLE case_inquiries (
    case_id    TEXT PRIMARY KEY REFERENCES cases (id),
    inquiry_id TEXT NOT NULL REFERENCES inquiries (id)
);
CREATE INDEX case_inquiries_inquiry ON case_inquiries (inquiry_id);

-- Append-only log of what was done in an inquiry.
CREATE TABLE inquiry_events (
    id            TEXT PRIMARY KEY,
    inquiry_id    TEXT NOT NULL REFERENCES inquiries (id),
    seq           INTEGER NOT NULL,
    type          TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    registrant_id TEXT NOT NULL DEFAULT '',
    payload       TEXT NOT NULL,
    UNIQUE (inquiry_id, seq)
);

-- +goose Down
DROP TABLE inquiry_events;
DROP TABLE case_inquiries;
DROP TABLE inquiry_screenings;
DROP TABLE inquiry_demand_people;
DROP TABLE inquiry_demands;
DROP TABLE bulk_step_items;
DROP TABLE bulk_steps;
DROP TABLE inquiry_scope_entries;
DROP TABLE inquiry_scope_runs;
DROP TABLE inquiry_team;
DROP TABLE inquiry_employers;
DROP TABLE inquiries;
