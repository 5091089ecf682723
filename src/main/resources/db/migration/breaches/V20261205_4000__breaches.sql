-- The breach register (Art. 33(5) GDPR): every personal-data breach, notified or not, with its facts, the decision on
-- notifying the Autoriteit Persoonsgegevens and the people concerned with its reasons, and every step as history.
-- Facts are descriptions and counts; the people concerned are never stored here (only how many).
CREATE TABLE breach (
    id                   uuid        PRIMARY KEY,
    reference            text        NOT NULL UNIQUE,
    title                text        NOT NULL,
    description          text        NOT NULL,
    started_at           timestamptz,
    aware_at             timestamptz NOT NULL,
    ongoing              boolean     NOT NULL DEFAULT false,
    nature               text[]      NOT NULL,
    categories           text[]      NOT NULL,
    people_approx        integer,
    records_approx       integer,
    encrypted            boolean     NOT NULL DEFAULT false,
    key_safe             boolean     NOT NULL DEFAULT false,
    consequences         text,
    measures_taken       text,
    measures_planned     text,
    state                text        NOT NULL CHECK (state IN ('REPORTED', 'ASSESSED', 'NOTIFIED', 'NOT_NOTIFIED', 'CLOSED')),
    risk                 text        CHECK (risk IN ('UNLIKELY', 'RISK', 'HIGH')),
    notify_authority     boolean,
    notify_people        boolean,
    people_exemption     text        CHECK (people_exemption IN ('ENCRYPTED', 'MEASURES_TAKEN', 'DISPROPORTIONATE')),
    decision_reasons     text,
    deadline_hours       integer     NOT NULL CHECK (deadline_hours IN (24, 72)),
    authority_notified_at timestamptz,
    authority_reference  text,
    delay_reasons        text,
    people_notified_at   timestamptz,
    closed_at            timestamptz,
    reported_by          text        NOT NULL,
    version              integer     NOT NULL DEFAULT 0
);
CREATE INDEX breach_open ON breach (aware_at) WHERE state IN ('REPORTED', 'ASSESSED');

CREATE TABLE breach_event (
    id         uuid        PRIMARY KEY,
    breach_id  uuid        NOT NULL REFERENCES breach (id),
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    by_actor   text        NOT NULL,
    note       text
);
CREATE INDEX breach_event_breach ON breach_event (breach_id, at);

-- Escalations sent per breach and point before the deadline: a point is recorded with its mail in one transaction, so
-- a job that dies halfway and runs again sends each point once.
CREATE TABLE breach_escalation (
    breach_id  uuid        NOT NULL REFERENCES breach (id),
    point      text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (breach_id, point)
);
