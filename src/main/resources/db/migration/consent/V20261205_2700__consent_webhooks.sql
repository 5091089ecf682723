-- Systems that want to hear of every withdrawn consent at once (a newsletter tool, a CRM): a webhook per system, and
-- one delivery row per withdrawal and system, written in the withdrawal's own transaction (an outbox: a withdrawal
-- that commits cannot lose its notices). A sender posts them with an idempotency key and retries with backoff.
CREATE TABLE consent_webhook (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    url         text        NOT NULL,
    purposes    text[],                 -- register rows; NULL: every purpose on consent
    secret      bytea       NOT NULL,   -- signs each delivery (HMAC-SHA256), shown once when the hook is made
    created_at  timestamptz NOT NULL,
    removed_at  timestamptz
);

CREATE TABLE consent_delivery (
    id               uuid        PRIMARY KEY,
    webhook_id       uuid        NOT NULL REFERENCES consent_webhook (id),
    identifier_hash  text        NOT NULL,
    purpose          text        NOT NULL,
    event            text        NOT NULL,
    at               timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('DUE', 'SENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    claimed_at       timestamptz,
    delivered_at     timestamptz,
    last_status      integer,
    last_error       text
);
CREATE INDEX consent_delivery_due ON consent_delivery (next_attempt_at) WHERE status IN ('DUE', 'SENDING');
CREATE INDEX consent_delivery_hook ON consent_delivery (webhook_id, status);
