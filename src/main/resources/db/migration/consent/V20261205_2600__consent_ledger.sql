-- The consent ledger (Art. 7(1) GDPR: the provider can prove each consent). The event table began with the requests
-- module's withdrawals (requests/V20261205_2300); the consent module owns it from here and adds what proof needs:
-- the exact wording shown (stored once, by its SHA-256, with the register version it belongs to), the proof of the
-- event (a form submission id, the truncated IP address) and a pseudonymous visitor id for website visitors.
CREATE TABLE consent_wording (
    sha256            text        PRIMARY KEY,
    wording           text        NOT NULL,
    register_version  integer,
    first_seen_at     timestamptz NOT NULL
);

ALTER TABLE consent_event
    ADD COLUMN wording_sha256   text REFERENCES consent_wording (sha256),
    ADD COLUMN register_version integer,
    ADD COLUMN submission_id    text,
    ADD COLUMN ip_prefix        text,
    ADD COLUMN visitor_id       text;
ALTER TABLE consent_event DROP CONSTRAINT IF EXISTS consent_event_channel_check;
ALTER TABLE consent_event ADD CONSTRAINT consent_event_channel_check
    CHECK (channel IN ('WEBSITE', 'PORTAL', 'APP', 'PAPER', 'PHONE', 'EMAIL', 'API', 'LETTER', 'IN_PERSON'));

-- The key unsubscribe links are signed with (HMAC-SHA256), made once: a link names the person and purpose by hash and
-- proves Waarborg made it, so a newsletter tool can ask for links without writing anything.
CREATE TABLE consent_key (
    id          integer     PRIMARY KEY CHECK (id = 1),
    secret      bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
