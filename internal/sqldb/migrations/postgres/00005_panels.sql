-- +goose Up
-- Investigating Committee meetings: panel members' profiles, declared
-- conflicts of interest, meetings with their panels and agendas, and the
-- panels' decisions with a finding per particular. Dates without a time are
-- TEXT 'YYYY-MM-DD'. Keep the columns identical to
-- migrations/sqlite/00005_panels.sql.

-- The seat each panel member is appointed to fill; a registrant member's
-- profession.
CREATE TABLE panel_members (
    user_id           TEXT PRIMARY KEY REFERENCES users (id),
    kind              TEXT NOT NULL CHECK (kind IN ('chair', 'lay', 'registrant')),
    profession_code   TEXT REFERENCES professions (code),
    legally_qualified BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at        TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'registrant' AND profession_code IS NOT NULL)
        OR (kind <> 'registrant' AND profession_code IS NULL))
);

-- A declared conflict excludes its user from one case, every case about a
-- registrant, or every case about a registrant who works or worked for an
-- employer. Append-only.
CREATE TABLE conflicts (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    case_id       TEXT REFERENCES cases (id),
    registrant_id TEXT REFERENCES registrants (id),
    employer_id   TEXT REFERENCES employers (id),
    reason        TEXT NOT NULL,
    declared_at   TIMESTAMPTZ NOT NULL,
    declared_by   TEXT NOT NULL,
    CHECK ((CASE WHEN case_id IS NULL THEN 0 ELSE 1 END)
         + (CASE WHEN registrant_id IS NULL THEN 0 ELSE 1 END)
         + (CASE WHEN employer_id IS NULL THEN 0 ELSE 1 END) = 1)
);
CREATE INDEX conflicts_user ON conflicts (user_id, declared_at);
CREATE INDEX conflicts_case ON conflicts (case_id, user_id);
CREATE INDEX conflicts_registrant ON conflicts (registrant_id, user_id);
CREATE INDEX conflicts_employer ON conflicts (employer_id, user_id);

CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    committee  TEXT NOT NULL CHECK (committee IN ('investigating', 'conduct_competence', 'health')),
    meeting_on TEXT NOT NULL CHECK (meeting_on LIKE '____-__-__'),
    is_private BOOLEAN NOT NULL,
    is_remote  BOOLEAN NOT NULL,
    venue      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    -- An Investigating Committee panel always meets in private.
    CHECK (committee <> 'investigating' OR is_private)
);
CREATE INDEX meetings_on ON meetings (meeting_on, id);

-- Who sits on a meeting's panel, with their seat as it was when chosen.
CREATE TABLE meeting_panel (
    meeting_id        TEXT NOT NULL REFERENCES meetings (id),
    user_id           TEXT NOT NULL REFERENCES users (id),
    kind              TEXT NOT NULL CHECK (kind IN ('chair', 'lay', 'registrant')),
    profession_code   TEXT,
    legally_qualified BOOLEAN NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_panel_user ON meeting_panel (user_id, meeting_id);

-- The agenda. Its panel members may see the cases listed.
CREATE TABLE meeting_cases (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    case_id    TEXT NOT NULL REFERENCES cases (id),
    ordinal    INTEGER NOT NULL CHECK (ordinal >= 1),
    added_at   TIMESTAMPTZ NOT NULL,
    added_by   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, case_id),
    UNIQUE (meeting_id, ordinal)
);
CREATE INDEX meeting_cases_case ON meeting_cases (case_id, meeting_id);

-- A panel's decision on a case of its agenda; event_seq is the case event
-- that applied it to the case. Never published.
CREATE TABLE icp_decisions (
    id                     TEXT PRIMARY KEY,
    meeting_id             TEXT NOT NULL REFERENCES meetings (id),
    case_id                TEXT NOT NULL REFERENCES cases (id),
    outcome                TEXT NOT NULL CHECK (outcome IN ('case_to_answer', 'no_case_to_answer', 'adjourned')),
    decided_on             TEXT NOT NULL CHECK (decided_on LIKE '____-__-__'),
    facts                  TEXT NOT NULL DEFAULT '' CHECK (facts IN ('', 'yes', 'no')),
    ground                 TEXT NOT NULL DEFAULT '' CHECK (ground IN ('', 'yes', 'no')),
    impairment             TEXT NOT NULL DEFAULT '' CHECK (impairment IN ('', 'yes', 'no')),
    reasons                TEXT NOT NULL,
    registrant_responded   BOOLEAN NOT NULL,
    no_inference_statement TEXT NOT NULL DEFAULT '',
    event_seq              BIGINT NOT NULL,
    recorded_at            TIMESTAMPTZ NOT NULL,
    recorded_by            TEXT NOT NULL,
    recorded_by_name       TEXT NOT NULL,
    UNIQUE (meeting_id, case_id),
    CHECK (registrant_responded OR no_inference_statement <> '')
);
CREATE INDEX icp_decisions_case ON icp_decisions (case_id, decided_on);

CREATE TABLE icp_findings (
    decision_id        TEXT NOT NULL REFERENCES icp_decisions (id),
    ordinal            INTEGER NOT NULL CHECK (ordinal >= 1),
    number             TEXT NOT NULL,
    particular         TEXT NOT NULL,
    realistic_prospect TEXT NOT NULL CHECK (realistic_prospect IN ('yes', 'no')),
    reasons            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (decision_id, ordinal)
);

-- +goose Down
DROP TABLE icp_findings;
DROP TABLE icp_decisions;
DROP TABLE meeting_cases;
DROP TABLE meeting_panel;
DROP TABLE meetings;
DROP TABLE conflicts;
DROP TABLE panel_members;
