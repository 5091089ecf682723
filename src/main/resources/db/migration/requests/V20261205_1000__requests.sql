-- Data-subject requests from receipt to answer. The requester's details are personal data like a subject's:
-- read only through RequestDesk, which audits every read by the request's id.
CREATE TABLE request_reference_counter (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

CREATE TABLE request (
    id                uuid PRIMARY KEY,
    reference         text        NOT NULL UNIQUE,
    state             text        NOT NULL,
    channel           text        NOT NULL,
    -- The moment it reached any channel (for a letter or a call: the start of the postmark's or call's day).
    received_at       timestamptz NOT NULL,
    received_on       date        NOT NULL,
    entered_at        timestamptz NOT NULL,
    rights            text[]      NOT NULL CHECK (cardinality(rights) > 0),
    language          text        NOT NULL CHECK (language IN ('nl', 'en')),
    requester_name    text,
    contact_email     text,
    contact_phone     text,
    postal_address    text,
    description       text,
    identifiers       text[]      NOT NULL DEFAULT '{}',
    register_version  integer,
    assignee          text,
    duplicate_of      uuid REFERENCES request (id),
    extension_months  integer     NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason  text,
    paused_days       integer     NOT NULL DEFAULT 0 CHECK (paused_days >= 0),
    paused_since      date,
    due_on            date        NOT NULL,
    verification      text,
    verified_at       timestamptz,
    outcome           text,
    closed_at         timestamptz,
    version           integer     NOT NULL DEFAULT 0
);

CREATE INDEX request_open_due ON request (due_on) WHERE state IN ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED', 'IN_PROGRESS');
CREATE INDEX request_received ON request (received_on DESC);

CREATE TABLE request_subject (
    request_id uuid NOT NULL REFERENCES request (id),
    subject_id uuid NOT NULL,
    PRIMARY KEY (request_id, subject_id)
);
CREATE INDEX request_subject_subject ON request_subject (subject_id);

-- The request's history: every transition, extension, assignment and note, in order. Never rewritten; deleted only
-- with its request, when the request's own retention period ends.
CREATE TABLE request_event (
    id          bigserial PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES request (id),
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    from_state  text,
    to_state    text,
    actor       text,
    text        text
);
CREATE INDEX request_event_request ON request_event (request_id, id);

CREATE FUNCTION request_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a request''s history is never rewritten';
END
$$;
CREATE TRIGGER request_event_append_only BEFORE UPDATE ON request_event
    FOR EACH ROW EXECUTE FUNCTION request_event_append_only();
