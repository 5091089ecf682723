-- What other systems must honour before they process a person's data, answered from an index by identifier:
-- a restriction (Art. 18), an objection (Art. 21: to processing on legitimate interest, or to direct marketing, which
-- is for good), a withdrawn consent (Art. 7(3)). Identifiers are kept as SHA-256 of "KIND:normalised value": the
-- index answers "is this one blocked?" without being a second copy of everyone's details.
CREATE TABLE processing_block (
    id               uuid        PRIMARY KEY,
    identifier_hash  text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('RESTRICTION', 'OBJECTION', 'MARKETING', 'CONSENT_WITHDRAWN')),
    categories       text[],                 -- register row keys; NULL: all of the person's data
    request_id       uuid        REFERENCES request (id),
    since            timestamptz NOT NULL,
    lift_notice_at   timestamptz,            -- Art. 18(3): the person is told before a restriction is lifted
    lifted_at        timestamptz,
    lifted_by        text
);
CREATE INDEX processing_block_active ON processing_block (identifier_hash) INCLUDE (kind, categories, since)
    WHERE lifted_at IS NULL;
CREATE INDEX processing_block_request ON processing_block (request_id);

-- Consent as a ledger: given and withdrawn events, never overwritten; the current state is the newest event per
-- person and purpose. The consent issue grows this into the full ledger (wording, proof, webhooks).
CREATE TABLE consent_event (
    id               uuid        PRIMARY KEY,
    identifier_hash  text        NOT NULL,
    category         text        NOT NULL,   -- the register row resting on consent
    event            text        NOT NULL CHECK (event IN ('GIVEN', 'WITHDRAWN')),
    at               timestamptz NOT NULL,
    channel          text        NOT NULL,
    request_id       uuid        REFERENCES request (id),
    recorded_by      text        NOT NULL
);
CREATE INDEX consent_event_lookup ON consent_event (identifier_hash, category, at DESC);
