-- Links that open a person's consents in the portal, sent to the address the consents were given under. Only the
-- token's SHA-256 and the identifier's hash are kept: the table names no one, and a leaked row opens nothing.
CREATE TABLE consent_portal_link (
    token_sha256     text        PRIMARY KEY,
    identifier_hash  text        NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX consent_portal_link_recent ON consent_portal_link (identifier_hash, created_at);
