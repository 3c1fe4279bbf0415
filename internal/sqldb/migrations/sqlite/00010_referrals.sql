-- +goose Up
-- Other bodies (inspectorates, police forces, the barring service, other
-- regulators) and referrals to and from them; the safeguarding mark of a
-- case and its barring-service decision after a striking-off. See
-- internal/fitness/referral.go and referral_barring.go for the rules. Dates
-- without a time are TEXT 'YYYY-MM-DD'. Keep the columns identical to
-- migrations/postgres/00010_referrals.sql.

CREATE TABLE other_bodies (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('inspectorate', 'police', 'barring_service',
                        'regulator', 'other')),
    -- The source category of a concern raised by an inbound referral
    -- from this body (concerns.source).
    source_category TEXT NOT NULL CHECK (source_category IN ('public', 'employer',
                        'self_referral', 'other_registrant', 'police', 'professional_body',
                        'anonymous', 'other', 'own_motion')),
    email           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX other_bodies_kind ON other_bodies (kind, name);

-- The standard bodies: institutions, not people. Fixed ids so that demo
-- data and tests can name them.
INSERT INTO other_bodies (id, name, kind, source_category, notes) VALUES
    ('00000000-0000-7000-8000-00000000b001', 'Care Quality Commission', 'inspectorate', 'other',
     'Inspects health and adult social care services in England.'),
    ('00000000-0000-7000-8000-00000000b002', 'Ofsted', 'inspectorate', 'other',
     'Inspects children''s social care and education services in England.'),
    ('00000000-0000-7000-8000-00000000b003', 'Disclosure and Barring Service', 'barring_service', 'other',
     'Keeps the children''s and adults'' barred lists.'),
    ('00000000-0000-7000-8000-00000000b004', 'Nursing and Midwifery Council', 'regulator', 'professional_body',
     'Regulates nurses, midwives and nursing associates.'),
    ('00000000-0000-7000-8000-00000000b005', 'General Medical Council', 'regulator', 'professional_body',
     'Regulates doctors and physician associates.'),
    ('00000000-0000-7000-8000-00000000b006', 'A police force', 'police', 'police',
     'Stands for any police force until the force is recorded as a body of its own.');

CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    -- 'in': the body referred a matter to us; 'out': we referred to it.
    direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    body_id         TEXT NOT NULL REFERENCES other_bodies (id),
    case_id         TEXT REFERENCES cases (id),
    -- Inbound: the concern the referral was recorded as.
    concern_id      TEXT REFERENCES concerns (id),
    registrant_id   TEXT REFERENCES registrants (id),
    -- The own-motion inquiry whose screening made the referral, if any
    -- (inquiries come in a later migration).
    inquiry_id      TEXT NOT NULL DEFAULT '',
    subject_name    TEXT NOT NULL DEFAULT '',
    referred_on     TEXT NOT NULL,
    reason          TEXT NOT NULL,
    their_reference TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed', 'withdrawn')),
    acknowledged_on TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    -- A caller's key making the insert idempotent (e.g. a bulk step and a
    -- person); '' for none.
    origin_key      TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX referrals_origin_key ON referrals (origin_key) WHERE origin_key <> '';
CREATE INDEX referrals_list ON referrals (referred_on, id);
CREATE INDEX referrals_body ON referrals (body_id, referred_on);
CREATE INDEX referrals_case ON referrals (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX referrals_registrant ON referrals (registrant_id) WHERE registrant_id IS NOT NULL;

-- Every change of a referral, in order: its history.
CREATE TABLE referral_updates (
    id          TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_updates_referral ON referral_updates (referral_id, at);

-- A case's safeguarding mark and, once struck off, whether it was referred
-- to the barring service (made, with the referral) or not (with a reason).
CREATE TABLE case_safeguarding (
    case_id          TEXT PRIMARY KEY REFERENCES cases (id),
    reason           TEXT NOT NULL,
    marked_at        TIMESTAMP NOT NULL,
    marked_by        TEXT NOT NULL,
    marked_by_name   TEXT NOT NULL,
    barring          TEXT NOT NULL DEFAULT '' CHECK (barring IN ('', 'made', 'not_made')),
    referral_id      TEXT REFERENCES referrals (id),
    barring_note     TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMP,
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_by_name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_safeguarding_open ON case_safeguarding (marked_at) WHERE barring = '';

-- +goose Down
DROP TABLE case_safeguarding;
DROP TABLE referral_updates;
DROP TABLE referrals;
DROP TABLE other_bodies;
